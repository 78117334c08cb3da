// Replies owed to senders of the inbox queue (table inbox_replies): recorded when a file is taken, marked when the
// reply is on the reply queue. What is still owed is what the reconciler asks for again after Redis lost it.
import type { Lang } from '../core/error-report.ts';
import type { Store } from './db.ts';
import { preparedOnce } from './prepared.ts';

export interface OwedReply {
  fileId: string;
  inboxJobId: string;
  queue: string;
  replyTo: string | null;
  lang: Lang;
}

/** Idempotent: a redelivered inbox job records nothing new. */
export function recordOwedReply(store: Store, r: OwedReply): void {
  preparedOnce(store, 'inboxReplies.insert', (s) => s.sqlite.prepare('INSERT INTO inbox_replies (file_id, inbox_job_id, queue, reply_to, lang, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (file_id) DO NOTHING')).run(
    r.fileId,
    r.inboxJobId,
    r.queue,
    r.replyTo,
    r.lang,
    store.clock.now(),
  );
}

export function markReplied(store: Store, fileId: string): void {
  preparedOnce(store, 'inboxReplies.replied', (s) => s.sqlite.prepare('UPDATE inbox_replies SET replied_at = ? WHERE file_id = ? AND replied_at IS NULL')).run(store.clock.now(), fileId);
}

/** Replies not yet sent, oldest first. */
export function owedReplies(store: Store, limit = 1000): OwedReply[] {
  return preparedOnce(store, 'inboxReplies.owed', (s) => s.sqlite.prepare('SELECT file_id AS fileId, inbox_job_id AS inboxJobId, queue, reply_to AS replyTo, lang FROM inbox_replies WHERE replied_at IS NULL ORDER BY created_at LIMIT ?')).all(limit) as OwedReply[];
}
