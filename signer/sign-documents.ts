// Adds signatures to stored documents: shows what will be signed (summary + SHA-256), checks the policy, builds the
// CMS with the key session, and stores signature + state change + audit event atomically, per document.
import type { Clock } from '../gateway/core/clock.ts';
import type { ErrorCode } from '../gateway/core/error-codes.ts';
import { isGatewayError } from '../gateway/core/errors.ts';
import { newId } from '../gateway/core/id.ts';
import type { Store } from '../gateway/store/db.ts';
import { getDocument } from '../gateway/store/documents-repo.ts';
import { fromJson } from '../gateway/core/model/json.ts';
import type { CanonicalDocument } from '../gateway/core/model/document.ts';
import type { KeyRow } from '../gateway/store/keys-repo.ts';
import { documentForSigning, documentNow, insertSignature, signatureBriefs, type SigningDocumentRow } from '../gateway/store/signatures-repo.ts';
import { appendEventTx } from '../gateway/store/sql/audit-log.ts';
import type { Db } from '../gateway/store/sql/executor.ts';
import { rightOn, rightsOf, type UserRow } from '../gateway/store/users-repo.ts';
import { parseCertificate } from './certificate.ts';
import { signDetached } from './cms.ts';
import { decideSignature, ruleFor, type SignatureRole, type SigningPolicy } from './policy.ts';
import type { KeySession } from './provider.ts';
import { documentSummary, payerAccount, sha256Hex, signedBytes } from './signed-bytes.ts';

export interface SigningRequestItem {
  documentId: string;
  /** SHA-256 (hex) of the signed bytes as shown to the signer. */
  sha256: string;
}

export interface ShownDocument extends SigningRequestItem {
  summary: string;
  state: string;
}

/** Renders what a signer is about to sign: summary and hash of the exact bytes. Unknown ids are left out. */
export async function showForSigning(store: Store, documentIds: readonly string[]): Promise<ShownDocument[]> {
  const out: ShownDocument[] = [];
  for (const id of documentIds) {
    const d = (await getDocument(store.sql, id));
    if (!d) continue;
    out.push({ documentId: id, sha256: sha256Hex(signedBytes(d)), summary: documentSummary(d.document), state: d.state });
  }
  return out;
}

/** Records that these documents were shown to a signer with these hashes (the first link of the signing chain). */
export async function recordSigningRequest(db: Db, items: readonly SigningRequestItem[], who: { login: string; keyId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    for (const it of items) await appendEventTx(tx, { entityType: 'document', entityId: it.documentId, type: 'document.sign-requested', actor: who.login, data: { keyId: who.keyId, signedSha256: it.sha256 } });
  });
}

export type SignOutcome =
  | { documentId: string; ok: true; role: SignatureRole; state: 'partially-signed' | 'signed'; signatureId: string; already?: boolean }
  | { documentId: string; ok: false; code: ErrorCode; message: string };

export interface SignBatchInput {
  user: UserRow;
  key: KeyRow;
  session: Pick<KeySession, 'key' | 'sign'>;
  items: readonly SigningRequestItem[];
  automatic?: boolean;
  /** The job ran before (redelivered after a crash or a token failure): this user's matching signature counts as done. */
  redelivered?: boolean;
}

export interface SigningDeps {
  store: Store;
  policy: SigningPolicy;
  clock: Clock;
}

/** Signatures in flight at once within a batch (a token session serialises them itself). */
const SIGN_WINDOW = 4;

interface Pending {
  doc: SigningDocumentRow;
  signedSha: string;
  role: SignatureRole;
  completes: boolean;
  cms: Uint8Array;
  at: number;
  seq: number;
}

/**
 * Signs a batch. Refusals (policy, changed document) are outcomes, not throws. A provider failure (token removed,
 * PIN locked) stores the signatures finished before it — each document is all-or-nothing — and then rethrows,
 * so the caller's job waits and retries the rest.
 */
