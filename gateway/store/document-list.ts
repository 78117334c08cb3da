// The dashboard's document list over a million rows: filters and searches, newest first, keyset-paged by id. Each
// query is led by the one index that fits its most selective filter; the other filters are checked on the side
// within a bounded scan, so no page ever walks the whole table (no OFFSET, no count(*)).
import type Database from 'better-sqlite3';
import type { DocumentKind } from '../core/model/document.ts';
import type { Store } from './db.ts';
import { preparedOnce } from './prepared.ts';
import type { DocumentState } from './schema.ts';

export interface DocumentFilter {
  state?: DocumentState | undefined;
  kind?: DocumentKind | undefined;
  fileId?: string | undefined;
  /** The debited account (payer IBAN, an FX order's fromIban), exact. */
  account?: string | undefined;
  /** Business date range 'YYYY-MM-DD', inclusive. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  /** Amount range in minor units, inclusive. */
  amountFrom?: bigint | undefined;
  amountTo?: bigint | undefined;
  /** The 1C document number, exact. */
  number?: string | undefined;
  /** A fragment of the beneficiary's name, any case (3+ characters use the search index). */
  beneficiary?: string | undefined;
  /** Beneficiary BIN/IIN, exact. */
  bin?: string | undefined;
}

export interface DocumentPageQuery extends DocumentFilter {
  /** Page size, clamped to 1..1000. */
  limit: number;
  /** nextCursor of the previous page: the page holds documents listed after it. */
  cursor?: string | undefined;
}

/** What a list row shows, read without parsing body_json (a salary list's body can be megabytes). */
export interface DocumentListItem {
  id: string;
  fileId: string;
  line: number | null;
  kind: DocumentKind;
  number: string;
  docDate: string;
  amountMinor: string | null;
  currency: string | null;
  state: DocumentState;
  payerAccount: string | null;
  beneficiaryName: string | null;
  beneficiaryBin: string | null;
  /** Issues (errors and warnings) found by the format and validation. */
  issues: number;
  createdAt: number;
}

export interface DocumentPage<T = DocumentListItem> {
  items: T[];
  /** Non-null while more documents may follow: pass it as `cursor` for the next page. */
  nextCursor: string | null;
  /**
   * The page stopped at its scan budget before it filled (a rare combination of filters): the documents up to
   * nextCursor were all looked at, and the next page continues the search from there.
   */
  partial: boolean;
}

/** Rows looked at per page when filters are checked on the side; bounds the worst case at a few milliseconds. */
export const SCAN_BUDGET = 20_000;
/** Scan windows grow from this size by 4× until the page fills or the budget is spent. */
const FIRST_WINDOW = 1_000;

const LISTED = `d.state NOT LIKE 'staging:%'`;
const ITEM_COLUMNS = `d.id AS id, d.file_id AS fileId, d.line AS line, d.kind AS kind, d.number AS number, d.doc_date AS docDate,
  d.amount_minor AS amountMinor, d.currency AS currency, d.state AS state, d.payer_account AS payerAccount,
  d.beneficiary_name AS beneficiaryName, d.beneficiary_bin AS beneficiaryBin,
  coalesce(json_array_length(d.issues_json), 0) AS issues, d.created_at AS createdAt`;

type Params = Record<string, string | number | bigint>;

/** How a query is led: an index of documents in id order, the beneficiary search index in rowid order, or a file's rows. */
type Driver = { by: 'index'; index: string; terms: string[] } | { by: 'fts' } | { by: 'file' };

interface Plan {
  driver: Driver;
  /** Filters checked on each row the driver yields. */
  residual: string[];
  params: Params;
  /** Id bounds from the date range (document_day_ids). */
  lowId: string | null;
  highId: string | null;
}

