// The inbox queue's answer to its sender: one job on the reply queue per inbox job, carrying the result report the HTTP
// inbox answers with (rebuilt from the store, the content of out/<name>.result.json). Its job id is the inbox job's, so
// a redelivered inbox job (or a second wait for the same parse) never replies twice: the port adds an existing id once.
import { ERROR_CODES, type ErrorCode } from '../core/error-codes.ts';
import { issueMessage, type Lang } from '../core/error-report.ts';
import { fileOutcome, type FileOutcome, type StoredFileResult } from '../pipeline/stored-result.ts';
import type { JobQueue } from '../queue/port.ts';
import type { Store } from '../store/db.ts';
import type { FileRow } from '../store/files-repo.ts';

export interface InboxReply {
  /** The sender's correlation id from the job, or null. */
  reply_to: string | null;
  inbox_job_id: string;
  /** Null when the job was refused before a file was recorded. */
  file_id: string | null;
  /**
   * parsed: read and validated (documents may still be invalid one by one, see report); invalid: the file's structure
   * is broken, nothing kept; rejected: refused at intake (duplicate, empty, unknown format), kept in error/; failed: the
   * job was refused or could not be taken (error says why; nothing was imported).
   */
  state: 'parsed' | 'invalid' | 'rejected' | 'failed';
  /** True when the file's documents were stored (each may still be invalid: report.documents[].valid). */
  accepted: boolean;
  /** The result report: out/<name>.result.json as the HTTP inbox returns it (encoding null). */
  report: StoredFileResult | null;
  /** The stored documents' ids and states, to follow in the API. */
  documents: FileOutcome['documents'];
  /** Why a job failed or a file was rejected: the first error's code and message in the job's language. */
  error: { code: string; message: string } | null;
}

/**
 * Reply job ids: a result under the inbox job's id; a refusal under its own, so that a dead job an operator retries later
 * can still send its result. BullMQ takes custom ids with no ':' or exactly two (Job.validateOptions), so `<id>:failed`,
 * with one or three, is never another inbox job's id.
 */
export const replyJobId = (inboxJobId: string) => inboxJobId;
export const failureReplyJobId = (inboxJobId: string) => `${inboxJobId}:failed`;

/** The reply for a file past its parse (or refused at intake). */
export async function resultReply(store: Store, row: FileRow, o: { inboxJobId: string; replyTo: string | null; lang: Lang }): Promise<InboxReply> {
  const { report, documents } = await fileOutcome(store, row, o.lang);
  const state = row.state === 'parsed' || row.state === 'invalid' || row.state === 'rejected' ? row.state : 'failed';
  const first = row.state === 'parsed' ? undefined : (row.issues.find((i) => i.severity === 'error') ?? row.issues[0]);
  return {
    reply_to: o.replyTo,
    inbox_job_id: o.inboxJobId,
    file_id: row.id,
    state,
    accepted: report?.accepted ?? false,
    report,
    documents,
    error: first ? { code: first.code, message: issueMessage(first, o.lang) } : null,
  };
}

/** The reply for a job refused, or given up, before a file was recorded. */
export function failureReply(o: { inboxJobId: string; replyTo: string | null; lang: Lang; code: ErrorCode; detail: string }): InboxReply {
  return {
    reply_to: o.replyTo,
    inbox_job_id: o.inboxJobId,
    file_id: null,
    state: 'failed',
    accepted: false,
    report: null,
    documents: [],
    error: { code: o.code, message: `${ERROR_CODES[o.code][o.lang]}: ${o.detail}` },
  };
}

/**
 * Adds the reply (once per job id). One attempt: the reply is the sender's to process, and a plain BullMQ worker there
 * does not know the port's back-off type, which only a retry would look up.
 */
export async function sendReply(queue: JobQueue, replyQueue: string, jobId: string, reply: InboxReply): Promise<boolean> {
  const r = await queue.add(replyQueue, 'inbox-reply', reply, { jobId, attempts: 1 });
  return r.added;
}
