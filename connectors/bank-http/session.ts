// An open bank-http session: the ConnectorSession methods over one pinned undici agent, one breaker and one retry budget.
import type { BankLetter, ConnectorSession, ConnectorTestResult } from '../../gateway/core/connector.ts';
import { GatewayError, errorMessage, isGatewayError } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import { SIGNED_BYTES_FORMAT, signedBytes } from '../../signer/signed-bytes.ts';
import { bankApi } from './api.ts';
import { createBatcher } from './batch.ts';
import type { BankHttpConfig } from './config.ts';
import { toBankLetter, toBankStatus, toBase64, toFxConfirmation } from './mapping.ts';
import { createResilience } from './resilience.ts';
import { toBankStatement } from './statement.ts';
import { statusByKey, submitDocument } from './submit.ts';
import { createTransport } from './transport.ts';

export function openSession(config: BankHttpConfig, token: string, logger: Logger): ConnectorSession {
  const transport = createTransport({ url: config.url, token, timeoutMs: config.timeout_ms, connections: config.connections, pin: config.tls_fingerprint });
  const api = bankApi(transport);
  const resilience = createResilience({
    attempts: config.retry.attempts,
    baseMs: config.retry.base_ms,
    maxMs: config.retry.max_ms,
    breakerThreshold: config.breaker.threshold,
    halfOpenAfterMs: config.breaker.half_open_after_ms,
  });
  resilience.breaker.onBreak((reason) => {
    // The failure that tipped it: an operator needs it more than the count (the bank's own messages carry no secrets).
    const last = 'error' in reason ? (isGatewayError(reason.error) ? { code: reason.error.code, message: reason.error.message } : { message: errorMessage(reason.error) }) : undefined;
    logger.warn({ url: config.url, last }, 'bank circuit opened: calls paused after repeated failures');
  });
  resilience.breaker.onReset(() => logger.info({ url: config.url }, 'bank circuit closed again'));
  const unresolved = new Set<string>();
  // One connection stays free of submissions for status, statement and letter calls (when there are two or more).
  const batcher = createBatcher({ api, resilience, inFlight: Math.max(1, config.connections - 1) });
  let closed = false;
  const whileOpen = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      if (closed) return Promise.reject(new GatewayError('CONN_UNREACHABLE', 'this bank-http session is closed', { sent: false }));
      return fn(...a);
    };

  return {
    signingPayload: (doc) => signedBytes({ id: doc.id, document: doc.document }),

    submit: whileOpen((doc, idempotencyKey) =>
      submitDocument(
        { api, resilience, unresolved, logger, batcher },
        {
          client_document_id: doc.id,
          payload_format: SIGNED_BYTES_FORMAT,
          payload_b64: toBase64(doc.payload),
          signatures: doc.signatures.map((s) => ({ cms_b64: toBase64(s) })),
        },
        idempotencyKey,
        doc.document.kind === 'fx-order' ? 'fx-orders' : 'documents',
      ),
    ),

    status: whileOpen(async (receipt) => {
      if ('bankId' in receipt) {
        try {
          return toBankStatus(await resilience.retried(() => api.documentById(receipt.bankId)));
        } catch (e) {
          if (isGatewayError(e) && e.code === 'CONN_NOT_FOUND') return null;
          throw e;
        }
      }
      return resilience.retry.execute(() => statusByKey({ api, resilience }, receipt.idempotencyKey));
    }),

    statement: whileOpen(async (account, from, to) => toBankStatement(await resilience.retried(() => api.statement(account, from, to)))),

    fxConfirmations: whileOpen(async (since) => (await resilience.retried(() => api.fxConfirmations(since))).map(toFxConfirmation)),

    letters: {
      // The bank answers a repeated key with the first letter, so retrying a send with the same key is safe.
      send: whileOpen(
        async (letter, idempotencyKey): Promise<BankLetter> =>
          toBankLetter(
            await resilience.retried(() =>
              api.sendLetter({ subject: letter.subject, body: letter.body, attachments: letter.attachments.map((a) => ({ name: a.name, content_b64: toBase64(a.content) })) }, idempotencyKey),
            ),
          ),
      ),
      fetch: whileOpen(async (since) => (await resilience.retried(() => api.letters(since))).map(toBankLetter)),
    },

    // Diagnostics bypass the breaker and retries: the operator sees what the bank says right now. Never throws.
    async test(): Promise<ConnectorTestResult> {
      const started = performance.now();
      const base = { url: config.url, pinned: Boolean(config.tls_fingerprint), circuit: resilience.circuit() };
      try {
        if (closed) throw new GatewayError('CONN_UNREACHABLE', 'this bank-http session is closed');
        const p = await api.ping();
        const latencyMs = Math.round(performance.now() - started);
        return { ok: true, details: { ...base, bank: p.bank, api: p.api, businessDate: p.business_date, bankTime: p.time, client: p.client, latencyMs } };
      } catch (e) {
        const latencyMs = Math.round(performance.now() - started);
        const code = isGatewayError(e) ? e.code : null;
        return { ok: false, details: { ...base, latencyMs, code }, error: code ? `${code}: ${errorMessage(e)}` : errorMessage(e) };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await transport.close();
    },
  };
}
