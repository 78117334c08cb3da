// GET /api/v1/files: received files with their state, newest first, keyset-paginated by cursor; GET /api/v1/files/{id}:
// one file with its result report once parsed (where the HTTP inbox's 202 points). OpenAPI-described.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { FILE_STATES } from '../../pipeline/states.ts';
import type { Store } from '../../store/db.ts';
import { getFile, listFiles, type FileRow } from '../../store/files-repo.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { badQuery } from './bad-query.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';
import { documentRefSchema, fileReportSchema } from './file-report.ts';
import { fileOutcome } from '../../pipeline/stored-result.ts';

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

const ID = /^[0-9A-Z]{26}$/;

export const fileDetailSchema = z
  .object({
    file: fileViewSchema,
    report: fileReportSchema.nullable().describe("null while the file is 'received' (its parse has not finished)"),
    documents: z.array(documentRefSchema),
  })
  .meta({ id: 'FileDetail' });

const detailRoute = createRoute({
  method: 'get',
  path: '/api/v1/files/{id}',
  summary: 'One received file: its state and, once parsed, its result report (the content of out/<name>.result.json)',
  security: API_SECURITY,
  request: { params: z.object({ id: z.string().regex(ID, 'a file id') }), query: z.object({ lang: z.enum(['kk', 'ru', 'en']).optional() }) },
  responses: { 200: json(fileDetailSchema, 'The file'), 404: json(apiErrorSchema, 'No such file (API_NOT_FOUND)'), ...API_ERRORS },
});

export async function filesPage(store: Store, q: { state?: FileRow['state'] | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: FileView[]; next_cursor: string | null }> {
  const { items, nextCursor } = await listFiles(store.sql, q);
  return { items: items.map(toFileView), next_cursor: nextCursor };
}

export function registerFilesApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(
    route,
    async (c) => {
      const { lang: _lang, ...q } = c.req.valid('query');
      return c.json(await filesPage(d.store, q), 200);
    },
    (result, c) => (result.success ? undefined : badQuery(c, result.error)),
  );
  api.openapi(
    detailRoute,
    async (c) => {
      const row = await getFile(d.store.sql, c.req.valid('param').id);
      if (!row) return c.json({ error: { code: 'API_NOT_FOUND', message: c.get('t')('error.not_found') } }, 404);
      return c.json({ file: toFileView(row), ...(await fileOutcome(d.store, row, c.get('lang'))) }, 200);
    },
    (result, c) => (result.success ? undefined : badQuery(c, result.error)),
  );
}
