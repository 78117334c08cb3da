// Received files: record (durably, with their audit event), look up, move through states, list and count.
import { and, asc, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { ErrorCode } from '../core/error-codes.ts';
import { GatewayError } from '../core/errors.ts';
import { newId } from '../core/id.ts';
import type { Issue } from '../core/issue.ts';
import { appendEvent } from './audit.ts';
import type { Store } from './db.ts';
import { FILE_STATES, files, type FileState } from './schema.ts';

export interface FileRow {
  id: string;
  mailbox: string;
  name: string;
  claimId: string;
  sha256: string;
  size: number;
  state: FileState;
  format: string | null;
  /** Code of the first error-severity issue (of a rejected/invalid file: else its first issue); null for warnings only. */
  errorCode: ErrorCode | null;
  /** Every problem found; warnings of a parsed file too. Empty when none. */
  issues: Issue[];
  duplicateOf: string | null;
  receivedAt: number;
  updatedAt: number;
}

export interface ReceivedFileInput {
  mailbox: string;
  name: string;
  claimId: string;
  sha256: string;
  size: number;
  /** Format detected at intake, when known. */
  format?: string | null;
  /** Default 'system'. */
  actor?: string;
}

export interface RejectedFileInput extends ReceivedFileInput {
  issues: Issue[];
  /** The accepted file with the same bytes, when the rejection is a duplicate. */
  duplicateOf?: string | undefined;
}

/**
 * Moves setFileState allows. 'received' and 'rejected' are entered only by the record* functions;
 * 'rejected' and 'invalid' are final (a corrected file is sent again as a new file).
 */
const TRANSITIONS: Record<FileState, readonly FileState[]> = {
  received: ['parsed', 'invalid'],
  parsed: ['invalid'],
  invalid: [],
  rejected: [],
};

type Row = typeof files.$inferSelect;

function toFileRow(r: Row): FileRow {
  return {
    id: r.id,
    mailbox: r.mailbox,
    name: r.name,
    claimId: r.claimId,
    sha256: r.sha256,
    size: r.size,
    state: r.state,
    format: r.format,
    errorCode: r.errorCode as ErrorCode | null,
    issues: r.errorsJson ? (JSON.parse(r.errorsJson) as Issue[]) : [],
    duplicateOf: r.duplicateOf,
    receivedAt: r.receivedAt,
    updatedAt: r.updatedAt,
  };
}

function issueColumns(issues: readonly Issue[] | undefined, state: FileState): { errorCode: string | null; errorsJson: string | null } {
  if (!issues || issues.length === 0) return { errorCode: null, errorsJson: null };
  // A parsed file with warnings has no error code; a refused file always names one.
  const refused = state === 'rejected' || state === 'invalid';
  const first = issues.find((i) => i.severity === 'error') ?? (refused ? issues[0] : undefined);
  return { errorCode: first?.code ?? null, errorsJson: JSON.stringify(issues) };
}

function insertFile(store: Store, input: ReceivedFileInput, state: 'received' | 'rejected', extra: { issues?: Issue[]; duplicateOf?: string | undefined }): FileRow {
  const known = findFileByClaimId(store, input.claimId);
  if (known) return known; // a restart re-delivering its own claim: same row, no second event
  const at = store.clock.now();
  const row: Row = {
    id: newId(at),
    mailbox: input.mailbox,
    name: input.name,
    claimId: input.claimId,
    sha256: input.sha256,
    size: input.size,
    state,
    format: input.format ?? null,
    ...issueColumns(extra.issues, state),
    duplicateOf: extra.duplicateOf ?? null,
    receivedAt: at,
    updatedAt: at,
  };
  prepared(store).insert.run(row);
  appendEvent(store.sqlite, {
    entityType: 'file',
    entityId: row.id,
    type: `file.${state}`,
    actor: input.actor ?? 'system',
    at,
    data: {
      mailbox: row.mailbox,
      name: row.name,
      claimId: row.claimId,
      sha256: row.sha256,
      size: row.size,
      format: row.format,
      ...(state === 'rejected' ? { errorCode: row.errorCode, duplicateOf: row.duplicateOf, issues: extra.issues ?? [] } : {}),
    },
  });
  return toFileRow(row);
}

/**
 * Records an accepted file and its 'file.received' event in one durable commit (synchronous=FULL):
 * when this returns, the source may acknowledge the file. Idempotent per claimId (returns the row
 * already recorded). Identical bytes already accepted → throws better-sqlite3's SqliteError with
 * code 'SQLITE_CONSTRAINT_UNIQUE' (the partial unique index); record the copy with recordRejectedFile.
 */
export function recordReceivedFile(store: Store, input: ReceivedFileInput): FileRow {
  return store.durable(() => insertFile(store, input, 'received', {}));
}

/** Records a file that is refused (duplicate, empty, unreadable, unknown format) with its reasons, durably. Idempotent per claimId. */
export function recordRejectedFile(store: Store, input: RejectedFileInput): FileRow {
  return store.durable(() => insertFile(store, input, 'rejected', { issues: input.issues, duplicateOf: input.duplicateOf }));
}

export function getFile(store: Store, id: string): FileRow | undefined {
  const r = store.db.select().from(files).where(eq(files.id, id)).get();
  return r ? toFileRow(r) : undefined;
}

/** Intake's look-ups and insert run for every file: prepared once per store, not rebuilt by the query builder each time. */
function buildPrepared(store: Store) {
  const p = <K extends string>(name: K) => sql.placeholder(name);
  return {
    byClaim: store.db.select().from(files).where(eq(files.claimId, p('claimId'))).prepare(),
    acceptedBySha: store.db.select().from(files).where(and(eq(files.sha256, p('sha256')), ne(files.state, 'rejected'))).prepare(),
    insert: store.db
      .insert(files)
      .values({
        id: p('id'), mailbox: p('mailbox'), name: p('name'), claimId: p('claimId'), sha256: p('sha256'), size: p('size'),
        state: p('state'), format: p('format'), errorCode: p('errorCode'), errorsJson: p('errorsJson'),
        duplicateOf: p('duplicateOf'), receivedAt: p('receivedAt'), updatedAt: p('updatedAt'),
      })
      .prepare(),
  };
}
const preparedCache = new WeakMap<Store, ReturnType<typeof buildPrepared>>();
function prepared(store: Store): ReturnType<typeof buildPrepared> {
  let p = preparedCache.get(store);
  if (!p) preparedCache.set(store, (p = buildPrepared(store)));
  return p;
}

export function findFileByClaimId(store: Store, claimId: string): FileRow | undefined {
  const r = prepared(store).byClaim.get({ claimId });
  return r ? toFileRow(r) : undefined;
}

/** The one non-rejected file with these bytes, if any (served by the partial unique index). */
export function findAcceptedFileBySha(store: Store, sha256: string): FileRow | undefined {
  const r = prepared(store).acceptedBySha.get({ sha256 });
  return r ? toFileRow(r) : undefined;
}

/**
 * Moves a file to a new state with a 'file.<state>' event, in one transaction (a savepoint of the
 * caller's, if any). Setting the state it already has is a no-op without an event, so a redelivered
 * job changes nothing. `issues` replaces the stored problems; `format` is kept unless given.
 */
export function setFileState(store: Store, id: string, state: FileState, opts: { format?: string; issues?: Issue[]; actor?: string } = {}): FileRow {
  return store.transaction(() => {
    const current = getFile(store, id);
    if (!current) throw new GatewayError('BUG_UNEXPECTED', `no file ${id}`);
    if (current.state === state) return current;
    if (!TRANSITIONS[current.state].includes(state)) {
      throw new GatewayError('BUG_UNEXPECTED', `file ${id}: ${current.state} → ${state} is not an allowed transition`);
    }
    const at = store.clock.now();
    const patch = {
      state,
      updatedAt: at,
      ...(opts.format !== undefined ? { format: opts.format } : {}),
      ...(opts.issues !== undefined ? issueColumns(opts.issues, state) : {}),
    };
    const updated = store.db.update(files).set(patch).where(eq(files.id, id)).returning().get();
    appendEvent(store.sqlite, {
      entityType: 'file',
      entityId: id,
      type: `file.${state}`,
      actor: opts.actor ?? 'system',
      at,
      data: { from: current.state, to: state, format: updated!.format, errorCode: updated!.errorCode, issues: opts.issues ?? [] },
    });
    return toFileRow(updated!);
  });
}

export interface ListFilesQuery {
  state?: FileState | undefined;
  /** Page size, clamped to 1..1000. */
  limit: number;
  /** nextCursor of the previous page. */
  cursor?: string | undefined;
}

/**
 * Newest first, keyset-paginated by id: ids are time-ordered (newId), so `id < cursor` is the next
 * page, stable while new files arrive (they sort before page one instead of shifting later pages).
 * Served by the primary key, or by (state, id) when filtered.
 */
export function listFiles(store: Store, q: ListFilesQuery): { items: FileRow[]; nextCursor: string | null } {
  const limit = Math.min(1000, Math.max(1, Math.floor(q.limit)));
  const where = and(q.state ? eq(files.state, q.state) : undefined, q.cursor ? lt(files.id, q.cursor) : undefined);
  const rows = store.db.select().from(files).where(where).orderBy(desc(files.id)).limit(limit + 1).all();
  const items = rows.slice(0, limit).map(toFileRow);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** Ids of every file in a state, oldest first (start-up sweep: re-queue what was received but not parsed). */
export function listFileIdsInState(store: Store, state: FileState): string[] {
  return store.db.select({ id: files.id }).from(files).where(eq(files.state, state)).orderBy(asc(files.id)).all().map((r) => r.id);
}

export function countFilesByState(store: Store): Record<FileState, number> {
  const counts = Object.fromEntries(FILE_STATES.map((s) => [s, 0])) as Record<FileState, number>;
  const rows = store.db.select({ state: files.state, n: sql<number>`count(*)` }).from(files).groupBy(files.state).all();
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}
