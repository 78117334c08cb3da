// Writes a copy of a rejected or invalid file into its mailbox's error/ folder with `.err` and `.err.json`
// reports, each through a temporary name and a rename, so a reader never sees a half-written report.
import { mkdir, open, rename, access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderErrJson, renderErrText } from '../core/error-report.ts';
import type { Issue } from '../core/issue.ts';

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

async function exists(p: string): Promise<boolean> {
  return access(p).then(() => true, () => false);
}

async function ownedBy(target: string, fileId: string): Promise<boolean> {
  return readFile(`${target}.err.json`, 'utf8').then((t) => t.includes(fileId), () => false);
}

async function writeAtomic(target: string, data: string | AsyncIterable<Uint8Array>): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    if (typeof data === 'string') await fh.writeFile(data, 'utf8');
    else for await (const chunk of data) await fh.write(chunk);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
}

/** Returns the path of the copy written to error/. Re-running for the same file id overwrites the same names. */
export async function writeErrorReport(input: ErrorReportInput): Promise<string> {
  const dir = path.join(input.root, 'error');
  await mkdir(dir, { recursive: true });
  const ext = path.extname(input.name);
  const base = path.basename(input.name, ext);
  // A different earlier file may own the plain name: then the file id keeps the names apart.
  let target = path.join(dir, input.name);
  if ((await exists(target)) && !(await ownedBy(target, input.fileId))) {
    target = path.join(dir, `${base}.${input.fileId}${ext}`);
  }
  const meta = { file: input.name, mailbox: input.mailbox, sha256: input.sha256, fileId: input.fileId, at: new Date().toISOString() };
  await writeAtomic(`${target}.err`, renderErrText(input.issues));
  await writeAtomic(`${target}.err.json`, renderErrJson(meta, input.issues));
  await writeAtomic(target, input.bytes());
  return target;
}
