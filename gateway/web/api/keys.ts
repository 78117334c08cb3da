// GET /api/v1/keys: signing keys with their token presence, lock state, bound user and sign-queue counts (the shape
// `tests/e2e` and scripts read: items[].id, user, served, token_present, unlocked, …).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { JOB_STATES } from '../../queue/port.ts';
import { listUsers } from '../../store/users-repo.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { keyViews } from '../views/keys-view.ts';
import { API_ERRORS, API_SECURITY, json } from './openapi.ts';

const keySchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    label: z.string(),
    token_label: z.string().nullable(),
    token_serial: z.string().nullable(),
    subject: z.string(),
    iin: z.string().nullable(),
    bin: z.string().nullable(),
    not_before: z.string(),
    not_after: z.string(),
    user: z.string().nullable().describe('Login of the user the key is bound to'),
    served: z.boolean().describe('A configured provider serves the key here (it can sign)'),
    token_present: z.boolean(),
    unlocked: z.boolean(),
    running: z.boolean(),
    presence_error: z.string().nullable(),
    automatic: z.boolean(),
    last_signed_at: z.string().nullable(),
    queue: z.object(Object.fromEntries(JOB_STATES.map((s) => [s, z.number().int()])) as Record<(typeof JOB_STATES)[number], z.ZodNumber>).nullable(),
  })
  .meta({ id: 'SigningKey' });

const listRoute = createRoute({ method: 'get', path: '/api/v1/keys', summary: 'Signing keys, their tokens, users and sign queues', security: API_SECURITY, responses: { 200: json(z.object({ items: z.array(keySchema) }), 'Keys'), ...API_ERRORS } });

export function registerKeysApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(listRoute, async (c) => {
    const logins = new Map((await listUsers(d.store.sql)).map((u) => [u.id, u.login]));
    const items = (await keyViews(d)).map((k) => ({
      id: k.keyId,
      provider: k.provider,
      label: k.label,
      token_label: k.tokenLabel,
      token_serial: k.tokenSerial,
      subject: k.subject,
      iin: k.iin,
      bin: k.bin,
      not_before: k.notBefore,
      not_after: k.notAfter,
      user: k.boundUserId ? (logins.get(k.boundUserId) ?? null) : null,
      served: k.served,
      token_present: k.present,
      unlocked: k.unlocked,
      running: k.running,
      presence_error: k.presenceError,
      automatic: k.automatic,
      last_signed_at: k.lastSignedAt ? new Date(k.lastSignedAt).toISOString() : null,
      queue: k.queue,
    }));
    return c.json({ items }, 200);
  });
}
