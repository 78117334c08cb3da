// GET /api/v1/files: received files with their state, newest first, keyset-paginated by cursor (OpenAPI-described).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { FILE_STATES } from '../../pipeline/states.ts';
import type { Store } from '../../store/db.ts';
import { listFiles, type FileRow } from '../../store/files-repo.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { badQuery } from './bad-query.ts';
import { API_ERRORS, API_SECURITY, json } from './openapi.ts';

export const fileViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    mailbox: z.string(),
    sha256: z.string(),
    size: z.number(),
    state: z.enum(FILE_STATES),
    received_at: z.string().describe('ISO 8601 UTC'),
    error: z.array(z.object({ code: z.string(), message: z.string(), line: z.number().nullable() })).nullable(),
    duplicate_of: z.string().nullable(),
    format: z.string().nullable(),
  })
  .meta({ id: 'File' });
export type FileView = z.infer<typeof fileViewSchema>;

export function toFileView(r: FileRow): FileView {
  const errors = r.issues.filter((i) => i.severity === 'error');
  return {
    id: r.id,
    name: r.name,
    mailbox: r.mailbox,
    sha256: r.sha256,
    size: r.size,
    state: r.state,
    received_at: new Date(r.receivedAt).toISOString(),
    error: errors.length ? errors.map((i) => ({ code: i.code, message: i.message, line: i.line ?? null })) : null,
    duplicate_of: r.duplicateOf,
    format: r.format,
  };
}

const query = z.strictObject({
  state: z.enum(FILE_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^[0-9A-Z]{26}$/, 'a cursor returned as next_cursor').optional(),
  lang: z.enum(['kk', 'ru', 'en']).optional(),
});

const route = createRoute({
  method: 'get',
  path: '/api/v1/files',
  summary: 'Received files, newest first (keyset paging: pass next_cursor as cursor)',
  security: API_SECURITY,
  request: { query },
  responses: { 200: json(z.object({ items: z.array(fileViewSchema), next_cursor: z.string().nullable() }).meta({ id: 'FilePage' }), 'One page'), ...API_ERRORS },
});

export function filesPage(store: Store, q: { state?: FileRow['state'] | undefined; limit: number; cursor?: string | undefined }): { items: FileView[]; next_cursor: string | null } {
  const { items, nextCursor } = listFiles(store, q);
  return { items: items.map(toFileView), next_cursor: nextCursor };
}

export function registerFilesApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(
    route,
    (c) => {
      const { lang: _lang, ...q } = c.req.valid('query');
      return c.json(filesPage(d.store, q), 200);
    },
    (result, c) => (result.success ? undefined : badQuery(c, result.error)),
  );
}
