// /api/v1/letters: the letters the bank holds (last 31 days) and those sent from here; send one (JSON with base64
// attachments, or multipart like the page) through the bank connector — the same checks, limits and audit as the page.
import { createHash, randomBytes } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { errorInfo } from '../../core/error-codes.ts';
import { isGatewayError } from '../../core/errors.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { checkLetter, draftFromForm, draftFromJson, type LetterDraft, type LetterProblem } from '../views/letter-draft.ts';
import { letterProblemText } from '../views/letter-problems.ts';
import { bankLetters, exportedLetters, sendLetter, sentLetters } from '../views/letters-view.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const attachmentSchema = z.object({ name: z.string(), size: z.number().int(), sha256: z.string() }).meta({ id: 'LetterAttachment' });

const listSchema = z
  .object({
    bank_reachable: z.boolean().describe('false: the bank could not be asked (no bank configured, or it failed); letters is then empty'),
    error: z.string().nullable(),
    letters: z.array(
      z.object({
        bank_id: z.string(),
        direction: z.enum(['to-bank', 'from-bank']),
        subject: z.string(),
        body: z.string(),
        created_at: z.string(),
        attachments: z.array(attachmentSchema),
        exported_path: z.string().nullable().describe('The text file written into out/letters/ for the accountant (letters from the bank)'),
      }),
    ),
    sent: z.array(z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), bank_id: z.string(), subject: z.string(), attachments: z.array(attachmentSchema) })).describe('Letters sent from this gateway (audit events letter.sent), newest first'),
  })
  .meta({ id: 'Letters' });

const sendJsonSchema = z
  .object({
    subject: z.string().max(1000),
    body: z.string().max(100_000).optional(),
    attachments: z.array(z.object({ name: z.string().min(1).max(1000), content_b64: z.string() })).max(100).optional(),
    key: z.string().regex(/^[\w-]{16,64}$/).optional().describe('Idempotency key: the same key sends one letter however often it is posted'),
  })
  .meta({ id: 'LetterToSend' });

const sendMultipartSchema = z.object({
  subject: z.string(),
  body: z.string().optional(),
  key: z.string().optional(),
  files: z.any().meta({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'Attachments (repeat the field)' }),
});

const sentSchema = z.object({ bank_id: z.string(), created_at: z.string(), attachments: z.array(attachmentSchema) }).meta({ id: 'LetterSent' });
const problemsSchema = apiErrorSchema.extend({ error: z.object({ code: z.string(), message: z.string(), problems: z.array(z.object({ field: z.string(), message: z.string() })).optional() }) });

const listRoute = createRoute({ method: 'get', path: '/api/v1/letters', summary: 'Letters with the bank (last 31 days) and letters sent from here', security: API_SECURITY, responses: { 200: json(listSchema, 'Letters'), ...API_ERRORS } });
const sendRoute = createRoute({
  method: 'post',
  path: '/api/v1/letters',
  summary: 'Send a letter to the bank (at most 10 attachments, 5 MB each, 20 MB together)',
  security: API_SECURITY,
  request: { body: { content: { 'application/json': { schema: sendJsonSchema }, 'multipart/form-data': { schema: sendMultipartSchema } } } },
  responses: {
    201: json(sentSchema, 'Sent; audited as letter.sent with attachment names, sizes and SHA-256'),
    400: json(problemsSchema, 'Subject missing or too long, an attachment empty or not base64 (API_BAD_BODY with problems)'),
    401: API_ERRORS[401],
    403: API_ERRORS[403],
    409: json(apiErrorSchema, 'No bank is configured (CONN_CONFIG)'),
    413: json(problemsSchema, 'Attachments over the limits (API_TOO_LARGE)'),
    502: json(apiErrorSchema, 'The bank refused or could not be reached (CONN_* codes)'),
  },
});

const facts = (content: Uint8Array) => ({ size: content.byteLength, sha256: createHash('sha256').update(content).digest('hex') });

function problemsAnswer(c: WebContext, problems: LetterProblem[]) {
  const large = problems.some((p) => p.code === 'file-too-large' || p.code === 'total-too-large');
  const list = problems.map((p) => ({ field: p.field, message: letterProblemText(c.get('t'), p) }));
  return c.json({ error: { code: large ? 'API_TOO_LARGE' : 'API_BAD_BODY', message: list.map((p) => p.message).join(' '), problems: list } }, large ? 413 : 400);
}

export function registerLettersApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(listRoute, async (c) => {
    const r = await bankLetters(d);
    const exported = await exportedLetters(d.store.sql);
    const sent = await sentLetters(d.store.sql);
    return c.json(
      {
        bank_reachable: r.items !== null,
        error: r.error,
        letters: (r.items ?? []).map((l) => ({
          bank_id: l.bankId,
          direction: l.direction,
          subject: l.subject,
          body: l.body,
          created_at: l.createdAt,
          attachments: l.attachments.map((a) => ({ name: a.name, ...facts(a.content) })),
          exported_path: exported.get(l.bankId)?.path ?? null,
        })),
        sent: (await sentLetters(d.store.sql)).map((s) => ({ seq: s.seq, at: new Date(s.at).toISOString(), actor: s.actor, bank_id: s.bankId, subject: s.subject, attachments: s.attachments })),
      },
      200,
    );
  });

  api.openapi(sendRoute, async (c) => {
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    let draft: LetterDraft;
    let key: string | undefined;
    let problems: LetterProblem[] = [];
    if (type.startsWith('application/json')) {
      const body = c.req.valid('json');
      ({ draft, problems } = draftFromJson(body));
      key = body.key;
    } else if (type.startsWith('multipart/form-data')) {
      const body = await c.req.parseBody({ all: true });
      draft = await draftFromForm(body);
      key = typeof body['key'] === 'string' && /^[\w-]{16,64}$/.test(body['key']) ? body['key'] : undefined;
    } else {
      return c.json({ error: { code: 'API_BAD_BODY', message: 'send application/json or multipart/form-data' } }, 400);
    }
    problems = [...problems, ...checkLetter(draft)];
    if (problems.length) return problemsAnswer(c, problems);
    if (!d.bank) return c.json({ error: { code: 'CONN_CONFIG', message: c.get('t')('letters.no_bank') } }, 409);
    try {
      const sent = await sendLetter({ ...d, bank: d.bank }, c.get('user')!, draft, key ?? randomBytes(16).toString('base64url'), 'api');
      return c.json({ bank_id: sent.bankId, created_at: sent.createdAt, attachments: sent.attachments }, 201);
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return c.json({ error: { code: e.code, message: `${errorInfo(e.code)[c.get('lang')]}: ${e.message}` } }, 502);
    }
  });
}
