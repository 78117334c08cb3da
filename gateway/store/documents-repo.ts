// Parsed documents: stored all-or-nothing per file with a 'document.created' event each; money as bigint ↔ TEXT.
import { createHash } from 'node:crypto';
import { GatewayError } from '../core/errors.ts';
import { newId } from '../core/id.ts';
import type { Issue } from '../core/issue.ts';
import type { CanonicalDocument, DocumentKind } from '../core/model/document.ts';
import { fromJson, toJson } from '../core/model/json.ts';
import type { Money } from '../core/model/money.ts';
import type { Store } from './db.ts';
import { pageDocuments, type DocumentPageQuery } from './document-list.ts';
import { setFileState } from './files-repo.ts';
import type { documents, DocumentState, FileState } from './schema.ts';
import { appendEventTx } from './sql/audit-log.ts';
import type { Db } from './sql/executor.ts';

export const INITIAL_DOCUMENT_STATE: DocumentState = 'parsed';

export interface NewDocument {
  /** Position in the file; unique per file. */
  seq: number;
  /** 1-based line where the document starts. */
  line?: number | undefined;
  document: CanonicalDocument;
  /** Default 'parsed'; the parse step stores 'awaiting-signature' or 'invalid' after validation. */
  state?: DocumentState;
  /** Problems of this document (format and validation), warnings included. */
  issues?: Issue[];
}

export interface DocumentRow {
  id: string;
  fileId: string;
  seq: number;
  line: number | null;
  kind: DocumentKind;
  number: string;
  /** 'YYYY-MM-DD'. */
  docDate: string;
  /** Null for kinds without an amount (letters). */
  amount: Money | null;
  state: DocumentState;
  issues: Issue[];
  createdAt: number;
  document: CanonicalDocument;
}

export interface InsertDocumentsOptions {
  /** Also move the file to this state (with its event) in the same transaction, e.g. 'parsed'. */
  fileState?: FileState;
  format?: string;
  /** Stored on the file with fileState (warnings of a parsed file). */
  issues?: Issue[];
  actor?: string;
}

const INSERT = `INSERT INTO documents (id, file_id, seq, line, kind, number, doc_date, amount_minor, currency, body_json, state, issues_json, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

/** Inserts one row as given (the caller's transaction makes a batch atomic; the port reuses the prepared statement). */
export async function insertDocumentRow(db: Db, r: InsertRow): Promise<void> {
  await db.run(INSERT, [r.id, r.fileId, r.seq, r.line, r.kind, r.number, r.docDate, r.amountMinor, r.currency, r.bodyJson, r.state, r.issuesJson, r.createdAt]);
}

/** The columns of documents under Row's names (the generated search columns are not read). */
export const DOCUMENT_COLUMNS = `id, file_id AS "fileId", seq, line, kind, number, doc_date AS "docDate", amount_minor AS "amountMinor", currency,
  body_json AS "bodyJson", state, issues_json AS "issuesJson", created_at AS "createdAt"`;

/** Money is never a float: the TEXT column holds the bigint's decimal digits, nothing else. */
export function amountToText(minor: bigint): string {
  if (typeof minor !== 'bigint') throw new TypeError(`amount must be a bigint of minor units, got ${typeof minor}`);
  return minor.toString();
}

export function amountFromText(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new GatewayError('BUG_UNEXPECTED', `stored amount is not an integer: '${text}'`);
  return BigInt(text);
}

/** The stored columns: the search columns (payer_account, beneficiary_*, amount_int) are generated from them. */
export type InsertRow = Omit<typeof documents.$inferSelect, 'payerAccount' | 'beneficiaryName' | 'beneficiaryBin' | 'amountInt'>;
export type Row = InsertRow;

export function toDocumentRow(r: Row): DocumentRow {
  return {
    id: r.id,
    fileId: r.fileId,
    seq: r.seq,
    line: r.line,
    kind: r.kind as DocumentKind,
    number: r.number,
    docDate: r.docDate,
    amount: r.amountMinor !== null && r.currency !== null ? { minor: amountFromText(r.amountMinor), currency: r.currency } : null,
    state: r.state as DocumentState,
    issues: r.issuesJson ? (JSON.parse(r.issuesJson) as Issue[]) : [],
    createdAt: r.createdAt,
    document: fromJson<CanonicalDocument>(r.bodyJson),
  };
}

/**
 * Stores every document of a file in ONE transaction, or none: a failure on any row rolls back the
 * rows, their events and the optional file state change together. Calling it again for a file that
 * already has its documents is a no-op returning the existing ids (the parse job is delivered at least
 * once). Runs as a savepoint inside the caller's transaction if there is one.
 *
 * One event per document (not one per batch): the audit table is also the per-document timeline, and
 * each event carries the SHA-256 of the stored body_json, so a later edit of a document row (amount,
 * beneficiary) shows against the hash-chained record of what was parsed.
 */
export function insertDocuments(db: Db, fileId: string, docs: readonly NewDocument[], opts: InsertDocumentsOptions = {}): Promise<{ ids: string[]; created: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await tx.all<{ id: string; seq: number }>(`SELECT id, seq FROM documents WHERE file_id = $1 ORDER BY seq`, [fileId]);
    let result: { ids: string[]; created: boolean };
    if (existing.length > 0) {
      const want = docs.map((d) => d.seq).sort((a, b) => a - b);
      if (want.length !== existing.length || want.some((s, i) => s !== existing[i]!.seq)) {
        throw new GatewayError('BUG_UNEXPECTED', `file ${fileId} already has ${existing.length} documents that differ from the ${docs.length} given`);
      }
      result = { ids: existing.map((r) => r.id), created: false };
    } else {
      result = { ids: await insertNew(tx, fileId, docs, opts.actor ?? 'system'), created: docs.length > 0 };
    }
    if (opts.fileState) {
      await setFileState(tx, fileId, opts.fileState, {
        ...(opts.format !== undefined ? { format: opts.format } : {}),
        ...(opts.issues !== undefined ? { issues: opts.issues } : {}),
        ...(opts.actor !== undefined ? { actor: opts.actor } : {}),
      });
    }
    return result;
  });
}

/**
 * The 'document.created' event: the start of a document's timeline. It carries the SHA-256 of the stored
 * body, so a later edit of the row (amount, beneficiary) shows against the hash-chained record.
 */
export async function appendDocumentCreated(tx: Db, r: Pick<Row, 'id' | 'fileId' | 'seq' | 'line' | 'kind' | 'number' | 'docDate' | 'amountMinor' | 'currency' | 'bodyJson'>, state: string, actor: string, at: number): Promise<void> {
  await appendEventTx(tx, {
    entityType: 'document',
    entityId: r.id,
    type: 'document.created',
    actor,
    at,
    data: { fileId: r.fileId, seq: r.seq, line: r.line, kind: r.kind, number: r.number, date: r.docDate, amountMinor: r.amountMinor, currency: r.currency, state, bodySha256: createHash('sha256').update(r.bodyJson).digest('hex') },
  });
}

async function insertNew(tx: Db, fileId: string, docs: readonly NewDocument[], actor: string): Promise<string[]> {
  const at = tx.clock.now();
  const rows: InsertRow[] = docs.map(({ seq, line, document, state, issues }) => {
    const amount = 'amount' in document ? document.amount : null;
    return {
      id: newId(at),
      fileId,
      seq,
      line: line ?? null,
      kind: document.kind,
      number: document.number,
      docDate: document.date,
      amountMinor: amount ? amountToText(amount.minor) : null,
      currency: amount ? amount.currency : null,
      bodyJson: toJson(document),
      state: state ?? INITIAL_DOCUMENT_STATE,
      issuesJson: issues && issues.length > 0 ? JSON.stringify(issues) : null,
      createdAt: at,
    };
  });
  for (const r of rows) await insertDocumentRow(tx, r);
  for (const r of rows) await appendDocumentCreated(tx, r, r.state, actor, at);
  return rows.map((r) => r.id);
}

/** Rows of an import in progress ('staging:<state>', document-staging.ts) are never shown. */
const NOT_STAGING = `state NOT LIKE 'staging:%'`;

/** The documents of one file in file order. */
export async function listDocuments(db: Db, fileId: string): Promise<DocumentRow[]> {
  return (await db.all<Row>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE file_id = $1 AND ${NOT_STAGING} ORDER BY seq`, [fileId])).map(toDocumentRow);
}

