// The bank HTTP API (v1) the sandbox bank serves and the bank-http connector speaks: zod schemas of every request
// and response, shared by both sides (the server also publishes them as OpenAPI at /openapi.json).
// Money is a decimal string in the account's currency ("1250000.00"), never a JSON number; dates 'YYYY-MM-DD';
// instants ISO 8601 UTC. Every mutating request carries an `Idempotency-Key` header: repeating it returns the
// first answer and never acts twice (EBICS lesson, reliability-security.md 2 and 10 rows 2, 7, 9).
import { z } from 'zod';

export const API_VERSION = 'v1';

const decimal = z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, 'a decimal amount such as 1250000.00');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const iban = z.string().regex(/^[A-Z]{2}\d{2}[0-9A-Z]{1,30}$/, 'an IBAN');
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** A bank reason: a stable code and its text in the three languages. */
export const reasonSchema = z.object({
  code: z.string(),
  ru: z.string(),
  kk: z.string(),
  en: z.string(),
});
export type BankReason = z.infer<typeof reasonSchema>;

/** Reason codes the sandbox uses (a real bank has its own; connectors map them). */
export const REASON_CODES = [
  'INSUFFICIENT_FUNDS',
  'INVALID_REQUISITES',
  'BAD_SIGNATURE',
  'MISSING_SIGNATURE',
  'UNKNOWN_CERTIFICATE',
  'DUPLICATE_DOCUMENT',
  'AFTER_CUTOFF',
  'UNKNOWN_ACCOUNT',
  'IDEMPOTENCY_MISMATCH',
  'MALFORMED',
] as const;

/** received → accepted → executed, or rejected (final); after cut-off an accepted document waits for the next business day. */
export const BANK_STATUSES = ['received', 'accepted', 'executed', 'rejected'] as const;
export type BankStatusName = (typeof BANK_STATUSES)[number];

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), reason: reasonSchema.optional() }) });

/** POST /v1/documents — a signed document. The payload is the exact signed bytes (the connector's signingPayload). */
export const submitRequestSchema = z.object({
  /** The gateway's document id (for the client's own reconciliation). */
  client_document_id: z.string().min(1).max(64),
  /** 'bankgate.document/1': canonical JSON of the document (signer/signed-bytes.ts). */
  payload_format: z.literal('bankgate.document/1'),
  payload_b64: b64,
  /** Detached CMS SignedData over the payload, one per signer (at most two). */
  signatures: z.array(z.object({ cms_b64: b64 })).min(1).max(2),
});
export type SubmitRequest = z.infer<typeof submitRequestSchema>;

export const documentStatusSchema = z.object({
  bank_id: z.string(),
  client_document_id: z.string(),
  idempotency_key: z.string(),
  kind: z.string(),
  number: z.string(),
  status: z.enum(BANK_STATUSES),
  reason: reasonSchema.nullable(),
  received_at: z.string(),
  /** Business date the bank executes (or executed) it on. */
  execution_date: date.nullable(),
  executed_at: z.string().nullable(),
  /** Statement entry of the debit, once executed. */
  entry_bank_id: z.string().nullable(),
});
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/** Most documents one POST /v1/documents/batch may carry. */
export const BATCH_MAX = 200;

/**
 * POST /v1/documents/batch — several signed documents in one request, each under its own idempotency key (the batch
 * itself needs none: a repeated batch replays every item). Items are judged one by one exactly as POST /v1/documents
 * would judge them and stored in one commit; a key repeated inside a batch answers like a repeated request.
 */
export const batchSubmitRequestSchema = z.object({
  documents: z.array(submitRequestSchema.extend({ idempotency_key: z.string().min(1).max(200) })).min(1).max(BATCH_MAX),
});
export type BatchSubmitRequest = z.infer<typeof batchSubmitRequestSchema>;

