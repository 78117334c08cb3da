// GET /api/v1/documents (filters and searches of the Documents page, keyset paging) and GET /api/v1/documents/{id}
// (the document with its issues, signatures and timeline), declared with zod schemas for the OpenAPI document.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../core/model/document.ts';
import { documentJson } from '../../core/model/document-json.ts';
import { formatDecimal } from '../../core/model/money.ts';
import { queryDocuments, type DocumentRow } from '../../store/documents-repo.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { documentDetail, issueText } from '../documents/detail.ts';
import { bankReasonText } from '../documents/timeline.ts';
import { cursorSchema, filterShape, toStoreFilter } from '../documents/filters.ts';
import { badQuery } from './bad-query.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const ID = /^[0-9A-Z]{26}$/;

export const partySchema = z.object({ name: z.string(), bin: z.string().nullable(), iban: z.string().nullable(), bic: z.string().nullable(), code: z.string().nullable() }).meta({ id: 'Party' });
const issueSchema = z.object({ code: z.string(), severity: z.string(), line: z.number().nullable(), field: z.string().nullable(), message: z.string() }).meta({ id: 'Issue' });

/** A document's requisites as the API shows them (documents, and documents inside a file's result report). */
export const requisitesShape = {
  kind: z.enum(DOCUMENT_KINDS),
  number: z.string(),
  date: z.string().describe('YYYY-MM-DD'),
  amount: z.string().nullable().describe('Decimal string in the currency'),
  currency: z.string().nullable(),
  payer: partySchema.nullable(),
  beneficiary: partySchema.nullable(),
  knp: z.string().nullable(),
  kbk: z.string().nullable(),
  purpose: z.string().nullable(),
  rows: z.number().nullable().describe('Rows of an employee list'),
};

export const documentViewSchema = z
  .object({
    id: z.string(),
    file_id: z.string(),
    line: z.number().nullable(),
    state: z.enum(DOCUMENT_STATES),
    ...requisitesShape,
    issues: z.array(issueSchema),
    created_at: z.string(),
  })
  .meta({ id: 'Document' });
export type DocumentView = z.infer<typeof documentViewSchema>;

export function toDocumentView(r: DocumentRow): DocumentView {
  return {
    id: r.id,
    file_id: r.fileId,
    line: r.line,
    state: r.state,
    ...documentJson(r.document),
    issues: r.issues.map((i) => ({ code: i.code, severity: i.severity, line: i.line ?? null, field: i.field ?? null, message: i.message })),
    created_at: new Date(r.createdAt).toISOString(),
  };
}

