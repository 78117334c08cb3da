// Client API v1 handlers: bearer-token clients, lazy execution before every read, idempotent submissions.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { API_VERSION, type BatchSubmitResponse, type SubmitRequest, type pingSchema } from '../../bank-api/contract.ts';
import { isoAt } from '../clock.ts';
import type { SandboxCore } from '../core.ts';
import { documentByBankId, documentByKey, documentStatus, type Channel } from '../documents-repo.ts';
import { dealsSince } from '../fx-repo.ts';
import { intakeMany, type IntakeOutcome } from '../intake.ts';
import { lettersSince, receiveLetter } from '../letters.ts';
import { reason, Refusal } from '../reasons.ts';
import { buildStatement } from '../statement.ts';
import { errorBody, type SandboxEnv } from './http.ts';
import {
  documentByKeyRoute,
  documentRoute,
  fxConfirmationsRoute,
  fxOrderRoute,
  lettersRoute,
  pingRoute,
  sendLetterRoute,
  statementRoute,
  submitBatchRoute,
  submitRoute,
} from './client-specs.ts';

type PingJson = z.infer<typeof pingSchema>;

/** ISO instants compare as text only in one form: 2026-11-25T10:00:00Z and …00.000Z must mean the same. */
const normalSince = (s: string) => new Date(s).toISOString();

const mismatch = (bankId: string) =>
  errorBody('IDEMPOTENCY_MISMATCH', `this Idempotency-Key was already used for another request (bank id ${bankId})`, reason('IDEMPOTENCY_MISMATCH', { en: `bank id ${bankId}`, ru: `банковский номер ${bankId}`, kk: `банк нөмірі ${bankId}` }));

export function registerClientRoutes(app: OpenAPIHono<SandboxEnv>, core: SandboxCore): void {
  app.openapi(pingRoute, (c) => {
    const now = core.clock.now();
    const body: PingJson = { bank: core.config.bank.name, api: API_VERSION, time: isoAt(now), business_date: core.calendar.executionDate(now).date, client: c.get('client').client_id };
    return c.json(body, 200);
  });

  /** An intake outcome as the single submit call answers it (status code and body). */
  function answer(out: IntakeOutcome) {
    if (out.type === 'malformed') return { status: 400 as const, body: errorBody('MALFORMED', out.message, reason('MALFORMED', { en: out.message, ru: out.message, kk: out.message })), replayed: false };
    if (out.type === 'mismatch') return { status: 422 as const, body: mismatch(out.bankId), replayed: false };
    return { status: 200 as const, body: out.status, replayed: out.replayed };
  }

  async function submit(c: Context<SandboxEnv>, channel: Channel, key: string, body: SubmitRequest) {
    const r = answer((await intakeMany(core, c.get('client'), channel, [{ idempotencyKey: key, body }]))[0]!);
    if (r.replayed) c.header('Idempotent-Replayed', 'true');
    return r;
  }

  app.openapi(submitBatchRoute, async (c) => {
    const docs = c.req.valid('json').documents;
    const outs = await intakeMany(core, c.get('client'), 'documents', docs.map(({ idempotency_key, ...body }) => ({ idempotencyKey: idempotency_key, body })));
    const results: BatchSubmitResponse['results'] = outs.map((out, i) => {
      const r = answer(out);
      const key = docs[i]!.idempotency_key;
      return r.status === 200
        ? { idempotency_key: key, http_status: 200, document: r.body, error: null, replayed: r.replayed }
        : { idempotency_key: key, http_status: r.status, document: null, error: r.body.error, replayed: false };
    });
    return c.json({ results }, 200);
  });

  app.openapi(submitRoute, async (c) => {
    const r = await submit(c, 'documents', c.req.valid('header')['idempotency-key'], c.req.valid('json'));
    return r.status === 200 ? c.json(r.body, 200) : r.status === 422 ? c.json(r.body, 422) : c.json(r.body, 400);
  });

  app.openapi(fxOrderRoute, async (c) => {
    const r = await submit(c, 'fx', c.req.valid('header')['idempotency-key'], c.req.valid('json'));
    return r.status === 200 ? c.json(r.body, 200) : r.status === 422 ? c.json(r.body, 422) : c.json(r.body, 400);
  });

  app.openapi(documentRoute, (c) => {
    const row = documentByBankId(core.db, c.req.valid('param').bank_id);
    if (!row || row.client_id !== c.get('client').client_id) return c.json(errorBody('NOT_FOUND', 'no such document for this client'), 404);
    return c.json(documentStatus(row), 200);
  });

  app.openapi(documentByKeyRoute, (c) => {
    const row = documentByKey(core.db, c.get('client').client_id, c.req.valid('query').idempotency_key);
    if (!row) return c.json(errorBody('NOT_FOUND', 'nothing was received under this Idempotency-Key'), 404);
    return c.json(documentStatus(row), 200);
  });

  app.openapi(statementRoute, (c) => {
    const { from, to } = c.req.valid('query');
    if (from > to) return c.json(errorBody('MALFORMED', `from ${from} is after to ${to}`), 400);
    const s = buildStatement(core, c.get('client'), c.req.valid('param').iban, from, to);
    if (s instanceof Refusal) return c.json(errorBody('UNKNOWN_ACCOUNT', s.reason.en, s.reason), 404);
    return c.json(s, 200);
  });

  app.openapi(fxConfirmationsRoute, (c) => c.json({ confirmations: dealsSince(core.db, c.get('client').client_id, normalSince(c.req.valid('query').since)) }, 200));

  app.openapi(sendLetterRoute, (c) => {
    const out = receiveLetter(core, c.get('client').client_id, c.req.valid('header')['idempotency-key'], c.req.valid('json'));
    if (out.type === 'mismatch') return c.json(mismatch(out.bankId), 422);
    if (out.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(out.letter, 200);
  });

  app.openapi(lettersRoute, (c) => c.json({ letters: lettersSince(core, c.get('client').client_id, normalSince(c.req.valid('query').since)) }, 200));
}