/** One result per document, in request order: what the single POST /v1/documents would have answered. */
export const batchItemResultSchema = z.object({
  idempotency_key: z.string(),
  /** 200 (document holds the status, accepted or rejected with a reason), 400 malformed, 422 key used for another request. */
  http_status: z.union([z.literal(200), z.literal(400), z.literal(422)]),
  document: documentStatusSchema.nullable(),
  error: errorSchema.shape.error.nullable(),
  /** The key had been received before: the first answer is repeated (header Idempotent-Replayed of the single call). */
  replayed: z.boolean(),
});
export const batchSubmitResponseSchema = z.object({ results: z.array(batchItemResultSchema) });
export type BatchSubmitResponse = z.infer<typeof batchSubmitResponseSchema>;

export const counterpartySchema = z.object({
  name: z.string(),
  bin: z.string().nullable(),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  /** KBe of a beneficiary / KOd of a payer. */
  code: z.string().nullable(),
});

export const statementEntrySchema = z.object({
  /** Unique within the bank: the same entry keeps its id in every statement that contains it. */
  bank_id: z.string(),
  booking_date: date,
  value_date: date,
  direction: z.enum(['credit', 'debit']),
  amount: decimal,
  currency: z.string().length(3),
  counterparty: counterpartySchema,
  knp: z.string().nullable(),
  purpose: z.string(),
  document_number: z.string(),
  document_date: date,
  /** 'ПлатежноеПоручение', 'Мемориальный ордер' … as 1C names it. */
  document_kind: z.string(),
  /** The document's bank id when the client submitted it (debits of own payments, FX legs). */
  document_bank_id: z.string().nullable(),
  client_document_id: z.string().nullable(),
});
export type StatementEntryJson = z.infer<typeof statementEntrySchema>;

/** GET /v1/accounts/{iban}/statement?from=&to= */
export const statementSchema = z.object({
  account: iban,
  currency: z.string().length(3),
  owner: z.object({ name: z.string(), bin: z.string() }),
  from: date,
  to: date,
  opening_balance: decimal,
  total_credits: decimal,
  total_debits: decimal,
  closing_balance: decimal,
  entries: z.array(statementEntrySchema),
});
export type StatementJson = z.infer<typeof statementSchema>;

/** POST /v1/fx/orders — a signed fx-order document (same envelope as /v1/documents). Statuses via GET /v1/documents/{bank_id}. */
export const fxConfirmationSchema = z.object({
  deal_id: z.string(),
  order_bank_id: z.string(),
  client_document_id: z.string(),
  direction: z.enum(['buy', 'sell']),
  trade_date: date,
  value_date: date,
  /** 'USD/KZT'. */
  pair: z.string(),
  /** Amount of the foreign currency bought or sold, and its KZT counter-amount. */
  amount: decimal,
  currency: z.string().length(3),
  counter_amount: decimal,
  counter_currency: z.string().length(3),
  rate: z.string(),
  kzt_equivalent: decimal,
  debit_account: iban,
  credit_account: iban,
  commission: decimal,
  commission_currency: z.string().length(3),
  confirmed_at: z.string(),
});
export type FxConfirmationJson = z.infer<typeof fxConfirmationSchema>;

export const letterSchema = z.object({
  bank_id: z.string(),
  direction: z.enum(['to-bank', 'from-bank']),
  subject: z.string(),
  body: z.string(),
  attachments: z.array(z.object({ name: z.string(), content_b64: b64 })),
  created_at: z.string(),
});
export type LetterJson = z.infer<typeof letterSchema>;

/** POST /v1/letters */
export const sendLetterSchema = z.object({ subject: z.string().min(1).max(200), body: z.string().max(20_000), attachments: z.array(z.object({ name: z.string().min(1).max(200), content_b64: b64 })).max(10) });

export const pingSchema = z.object({ bank: z.string(), api: z.literal(API_VERSION), time: z.string(), business_date: date, client: z.string() });

/** GET /v1/fx/confirmations?since= and GET /v1/letters?since= wrap their lists in an object (room for paging later). */
export const fxConfirmationListSchema = z.object({ confirmations: z.array(fxConfirmationSchema) });
export const letterListSchema = z.object({ letters: z.array(letterSchema) });
