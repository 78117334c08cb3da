// The exact bytes a signature covers: a canonical rendering of the stored document that connectors send as is,
// and the one-line human summary shown beside its SHA-256 ("what you see is what you sign", architecture.md 6).
import { createHash } from 'node:crypto';
import { formatDecimal } from '../gateway/core/model/money.ts';
import type { CanonicalDocument } from '../gateway/core/model/document.ts';
import { canonicalJson } from '../gateway/store/canonical-json.ts';

/** Version tag inside the bytes: a later rendering change cannot make an old signature cover different meaning. */
export const SIGNED_BYTES_FORMAT = 'bankgate.document/1';

export interface SignableDocument {
  id: string;
  document: CanonicalDocument;
}

/** UTF-8 of canonical JSON (sorted keys, NFC strings, amounts as decimal strings of minor units). */
export function signedBytes(d: SignableDocument): Buffer {
  return Buffer.from(canonicalJson({ format: SIGNED_BYTES_FORMAT, id: d.id, document: d.document }), 'utf8');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The payer account the signature rights apply to (null for kinds without one, e.g. letters). */
export function payerAccount(doc: CanonicalDocument): string | null {
  return 'payer' in doc && doc.payer.iban ? doc.payer.iban : null;
}

/** One line a signer reads before entering the PIN: kind, number, date, amount, beneficiary, KNP, purpose. */
export function documentSummary(doc: CanonicalDocument): string {
  const parts = [`${doc.kind} №${doc.number} ${doc.date}`];
  if ('amount' in doc && doc.amount) parts.push(`${formatDecimal(doc.amount.minor, doc.amount.currency)} ${doc.amount.currency}`);
  if ('payer' in doc && doc.payer.iban) parts.push(`from ${doc.payer.iban}`);
  if ('beneficiary' in doc) parts.push(`to ${doc.beneficiary.name ?? ''}${doc.beneficiary.iban ? ` (${doc.beneficiary.iban})` : ''}`);
  if ('knp' in doc && doc.knp) parts.push(`KNP ${doc.knp}`);
  if ('purpose' in doc && doc.purpose) parts.push(`«${doc.purpose.length > 80 ? `${doc.purpose.slice(0, 79)}…` : doc.purpose}»`);
  return parts.join(', ');
}