/** Case folding for the beneficiary check on the side: SQLite's lower() folds ASCII only, names are Kazakh and Russian. */
const folded = new WeakSet<Database.Database>();
function ensureFold(sqlite: Database.Database): void {
  if (folded.has(sqlite)) return;
  sqlite.function('bg_fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : null));
  folded.add(sqlite);
}

function prepare(store: Store, sql: string): Database.Statement {
  return preparedOnce(store, `doclist:${sql}`, (s) => s.sqlite.prepare(sql));
}

/** Sum of the maintained counters for a state and/or kind (no row scan). */
export function countedDocuments(store: Store, q: { state?: string | undefined; kind?: string | undefined }): number {
  const sql = `SELECT coalesce(sum(n), 0) FROM document_counts WHERE ${q.state ? 'state = @state' : '1'} AND ${q.kind ? 'kind = @kind' : '1'}`;
  return prepare(store, sql).pluck().get({ ...(q.state ? { state: q.state } : {}), ...(q.kind ? { kind: q.kind } : {}) }) as number;
}

/** The FTS5 query for a substring: one quoted phrase (the trigram tokenizer matches it anywhere in the name). */
export function ftsPhrase(fragment: string): string {
  return `"${fragment.replace(/"/g, '""')}"`;
}

function plan(store: Store, f: DocumentFilter): Plan | 'empty' {
  const params: Params = {};
  const residual: string[] = [];
  const used = new Set<string>();
  const fragment = f.beneficiary?.trim();
  const searchIndex = fragment !== undefined && [...fragment].length >= 3;
  let driver: Driver;
  // The most selective filter leads: exact keys first, then the search index, then account, state or kind.
  if (f.number !== undefined) driver = lead('documents_number_id_idx', 'number', 'd.number = @number');
  else if (f.bin !== undefined) driver = lead('documents_bin_id_idx', 'bin', 'd.beneficiary_bin = @bin');
  else if (f.amountFrom !== undefined && f.amountFrom === f.amountTo) driver = lead('documents_amount_id_idx', 'amount', 'd.amount_int = @amountExact');
  else if (searchIndex) {
    driver = { by: 'fts' };
    used.add('beneficiary');
  } else if (f.account !== undefined && f.state !== undefined) {
    driver = { by: 'index', index: 'documents_state_account_id_idx', terms: ['d.state = @state', 'd.payer_account = @account'] };
    used.add('state').add('account');
  } else if (f.account !== undefined) driver = lead('documents_account_id_idx', 'account', 'd.payer_account = @account');
  else if (f.state !== undefined || f.kind !== undefined) {
    const byState = f.state !== undefined && (f.kind === undefined || countedDocuments(store, { state: f.state }) <= countedDocuments(store, { kind: f.kind }));
    driver = byState ? lead('documents_state_id_idx', 'state', 'd.state = @state') : lead('documents_kind_id_idx', 'kind', 'd.kind = @kind');
  } else if (f.fileId !== undefined) {
    driver = { by: 'file' };
  } else driver = { by: 'index', index: 'documents_listed_id_idx', terms: [] };

  function lead(index: string, key: string, term: string): Driver {
    used.add(key);
    return { by: 'index', index, terms: [term] };
  }

  // The counters answer "none at all" without touching documents.
  if ((f.state !== undefined || f.kind !== undefined) && countedDocuments(store, { state: f.state, kind: f.kind }) === 0) return 'empty';

  if (f.state !== undefined) params['state'] = f.state;
  if (f.kind !== undefined) params['kind'] = f.kind;
  if (f.account !== undefined) params['account'] = f.account;
  if (f.number !== undefined) params['number'] = f.number;
  if (f.bin !== undefined) params['bin'] = f.bin;
  if (f.fileId !== undefined) params['fileId'] = f.fileId;
  if (used.has('amount')) params['amountExact'] = f.amountFrom!;
  if (f.state !== undefined && !used.has('state')) residual.push('d.state = @state');
  if (f.kind !== undefined && !used.has('kind')) residual.push('d.kind = @kind');
  if (f.account !== undefined && !used.has('account')) residual.push('d.payer_account = @account');
  if (f.number !== undefined && !used.has('number')) residual.push('d.number = @number');
  if (f.bin !== undefined && !used.has('bin')) residual.push('d.beneficiary_bin = @bin');
  if (f.fileId !== undefined && driver.by !== 'file') residual.push('d.file_id = @fileId');
  if (!used.has('amount')) {
    if (f.amountFrom !== undefined) {
      residual.push('d.amount_int >= @amountFrom');
      params['amountFrom'] = f.amountFrom;
    }
    if (f.amountTo !== undefined) {
      residual.push('d.amount_int <= @amountTo');
      params['amountTo'] = f.amountTo;
    }
  }
  if (f.dateFrom !== undefined) {
    residual.push('d.doc_date >= @dateFrom');
    params['dateFrom'] = f.dateFrom;
  }
  if (f.dateTo !== undefined) {
    residual.push('d.doc_date <= @dateTo');
    params['dateTo'] = f.dateTo;
  }
  if (fragment !== undefined) {
    if (searchIndex) params['match'] = ftsPhrase(fragment);
    else if (fragment.length > 0) {
      ensureFold(store.sqlite);
      residual.push('instr(bg_fold(d.beneficiary_name), @needle) > 0');
      params['needle'] = fragment.toLowerCase();
    }
  }
  if (searchIndex && !used.has('beneficiary')) {
    // A more selective key leads; the name is then checked on those few rows.
    ensureFold(store.sqlite);
    residual.push('instr(bg_fold(d.beneficiary_name), @needle) > 0');
    params['needle'] = fragment!.toLowerCase();
    delete params['match'];
  }

  let lowId: string | null = null;
  let highId: string | null = null;
  if (f.dateFrom !== undefined || f.dateTo !== undefined) {
    const b = prepare(store, 'SELECT min(min_id) AS lo, max(max_id) AS hi FROM document_day_ids WHERE day >= @from AND day <= @to').get({ from: f.dateFrom ?? '', to: f.dateTo ?? '\uffff' }) as { lo: string | null; hi: string | null };
    if (b.lo === null || b.hi === null) return 'empty';
    lowId = b.lo;
    highId = b.hi;
  }
  return { driver, residual, params, lowId, highId };
}

/** An exclusive upper bound above `id` (any id of the same length sorts below id + any suffix). */
const justAbove = (id: string) => `${id}!`;
const minStr = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** One page of documents matching the filter, newest first. */
export function pageDocuments(store: Store, q: DocumentPageQuery): DocumentPage {
  const limit = Math.min(1000, Math.max(1, Math.floor(q.limit)));
  const p = plan(store, q);
  if (p === 'empty') return { items: [], nextCursor: null, partial: false };
  if (p.driver.by === 'fts') return ftsPage(store, p, limit, q.cursor);
  if (p.driver.by === 'file') return filePage(store, p, limit, q.cursor);
  return indexPage(store, p, p.driver, limit, q.cursor);
}

function indexPage(store: Store, p: Plan, driver: Extract<Driver, { by: 'index' }>, limit: number, cursor: string | undefined): DocumentPage {
  const where = [LISTED, ...driver.terms, 'd.id < @upper'];
  if (p.lowId !== null) where.push('d.id >= @low');
  const base: Params = { ...p.params, ...(p.lowId !== null ? { low: p.lowId } : {}) };
  let upper = minStr(cursor ?? null, p.highId !== null ? justAbove(p.highId) : null) ?? '~';
  const from = `FROM documents d INDEXED BY ${driver.index}`;
  if (p.residual.length === 0) {
    const rows = prepare(store, `SELECT ${ITEM_COLUMNS} ${from} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT @take`).all({ ...base, upper, take: limit + 1 }) as DocumentListItem[];
    return finish(rows, limit);
  }
  // Filters checked on the side: walk the driver in windows of growing size, each bounded below by a floor id found
  // on the index alone (covering), until the page fills or the budget is spent.
  const floorSql = `SELECT d.id ${from} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT 1 OFFSET @skip`;
  const pageSql = `SELECT ${ITEM_COLUMNS} ${from} WHERE ${[...where, 'd.id >= @floor', ...p.residual].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const lastSql = `SELECT ${ITEM_COLUMNS} ${from} WHERE ${[...where, ...p.residual].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const out: DocumentListItem[] = [];
  let scanned = 0;
  let window = FIRST_WINDOW;
  for (;;) {
    const size = Math.min(window, SCAN_BUDGET - scanned);
    const floor = prepare(store, floorSql).pluck().get({ ...base, upper, skip: size - 1 }) as string | undefined;
    const take = limit + 1 - out.length;
    if (floor === undefined) {
      // The window reaches the end of the driver's range: the last rows, then nothing more.
      out.push(...(prepare(store, lastSql).all({ ...base, upper, take }) as DocumentListItem[]));
      return finish(out, limit);
    }
    out.push(...(prepare(store, pageSql).all({ ...base, upper, floor, take }) as DocumentListItem[]));
    if (out.length > limit) return finish(out, limit);
    scanned += size;
    upper = floor;
    if (scanned >= SCAN_BUDGET) return { items: out, nextCursor: floor, partial: true };
    window *= 4;
  }
}

/** Beneficiary search: the trigram index yields matching rows newest first (rowid order), lazily, so LIMIT stops it early. */
function ftsPage(store: Store, p: Plan, limit: number, cursor: string | undefined): DocumentPage {
  let upperRow = Number.MAX_SAFE_INTEGER;
  if (cursor !== undefined) {
    const r = prepare(store, 'SELECT rowid FROM documents WHERE id = ?').pluck().get(cursor) as number | undefined;
    if (r === undefined) return { items: [], nextCursor: null, partial: false };
    upperRow = r;
  }
  const residual = [LISTED, ...p.residual];
  if (p.lowId !== null) residual.push('d.id >= @low', 'd.id <= @high');
  const base: Params = { ...p.params, ...(p.lowId !== null ? { low: p.lowId, high: p.highId! } : {}) };
  const from = 'FROM documents_fts f CROSS JOIN documents d ON d.rowid = f.rowid';
  const match = 'f.documents_fts MATCH @match AND f.rowid < @upper';
  const pageSql = `SELECT ${ITEM_COLUMNS} ${from} WHERE ${match} AND f.rowid >= @floor AND ${residual.join(' AND ')} ORDER BY f.rowid DESC LIMIT @take`;
  const lastSql = `SELECT ${ITEM_COLUMNS} ${from} WHERE ${match} AND ${residual.join(' AND ')} ORDER BY f.rowid DESC LIMIT @take`;
  const floorSql = 'SELECT rowid FROM documents_fts f WHERE f.documents_fts MATCH @match AND f.rowid < @upper ORDER BY f.rowid DESC LIMIT 1 OFFSET @skip';
  const out: DocumentListItem[] = [];
  let scanned = 0;
  let window = FIRST_WINDOW;
  for (;;) {
    const size = Math.min(window, SCAN_BUDGET - scanned);
    const floor = prepare(store, floorSql).pluck().get({ match: base['match']!, upper: upperRow, skip: size - 1 }) as number | undefined;
    const take = limit + 1 - out.length;
    if (floor === undefined) {
      out.push(...(prepare(store, lastSql).all({ ...base, upper: upperRow, take }) as DocumentListItem[]));
      return finish(out, limit);
    }
    out.push(...(prepare(store, pageSql).all({ ...base, upper: upperRow, floor, take }) as DocumentListItem[]));
    if (out.length > limit) return finish(out, limit);
    scanned += size;
    upperRow = floor;
    if (scanned >= SCAN_BUDGET) {
      const id = prepare(store, 'SELECT id FROM documents WHERE rowid = ?').pluck().get(floor) as string;
      return { items: out, nextCursor: id, partial: true };
    }
    window *= 4;
  }
}

/** One file's documents (the API's file filter): bounded by the file's size, sorted by id. */
function filePage(store: Store, p: Plan, limit: number, cursor: string | undefined): DocumentPage {
  const where = [LISTED, 'd.file_id = @fileId', 'd.id < @upper', ...p.residual];
  if (p.lowId !== null) where.push('d.id >= @low');
  const upper = minStr(cursor ?? null, p.highId !== null ? justAbove(p.highId) : null) ?? '~';
  const rows = prepare(store, `SELECT ${ITEM_COLUMNS} FROM documents d INDEXED BY documents_file_seq_uq WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT @take`).all({
    ...p.params,
    ...(p.lowId !== null ? { low: p.lowId } : {}),
    upper,
    take: limit + 1,
  }) as DocumentListItem[];
  return finish(rows, limit);
}

function finish(rows: DocumentListItem[], limit: number): DocumentPage {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null, partial: false };
}