const listQuery = z.strictObject({
  ...filterShape,
  file: z.string().regex(ID, 'a file id').optional().describe('Documents of one received file'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: cursorSchema.optional(),
  lang: z.enum(['kk', 'ru', 'en']).optional().describe('Language of texts in the answer'),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/documents',
  summary: 'Documents, newest first: filters, searches and keyset paging',
  description: 'Pass next_cursor as cursor for the next page. partial: the scan stopped at its budget before the page filled (a rare combination of filters); the next page continues from next_cursor.',
  security: API_SECURITY,
  request: { query: listQuery },
  responses: {
    200: json(z.object({ items: z.array(documentViewSchema), next_cursor: z.string().nullable(), partial: z.boolean() }).meta({ id: 'DocumentPage' }), 'One page'),
    ...API_ERRORS,
  },
});

const timelineSchema = z
  .object({ at: z.string(), type: z.string(), actor: z.string().nullable(), text: z.string().describe('In the language of the request'), data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'TimelineEntry' });

const detailSchema = z
  .object({
    document: documentViewSchema,
    payer_account: z.string().nullable(),
    issues: z.array(issueSchema.extend({ text: z.string().describe('The message in the language of the request'), expected: z.string().nullable(), meaning: z.string().nullable() })),
    list: z.array(z.object({ line: z.number().nullable(), iin: z.string(), last_name: z.string(), first_name: z.string(), middle_name: z.string().nullable(), birth_date: z.string().nullable(), period: z.string().nullable(), account: z.string().nullable(), amount: z.string(), currency: z.string() })),
    file: z.object({ id: z.string(), name: z.string(), mailbox: z.string(), sha256: z.string(), received_at: z.string() }).nullable(),
    signatures: z.array(
      z.object({
        seq: z.number(),
        role: z.string(),
        signed_at: z.string(),
        automatic: z.boolean(),
        login: z.string(),
        name: z.string(),
        certificate: z.object({ subject: z.string(), serial: z.string().nullable(), not_before: z.string(), not_after: z.string(), fingerprint: z.string() }),
        signed_sha256: z.string(),
      }),
    ),
    bank: z
      .object({ bank_id: z.string().nullable(), state: z.string().nullable(), reason: z.string().nullable(), reason_code: z.string().nullable(), execution_date: z.string().nullable(), attempts: z.number(), last_error: z.string().nullable(), sent_at: z.string() })
      .nullable(),
    timeline: z.array(timelineSchema),
  })
  .meta({ id: 'DocumentDetail' });

const detailRoute = createRoute({
  method: 'get',
  path: '/api/v1/documents/{id}',
  summary: 'One document with its issues, signatures, bank answer and timeline',
  security: API_SECURITY,
  request: { params: z.object({ id: z.string().regex(ID, 'a document id') }), query: z.object({ lang: z.enum(['kk', 'ru', 'en']).optional() }) },
  responses: { 200: json(detailSchema, 'The document'), 404: json(apiErrorSchema, 'No such document (API_NOT_FOUND)'), ...API_ERRORS },
});

export function registerDocumentsApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(
    listRoute,
    async (c) => {
      const { file, limit, cursor, lang: _lang, ...filters } = c.req.valid('query');
      const { items, nextCursor, partial } = await queryDocuments(d.store, { ...toStoreFilter(filters), fileId: file, limit, cursor });
      return c.json({ items: items.map(toDocumentView), next_cursor: nextCursor, partial }, 200);
    },
    (result, c) => (result.success ? undefined : badQuery(c, result.error)),
  );
  api.openapi(
    detailRoute,
    (c) => {
      const lang = c.get('lang');
      const t = c.get('t');
      const x = documentDetail(d.store, c.req.valid('param').id, t, lang);
      if (!x) return c.json({ error: { code: 'API_NOT_FOUND', message: t('error.not_found') } }, 404);
      const doc = x.row.document;
      const s = x.submission;
      const reason = s?.reasonJson ? (JSON.parse(s.reasonJson) as { code: string; ru: string; kk: string; en: string }) : null;
      return c.json(
        {
          document: toDocumentView(x.row),
          payer_account: 'payer' in doc ? (doc.payer.iban ?? null) : doc.kind === 'fx-order' ? doc.fromIban : null,
          issues: x.row.issues.map((i) => {
            const tx = issueText(i, lang);
            return { code: i.code, severity: i.severity, line: i.line ?? null, field: i.field ?? null, message: i.message, text: tx.message, expected: tx.expected, meaning: tx.meaning };
          }),
          list: ('rows' in doc ? doc.rows : []).map((r) => ({
            line: r.line ?? null,
            iin: r.iin,
            last_name: r.lastName,
            first_name: r.firstName,
            middle_name: r.middleName ?? null,
            birth_date: r.birthDate ?? null,
            period: r.period ?? null,
            account: r.account ?? null,
            amount: formatDecimal(r.amount.minor, r.amount.currency),
            currency: r.amount.currency,
          })),
          file: x.file ? { id: x.file.id, name: x.file.name, mailbox: x.file.mailbox, sha256: x.file.sha256, received_at: new Date(x.file.receivedAt).toISOString() } : null,
          signatures: x.signatures.map((g) => ({
            seq: g.seq,
            role: g.role,
            signed_at: new Date(g.signingTime).toISOString(),
            automatic: g.automatic,
            login: g.login,
            name: g.name,
            certificate: { subject: g.subject, serial: g.serial, not_before: new Date(g.notBefore).toISOString(), not_after: new Date(g.notAfter).toISOString(), fingerprint: g.fingerprint },
            signed_sha256: g.signedSha256,
          })),
          bank: s
            ? { bank_id: s.bankId, state: s.bankState, reason: reason ? bankReasonText(t, lang, reason) : null, reason_code: reason?.code ?? null, execution_date: s.executionDate, attempts: s.attempts, last_error: s.lastError, sent_at: new Date(s.sentAt).toISOString() }
            : null,
          timeline: x.timeline.map((e) => ({ at: new Date(e.at).toISOString(), type: e.type, actor: e.actor, text: e.text, data: e.data })),
        },
        200,
      );
    },
    (result, c) => (result.success ? undefined : badQuery(c, result.error)),
  );
}
