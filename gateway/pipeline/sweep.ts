// Start-up reconciliation: the store is the truth, so every file still 'received' gets its parse job
// (idempotent by job id) — this repairs a crash between the durable commit and the queue add.
import type { JobQueue } from '../queue/port.ts';
import type { Store } from '../store/db.ts';
import { listFileIdsInState } from '../store/files-repo.ts';
import { QUEUES, parseJobId } from './states.ts';

export async function enqueueUnparsed(store: Store, queue: JobQueue): Promise<number> {
  let added = 0;
  for (const id of await listFileIdsInState(store.sql, 'received')) {
    const r = await queue.add(QUEUES.parse, 'parse-file', { fileId: id }, { jobId: parseJobId(id) });
    if (r.added) added++;
  }
  return added;
}
