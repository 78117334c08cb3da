// Final placement of a claimed file once the host has answered: archive/YYYY-MM-DD/ or error/ with side-cars.
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import type { ClaimedFile } from '../../gateway/core/plugin.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { archiveDayDir, suffixedName, type FolderLayout } from './layout.ts';
import { errnoCode, moveWithRetry, type MoveOptions } from './move.ts';
import { writeErrSideCars } from './err-files.ts';

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw e;
  }
}

/** The plain name when free, else `<base>.<claimId><ext>`: an earlier file of the same name is never overwritten. */
async function freeName(dir: string, file: ClaimedFile): Promise<string> {
  return (await exists(path.join(dir, file.name))) ? suffixedName(file.name, file.claimId) : file.name;
}

/** Returns the archived path. */
export async function archiveClaimed(layout: FolderLayout, file: ClaimedFile, now: Date, move: MoveOptions): Promise<string> {
  const dir = archiveDayDir(layout, now);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, await freeName(dir, file));
  await moveWithRetry(file.path, target, move);
  return target;
}

export interface ErrorPlacement {
  issues: readonly Issue[];
  at: Date;
  /** Hash the file for the report when it is at most this big (an oversized file is not read). */
  hashUpTo: number;
}

/** Side-cars first, then the file: error/<name> never appears without its explanation. Returns the file's path. */
export async function errorClaimed(layout: FolderLayout, file: ClaimedFile, p: ErrorPlacement, move: MoveOptions): Promise<string> {
  await mkdir(layout.error, { recursive: true });
  // Only the data file decides a clash: side-cars without their file are leftovers of an interrupted earlier move.
  const target = path.join(layout.error, await freeName(layout.error, file));
  const sha256 = file.size <= p.hashUpTo ? await sha256Of(file.path).catch(() => undefined) : undefined;
  const meta = { file: file.name, mailbox: file.mailbox, at: p.at.toISOString(), ...(sha256 ? { sha256 } : {}) };
  await writeErrSideCars(target, p.issues, meta, file.claimId, move);
  await moveWithRetry(file.path, target, move);
  return target;
}

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
