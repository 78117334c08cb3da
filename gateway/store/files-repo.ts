// Received files: record (durably, with their audit event), look up, move through states, list and count.
import type { ErrorCode } from '../core/error-codes.ts';
import { GatewayError } from '../core/errors.ts';
import { newId } from '../core/id.ts';
import type { Issue } from '../core/issue.ts';
import { FILE_STATES, type FileState } from './schema.ts';
import { appendEventTx } from './sql/audit-log.ts';
import type { Db } from './sql/executor.ts';

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

/** The columns of files under FileRow's names (errors_json is parsed by toFileRow). */
const COLUMNS = `id, mailbox, name, claim_id AS "claimId", sha256, size, state, format, error_code AS "errorCode",
  errors_json AS "errorsJson", duplicate_of AS "duplicateOf", received_at AS "receivedAt", updated_at AS "updatedAt"`;

type Row = Omit<FileRow, 'issues'> & { errorsJson: string | null };

function toFileRow(r: Row): FileRow {
  const { errorsJson, ...rest } = r;
  return { ...rest, issues: errorsJson ? (JSON.parse(errorsJson) as Issue[]) : [] };
}

function issueColumns(issues: readonly Issue[] | undefined, state: FileState): { errorCode: ErrorCode | null; errorsJson: string | null } {
  if (!issues || issues.length === 0) return { errorCode: null, errorsJson: null };
  // A parsed file with warnings has no error code; a refused file always names one.
  const refused = state === 'rejected' || state === 'invalid';
  const first = issues.find((i) => i.severity === 'error') ?? (refused ? issues[0] : undefined);
  return { errorCode: first?.code ?? null, errorsJson: JSON.stringify(issues) };
}

async function insertFile(tx: Db, input: ReceivedFileInput, state: 'received' | 'rejected', extra: { issues?: Issue[]; duplicateOf?: string | undefined }): Promise<FileRow> {
  const known = await findFileByClaimId(tx, input.claimId);
  if (known) return known; // a restart re-delivering its own claim: same row, no second event
  const at = tx.clock.now();
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
  await tx.run(
    `INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, format, error_code, errors_json, duplicate_of, received_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [row.id, row.mailbox, row.name, row.claimId, row.sha256, row.size, row.state, row.format, row.errorCode, row.errorsJson, row.duplicateOf, row.receivedAt, row.updatedAt],
  );
  await appendEventTx(tx, {
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
 * Records an accepted file and its 'file.received' event in one durable commit: when this resolves, the source may
 * acknowledge the file. Idempotent per claimId (returns the row already recorded). Identical bytes already accepted →
 * throws the database's unique violation (the partial unique index; isUniqueViolation tells it); record the copy with
 * recordRejectedFile. Inside a transaction it joins it (a savepoint): the caller's commit must then be durable.
 */
export function recordReceivedFile(db: Db, input: ReceivedFileInput): Promise<FileRow> {
  return db.durable((tx) => insertFile(tx, input, 'received', {}));
}

/** Records a file that is refused (duplicate, empty, unreadable, unknown format) with its reasons, durably. Idempotent per claimId. */
export function recordRejectedFile(db: Db, input: RejectedFileInput): Promise<FileRow> {
  return db.durable((tx) => insertFile(tx, input, 'rejected', { issues: input.issues, duplicateOf: input.duplicateOf }));
}

export async function getFile(db: Db, id: string): Promise<FileRow | undefined> {
  const r = await db.get<Row>(`SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]);
  return r ? toFileRow(r) : undefined;
}

export async function findFileByClaimId(db: Db, claimId: string): Promise<FileRow | undefined> {
  const r = await db.get<Row>(`SELECT ${COLUMNS} FROM files WHERE claim_id = $1`, [claimId]);
  return r ? toFileRow(r) : undefined;
}

/** The one non-rejected file with these bytes, if any (served by the partial unique index). */
export async function findAcceptedFileBySha(db: Db, sha256: string): Promise<FileRow | undefined> {
  const r = await db.get<Row>(`SELECT ${COLUMNS} FROM files WHERE sha256 = $1 AND state <> 'rejected'`, [sha256]);
  return r ? toFileRow(r) : undefined;
}

/**
 * Moves a file to a new state with a 'file.<state>' event, in one transaction (a savepoint of the
 * caller's, if any). Setting the state it already has is a no-op without an event, so a redelivered
 * job changes nothing. `issues` replaces the stored problems; `format` is kept unless given.
 */
export function setFileState(db: Db, id: string, state: FileState, opts: { format?: string; issues?: Issue[]; actor?: string } = {}): Promise<FileRow> {
  return db.transaction(async (tx) => {
    const current = await getFile(tx, id);
    if (!current) throw new GatewayError('BUG_UNEXPECTED', `no file ${id}`);
    if (current.state === state) return current;
    if (!TRANSITIONS[current.state].includes(state)) {
      throw new GatewayError('BUG_UNEXPECTED', `file ${id}: ${current.state} → ${state} is not an allowed transition`);
    }
    const at = tx.clock.now();
    const sets = ['state = $2', 'updated_at = $3'];
    const params: (string | number | null)[] = [id, state, at];
    if (opts.format !== undefined) params.push(opts.format), sets.push(`format = $${params.length}`);
    if (opts.issues !== undefined) {
      const c = issueColumns(opts.issues, state);
      params.push(c.errorCode), sets.push(`error_code = $${params.length}`);
      params.push(c.errorsJson), sets.push(`errors_json = $${params.length}`);
    }
    const updated = (await tx.get<Row>(`UPDATE files SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`, params))!;
    await appendEventTx(tx, {
      entityType: 'file',
      entityId: id,
      type: `file.${state}`,
      actor: opts.actor ?? 'system',
      at,
      data: { from: current.state, to: state, format: updated.format, errorCode: updated.errorCode, issues: opts.issues ?? [] },
    });
    return toFileRow(updated);
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
export async function listFiles(db: Db, q: ListFilesQuery): Promise<{ items: FileRow[]; nextCursor: string | null }> {
  const limit = Math.min(1000, Math.max(1, Math.floor(q.limit)));
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.state) params.push(q.state), where.push(`state = $${params.length}`);
  if (q.cursor) params.push(q.cursor), where.push(`id < $${params.length}`);
  params.push(limit + 1);
  const rows = await db.all<Row>(
    `SELECT ${COLUMNS} FROM files ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, limit).map(toFileRow);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** Ids of every file in a state, oldest first (start-up sweep: re-queue what was received but not parsed). */
export async function listFileIdsInState(db: Db, state: FileState): Promise<string[]> {
  return (await db.all<{ id: string }>(`SELECT id FROM files WHERE state = $1 ORDER BY id`, [state])).map((r) => r.id);
}

export async function countFilesByState(db: Db): Promise<Record<FileState, number>> {
  const counts = Object.fromEntries(FILE_STATES.map((s) => [s, 0])) as Record<FileState, number>;
  const rows = await db.all<{ state: FileState; n: number }>(`SELECT state, count(*) AS n FROM files GROUP BY state`);
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}
