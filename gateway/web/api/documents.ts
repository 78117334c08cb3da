// GET /api/v1/documents?state=&kind=&file=&limit=&cursor=: stored documents, newest first.
import { Hono } from 'hono';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../core/model/document.ts';
import { documentJson, type DocumentJson } from '../../core/model/document-json.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import type { Store } from '../../store/db.ts';
import { queryDocuments, type DocumentRow } from '../../store/documents-repo.ts';
import { badQuery } from './bad-query.ts';

export interface DocumentView extends DocumentJson {
  id: string;
  file_id: string;
  line: number | null;
  state: DocumentRow['state'];
  issues: { code: string; severity: string; line: number | null; field: string | null; message: string }[];
  created_at: string;
}

export function toDocumentView(r: DocumentRow): DocumentView {
  return {
    id: r.id,
    file_id: r.fileId,
    line: r.line,
    state: r.state,
    ...documentJson(r.document),
    issues: r.issues.map((i) => ({ code: i.code, severity: i.severity, line: i.line ?? null, field: i.field ?? null, message: i.message })),
    created_at: new Date(r.createdAt).toISOString(),
  };
}

const ID = /^[0-9A-Z]{26}$/;
const querySchema = z.strictObject({
  state: z.enum(DOCUMENT_STATES).optional(),
  kind: z.enum(DOCUMENT_KINDS).optional(),
  file: z.string().regex(ID, 'a file id').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(ID, 'a cursor returned as next_cursor').optional(),
});

export function documentsApi(store: Store): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const parsed = querySchema.safeParse(c.req.query());
    if (!parsed.success) return badQuery(c, parsed.error);
    const { file, ...rest } = parsed.data;
    const { items, nextCursor } = queryDocuments(store, { ...rest, fileId: file });
    return c.json({ items: items.map(toDocumentView), next_cursor: nextCursor });
  });
  return app;
}
