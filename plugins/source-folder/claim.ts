// Claiming: an atomic same-volume rename of in/<name> into .processing/<claimId>__<name>.
import path from 'node:path';
import { mkdir, stat } from 'node:fs/promises';
import type { ClaimedFile } from '../../gateway/core/plugin.ts';
import { newId } from '../../gateway/core/id.ts';
import { processingName, type FolderLayout } from './layout.ts';
import { errnoCode, moveWithRetry, type MoveOptions } from './move.ts';

/**
 * Returns the claimed file, or null when the source vanished (someone else took it: nothing to do).
 * Throws when the rename kept failing; the file is then still in in/ under its own name.
 */
export async function claimFile(layout: FolderLayout, mailbox: string, name: string, move: MoveOptions): Promise<ClaimedFile | null> {
  // Generated at the moment of the claim so ids sort in claim order.
  const claimId = newId();
  const to = path.join(layout.processing, processingName(claimId, name));
  const from = path.join(layout.in, name);
  try {
    await moveWithRetry(from, to, move);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
    // ENOENT is also what a missing .processing/ gives (deleted by hand, share remounted): recreate it once.
    if (!(await stat(from).then(() => true, () => false))) return null;
    await mkdir(layout.processing, { recursive: true });
    try {
      await moveWithRetry(from, to, move);
    } catch (e2) {
      if (errnoCode(e2) === 'ENOENT') return null;
      throw e2;
    }
  }
  return describeClaim(mailbox, name, claimId, to);
}

/** Size and mtime are read after the rename: that is the file the host will read. */
export async function describeClaim(mailbox: string, name: string, claimId: string, filePath: string): Promise<ClaimedFile | null> {
  try {
    const st = await stat(filePath);
    return { mailbox, name, claimId, path: filePath, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw e;
  }
}
