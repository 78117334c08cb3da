// Rename with bounded retry: Windows sharing violations (antivirus, indexer, backup agent) are transient.
import path from 'node:path';
import { rename as fsRename, copyFile, unlink, open } from 'node:fs/promises';
import { sleep } from './sleep.ts';

export type RenameFn = (from: string, to: string) => Promise<void>;

export interface MoveOptions {
  /** Total attempts (first try included). Default 10. */
  retries?: number;
  /** First wait; doubles each time up to `maxDelayMs`. Default 50. */
  retryMs?: number;
  /** Default 1000. */
  maxDelayMs?: number;
  /** Injectable for tests; defaults to fs.promises.rename. */
  rename?: RenameFn;
  /** Aborting gives up at the next wait (the source stays where it is). */
  signal?: AbortSignal;
  onRetry?: (err: NodeJS.ErrnoException, attempt: number, delayMs: number) => void;
}

/** Error codes a held handle causes on Windows; everything else (ENOENT, EEXIST, ENOSPC…) is not retried. */
export const TRANSIENT_RENAME_CODES: ReadonlySet<string> = new Set(['EPERM', 'EBUSY', 'EACCES']);

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/**
 * Moves `from` to `to`, retrying transient failures with back-off; throws the last error after the bound,
 * with `from` untouched. Note rename replaces an existing `to`: callers pick free names.
 */
export async function moveWithRetry(from: string, to: string, opts: MoveOptions = {}): Promise<void> {
  const retries = Math.max(1, opts.retries ?? 10);
  const maxDelay = opts.maxDelayMs ?? 1000;
  const rename = opts.rename ?? fsRename;
  let delay = opts.retryMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EXDEV') return copyAcross(from, to);
      if (!code || !TRANSIENT_RENAME_CODES.has(code) || attempt >= retries || opts.signal?.aborted) throw e;
      opts.onRetry?.(e as NodeJS.ErrnoException, attempt, delay);
      await sleep(delay, opts.signal);
      if (opts.signal?.aborted) throw e;
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

/** Different volumes: copy to a temp name beside the target, flush, rename into place, only then unlink the source. */
async function copyAcross(from: string, to: string): Promise<void> {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.copy.tmp`);
  await copyFile(from, tmp);
  const fh = await open(tmp, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsRename(tmp, to);
  await unlink(from);
}
