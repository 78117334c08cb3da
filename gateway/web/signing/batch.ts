// Signs a batch chosen on the dashboard: each document re-checked on the server against the user's rights and the
// hash they were shown, the key's worker unlocked with the PIN (held only in the worker's memory, never logged or
// stored), one sign job, then a bounded wait for each document's result. Used by the page and by the JSON API.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorCode } from '../../core/error-codes.ts';
import { ERROR_CODES } from '../../core/error-codes.ts';
import { isGatewayError } from '../../core/errors.ts';
import { getDocument } from '../../store/documents-repo.ts';
import { getKey } from '../../store/keys-repo.ts';
import { signatureBriefs } from '../../store/signatures-repo.ts';
import { appendEvent } from '../../store/sql/audit-log.ts';
import { rightsOf } from '../../store/users-repo.ts';
import type { JobRecord } from '../../queue/port.ts';
import { parseCertificate } from '../../../signer/certificate.ts';
import type { SignatureRole } from '../../../signer/policy.ts';
import { recordSigningRequest, type SignOutcome, type SigningRequestItem } from '../../../signer/sign-documents.ts';
import { signQueueName } from '../../../signer/worker.ts';
import type { WebContext } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { auditRefusal } from '../security/refuse.ts';
import { signingPolicy } from './keys.ts';
import { rightToSign, toWaiting, type WaitingDocument } from './waiting.ts';

export interface BatchRequest {
  keyId: string;
  /** The PIN or key password: passed to the worker's unlock and dropped. */
  pin: string;
  /** The documents with the SHA-256 the signer was shown. */
  documents: readonly { id: string; sha256: string }[];
}

interface Shown {
  id: string;
  number: string | null;
  /** The document as it was shown and checked (null for an unknown id). */
  view: WaitingDocument | null;
}

export type DocumentResult = Shown &
  (
    | { status: 'signed' | 'partially-signed'; role: SignatureRole }
    | { status: 'refused'; code: ErrorCode; message: string }
    /** Still in the sign job when the wait ended (token removed mid-batch): it is signed once the token is back. */
    | { status: 'waiting'; code: ErrorCode | null }
  );

export type BatchOutcome =
  | { ok: true; results: DocumentResult[]; jobId: string | null }
  /** The key is not this user's: the caller answers 403 (the refusal is already audited). */
  | { ok: false; reason: 'forbidden-key' }
  /** No worker serves the key in this gateway (provider not configured, or bound after the start). */
  | { ok: false; reason: 'not-served' }
  /** Wrong PIN, locked PIN, token not inserted…: nothing was signed. */
  | { ok: false; reason: 'unlock'; code: ErrorCode };

/** How long the request waits for the worker's results before answering "still waiting". */
export const SIGN_WAIT_MS = 20_000;
/** Documents per batch: one sign job (the automatic signer uses the same size). */
export const MAX_BATCH = 500;

const codeOf = (e: unknown): ErrorCode => (isGatewayError(e) ? e.code : 'SIGN_PROVIDER_FAILED');

/** The code at the start of a job's last error ("SIGN_DEVICE_REMOVED: …"), when it is one of ours. */
function codeInError(text: string | null | undefined): ErrorCode | null {
  const m = /\b([A-Z]{2,5}_[A-Z0-9_]+)\b/.exec(text ?? '');
  return m && m[1]! in ERROR_CODES ? (m[1] as ErrorCode) : null;
}

