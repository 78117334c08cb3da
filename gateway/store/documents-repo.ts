// Parsed documents: stored all-or-nothing per file with a 'document.created' event each; money as bigint ↔ TEXT.
import { createHash } from 'node:crypto';
import { and, asc, eq, notLike, sql } from 'drizzle-orm';
import { GatewayError } from '../core/errors.ts';
import { newId } from '../core/id.ts';
import type { Issue } from '../core/issue.ts';
import type { CanonicalDocument, DocumentKind } from '../core/model/document.ts';
import { fromJson, toJson } from '../core/model/json.ts';
import type { Money } from '../core/model/money.ts';
import { appendEvent } from './audit.ts';
import type { Store } from './db.ts';
import { preparedOnce } from './prepared.ts';
import { pageDocuments, type DocumentPageQuery } from './document-list.ts';
import { setFileState } from './files-repo.ts';
import { documents, type DocumentState, type FileState } from './schema.ts';

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

/**
 * One prepared single-row INSERT, reused: inside a transaction it costs a few µs per row, where building
 * multi-row statements through the query builder cost ~50 µs per document (100,000-document files).
 */
const insertCache = new WeakMap<Store, { run(r: InsertRow): unknown }>();
/** Inserts one row as given (the caller's transaction makes a batch atomic). */
export function insertDocumentRow(store: Store, r: InsertRow): void {
  insertStatement(store).run(r);
}
function insertStatement(store: Store): { run(r: InsertRow): unknown } {
  let s = insertCache.get(store);
  if (!s) {
    const stmt = store.sqlite.prepare(
      `INSERT INTO documents (id, file_id, seq, line, kind, number, doc_date, amount_minor, currency, body_json, state, issues_json, created_at)
       VALUES (@id, @fileId, @seq, @line, @kind, @number, @docDate, @amountMinor, @currency, @bodyJson, @state, @issuesJson, @createdAt)`,
    );
    s = { run: (r: InsertRow) => stmt.run(r) };
    insertCache.set(store, s);
  }
  return s;
}

/** Money is never a float: the TEXT column holds the bigint's decimal digits, nothing else. */
export function amountToText(minor: bigint): string {
  if (typeof minor !== 'bigint') throw new TypeError(`amount must be a bigint of minor units, got ${typeof minor}`);
  return minor.toString();
}

export function amountFromText(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new GatewayError('BUG_UNEXPECTED', `stored amount is not an integer: '${text}'`);
  return BigInt(text);
}

export type Row = typeof documents.$inferSelect;
/** The stored columns: the search columns (payer_account, beneficiary_*, amount_int) are generated from them. */
export type InsertRow = Omit<Row, 'payerAccount' | 'beneficiaryName' | 'beneficiaryBin' | 'amountInt'>;

