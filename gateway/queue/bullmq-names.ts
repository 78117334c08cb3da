// Our queue names and job ids as BullMQ accepts them: it refuses ':' in both (it separates Redis key parts) and job ids
// that look like integers (they collide with its own counter ids). Encoded reversibly, so the port sees its own names.
// Also the names of what we store on BullMQ's jobs beside its own fields.

/** Back-off type stored on each job: `bankgate:<maxBackoffMs>`; bullmq-worker.ts computes the delay from it. */
export const BACKOFF_TYPE = 'bankgate';
/** Our copy of the last error in the job's hash: BullMQ clears failedReason when a failed job is retried. */
export const LAST_ERROR_FIELD = 'bgLastError';

/** '%' and ':' as %25 and %3A: 'sign:KEY' → 'sign%3AKEY'. */
export function encodeQueueName(name: string): string {
  return name.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
}

export function decodeQueueName(encoded: string): string {
  return encoded.replace(/%3A|%25/g, (e) => (e === '%25' ? '%' : ':'));
}

/** As encodeQueueName, and an all-digit id gets a leading '#' ('#' itself is escaped, so the mark is unambiguous). */
export function encodeJobId(id: string): string {
  const e = id.replace(/[%:#]/g, (c) => (c === '%' ? '%25' : c === ':' ? '%3A' : '%23'));
  return /^\d+$/.test(e) ? `#${e}` : e;
}

export function decodeJobId(encoded: string): string {
  const e = encoded.startsWith('#') ? encoded.slice(1) : encoded;
  return e.replace(/%3A|%25|%23/g, (x) => (x === '%25' ? '%' : x === '%3A' ? ':' : '#'));
}

/**
 * Attempts of a BullMQ job. BullMQ stores `attempts: 0` on a job added without the option (Job's defaults) and runs it
 * once; jobs of other systems (the inbox queue) come that way, so 0 — or no value — is one attempt, as in BullMQ.
 */
export function maxAttemptsOf(opts: { attempts?: number | undefined }): number {
  return Math.max(1, opts.attempts ?? 1);
}
