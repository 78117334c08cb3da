// /api/v1/queues: queues with counts, jobs in a state, a search, and retry / discard of dead jobs (administrators,
// audited). Jobs are described by what they are about (file, document, sign batch), never by their raw data.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { formatDecimal } from '../../core/model/money.ts';
import { JOB_STATES } from '../../queue/port.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { actOnDeadJob } from '../queues/actions.ts';
import { searchJobs } from '../queues/search.ts';
import { jobsIn, queueSummaries, type JobView } from '../queues/view.ts';
import { adminOnly } from '../security/guard.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const countsSchema = z.object({ waiting: z.number(), delayed: z.number(), active: z.number(), completed: z.number(), dead: z.number() });
const queueSchema = z.object({
  name: z.string(),
  kind: z.enum(['parse', 'submit', 'sign', 'other']),
  key: z.object({ id: z.string(), label: z.string(), user: z.string().nullable() }).nullable(),
  paused: z.boolean(),
  counts: countsSchema,
});
const jobSchema = z
  .object({
    queue: z.string(),
    id: z.string(),
    name: z.string(),
    state: z.enum(JOB_STATES as [string, ...string[]]),
    attempt: z.number(),
    max_attempts: z.number(),
    created_at: z.string(),
    run_at: z.string(),
    finished_at: z.string().nullable(),
    last_error: z.string().nullable(),
    subject: z.object({
      kind: z.enum(['file', 'document', 'sign', 'unknown']),
      file_id: z.string().optional(),
      file_name: z.string().nullable().optional(),
      mailbox: z.string().nullable().optional(),
      document_id: z.string().optional(),
      number: z.string().nullable().optional(),
      date: z.string().nullable().optional(),
      amount: z.string().nullable().optional().describe('decimal string'),
      currency: z.string().nullable().optional(),
      user: z.string().nullable().optional(),
      documents: z.number().optional(),
      numbers: z.array(z.string()).optional(),
      automatic: z.boolean().optional(),
    }),
  })
  .meta({ id: 'QueueJob' });
const unavailable = json(apiErrorSchema, 'No job queue in this process (API_UNAVAILABLE)');

const iso = (ms: number) => new Date(ms).toISOString();

export function jobJson(v: JobView): z.infer<typeof jobSchema> {
  const s = v.subject;
  const subject =
    s.kind === 'file'
      ? { kind: s.kind, file_id: s.fileId, file_name: s.name, mailbox: s.mailbox }
      : s.kind === 'document'
        ? { kind: s.kind, document_id: s.documentId, number: s.number, date: s.date, amount: s.amount ? formatDecimal(s.amount.minor, s.amount.currency) : null, currency: s.amount?.currency ?? null }
        : s.kind === 'sign'
          ? { kind: s.kind, user: s.user, documents: s.documents, numbers: s.numbers, automatic: s.automatic }
          : { kind: s.kind };
  return { queue: v.queue, id: v.id, name: v.name, state: v.state, attempt: v.attempt, max_attempts: v.maxAttempts, created_at: iso(v.createdAt), run_at: iso(v.runAt), finished_at: v.finishedAt === null ? null : iso(v.finishedAt), last_error: v.lastError, subject };
}

export function registerQueuesApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  const noQueue = (t: (key: string) => string) => ({ error: { code: 'API_UNAVAILABLE', message: t('queues.unavailable') } });
  const listRoute = createRoute({ method: 'get', path: '/api/v1/queues', summary: 'Queues with counts per state and the pause flag', security: API_SECURITY, responses: { 200: json(z.object({ items: z.array(queueSchema) }), 'Every known queue'), 503: unavailable, ...API_ERRORS } });
  const searchRoute = createRoute({
    method: 'get',
    path: '/api/v1/queues/search',
    summary: 'Find jobs by 1C document number, file name (part of it) or amount',
    security: API_SECURITY,
    request: { query: z.object({ q: z.string().min(1).max(200) }) },
    responses: { 200: json(z.object({ items: z.array(jobSchema) }), 'Jobs found, newest first'), 503: unavailable, ...API_ERRORS },
  });
  const jobsRoute = createRoute({
    method: 'get',
    path: '/api/v1/queues/{name}/jobs',
    summary: 'Jobs of one queue in one state, oldest first',
    security: API_SECURITY,
    request: {
      params: z.object({ name: z.string().min(1).max(300) }),
      query: z.object({ state: z.enum(JOB_STATES as [string, ...string[]]).default('dead'), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    },
    responses: { 200: json(z.object({ items: z.array(jobSchema) }), 'Jobs'), 503: unavailable, ...API_ERRORS },
  });
  const actionRoute = (action: 'retry' | 'discard') =>
    createRoute({
      method: 'post',
      path: `/api/v1/queues/{name}/jobs/{id}/${action}`,
      summary: action === 'retry' ? 'Put a dead job back with a fresh set of attempts (administrators; audited queue.retried)' : 'Delete a dead job (administrators; audited queue.discarded)',
      security: API_SECURITY,
      middleware: [adminOnly(d)] as const,
      request: { params: z.object({ name: z.string().min(1).max(300), id: z.string().min(1).max(300) }) },
      responses: {
        200: json(z.object({ job: jobSchema }), action === 'retry' ? 'Retried (the job as it was before)' : 'Discarded (the job as it was)'),
        404: json(apiErrorSchema, 'No such job (API_NOT_FOUND)'),
        409: json(apiErrorSchema, 'The job is not dead (QUE_NOT_DEAD)'),
        503: unavailable,
        ...API_ERRORS,
      },
    });

  api.openapi(listRoute, async (c) => {
    if (!d.queue) return c.json(noQueue(c.get('t')), 503);
    const items = await queueSummaries(d.store, d.queue);
    return c.json({ items: items.map((q) => ({ name: q.name, kind: q.kind, key: q.key, paused: q.paused, counts: q.counts })) }, 200);
  });
  api.openapi(searchRoute, async (c) => {
    if (!d.queue) return c.json(noQueue(c.get('t')), 503);
    return c.json({ items: (await searchJobs(d.store, d.queue, c.req.valid('query').q)).map(jobJson) }, 200);
  });
  api.openapi(jobsRoute, async (c) => {
    if (!d.queue) return c.json(noQueue(c.get('t')), 503);
    const { state, limit } = c.req.valid('query');
    const items = await jobsIn(d.store, d.queue, c.req.valid('param').name, state as (typeof JOB_STATES)[number], limit);
    return c.json({ items: items.map(jobJson) }, 200);
  });
  const register = (action: 'retry' | 'discard') =>
    api.openapi(actionRoute(action), async (c) => {
      if (!d.queue) return c.json(noQueue(c.get('t')), 503);
      const { name, id } = c.req.valid('param');
      const r = await actOnDeadJob(d.store, d.queue, action, name, id, c.get('user')!.login);
      if (r.ok) return c.json({ job: jobJson(r.job) }, 200);
      if (r.reason === 'not-found') return c.json({ error: { code: 'API_NOT_FOUND', message: c.get('t')('queues.done.not_found') } }, 404);
      return c.json({ error: { code: 'QUE_NOT_DEAD', message: c.get('t')('queues.done.not_dead') } }, 409);
    });
  register('retry');
  register('discard');
}
