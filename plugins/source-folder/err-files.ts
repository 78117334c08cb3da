// Writes the `.err` / `.err.json` side-cars next to a file in error/, each via a temp name + rename.
import path from 'node:path';
import { open, unlink } from 'node:fs/promises';
import { renderErrJson, renderErrText, type ErrorReportMeta } from '../../gateway/core/error-report.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { moveWithRetry, type MoveOptions } from './move.ts';

/** Flushed before the rename so a crash never leaves a report under its final name with missing bytes. */
export async function writeFileAtomic(target: string, data: string | AsyncIterable<Uint8Array>, tag: string, move: MoveOptions): Promise<void> {
  // Dot-prefixed: hidden from people browsing error/ if a crash leaves it behind.
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${tag}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    if (typeof data === 'string') await fh.writeFile(data, 'utf8');
    else for await (const chunk of data) await fh.write(chunk);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await moveWithRetry(tmp, target, move);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** `<target>.err` and `<target>.err.json`, where target is the file's final path in error/. */
export async function writeErrSideCars(target: string, issues: readonly Issue[], meta: ErrorReportMeta, tag: string, move: MoveOptions): Promise<void> {
  await writeFileAtomic(`${target}.err`, renderErrText(issues), tag, move);
  await writeFileAtomic(`${target}.err.json`, renderErrJson(meta, issues), tag, move);
}
