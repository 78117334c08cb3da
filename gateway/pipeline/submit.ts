// Submission to the bank (job `submit:<documentId>`): the policy again, "send started" committed, then the connector
// — and when an earlier attempt may have reached the bank, the bank is asked first and the document never resent
// blindly (reliability-security.md 10 rows 2 and 7). Idempotent: a redelivered job continues where the last stopped.
import type { ConnectorSession } from '../core/connector.ts';
import { isGatewayError, errorMessage, GatewayError } from '../core/errors.ts';
import type { Job } from '../queue/port.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';
import { getDocument } from '../store/documents-repo.ts';
import { getSubmission, recordAttempt, recordBankStatus, recordError, recordSendStarted } from '../store/submissions-repo.ts';
import { signaturesOf } from '../store/signatures-repo.ts';
import { appendEventTx } from '../store/sql/audit-log.ts';
import type { SigningPolicy } from '../../signer/policy.ts';
import { sha256Hex } from '../../signer/signed-bytes.ts';
import { checkSubmittable } from '../../signer/submission-check.ts';

export interface SubmitJobData {
  documentId: string;
}

export const SUBMIT_QUEUE = 'submit';
export const submitJobId = (documentId: string) => `submit:${documentId}`;

export interface SubmitDeps {
  store: Store;
  connector: ConnectorSession;
  connectorName: string;
  policy: SigningPolicy;
  logger: Logger;
}

/** One key per document for its whole life: whatever happens, the bank sees one order. */
export const idempotencyKeyOf = (documentId: string) => `bankgate-${documentId}`;

const SUBMITTABLE = new Set(['signed', 'queued', 'unknown-outcome']);

/** Holds a document for a person when it must not go to the bank as it is (signatures no longer valid, bank refuses the request). */
async function hold(store: Store, documentId: string, why: { code: string; message: string }[]): Promise<void> {
  await store.sql.durable(async (tx) => {
    const from = (await tx.get<{ state: string }>('SELECT state FROM documents WHERE id = $1', [documentId]))?.state;
    await tx.run(`UPDATE documents SET state = 'held' WHERE id = $1`, [documentId]);
    await appendEventTx(tx, { entityType: 'document', entityId: documentId, type: 'document.held', actor: 'system', data: { from, problems: why } });
  });
}

export function createSubmitHandler(deps: SubmitDeps) {
  const { store, connector } = deps;
  return async function submit(job: Job<SubmitJobData>): Promise<void> {
    const id = job.data.documentId;
    const doc = (await getDocument(store.sql, id));
    if (!doc || !SUBMITTABLE.has(doc.state)) return;
    const log = deps.logger.child({ documentId: id });
    let sub = await getSubmission(store.sql, id);
    if (sub && sub.bankState !== null) return; // answered already; the status poller follows it from here
    // The bytes the signers signed and the bank receives, and the signatures over them: read once per run.
    const payload = connector.signingPayload({ id, document: doc.document });
    const signatures = await signaturesOf(store.sql, id);
    /** This run committed "send started" (with its attempt counted); any other run may follow an earlier send. */
    let fresh = false;
    if (!sub) {
      // Enforced again before submission: complete set, each CMS valid over the bytes, keys still bound.
      const check = await checkSubmittable(store, deps.policy, id, { verifyCms: false, loaded: { doc, signatures } });
      const payloadSha = sha256Hex(payload);
      const problems = [...check.problems];
      if (signatures.some((s) => s.signedSha256 !== payloadSha)) problems.push({ code: 'SIGN_DOCUMENT_CHANGED', message: 'the bank signing payload differs from the bytes the signers signed' });
      if (problems.length > 0) {
        log.warn({ problems: problems.map((p) => p.code) }, 'document held: it cannot go to the bank as signed');
        await hold(store, id, problems);
        return;
      }
      sub = await recordSendStarted(store.sql, { documentId: id, connector: deps.connectorName, idempotencyKey: idempotencyKeyOf(id), payloadSha256: payloadSha, fromState: doc.state });
      fresh = true;
    }
    try {
      if (!fresh) {
        // An earlier attempt may have reached the bank (crash, lost answer): ask before sending anything.
        await recordAttempt(store.sql, id);
        const known = await connector.status({ idempotencyKey: sub.idempotencyKey });
        if (known) {
          await recordBankStatus(store.sql, id, known, 'status');
          log.info({ bankId: known.bankId, state: known.state }, 'bank already had the document: reconciled, not resent');
          return;
        }
        await recordAttempt(store.sql, id);
      }
      const status = await connector.submit({ id, document: doc.document, payload, signatures: signatures.map((s) => new Uint8Array(s.cms)) }, sub.idempotencyKey);
      const state = await recordBankStatus(store.sql, id, status, 'submit');
      log.info({ bankId: status.bankId, bankState: status.state, state }, 'submitted to the bank');
    } catch (e) {
      const code = isGatewayError(e) ? e.code : 'BUG_UNEXPECTED';
      if (code === 'CONN_UNKNOWN_OUTCOME') {
        await recordError(store.sql, id, errorMessage(e), 'unknown-outcome');
        throw e; // operational: retried later, and the retry asks the bank first
      }
      if (isGatewayError(e) && e.kind === 'user') {
        // The bank refuses the request itself (bad credentials, malformed): a person must look; no retry loop.
        (await recordError(store.sql, id, errorMessage(e)));
        await hold(store, id, [{ code, message: errorMessage(e) }]);
        return;
      }
      await recordError(store.sql, id, errorMessage(e));
      throw e instanceof GatewayError ? e : new GatewayError('CONN_UNREACHABLE', errorMessage(e), undefined, { cause: e });
    }
  };
}
