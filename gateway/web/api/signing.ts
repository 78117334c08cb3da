// /api/v1/signing: what waits for the caller's signature, and signing a batch with one PIN (signers only; the same
// server-side checks as the page: own key, right per document, the hash shown, results per document).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ERROR_CODES } from '../../core/error-codes.ts';
import { formatDecimal } from '../../core/model/money.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { signersOnly } from '../security/guard.ts';
import { MAX_BATCH, signBatch, type DocumentResult } from '../signing/batch.ts';
import { myKeys, signingPolicy } from '../signing/keys.ts';
import { waitingFor } from '../signing/waiting.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const ROLE = z.enum(['single', 'first', 'second']);

const waitingSchema = z
  .object({
    keys: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        subject: z.string(),
        not_after: z.string().describe('ISO 8601'),
        served: z.boolean().describe('a signer worker serves this key in the running gateway'),
        token_present: z.boolean(),
        unlocked: z.boolean(),
      }),
    ),
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        number: z.string(),
        date: z.string().describe('YYYY-MM-DD'),
        state: z.string(),
        amount: z.string().nullable().describe('decimal string'),
        currency: z.string().nullable(),
        account: z.string().nullable().describe('payer IBAN'),
        beneficiary: z.string().nullable(),
        knp: z.string().nullable(),
        purpose: z.string().nullable(),
        summary: z.string(),
        sha256: z.string().describe('SHA-256 (hex) of the exact bytes a signature covers; send it back to sign'),
        role: ROLE.describe('the role your signature would take'),
        completes: z.boolean().describe('your signature completes the document (otherwise one more is needed)'),
      }),
    ),
    more: z.boolean().describe('more documents wait than were listed'),
  })
  .meta({ id: 'SigningWaiting' });

const bodySchema = z.object({
  key_id: z.string().min(1).max(300),
  pin: z.string().min(1).max(1024).describe('PIN or key password: used to unlock the key, never stored or returned'),
  documents: z
    .array(z.object({ id: z.string().min(1).max(64), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 listed by GET /api/v1/signing') }))
    .min(1)
    .max(MAX_BATCH),
});

const resultSchema = z
  .object({
    job_id: z.string().nullable().describe('the sign job (null when no document could be signed)'),
    results: z.array(
      z.object({
        id: z.string(),
        number: z.string().nullable(),
        status: z.enum(['signed', 'partially-signed', 'refused', 'waiting']).describe('partially-signed: one more signature is needed; waiting: still in the sign job (token removed), signed when it returns'),
        role: ROLE.nullable(),
        code: z.string().nullable(),
        reason: z.string().nullable().describe("the code's meaning in the request's language"),
        detail: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'SigningResult' });

const listRoute = createRoute({ method: 'get', path: '/api/v1/signing', summary: 'Documents waiting for my signature, and my keys', security: API_SECURITY, responses: { 200: json(waitingSchema, 'What waits for me'), ...API_ERRORS } });
const signRoute = createRoute({
  method: 'post',
  path: '/api/v1/signing',
  summary: 'Sign a batch with my key (PIN once for the batch)',
  security: API_SECURITY,
  request: { body: { content: { 'application/json': { schema: bodySchema } }, required: true } },
  responses: {
    200: json(resultSchema, 'A result per document (some may be refused)'),
    409: json(apiErrorSchema, 'The key is not served by the running gateway (SIGN_KEY_NOT_FOUND); nothing signed'),
    422: json(apiErrorSchema, 'The key could not be unlocked: SIGN_PIN_INCORRECT, SIGN_PASSWORD_INCORRECT, SIGN_PIN_LOCKED, SIGN_TOKEN_NOT_PRESENT…; nothing signed'),
    ...API_ERRORS,
  },
});

function resultJson(r: DocumentResult, lang: 'kk' | 'ru' | 'en') {
  const code = r.status === 'refused' || r.status === 'waiting' ? r.code : null;
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    role: r.status === 'signed' || r.status === 'partially-signed' ? r.role : null,
    code,
    reason: code ? ERROR_CODES[code][lang] : null,
    detail: r.status === 'refused' ? r.message : null,
  };
}

export function registerSigningApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.use('/api/v1/signing', signersOnly(d));
  api.openapi(listRoute, async (c) => {
    const user = c.get('user')!;
    const keys = await myKeys(d, user.id);
    const { items, more } = await waitingFor(d.store, signingPolicy(d), user);
    return c.json(
      {
        keys: keys.map((k) => ({ id: k.id, label: k.label, subject: k.subject, not_after: k.notAfter, served: k.served, token_present: k.present, unlocked: k.unlocked })),
        items: items.map((w) => ({
          id: w.id,
          kind: w.kind,
          number: w.number,
          date: w.date,
          state: w.state,
          amount: w.amount ? formatDecimal(w.amount.minor, w.amount.currency) : null,
          currency: w.amount?.currency ?? null,
          account: w.account,
          beneficiary: w.beneficiary,
          knp: w.knp,
          purpose: w.purpose,
          summary: w.summary,
          sha256: w.sha256,
          role: w.role,
          completes: w.completes,
        })),
        more,
      },
      200,
    );
  });
  api.openapi(signRoute, async (c) => {
    const t = c.get('t');
    const body = c.req.valid('json');
    const out = await signBatch(d, c, { keyId: body.key_id, pin: body.pin, documents: body.documents });
    if (!out.ok) {
      if (out.reason === 'forbidden-key') return c.json({ error: { code: 'AUTH_FORBIDDEN', message: t('error.forbidden') } }, 403);
      if (out.reason === 'not-served') return c.json({ error: { code: 'SIGN_KEY_NOT_FOUND', message: t('signing.not_served') } }, 409);
      return c.json({ error: { code: out.code, message: t('signing.unlock_failed', { reason: `${out.code} — ${ERROR_CODES[out.code][c.get('lang')]}` }) } }, 422);
    }
    const forbidden = out.results.every((r) => r.status === 'refused' && r.code === 'SIGN_NO_RIGHT');
    if (forbidden) return c.json({ error: { code: 'AUTH_FORBIDDEN', message: t('error.forbidden') } }, 403);
    return c.json({ job_id: out.jobId, results: out.results.map((r) => resultJson(r, c.get('lang'))) }, 200);
  });
}