function toDocumentRow(r: Row): DocumentRow {
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
export function insertDocuments(store: Store, fileId: string, docs: readonly NewDocument[], opts: InsertDocumentsOptions = {}): { ids: string[]; created: boolean } {
  return store.transaction(() => {
    const existing = store.db.select({ id: documents.id, seq: documents.seq }).from(documents).where(eq(documents.fileId, fileId)).orderBy(asc(documents.seq)).all();
    let result: { ids: string[]; created: boolean };
    if (existing.length > 0) {
      const want = docs.map((d) => d.seq).sort((a, b) => a - b);
      if (want.length !== existing.length || want.some((s, i) => s !== existing[i]!.seq)) {
        throw new GatewayError('BUG_UNEXPECTED', `file ${fileId} already has ${existing.length} documents that differ from the ${docs.length} given`);
      }
      result = { ids: existing.map((r) => r.id), created: false };
    } else {
      result = { ids: insertNew(store, fileId, docs, opts.actor ?? 'system'), created: docs.length > 0 };
    }
    if (opts.fileState) {
      setFileState(store, fileId, opts.fileState, {
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
export function appendDocumentCreated(store: Store, r: Pick<Row, 'id' | 'fileId' | 'seq' | 'line' | 'kind' | 'number' | 'docDate' | 'amountMinor' | 'currency' | 'bodyJson'>, state: string, actor: string, at: number): void {
  appendEvent(store.sqlite, {
    entityType: 'document',
    entityId: r.id,
    type: 'document.created',
    actor,
    at,
    data: { fileId: r.fileId, seq: r.seq, line: r.line, kind: r.kind, number: r.number, date: r.docDate, amountMinor: r.amountMinor, currency: r.currency, state, bodySha256: createHash('sha256').update(r.bodyJson).digest('hex') },
  });
}

function insertNew(store: Store, fileId: string, docs: readonly NewDocument[], actor: string): string[] {
  const at = store.clock.now();
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
  const insert = insertStatement(store);
  for (const r of rows) insert.run(r);
  for (const r of rows) appendDocumentCreated(store, r, r.state, actor, at);
  return rows.map((r) => r.id);
}

/** The documents of one file in file order. */
export function listDocuments(store: Store, fileId: string): DocumentRow[] {
  return store.db.select().from(documents).where(and(eq(documents.fileId, fileId), notStaging)).orderBy(asc(documents.seq)).all().map(toDocumentRow);
}

/** Rows of an import in progress ('staging:<state>', document-staging.ts) are never shown. */
const notStaging = notLike(documents.state, 'staging:%');

/**
 * Replaces a stored document's content, state and issues in one transaction with an audit event saying why
 * (e.g. 'document.list-attached'): the timeline keeps both the first and the completed version's hash.
 */
export function updateDocumentContent(store: Store, id: string, next: { document: CanonicalDocument; state: DocumentState; issues: Issue[] }, event: { type: string; actor?: string; data?: Record<string, unknown> }): void {
  store.transaction(() => {
    const bodyJson = toJson(next.document);
    const changed = store.sqlite
      .prepare(`UPDATE documents SET body_json = ?, state = ?, issues_json = ? WHERE id = ? AND state NOT LIKE 'staging:%'`)
      .run(bodyJson, next.state, next.issues.length ? JSON.stringify(next.issues) : null, id).changes;
    if (changed !== 1) throw new GatewayError('BUG_UNEXPECTED', `document ${id} does not exist`);
    appendEvent(store.sqlite, {
      entityType: 'document',
      entityId: id,
      type: event.type,
      actor: event.actor ?? 'system',
      data: { ...(event.data ?? {}), state: next.state, bodySha256: createHash('sha256').update(bodyJson).digest('hex') },
    });
  });
}

/** Documents per state (imports in progress not counted), from the counters the triggers of migration 0008 keep. */
export function countDocumentsByState(store: Store): Record<string, number> {
  const q = preparedOnce(store, 'documents.countByState', (s) => s.sqlite.prepare(`SELECT state, SUM(n) AS n FROM document_counts GROUP BY state HAVING SUM(n) > 0 ORDER BY state`));
  const rows = q.all() as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

export type ListDocumentsQuery = DocumentPageQuery;

/**
 * Newest first, keyset-paginated by id (ids are time-ordered), under the dashboard's filters and searches
 * (document-list.ts); the full rows of one page.
 */
export async function queryDocuments(store: Store, q: ListDocumentsQuery): Promise<{ items: DocumentRow[]; nextCursor: string | null; partial: boolean }> {
  const page = await pageDocuments(store.sql, q);
  return { items: page.items.map((i) => getDocument(store, i.id)!), nextCursor: page.nextCursor, partial: page.partial };
}

export function getDocument(store: Store, id: string): DocumentRow | undefined {
  const q = preparedOnce(store, 'documents.byId', (s) => s.db.select().from(documents).where(and(eq(documents.id, sql.placeholder('id')), notStaging)).prepare());
  const r = q.get({ id });
  return r ? toDocumentRow(r) : undefined;
}
