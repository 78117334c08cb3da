// Replies owed to senders of the inbox queue (table inbox_replies): recorded when a file is taken, marked when the
// reply is on the reply queue. What is still owed is what the reconciler asks for again after Redis lost it.
import type { Lang } from '../core/error-report.ts';
import type { Db } from './sql/executor.ts';

export interface OwedReply {
  fileId: string;
  inboxJobId: string;
  queue: string;
  replyTo: string | null;
  lang: Lang;
}

/** Idempotent: a redelivered inbox job records nothing new. */
export async function recordOwedReply(db: Db, r: OwedReply): Promise<void> {
  await db.run('INSERT INTO inbox_replies (file_id, inbox_job_id, queue, reply_to, lang, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (file_id) DO NOTHING', [
    r.fileId,
    r.inboxJobId,
    r.queue,
    r.replyTo,
    r.lang,
    db.clock.now(),
  ]);
}

export async function markReplied(db: Db, fileId: string): Promise<void> {
  await db.run('UPDATE inbox_replies SET replied_at = $1 WHERE file_id = $2 AND replied_at IS NULL', [db.clock.now(), fileId]);
}

/** Replies not yet sent, oldest first. */
export function owedReplies(db: Db, limit = 1000): Promise<OwedReply[]> {
  return db.all<OwedReply & Record<string, unknown>>('SELECT file_id AS "fileId", inbox_job_id AS "inboxJobId", queue, reply_to AS "replyTo", lang FROM inbox_replies WHERE replied_at IS NULL ORDER BY created_at LIMIT $1', [limit]);
}
