// Reads a mailbox's folders on disk: bounded file counts per folder and the files still waiting in in/ and
// in/.processing. A missing or unreachable folder (a share that is down) is reported, never thrown.
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { folderLayout, parseProcessingName } from '../../../plugins/source-folder/index.ts';

export const FOLDERS = ['in', 'processing', 'out', 'archive', 'error'] as const;
export type FolderName = (typeof FOLDERS)[number];

export interface FolderCount {
  folder: FolderName;
  /** Relative to the mailbox root: 'in/.processing' for claimed files. */
  path: string;
  files: number;
  /** More files than were counted (archive/ after years of work). */
  capped: boolean;
  /** The folder could not be read; the error code (ENOENT, EACCES, …). */
  error: string | null;
}

export interface WaitingFile {
  name: string;
  size: number;
  modifiedAt: number;
  /** In in/.processing: taken by the gateway, its answer not given yet. */
  claimed: boolean;
}

/** Entries looked at per folder: a count stays quick on a share with years of archive. */
export const COUNT_CAP = 10_000;

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? 'EIO';

/** Regular files in `dir` (recursively unless `flat`), at most COUNT_CAP entries visited. */
async function countFiles(dir: string, flat: boolean): Promise<{ files: number; capped: boolean }> {
  let files = 0;
  let visited = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for await (const e of await opendir(d)) {
      if (++visited > COUNT_CAP) return { files, capped: true };
      if (e.isFile()) files++;
      else if (e.isDirectory() && !flat) stack.push(path.join(d, e.name));
    }
  }
  return { files, capped: false };
}

export async function folderCounts(root: string): Promise<FolderCount[]> {
  const l = folderLayout(root);
  const dirs: Record<FolderName, { dir: string; flat: boolean }> = {
    in: { dir: l.in, flat: true },
    processing: { dir: l.processing, flat: true },
    out: { dir: l.out, flat: false },
    archive: { dir: l.archive, flat: false },
    error: { dir: l.error, flat: true },
  };
  return Promise.all(
    FOLDERS.map(async (folder) => {
      const rel = path.relative(l.root, dirs[folder].dir).split(path.sep).join('/');
      try {
        return { folder, path: rel, ...(await countFiles(dirs[folder].dir, dirs[folder].flat)), error: null };
      } catch (e) {
        return { folder, path: rel, files: 0, capped: false, error: errno(e) };
      }
    }),
  );
}

/** Files in in/ not yet taken, then the claimed ones in in/.processing (their original names), oldest first. */
export async function waitingFiles(root: string, limit = 50): Promise<{ items: WaitingFile[]; more: boolean }> {
  const l = folderLayout(root);
  const items: WaitingFile[] = [];
  let more = false;
  for (const [dir, claimed] of [[l.in, false], [l.processing, true]] as const) {
    let handle;
    try {
      handle = await opendir(dir);
    } catch {
      continue;
    }
    for await (const e of handle) {
      if (!e.isFile()) continue;
      if (items.length >= limit) {
        more = true;
        break;
      }
      const s = await stat(path.join(dir, e.name)).catch(() => null);
      if (!s) continue;
      items.push({ name: claimed ? (parseProcessingName(e.name)?.name ?? e.name) : e.name, size: s.size, modifiedAt: s.mtimeMs, claimed });
    }
  }
  items.sort((a, b) => Number(a.claimed) - Number(b.claimed) || a.modifiedAt - b.modifiedAt);
  return { items, more };
}
