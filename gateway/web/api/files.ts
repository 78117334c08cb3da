// GET /api/v1/files: received files with their state, newest first, keyset-paginated by cursor.
import { Hono } from 'hono';
import { z } from 'zod';
import { FILE_STATES, type FileState } from '../../pipeline/states.ts';
import { badQuery } from './bad-query.ts';

export interface FileView {
  id: string;
  name: string;
  mailbox: string;
  sha256: string;
  size: number;
  state: FileState;
  /** ISO 8601 UTC. */
  received_at: string;
  error: { code: string; message: string; line: number | null }[] | null;
  duplicate_of: string | null;
  format: string | null;
}

export interface FilesQuery {
  state?: FileState | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface FilesSource {
  listFiles(q: FilesQuery): { items: FileView[]; nextCursor: string | null };
}

const querySchema = z.strictObject({
  state: z.enum(FILE_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^[0-9A-Z]{26}$/, 'a cursor returned as next_cursor').optional(),
});

export function filesApi(source: FilesSource): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const parsed = querySchema.safeParse(c.req.query());
    if (!parsed.success) return badQuery(c, parsed.error);
    const { items, nextCursor } = source.listFiles(parsed.data);
    return c.json({ items, next_cursor: nextCursor });
  });
  return app;
}
