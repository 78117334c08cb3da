// The policy again, before a document leaves for the bank: its stored signatures must form exactly one complete set,
// each CMS must verify over the bytes that will be sent, and each certificate must be the key of the user who signed.
import type { ErrorCode } from '../gateway/core/error-codes.ts';
import type { Store } from '../gateway/store/db.ts';
import { getDocument } from '../gateway/store/documents-repo.ts';
import { getKey } from '../gateway/store/keys-repo.ts';
import { signaturesOf } from '../gateway/store/signatures-repo.ts';
import { listEntityEvents } from '../gateway/store/sql/audit-log.ts';
import { getUser } from '../gateway/store/users-repo.ts';
import { verifyDetached } from './cms.ts';
import { checkComplete, ruleFor, type SignatureRole, type SigningPolicy } from './policy.ts';
import { payerAccount, sha256Hex, signedBytes } from './signed-bytes.ts';

export interface SubmissionProblem {
  code: ErrorCode;
  message: string;
  signatureId?: string;
}

export interface SubmissionCheck {
  ok: boolean;
  problems: SubmissionProblem[];
  /** The bytes the connector must send (what the signatures cover). */
  bytes: Buffer | null;
}

export interface SubmissionCheckOptions {
  /**
   * true (default): every CMS is parsed and verified cryptographically (~4 ms each). false, for the send path: each
   * stored container must be byte-identical to the one recorded in the hash-chained audit event when it was made
   * (SHA-256), and that event's certificate must be the bound key's — the bank verifies the signatures again anyway.
   */
  verifyCms?: boolean;
  /** The document and its signatures as the caller just read them (the submit job): not read again. */
  loaded?: { doc: NonNullable<Awaited<ReturnType<typeof getDocument>>>; signatures: Awaited<ReturnType<typeof signaturesOf>> };
}

export async function checkSubmittable(store: Store, policy: SigningPolicy, documentId: string, opts: SubmissionCheckOptions = {}): Promise<SubmissionCheck> {
  const verifyCms = opts.verifyCms ?? true;
  const doc = opts.loaded?.doc ?? (await getDocument(store.sql, documentId));
  if (!doc) return { ok: false, problems: [{ code: 'SIGN_STATE', message: `no document ${documentId}` }], bytes: null };
  const problems: SubmissionProblem[] = [];
  if (doc.state !== 'signed') problems.push({ code: 'SIGN_STATE', message: `the document is '${doc.state}', not 'signed'` });
  const bytes = signedBytes(doc);
  const sha = sha256Hex(bytes);
  const sigs = opts.loaded?.signatures ?? (await signaturesOf(store.sql, documentId));
  const signedEvents = new Map<string, { cmsSha256: string; certFingerprint: string }>();
  if (!verifyCms) {
    for (const e of await listEntityEvents(store.sql, 'document', documentId)) {
      const d = e.data as { signatureId?: string; cmsSha256?: string; certFingerprint?: string };
      if ((e.type === 'document.signed' || e.type === 'document.signed-automatically') && d.signatureId && d.cmsSha256 && d.certFingerprint) signedEvents.set(d.signatureId, { cmsSha256: d.cmsSha256, certFingerprint: d.certFingerprint });
    }
  }
  for (const s of sigs) {
    const at = { signatureId: s.id };
    if (s.signedSha256 !== sha) problems.push({ code: 'SIGN_DOCUMENT_CHANGED', message: `signature ${s.seq} covers ${s.signedSha256.slice(0, 16)}…, the document now renders ${sha.slice(0, 16)}…`, ...at });
    let certFingerprint: string | null = null;
    if (verifyCms) {
      const v = await verifyDetached(s.cms, bytes, { at: new Date(s.signingTime) });
      for (const e of v.errors) problems.push({ code: e.code, message: `signature ${s.seq}: ${e.message}`, ...at });
      certFingerprint = v.certificate?.fingerprint ?? null;
    } else {
      const made = signedEvents.get(s.id);
      if (!made || made.cmsSha256 !== sha256Hex(s.cms)) problems.push({ code: 'SIGN_SIGNATURE_INVALID', message: `signature ${s.seq}: the stored container is not the one recorded when it was made`, ...at });
      certFingerprint = made?.certFingerprint ?? null;
    }
    const key = await getKey(store.sql, s.keyId);
    const user = (await getUser(store.sql, s.userId));
    if (!key || !certFingerprint || key.fingerprint !== certFingerprint) problems.push({ code: 'SIGN_KEY_NOT_BOUND', message: `signature ${s.seq}: its certificate is not the recorded key ${s.keyId}`, ...at });
    else if (!s.automatic && key.userId !== s.userId) problems.push({ code: 'SIGN_KEY_NOT_BOUND', message: `signature ${s.seq}: key ${s.keyId} is no longer bound to the user who signed`, ...at });
    if (!user) problems.push({ code: 'SIGN_KEY_NOT_BOUND', message: `signature ${s.seq}: the signing user no longer exists`, ...at });
  }
  const account = payerAccount(doc.document) ?? '*';
  const rule = ruleFor(policy, { account, kind: doc.kind, amountMinor: doc.amount?.minor ?? null, currency: doc.amount?.currency ?? null });
  const set = checkComplete(rule, sigs.map((s) => ({ userId: s.userId, role: s.role as SignatureRole })));
  if (!set.ok && 'code' in set) problems.push({ code: set.code, message: set.message });
  return { ok: problems.length === 0, problems, bytes };
}
