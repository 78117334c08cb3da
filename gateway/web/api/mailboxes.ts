// GET /api/v1/mailboxes: every configured mailbox with its folders' file counts, waiting files, last received and
// exported files and the latest errors (details in the request's language), as the mailboxes page shows them.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { mailboxViews } from '../mailboxes/view.ts';
import { API_ERRORS, API_SECURITY, json } from './openapi.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const mailboxSchema = z
  .object({
    name: z.string(),
    root: z.string(),
    folders: z.array(z.object({ folder: z.enum(['in', 'processing', 'out', 'archive', 'error']), path: z.string(), files: z.number(), capped: z.boolean().describe('more files than were counted'), error: z.string().nullable().describe('errno code when the folder cannot be read') })),
    waiting: z.array(z.object({ name: z.string(), size: z.number(), modified_at: z.string(), claimed: z.boolean().describe('in in/.processing: taken, answer not given yet') })),
    waiting_more: z.boolean(),
    received: z.array(z.object({ id: z.string(), name: z.string(), state: z.string(), received_at: z.string() })),
    exported: z.array(z.object({ path: z.string().describe('relative to the mailbox root'), written_at: z.string() })),
    errors: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        state: z.string(),
        received_at: z.string(),
        code: z.string().nullable(),
        line: z.number().nullable(),
        message: z.string().nullable().describe("the first error's details in the request's language"),
        report: z.string().nullable().describe('name of the .err report in error/'),
      }),
    ),
  })
  .meta({ id: 'Mailbox' });

const route = createRoute({ method: 'get', path: '/api/v1/mailboxes', summary: 'Mailboxes: folders, waiting files, last received and exported files, latest errors', security: API_SECURITY, responses: { 200: json(z.object({ items: z.array(mailboxSchema) }), 'Every configured mailbox'), ...API_ERRORS } });

export function registerMailboxesApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(route, async (c) => {
    const lang = c.get('lang');
    const items = (await mailboxViews(d)).map((m) => ({
      name: m.name,
      root: m.root,
      folders: m.folders,
      waiting: m.waiting.map((w) => ({ name: w.name, size: w.size, modified_at: iso(w.modifiedAt), claimed: w.claimed })),
      waiting_more: m.waitingMore,
      received: m.received.map((f) => ({ id: f.id, name: f.name, state: f.state, received_at: iso(f.receivedAt) })),
      exported: m.exported.map((x) => ({ path: x.path, written_at: iso(x.writtenAt) })),
      errors: m.errors.map((e) => ({
        id: e.id,
        name: e.name,
        state: e.state,
        received_at: iso(e.receivedAt),
        code: e.issue?.code ?? null,
        line: e.issue?.line ?? null,
        message: e.issue ? (lang === 'en' ? e.issue.message : (e.issue.text?.[lang] ?? e.issue.message)) : null,
        report: e.report,
      })),
    }));
    return c.json({ items }, 200);
  });
}
