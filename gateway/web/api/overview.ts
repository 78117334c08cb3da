// GET /api/v1/overview: what the Overview page shows, as JSON (counters, documents per hour, queues, keys, bank, alerts).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { overview } from '../overview/data.ts';
import { API_ERRORS, API_SECURITY, json } from './openapi.ts';

const countsSchema = z.object({ waiting: z.number(), delayed: z.number(), active: z.number(), completed: z.number(), dead: z.number() });

const overviewSchema = z
  .object({
    at: z.string(),
    counts: z.record(z.enum(DOCUMENT_STATES), z.number()).describe('Listed documents per state (maintained counters)'),
    total: z.number(),
    per_hour: z.array(z.object({ hour: z.string().describe('Start of the hour, ISO 8601 UTC'), documents: z.number() })).describe('The last 24 hours, oldest first'),
    queues: z.array(z.object({ name: z.string(), key: z.string().nullable(), counts: countsSchema })),
    keys: z.array(z.object({ id: z.string(), label: z.string(), subject: z.string(), served: z.boolean(), token_present: z.boolean(), unlocked: z.boolean(), running: z.boolean(), automatic: z.boolean(), presence_error: z.string().nullable() })),
    bank: z.object({ configured: z.boolean(), reachable: z.boolean().nullable(), checked_at: z.string().nullable(), latency_ms: z.number().nullable(), bank: z.string().nullable(), business_date: z.string().nullable(), error: z.string().nullable() }),
    alerts: z.array(
      z.object({
        code: z.enum(['past-cutoff', 'signed-not-sent', 'dead-jobs', 'invalid-files-today']),
        count: z.number(),
        cutoff: z.string().optional(),
        minutes: z.number().optional(),
        queues: z.array(z.string()).optional(),
        href: z.string().describe('The dashboard page to look at'),
      }),
    ),
  })
  .meta({ id: 'Overview' });

const route = createRoute({
  method: 'get',
  path: '/api/v1/overview',
  summary: 'Counts per state, documents per hour, queues, tokens, bank reachability and alerts',
  security: API_SECURITY,
  responses: { 200: json(overviewSchema, 'The overview'), ...API_ERRORS },
});

export function registerOverviewApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(route, async (c) => {
    const o = await overview(d);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return c.json(
      {
        at: new Date(o.now).toISOString(),
        counts: Object.fromEntries(o.counts.map((s) => [s.state, s.n])) as Record<(typeof DOCUMENT_STATES)[number], number>,
        total: o.total,
        per_hour: o.perHour.map((h) => ({ hour: new Date(h.hour).toISOString(), documents: h.n })),
        queues: o.queues.map((q) => ({ name: q.name, key: q.keyLabel, counts: { waiting: q.counts.waiting, delayed: q.counts.delayed, active: q.counts.active, completed: q.counts.completed, dead: q.counts.dead } })),
        keys: o.keys.map((k) => ({ id: k.keyId, label: k.label, subject: k.subject, served: k.served, token_present: k.present, unlocked: k.unlocked, running: k.running, automatic: k.automatic, presence_error: k.presenceError })),
        bank: { configured: o.bank.configured, reachable: o.bank.ok, checked_at: iso(o.bank.checkedAt), latency_ms: o.bank.latencyMs, bank: o.bank.bank, business_date: o.bank.businessDate, error: o.bank.error },
        alerts: o.alerts,
      },
      200,
    );
  });
}
