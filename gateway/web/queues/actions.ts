// Retry and discard of dead jobs (administrators): the job changes, and the audit chain records who did it to which
// job — on the document's or file's own timeline when the job is about one.
import type { Store } from '../../store/db.ts';
import type { EntityType } from '../../store/schema.ts';
import { appendEvent } from '../../store/sql/audit-log.ts';
import type { JobQueue } from '../../queue/port.ts';
import { describeJob, type JobView } from './view.ts';

export type DeadJobAction = 'retry' | 'discard';
export type ActionResult = { ok: true; job: JobView } | { ok: false; reason: 'not-found' | 'not-dead' };

function entityOf(v: JobView): { entityType: EntityType; entityId: string } {
  if (v.subject.kind === 'document') return { entityType: 'document', entityId: v.subject.documentId };
  if (v.subject.kind === 'file') return { entityType: 'file', entityId: v.subject.fileId };
  return { entityType: 'system', entityId: `queue:${v.queue}` };
}

export async function actOnDeadJob(store: Store, queue: JobQueue, action: DeadJobAction, name: string, id: string, actor: string): Promise<ActionResult> {
  const rec = await queue.getJob(name, id);
  if (!rec) return { ok: false, reason: 'not-found' };
  const view = await describeJob(store, rec);
  if (rec.state !== 'dead') return { ok: false, reason: 'not-dead' };
  const done = action === 'retry' ? await queue.retryDead(name, id) : await queue.discardDead(name, id);
  // Someone else retried or discarded it between the look and the act.
  if (!done) return { ok: false, reason: 'not-dead' };
  await appendEvent(store.sql, {
    ...entityOf(view),
    type: action === 'retry' ? 'queue.retried' : 'queue.discarded',
    actor,
    data: { queue: name, jobId: id, jobName: rec.name, attempts: rec.attempt, lastError: rec.lastError?.slice(0, 500) ?? null },
  });
  return { ok: true, job: view };
}
