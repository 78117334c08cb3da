// Claim ids of handed-over files (HTTP uploads, inbox queue jobs), in the folder source's form (26 Crockford base32
// characters): the start-up recovery reads `<claimId>__<name>` in .processing/, so a hand-over interrupted by a stop is
// finished at the next start under its own id, and a retry of the same hand-over meets that claim (receive.ts).
import { createHash } from 'node:crypto';
import { newId } from '../core/id.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 characters of SHA-256 (130 bits) over a versioned text: collisions are out of reach. */
function derived(text: string): string {
  const h = createHash('sha256').update(text).digest();
  let id = '';
  for (let i = 0; i < 26; i++) id += ALPHABET[h[i]! & 31];
  return id;
}

/**
 * Without a key: fresh per request. With an Idempotency-Key: derived from the user and the key (SHA-256, 130 bits), so a
 * client retrying after a timeout meets the claim of its first attempt and gets its answer instead of a second import.
 */
export function inboxClaimId(userId: string, idempotencyKey?: string): string {
  if (idempotencyKey === undefined) return newId();
  return derived(`bankgate.inbox/1\n${userId}\n${idempotencyKey}`);
}

/**
 * A job of the inbox queue: derived from the queue, the job id and the job's creation time. A redelivery (a crash, a
 * lost lock, a retry, an operator's "retry" of a dead job) keeps all three, so it meets the first run's claim. The
 * creation time keeps a reused id apart: BullMQ's own ids restart at 1 when Redis is emptied, and a producer may add a
 * custom id again once the old job was removed — such a job is a new hand-over (its bytes, if the same, are still refused
 * as a duplicate by intake).
 */
export function queueClaimId(queue: string, jobId: string, createdAt: number): string {
  return derived(`bankgate.inbox-queue/1\n${queue}\n${jobId}\n${createdAt}`);
}