export async function signDocuments(deps: SigningDeps, input: SignBatchInput): Promise<SignOutcome[]> {
  const { store } = deps;
  const outcomes: SignOutcome[] = [];
  const pending: Pending[] = [];
  const rights = (await rightsOf(store.sql, input.user.id));
  const cert = parseCertificate(input.key.certificate);
  const certFacts = { id: input.key.id, boundUserId: input.key.userId, notBefore: cert.notBefore, notAfter: cert.notAfter, canSign: cert.canSign };
  const refuse = (documentId: string, code: ErrorCode, message: string) => outcomes.push({ documentId, ok: false, code, message });
  // The key must still hold the certificate that was bound (a renewed key file needs binding again).
  if (sha256Hex(input.session.key.certificate) !== input.key.fingerprint) {
    for (const it of input.items) refuse(it.documentId, 'SIGN_KEY_NOT_BOUND', `key ${input.key.id} now holds another certificate than the one bound to ${input.user.login}: bind it again`);
    return outcomes;
  }
  // Signatures overlap the next documents' checks: a software RSA key signs on the libuv pool, so both cores work.
  const inflight: Promise<void>[] = [];
  let failure: { error: unknown } | null = null;
  try {
    for (const item of input.items) {
      if (failure) break;
      const doc = await documentForSigning(store.sql, item.documentId);
      if (!doc) {
        refuse(item.documentId, 'SIGN_STATE', `no document ${item.documentId}`);
        continue;
      }
      const document = fromJson<CanonicalDocument>(doc.bodyJson);
      const bytes = signedBytes({ id: doc.id, document });
      const signedSha = sha256Hex(bytes);
      const existing = await signatureBriefs(store.sql, doc.id);
      const mine = existing.find((s) => s.userId === input.user.id);
      if (input.redelivered && mine && mine.signedSha256 === item.sha256) {
        // A redelivered job: this signature is already stored.
        outcomes.push({ documentId: doc.id, ok: true, role: mine.role as SignatureRole, state: doc.state as 'partially-signed' | 'signed', signatureId: mine.id, already: true });
        continue;
      }
      if (signedSha !== item.sha256) {
        refuse(doc.id, 'SIGN_DOCUMENT_CHANGED', `the document's bytes now hash to ${signedSha.slice(0, 16)}…, not ${item.sha256.slice(0, 16)}… as shown`);
        continue;
      }
      const account = payerAccount(document) ?? '*';
      const amountMinor = doc.amountMinor === null ? null : BigInt(doc.amountMinor);
      const rule = ruleFor(deps.policy, { account, kind: doc.kind, amountMinor, currency: doc.currency });
      const at = deps.clock.now();
      const decision = decideSignature(
        rule,
        doc.state,
        existing.map((s) => ({ userId: s.userId, role: s.role as SignatureRole })),
        { userId: input.user.id, userLocked: input.user.locked, right: rightOn(rights, account), key: certFacts, at: new Date(at), ...(input.automatic ? { automatic: true } : {}) },
      );
      if (!decision.ok) {
        refuse(doc.id, decision.code, decision.message);
        continue;
      }
      inflight.push(
        signDetached({ content: bytes, session: input.session, signingTime: new Date(at) }).then(
          (cms) => void pending.push({ doc, signedSha, role: decision.role, completes: decision.completes, cms, at, seq: existing.length + 1 }),
          (error: unknown) => void (failure ??= { error }),
        ),
      );
      if (inflight.length >= SIGN_WINDOW) await inflight.shift();
    }
    await Promise.all(inflight);
  } finally {
    await Promise.all(inflight);
    // Whatever happens to the token, finished signatures are kept: each is complete on its own.
    if (pending.length > 0) outcomes.push(...(await commit(deps, input, pending)));
  }
  if (failure) throw (failure as { error: unknown }).error;
  return outcomes;
}

/** One durable transaction for the batch; each document re-checked against concurrent changes before its insert. */
async function commit(deps: SigningDeps, input: SignBatchInput, pending: Pending[]): Promise<SignOutcome[]> {
  const out: SignOutcome[] = [];
  await deps.store.sql.durable(async (tx) => {
    for (const p of pending) {
      const now = await documentNow(tx, p.doc.id);
      const state = p.completes ? 'signed' : 'partially-signed';
      const id = newId(p.at);
      // Unchanged stored text means unchanged signed bytes: they are rendered from it.
      const same = now && now.state === p.doc.state && now.bodyJson === p.doc.bodyJson && now.n === p.seq - 1;
      if (!same || !(await insertSignature(tx, { id, documentId: p.doc.id, seq: p.seq, userId: input.user.id, keyId: input.key.id, role: p.role, signedSha256: p.signedSha, cms: p.cms, signingTime: p.at, automatic: Boolean(input.automatic) }, p.doc.state, state))) {
        out.push({ documentId: p.doc.id, ok: false, code: 'SIGN_DOCUMENT_CHANGED', message: 'the document or its signatures changed while it was being signed; show it again' });
        continue;
      }
      // The chain: source file hash → document → signed-bytes hash → signature (architecture.md 6).
      await appendEventTx(tx, {
        entityType: 'document',
        entityId: p.doc.id,
        type: input.automatic ? 'document.signed-automatically' : 'document.signed',
        actor: input.user.login,
        at: p.at,
        data: { fileSha256: p.doc.fileSha256, signedSha256: p.signedSha, cmsSha256: sha256Hex(p.cms), signatureId: id, role: p.role, seq: p.seq, keyId: input.key.id, certFingerprint: input.key.fingerprint, state, automatic: Boolean(input.automatic) },
      });
      out.push({ documentId: p.doc.id, ok: true, role: p.role, state, signatureId: id });
    }
  });
  return out;
}

/** True for errors that mean "the token is not usable right now": the job waits instead of failing. */
export function isTokenUnavailable(e: unknown): boolean {
  return isGatewayError(e) && (e.code === 'SIGN_TOKEN_NOT_PRESENT' || e.code === 'SIGN_DEVICE_REMOVED' || e.code === 'SIGN_SESSION_LOCKED');
}
