// OpenAPI declarations of the client API v1, built from the contract's zod schemas (connectors/bank-api/contract.ts).
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  batchSubmitRequestSchema,
  batchSubmitResponseSchema,
  documentStatusSchema,
  errorSchema,
  fxConfirmationListSchema,
  letterListSchema,
  letterSchema,
  pingSchema,
  sendLetterSchema,
  statementSchema,
  submitRequestSchema,
} from '../../bank-api/contract.ts';
import { BEARER, ERROR_RESPONSES, json } from './http.ts';

const idempotency = z.object({ 'idempotency-key': z.string().min(1).max(200) });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const since = z.object({ since: z.iso.datetime({ offset: true }) });
const notFound = json(errorSchema, 'Not known to the bank for this client (code NOT_FOUND / UNKNOWN_ACCOUNT)');
const mismatch = json(errorSchema, 'The Idempotency-Key was used for a different request (code IDEMPOTENCY_MISMATCH)');
const submitted = json(documentStatusSchema, 'The document as the bank holds it: accepted (possibly for a later business day) or rejected with a reason. A repeated Idempotency-Key answers with the same document (header Idempotent-Replayed: true)');

export const pingRoute = createRoute({
  method: 'get',
  path: '/v1/ping',
  security: BEARER,
  summary: 'Bank name, API version, time and the business date a document sent now would execute on',
  responses: { 200: json(pingSchema, 'Alive'), ...ERROR_RESPONSES },
});

export const submitRoute = createRoute({
  method: 'post',
  path: '/v1/documents',
  security: BEARER,
  summary: 'Submit a signed payment document',
  request: { headers: idempotency, body: { content: { 'application/json': { schema: submitRequestSchema } }, required: true } },
  responses: { 200: submitted, 422: mismatch, ...ERROR_RESPONSES },
});

export const submitBatchRoute = createRoute({
  method: 'post',
  path: '/v1/documents/batch',
  security: BEARER,
  summary: 'Submit several signed payment documents at once, each under its own idempotency key (stored in one commit)',
  request: { body: { content: { 'application/json': { schema: batchSubmitRequestSchema } }, required: true } },
  responses: { 200: json(batchSubmitResponseSchema, 'One result per document in request order: the answer POST /v1/documents would have given it'), ...ERROR_RESPONSES },
});

export const documentRoute = createRoute({
  method: 'get',
  path: '/v1/documents/{bank_id}',
  security: BEARER,
  summary: 'Status of a document by its bank id',
  request: { params: z.object({ bank_id: z.string().min(1) }) },
  responses: { 200: json(documentStatusSchema, 'Status'), 404: notFound, ...ERROR_RESPONSES },
});

export const documentByKeyRoute = createRoute({
  method: 'get',
  path: '/v1/documents',
  security: BEARER,
  summary: 'Status of a document by the Idempotency-Key it was sent with (the answer to a submit whose reply was lost)',
  request: { query: z.object({ idempotency_key: z.string().min(1) }) },
  responses: { 200: json(documentStatusSchema, 'Status'), 404: json(errorSchema, 'Never received under this key'), ...ERROR_RESPONSES },
});

export const statementRoute = createRoute({
  method: 'get',
  path: '/v1/accounts/{iban}/statement',
  security: BEARER,
  summary: 'Statement of an own account for a period (inclusive)',
  request: { params: z.object({ iban: z.string().min(1) }), query: z.object({ from: date, to: date }) },
  responses: { 200: json(statementSchema, 'Statement'), 404: notFound, ...ERROR_RESPONSES },
});

export const fxOrderRoute = createRoute({
  method: 'post',
  path: '/v1/fx/orders',
  security: BEARER,
  summary: 'Submit a signed FX purchase or sale order (fx-order document)',
  request: { headers: idempotency, body: { content: { 'application/json': { schema: submitRequestSchema } }, required: true } },
  responses: { 200: submitted, 422: mismatch, ...ERROR_RESPONSES },
});

export const fxConfirmationsRoute = createRoute({
  method: 'get',
  path: '/v1/fx/confirmations',
  security: BEARER,
  summary: 'Deal confirmations at or after an instant',
  request: { query: since },
  responses: { 200: json(fxConfirmationListSchema, 'Confirmations, oldest first'), ...ERROR_RESPONSES },
});

export const sendLetterRoute = createRoute({
  method: 'post',
  path: '/v1/letters',
  security: BEARER,
  summary: 'Send a letter to the bank',
  request: { headers: idempotency, body: { content: { 'application/json': { schema: sendLetterSchema } }, required: true } },
  responses: { 200: json(letterSchema, 'The letter as stored (the same one for a repeated Idempotency-Key)'), 422: mismatch, ...ERROR_RESPONSES },
});

export const lettersRoute = createRoute({
  method: 'get',
  path: '/v1/letters',
  security: BEARER,
  summary: 'Letters both ways at or after an instant',
  request: { query: since },
  responses: { 200: json(letterListSchema, 'Letters, oldest first'), ...ERROR_RESPONSES },
});
