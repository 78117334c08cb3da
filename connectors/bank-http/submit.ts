// Submitting a signed document with an unknown outcome handled first-class: once a try may have reached the bank,
// nothing is sent again until the bank has been asked by idempotency key (reliability-security.md 3 and 10 row 2).
import type { SubmitRequest } from '../bank-api/contract.ts';
import type { BankStatus } from '../../gateway/core/connector.ts';
import { GatewayError, errorMessage, isGatewayError } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import type { BankApi } from './api.ts';
import { mayHaveReachedBank } from './http-errors.ts';
import { toBankStatus } from './mapping.ts';
import type { Resilience } from './resilience.ts';
import type { Batcher } from './batch.ts';

export interface SubmitDeps {
  api: BankApi;
  resilience: Resilience;
  /** Keys whose last try may have reached the bank unanswered: the next submit of such a key asks first. */
  unresolved: Set<string>;
  logger: Logger;
  /** Payment documents go through it (coalesced into batches under load; it applies the breaker itself). */
  batcher?: Batcher;
}

/** The bank's status for a key, null when the bank never received it (404); unreachable → throws (operational). */
export async function statusByKey(deps: Pick<SubmitDeps, 'api' | 'resilience'>, key: string): Promise<BankStatus | null> {
  try {
    return toBankStatus(await deps.resilience.guarded(() => deps.api.documentByKey(key)));
  } catch (e) {
    if (isGatewayError(e) && e.code === 'CONN_NOT_FOUND') return null;
    throw e;
  }
}

/**
 * Each try: if an earlier try may have reached the bank, ask by key — found → that status is the answer, 404 → never
 * received, so sending is safe; then POST. Tries follow the retry budget and back-off. When the budget is spent with
 * the outcome still open, the bank is asked once more; if that fails too → CONN_UNKNOWN_OUTCOME (operational: the
 * gateway asks again later, never resends blindly).
 */
export async function submitDocument(deps: SubmitDeps, body: SubmitRequest, key: string, channel: 'documents' | 'fx-orders'): Promise<BankStatus> {
  const log = deps.logger.child({ idempotencyKey: key, clientDocumentId: body.client_document_id });
  let maybeReached = deps.unresolved.has(key);
  const resolvedBy = (s: BankStatus, how: string) => {
    deps.unresolved.delete(key);
    log.info({ bankId: s.bankId, state: s.state, how }, 'submission answered');
    return s;
  };
  try {
    return await deps.resilience.retry.execute(async ({ attempt }) => {
      if (maybeReached) {
        const known = await statusByKey(deps, key);
        if (known) return resolvedBy(known, 'status-query');
        maybeReached = false; // the bank never received it: a send cannot make a second order
      }
      try {
        const sent = channel === 'documents' && deps.batcher ? deps.batcher.submit(body, key) : deps.resilience.guarded(() => deps.api.submit(body, key, channel));
        return resolvedBy(toBankStatus(await sent), attempt === 0 ? 'submit' : 'resubmit');
      } catch (e) {
        if (mayHaveReachedBank(e)) {
          maybeReached = true;
          deps.unresolved.add(key);
          log.warn({ code: isGatewayError(e) ? e.code : null, attempt }, 'submit may have reached the bank unanswered: the status is asked before any resend');
        }
        throw e;
      }
    });
  } catch (e) {
    if (!maybeReached) {
      deps.unresolved.delete(key);
      throw e;
    }
    let known: BankStatus | null;
    try {
      known = await statusByKey(deps, key);
    } catch (q) {
      throw new GatewayError(
        'CONN_UNKNOWN_OUTCOME',
        `document ${body.client_document_id} (key ${key}) may have reached the bank; asking for its status failed too: ${errorMessage(q)}`,
        { idempotencyKey: key, clientDocumentId: body.client_document_id, lastError: isGatewayError(e) ? e.code : errorMessage(e), queryError: isGatewayError(q) ? q.code : errorMessage(q) },
        { cause: e },
      );
    }
    if (known) return resolvedBy(known, 'status-query');
    // Never received: an ordinary operational failure, and a later send with the same key is safe.
    deps.unresolved.delete(key);
    throw e;
  }
}
