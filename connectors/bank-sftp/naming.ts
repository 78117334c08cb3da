// File names on the bank's server, all derived from the idempotency key: the same key always names the same files and
// the same pain.001 MsgId, so a repeated submit finds its first upload instead of making a second payment.
import { createHash } from 'node:crypto';

/** Files written under these names are never read by the bank: temporary names while bytes are in flight. */
export const TEMP_PREFIX = '.';
export const TEMP_SUFFIX = '.part';

export interface SubmissionNames {
  /** pain.001 GrpHdr/MsgId and the bank id of the document (≤ 35 characters, ISO Max35Text). */
  messageId: string;
  /** The pain.001; it appears last, by rename, and its presence means the whole set is there. */
  xml: string;
  /** Exactly the bytes the signatures cover (what signingPayload returned: bankgate.document/1). */
  payload: string;
  /** Detached CMS over `payload`, in signing order: `<base>.payload.1.p7s`, `<base>.payload.2.p7s`. */
  signatures: (count: number) => string[];
}

/** 'BG' + 32 hex digits of SHA-256(key): 128 bits, file-system and MsgId safe whatever characters the key holds. */
export function messageIdFor(idempotencyKey: string): string {
  return `BG${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32).toUpperCase()}`;
}

export function namesFor(idempotencyKey: string): SubmissionNames {
  const base = messageIdFor(idempotencyKey);
  return {
    messageId: base,
    xml: `${base}.xml`,
    payload: `${base}.payload`,
    signatures: (count) => Array.from({ length: count }, (_, i) => `${base}.payload.${i + 1}.p7s`),
  };
}

export const tempName = (finalName: string): string => `${TEMP_PREFIX}${finalName}${TEMP_SUFFIX}`;

/** Names a reader of a shared folder skips: hidden files and files still being written (ours and the bank's). */
export function isInFlightName(name: string): boolean {
  return name.startsWith('.') || /\.(part|tmp|filepart)$/i.test(name);
}

export const remotePath = (dir: string, name: string): string => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);
