// What the store knows about a mailbox: the last files received, the last files written back to 1C (out/), and the
// latest refused or invalid files with their first error and the name of their `.err` report in error/.
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Issue } from '../../core/issue.ts';
import type { Db } from '../../store/sql/executor.ts';
import { suffixedName } from '../../../plugins/source-folder/index.ts';

export interface ReceivedFile {
  id: string;
  name: string;
  state: string;
  receivedAt: number;
}

export interface ExportedFile {
  /** Relative to the mailbox root (out/...). */
  path: string;
  writtenAt: number;
}

export interface FailedFile extends ReceivedFile {
  /** The first error of the file (its details in en, ru, kk). */
  issue: Issue | null;
  /** Name of the `.err` report in error/, when it is there. */
  report: string | null;
}

/** Recent exports are found among the last rows written: the table grows by a few rows per document. */
const EXPORT_WINDOW = 5000;

export function lastReceived(db: Db, mailbox: string, limit = 5): Promise<ReceivedFile[]> {
  return db.all<ReceivedFile & Record<string, unknown>>('SELECT id, name, state, received_at AS "receivedAt" FROM files WHERE mailbox = $1 ORDER BY id DESC LIMIT $2', [mailbox, limit]);
}

/**
 * SQLite: the last EXPORT_WINDOW rows by rowid (the order they were written in). PostgreSQL has no rowid: the mailbox's
 * rows by written_at (a scan of the table: exports has no index on written_at).
 */
function lastExportRows(db: Db, mailbox: string, limit: number): Promise<ExportedFile[]> {
  if (db.dialect === 'postgres') return db.all<ExportedFile & Record<string, unknown>>('SELECT path, written_at AS "writtenAt" FROM exports WHERE mailbox = $1 ORDER BY written_at DESC LIMIT $2', [mailbox, limit]);
  return db.all<ExportedFile & Record<string, unknown>>(
    'SELECT path, written_at AS "writtenAt" FROM exports WHERE mailbox = $1 AND rowid > (SELECT coalesce(max(rowid), 0) FROM exports) - $2 ORDER BY written_at DESC LIMIT $3',
    [mailbox, EXPORT_WINDOW, limit],
  );
}

export async function lastExports(db: Db, mailbox: string, root: string, limit = 10): Promise<ExportedFile[]> {
  const rows = await lastExportRows(db, mailbox, limit);
  const base = path.resolve(root);
  return rows.map((r) => {
    const rel = path.relative(base, path.resolve(r.path));
    return { ...r, path: rel.startsWith('..') || path.isAbsolute(rel) ? r.path : rel.split(path.sep).join('/') };
  });
}

const exists = (p: string) => access(p).then(() => true, () => false);

/** The names the source (claim suffix) and the parser (file id suffix) give a report when the plain name is taken. */
async function reportOf(root: string, f: { id: string; name: string; claimId: string }): Promise<string | null> {
  const ext = path.extname(f.name);
  const base = ext ? f.name.slice(0, -ext.length) : f.name;
  for (const name of [f.name, suffixedName(f.name, f.claimId), `${base}.${f.id}${ext}`]) {
    // Names come from the store; a name that would leave error/ is never looked up.
    if (name.includes('/') || name.includes('\\') || name === '..') continue;
    if (await exists(path.join(root, 'error', `${name}.err`))) return `${name}.err`;
  }
  return null;
}

export async function latestErrors(db: Db, mailbox: string, root: string, limit = 10): Promise<FailedFile[]> {
  const q = (state: string) =>
    db.all<ReceivedFile & { claimId: string; errors: string | null } & Record<string, unknown>>(
      'SELECT id, name, claim_id AS "claimId", state, received_at AS "receivedAt", errors_json AS errors FROM files WHERE state = $1 AND mailbox = $2 ORDER BY id DESC LIMIT $3',
      [state, mailbox, limit],
    );
  // One indexed walk per state (state, id), newest first, then merged.
  const rows = [...(await q('invalid')), ...(await q('rejected'))].sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit);
  return Promise.all(
    rows.map(async (r) => {
      const issues = r.errors ? (JSON.parse(r.errors) as Issue[]) : [];
      return { id: r.id, name: r.name, state: r.state, receivedAt: r.receivedAt, issue: issues.find((i) => i.severity === 'error') ?? issues[0] ?? null, report: await reportOf(root, r) };
    }),
  );
}
