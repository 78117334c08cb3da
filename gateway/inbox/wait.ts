// Waits, bounded, for a received file's parse job to finish: the store is the truth, so it is read until the file
// leaves 'received' (parsed or invalid), the time is up, or the waiter gave up (client gone, worker closing).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../store/db.ts';
import { getFile, type FileRow } from '../store/files-repo.ts';

/** First look after 10 ms, then doubling to 200 ms: a small file parses in milliseconds, a large one in seconds. */
export async function waitForParse(store: Store, fileId: string, waitMs: number, signal?: AbortSignal): Promise<FileRow> {
  const deadline = Date.now() + waitMs;
  let delay = 10;
  for (;;) {
    const row = await getFile(store.sql, fileId);
    if (!row) throw new Error(`file ${fileId} vanished from the store`);
    const left = deadline - Date.now();
    if (row.state !== 'received' || left <= 0 || signal?.aborted) return row;
    await sleep(Math.min(delay, left), undefined, { signal }).catch(() => undefined);
    delay = Math.min(delay * 2, 200);
  }
}
