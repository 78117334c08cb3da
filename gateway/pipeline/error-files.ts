// Puts an invalid file (parsed with errors) into its mailbox's error/ folder: a copy of its bytes with the
// `.err` / `.err.json` reports, using the folder source's atomic writers so error/ looks the same either way.
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Issue } from '../core/issue.ts';
import { writeErrSideCars, writeFileAtomic } from '../../plugins/source-folder/index.ts';

export interface ErrorReportInput {
  root: string;
  name: string;
  fileId: string;
  sha256: string;
  mailbox: string;
  issues: Issue[];
  /** The file's bytes (from the blob store). */
  bytes(): AsyncIterable<Uint8Array>;
}

/** Windows sharing violations on the rename are retried as the source does (bounded). */
const MOVE = { retries: 10, retryMs: 50 };

async function exists(p: string): Promise<boolean> {
  return access(p).then(() => true, () => false);
}

/** True when the report at `target` is this file's own (a re-run of the same parse job). */
async function ownedBy(target: string, fileId: string): Promise<boolean> {
  return readFile(`${target}.err.json`, 'utf8').then((t) => t.includes(fileId), () => false);
}

/** Returns the path of the copy written to error/. Re-running for the same file id rewrites the same names. */
export async function writeErrorReport(input: ErrorReportInput): Promise<string> {
  const dir = path.join(input.root, 'error');
  await mkdir(dir, { recursive: true });
  const ext = path.extname(input.name);
  // A different earlier file may own the plain name: then the file id keeps the names apart.
  let target = path.join(dir, input.name);
  if ((await exists(target)) && !(await ownedBy(target, input.fileId))) {
    target = path.join(dir, `${path.basename(input.name, ext)}.${input.fileId}${ext}`);
  }
  const meta = { file: input.name, mailbox: input.mailbox, sha256: input.sha256, fileId: input.fileId, at: new Date().toISOString() };
  await writeErrSideCars(target, input.issues, meta, input.fileId, MOVE);
  await writeFileAtomic(target, input.bytes(), input.fileId, MOVE);
  return target;
}
