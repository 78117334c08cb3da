// Start-up recovery: files left in .processing/ by a crash are claimed already and go first, in claim order.
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import type { ClaimedFile } from '../../gateway/core/plugin.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import { newId } from '../../gateway/core/id.ts';
import { parseProcessingName, processingName, type FolderLayout } from './layout.ts';
import { describeClaim } from './claim.ts';
import { moveWithRetry, type MoveOptions } from './move.ts';

export async function recoverProcessing(layout: FolderLayout, mailbox: string, move: MoveOptions, log: Logger): Promise<ClaimedFile[]> {
  const entries = (await readdir(layout.processing, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
  // claimIds are time-sortable, so name order is claim order.
  entries.sort();
  const ours: ClaimedFile[] = [];
  const foreign: ClaimedFile[] = [];
  for (const fileName of entries) {
    const parsed = parseProcessingName(fileName);
    if (parsed) {
      // Same claimId as before the crash: the host recognises a claim it already recorded.
      try {
        const f = await describeClaim(mailbox, parsed.name, parsed.claimId, path.join(layout.processing, fileName));
        if (f) ours.push(f);
      } catch (e) {
        // One unreadable entry must not stop the mailbox; it stays put for the next start.
        log.error({ err: e, file: fileName }, 'cannot stat a claimed file in .processing/; left in place');
      }
      continue;
    }
    // Not named by us (copied in by hand, or an older layout): give it a claim, in its name, so the next restart agrees.
    const claimId = newId();
    const to = path.join(layout.processing, processingName(claimId, fileName));
    try {
      await moveWithRetry(path.join(layout.processing, fileName), to, move);
    } catch (e) {
      log.error({ err: e, file: fileName }, 'cannot claim a file found in .processing/; left in place until the next start');
      continue;
    }
    const f = await describeClaim(mailbox, fileName, claimId, to).catch((e) => {
      log.error({ err: e, file: fileName }, 'cannot stat a claimed file in .processing/; left in place');
      return null;
    });
    if (f) foreign.push(f);
  }
  if (ours.length + foreign.length > 0) log.info({ recovered: ours.length, adopted: foreign.length }, 'files found in .processing/ will be redelivered');
  return [...ours, ...foreign];
}