export async function signBatch(d: WebDeps, c: WebContext, req: BatchRequest, waitMs = SIGN_WAIT_MS): Promise<BatchOutcome> {
  const { store } = d;
  const user = c.get('user')!;
  const key = await getKey(store.sql, req.keyId);
  if (!key || key.userId !== user.id) {
    await auditRefusal(store, c, 'forbidden', { keyId: req.keyId.slice(0, 200), need: 'own key' });
    return { ok: false, reason: 'forbidden-key' };
  }
  const cert = parseCertificate(key.certificate);
  const keyFacts = { id: key.id, boundUserId: key.userId, notBefore: cert.notBefore, notAfter: cert.notAfter, canSign: cert.canSign };
  const policy = signingPolicy(d);
  const rights = (await rightsOf(store.sql, user.id));
  const results = new Map<string, DocumentResult>();
  const accepted: (SigningRequestItem & Shown)[] = [];
  for (const item of req.documents) {
    if (results.has(item.id) || accepted.some((a) => a.id === item.id)) continue;
    const doc = (await getDocument(store.sql, item.id));
    if (!doc) {
      results.set(item.id, { id: item.id, number: null, view: null, status: 'refused', code: 'SIGN_STATE', message: 'no such document' });
      continue;
    }
    const check = rightToSign(policy, rights, user, doc, await signatureBriefs(store.sql, doc.id), keyFacts);
    const shown = toWaiting(doc, check.ok ? check : { role: 'single', completes: false });
    const base = { id: doc.id, number: doc.number, view: shown };
    if (!check.ok) {
      // Acting on an account without a right is an access-control refusal: audited like any refused action.
      if (check.noRight) await auditRefusal(store, c, 'forbidden', { documentId: doc.id, account: shown.account, need: 'signature right' });
      results.set(doc.id, { ...base, status: 'refused', code: check.code, message: check.message });
      continue;
    }
    if (shown.sha256 !== item.sha256) {
      results.set(doc.id, { ...base, status: 'refused', code: 'SIGN_DOCUMENT_CHANGED', message: 'the document changed after it was shown: look at it again' });
      continue;
    }
    accepted.push({ ...base, documentId: doc.id, sha256: item.sha256 });
  }
  const ordered = () => [...new Set(req.documents.map((x) => x.id))].map((id) => results.get(id)!);
  if (accepted.length === 0) return { ok: true, results: ordered(), jobId: null };

  const worker = d.signers?.worker(key.id);
  if (!d.signers || !worker) return { ok: false, reason: 'not-served' };
  try {
    await worker.unlock(req.pin);
  } catch (e) {
    const code = codeOf(e);
    // The attempt is recorded (who, which key, why) — never the PIN itself.
    await appendEvent(store.sql, { entityType: 'key', entityId: key.id, type: 'key.unlock-failed', actor: user.login, data: { code, via: 'web' } });
    return { ok: false, reason: 'unlock', code };
  }
  await recordSigningRequest(store.sql, accepted, { login: user.login, keyId: key.id });

  const outcomes: { jobId: string; o: SignOutcome }[] = [];
  const stop = d.signers.onOutcome((o, job) => {
    if (job.userId === user.id && job.keyId === key.id) outcomes.push({ jobId: job.id, o });
  });
  let job: { id: string } | undefined;
  let last: JobRecord | null = null;
  try {
    job = await worker.enqueue(user.id, accepted.map((a) => ({ documentId: a.documentId, sha256: a.sha256 })));
    const mine = () => new Set(outcomes.filter((x) => x.jobId === job!.id).map((x) => x.o.documentId));
    const deadline = Date.now() + waitMs;
    // The job completes once every document has an outcome; a token pulled out mid-batch keeps it waiting.
    while (mine().size < accepted.length && Date.now() < deadline) {
      if (d.queue) {
        last = await d.queue.getJob(signQueueName(key.id), job.id);
        if (!last || last.state === 'completed' || last.state === 'dead') break;
        // The token was pulled out and the job is back to waiting: it goes on when the token returns, not in this request.
        if (!worker.state().present && last.state !== 'active') break;
      }
      await sleep(50);
    }
  } finally {
    stop();
  }
  for (const a of accepted) {
    const base = { id: a.id, number: a.number, view: a.view };
    const o = outcomes.find((x) => x.jobId === job!.id && x.o.documentId === a.documentId)?.o;
    if (o) {
      results.set(a.id, o.ok ? { ...base, status: o.state, role: o.role } : { ...base, status: 'refused', code: o.code, message: o.message });
      continue;
    }
    // Signatures finished before a token failure are stored although the job has not reported them: the store is the truth.
    const stored = (await signatureBriefs(store.sql, a.documentId)).find((s) => s.userId === user.id && s.signedSha256 === a.sha256);
    if (stored) {
      const state = (await getDocument(store.sql, a.documentId))?.state;
      results.set(a.id, { ...base, status: state === 'partially-signed' ? 'partially-signed' : 'signed', role: stored.role as SignatureRole });
    } else results.set(a.id, { ...base, status: 'waiting', code: codeInError(last?.lastError) });
  }
  return { ok: true, results: ordered(), jobId: job!.id };
}
