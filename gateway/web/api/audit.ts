// /api/v1/audit (administrators only): events newest first, keyset-paged by seq, with the page's filters; and the
// chain verification (POST: it is recorded as an audit.verified event).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ENTITY_TYPES } from '../../store/schema.ts';
import { storeAuditSource, verifyChain } from '../audit/verify.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { adminOnly } from '../security/guard.ts';
import { auditEvents, auditFilter } from '../views/audit-view.ts';
import { API_ERRORS, API_SECURITY, json } from './openapi.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const text = z.string().regex(/^[\p{L}\p{N}._:@\-/]{1,200}$/u, 'letters, digits and . _ : @ - /');

const eventSchema = z
  .object({ seq: z.number().int(), at: z.string(), entity_type: z.enum(ENTITY_TYPES), entity_id: z.string(), type: z.string(), actor: z.string(), data: z.unknown() })
  .meta({ id: 'AuditEvent' });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/audit',
  summary: 'Audit events, newest first (administrators)',
  security: API_SECURITY,
  request: {
    query: z.object({
      entity_type: z.enum(ENTITY_TYPES).optional(),
      entity_id: text.optional(),
      type: text.optional().describe('An event type, or a prefix ending in "." (user.)'),
      actor: text.optional(),
      from: date.optional().describe('Business day (Asia/Almaty), inclusive'),
      to: date.optional(),
      before: z.coerce.number().int().min(1).optional().describe('next_before of the previous page'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(eventSchema), next_before: z.number().int().nullable() }), 'Events'), ...API_ERRORS },
});

const verifySchema = z
  .object({
    ok: z.boolean(),
    count: z.number().int().describe('Events verified (before the first bad one when broken)'),
    last_seq: z.number().int().nullable(),
    last_hash: z.string().nullable(),
    first_bad: z.object({ seq: z.number().int(), reason: z.enum(['seq-gap', 'prev-hash-mismatch', 'hash-mismatch']), message: z.string() }).nullable(),
    verified_at: z.string(),
  })
  .meta({ id: 'AuditVerification' });

const verifyRoute = createRoute({
  method: 'post',
  path: '/api/v1/audit/verify',
  summary: 'Verify the hash chain (administrators; recorded as audit.verified)',
  security: API_SECURITY,
  responses: { 200: json(verifySchema, 'The result: ok, or the first broken seq and why'), ...API_ERRORS },
});

export function registerAuditApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.use('/api/v1/audit', adminOnly(d));
  api.use('/api/v1/audit/*', adminOnly(d));
  api.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const f = auditFilter({ entity_type: q.entity_type, entity_id: q.entity_id, type: q.type, actor: q.actor, from: q.from, to: q.to });
    const page = await auditEvents(d.store.sql, f, d.config.validation.time_zone, q.limit, q.before);
    return c.json(
      {
        items: page.items.map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), entity_type: r.entityType, entity_id: r.entityId, type: r.type, actor: r.actor, data: JSON.parse(r.dataJson) as unknown })),
        next_before: page.next,
      },
      200,
    );
  });
  api.openapi(verifyRoute, async (c) => {
    const r = await verifyChain(d.store.sql, storeAuditSource(d.store), c.get('user')!.login);
    return c.json(
      {
        ok: r.ok,
        count: r.count,
        last_seq: r.ok ? r.count : null,
        last_hash: r.ok ? r.lastHash : null,
        first_bad: r.ok ? null : r.firstBad,
        verified_at: new Date(r.verifiedAt).toISOString(),
      },
      200,
    );
  });
}
