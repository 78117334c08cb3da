// Claim ids of HTTP uploads, in the folder source's form (26 Crockford base32 characters): the start-up recovery reads
// `<claimId>__<name>` in .processing/, so an upload interrupted by a stop is finished at the next start under its own id.
import { createHash } from 'node:crypto';
import { newId } from '../../core/id.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Without a key: fresh per request. With an Idempotency-Key: derived from the user and the key (SHA-256, 130 bits), so a
 * client retrying after a timeout meets the claim of its first attempt and gets its answer instead of a second import.
 */
export function inboxClaimId(userId: string, idempotencyKey?: string): string {
  if (idempotencyKey === undefined) return newId();
  const h = createHash('sha256').update(`bankgate.inbox/1\n${userId}\n${idempotencyKey}`).digest();
  let id = '';
  for (let i = 0; i < 26; i++) id += ALPHABET[h[i]! & 31];
  return id;
}