/**
 * Replaces a stored document's content, state and issues in one transaction with an audit event saying why
 * (e.g. 'document.list-attached'): the timeline keeps both the first and the completed version's hash.
 */
export function updateDocumentContent(db: Db, id: string, next: { document: CanonicalDocument; state: DocumentState; issues: Issue[] }, event: { type: string; actor?: string; data?: Record<string, unknown> }): Promise<void> {
  return db.transaction(async (tx) => {
    const bodyJson = toJson(next.document);
    const { changes } = await tx.run(`UPDATE documents SET body_json = $1, state = $2, issues_json = $3 WHERE id = $4 AND ${NOT_STAGING}`, [
      bodyJson,
      next.state,
      next.issues.length ? JSON.stringify(next.issues) : null,
      id,
    ]);
    if (changes !== 1) throw new GatewayError('BUG_UNEXPECTED', `document ${id} does not exist`);
    await appendEventTx(tx, {
      entityType: 'document',
      entityId: id,
      type: event.type,
      actor: event.actor ?? 'system',
      data: { ...(event.data ?? {}), state: next.state, bodySha256: createHash('sha256').update(bodyJson).digest('hex') },
    });
  });
}

/** Documents per state (imports in progress not counted), from the counters the triggers of migration 0008 keep. */
export async function countDocumentsByState(db: Db): Promise<Record<string, number>> {
  const rows = await db.all<{ state: string; n: number }>(`SELECT state, SUM(n) AS n FROM document_counts GROUP BY state HAVING SUM(n) > 0 ORDER BY state`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export type ListDocumentsQuery = DocumentPageQuery;

/**
 * Newest first, keyset-paginated by id (ids are time-ordered), under the dashboard's filters and searches
 * (document-list.ts); the full rows of one page.
 */
export async function queryDocuments(store: Store, q: ListDocumentsQuery): Promise<{ items: DocumentRow[]; nextCursor: string | null; partial: boolean }> {
  const page = await pageDocuments(store.sql, q);
  const items: DocumentRow[] = [];
  for (const i of page.items) items.push((await getDocument(store.sql, i.id))!);
  return { items, nextCursor: page.nextCursor, partial: page.partial };
}

export async function getDocument(db: Db, id: string): Promise<DocumentRow | undefined> {
  const r = await db.get<Row>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1 AND ${NOT_STAGING}`, [id]);
  return r ? toDocumentRow(r) : undefined;
}
