// The bank API v1 endpoints as typed single exchanges (paths and response schemas in one place); no policy here.
import type { z } from 'zod';
import {
  batchSubmitResponseSchema,
  documentStatusSchema,
  fxConfirmationListSchema,
  letterListSchema,
  letterSchema,
  pingSchema,
  statementSchema,
  type sendLetterSchema,
  type BatchSubmitRequest,
  type SubmitRequest,
} from '../bank-api/contract.ts';
import type { Transport } from './transport.ts';

export type DocumentStatusJson = z.infer<typeof documentStatusSchema>;

export function bankApi(t: Transport) {
  return {
    ping: () => t.send({ method: 'GET', path: '/v1/ping', schema: pingSchema }),
    /** FX orders have their own intake (/v1/fx/orders); every other signed document goes to /v1/documents. */
    submit: (body: SubmitRequest, idempotencyKey: string, channel: 'documents' | 'fx-orders') =>
      t.send({ method: 'POST', path: channel === 'fx-orders' ? '/v1/fx/orders' : '/v1/documents', body, idempotencyKey, schema: documentStatusSchema }),
    /** Several documents at once; each item carries its own idempotency key (connectors/bank-http/batch.ts). */
    submitBatch: (body: BatchSubmitRequest) => t.send({ method: 'POST', path: '/v1/documents/batch', body, schema: batchSubmitResponseSchema }),
    documentByKey: (idempotencyKey: string) =>
      t.send({ method: 'GET', path: '/v1/documents', query: { idempotency_key: idempotencyKey }, schema: documentStatusSchema }),
    documentById: (bankId: string) => t.send({ method: 'GET', path: `/v1/documents/${encodeURIComponent(bankId)}`, schema: documentStatusSchema }),
    statement: (account: string, from: string, to: string) =>
      t.send({ method: 'GET', path: `/v1/accounts/${encodeURIComponent(account)}/statement`, query: { from, to }, schema: statementSchema }),
    /** `since`: an ISO 8601 instant; confirmations at or after it, oldest first. */
    fxConfirmations: async (since: string) =>
      (await t.send({ method: 'GET', path: '/v1/fx/confirmations', query: { since }, schema: fxConfirmationListSchema })).confirmations,
    sendLetter: (body: z.input<typeof sendLetterSchema>, idempotencyKey: string) =>
      t.send({ method: 'POST', path: '/v1/letters', body, idempotencyKey, schema: letterSchema }),
    /** Letters both ways at or after the instant `since`, oldest first. */
    letters: async (since: string) => (await t.send({ method: 'GET', path: '/v1/letters', query: { since }, schema: letterListSchema })).letters,
  };
}

export type BankApi = ReturnType<typeof bankApi>;
