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
  /** A fragment of the beneficiary's name, any case. */
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

/** How far one page may look; the defaults bound a page at a few milliseconds over a million documents. */
export interface ScanLimits {
  /** Index entries looked at per page when the other filters can be checked on the index entry itself. */
  indexBudget: number;
  /** Rows looked at per page when a filter needs the row: ~3 µs each. */
  rowBudget: number;
  /** The first scan window; the next ones are sized by the share of matches seen so far (×2 to ×8). */
  firstWindow: number;
  /** A range of at most max(this, documents / 50) entries is read whole and sorted instead of walked. */
  readWholeMin: number;
}
export const SCAN_LIMITS: ScanLimits = { indexBudget: 20_000, rowBudget: 4_000, firstWindow: 128, readWholeMin: 2_000 };

/** A name search alone over at most this many names reads the newest of each name and merges them. */
const MERGE_NAMES = 16;

const LISTED = `d.state NOT LIKE 'staging:%'`;
/** In the order listItems() reads them. */
const ITEM_COLUMNS = `d.id, d.kind, d.number, d.doc_date, d.amount_minor, d.currency, d.state, d.payer_account, d.beneficiary_name,
  d.beneficiary_bin, coalesce(json_array_length(d.issues_json), 0)`;

type Params = Record<string, string | number | bigint>;
type Column = 'state' | 'kind' | 'account' | 'number' | 'bin' | 'file' | 'amount' | 'date' | 'beneficiary';

/**
 * How a query is led:
 * - 'walk': an index in id order, newest first; filters it does not lead are checked on the side, in bounded windows;
 * - 'sorted': every matching entry of a small range read on the index and sorted by id (one file, a few names, a
 *   narrow amount range);
 * - 'names': the newest entries of each of a few searched names, merged (a name search and nothing else).
 * A name search that matches many documents walks another index for the windows and finds the names' documents in
 * each window on the name index (one seek per name), never reading a row to compare its name.
 */
interface Driver {
  by: 'walk' | 'sorted' | 'names';
  index: string;
  terms: string[];
  covers: readonly Column[];
}

interface Plan {
  driver: Driver;
  /** Filters checked on the side, with the columns they read. */
  residual: { term: string; column: Column }[];
  params: Params;
  /** Id bounds from the date range (document_day_ids). */
  lowId: string | null;
  highId: string | null;
}

function prepare(store: Store, sql: string): Database.Statement {
  return preparedOnce(store, `doclist:${sql}`, (s) => s.sqlite.prepare(sql));
}

/** Sum of the maintained counters for a state and/or kind (no row scan). */
export function countedDocuments(store: Store, q: { state?: string | undefined; kind?: string | undefined }): number {
  const sql = `SELECT coalesce(sum(n), 0) FROM document_counts WHERE ${q.state ? 'state = @state' : '1'} AND ${q.kind ? 'kind = @kind' : '1'}`;
  return prepare(store, sql).pluck().get({ ...(q.state ? { state: q.state } : {}), ...(q.kind ? { kind: q.kind } : {}) }) as number;
}

/**
 * The distinct beneficiary names, lower-cased, in memory: a fragment is looked for in every name (~30 ns each), any
 * case, Kazakh and Russian letters alike. Names are only ever added (rows never deleted), so only those above the
 * highest id read so far are fetched again.
 */
interface NameList {
  lastId: number;
  ids: number[];
  folded: string[];
}
const nameLists = new WeakMap<Store, NameList>();

function nameList(store: Store): NameList {
  let l = nameLists.get(store);
  const top = (prepare(store, 'SELECT max(id) FROM beneficiary_names').pluck().get() as number | null) ?? 0;
  if (!l || top < l.lastId) nameLists.set(store, (l = { lastId: 0, ids: [], folded: [] }));
  if (top > l.lastId) {
    for (const [id, name] of prepare(store, 'SELECT id, name FROM beneficiary_names WHERE id > ? ORDER BY id').raw().all(l.lastId) as [number, string][]) {
      l.ids.push(id);
      l.folded.push(name.toLowerCase());
    }
    l.lastId = top;
  }
  return l;
}

/** Distinct beneficiary names containing the fragment (any case) that have listed documents, and how many they have. */
export function matchingBeneficiaries(store: Store, fragment: string): { names: string[]; documents: number } {
  const needle = fragment.toLowerCase();
  const l = nameList(store);
  const ids: number[] = [];
  for (let i = 0; i < l.folded.length; i++) if (l.folded[i]!.includes(needle)) ids.push(l.ids[i]!);
  if (ids.length === 0) return { names: [], documents: 0 };
  const rows = prepare(store, 'SELECT name, n FROM beneficiary_names WHERE id IN (SELECT value FROM json_each(?)) AND n > 0').raw().all(JSON.stringify(ids)) as [string, number][];
  return { names: rows.map((r) => r[0]), documents: rows.reduce((a, r) => a + r[1], 0) };
}

/** Index entries in an amount range, counted on the index up to `cap` (index-only: ~0.05 µs each). */
function amountEntries(store: Store, from: bigint | undefined, to: bigint | undefined, cap: number): number {
  const terms = [LISTED, ...(from !== undefined ? ['d.amount_int >= @from'] : []), ...(to !== undefined ? ['d.amount_int <= @to'] : [])];
  const sql = `SELECT count(*) FROM (SELECT 1 FROM documents d INDEXED BY documents_amount_id_idx WHERE ${terms.join(' AND ')} LIMIT @cap)`;
  return prepare(store, sql).pluck().get({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), cap }) as number;
}

const DRIVERS = {
  number: { index: 'documents_number_id_idx', covers: ['number', 'state'] },
  bin: { index: 'documents_bin_id_idx', covers: ['bin', 'state'] },
  amount: { index: 'documents_amount_id_idx', covers: ['amount', 'state'] },
  beneficiary: { index: 'documents_beneficiary_id_idx', covers: ['beneficiary', 'state'] },
  account: { index: 'documents_account_id_idx', covers: ['account', 'state', 'date'] },
  state: { index: 'documents_state_id_idx', covers: ['state', 'date', 'account'] },
  stateAccount: { index: 'documents_state_account_id_idx', covers: ['state', 'account', 'date'] },
  kind: { index: 'documents_kind_id_idx', covers: ['kind', 'state', 'date'] },
  file: { index: 'documents_file_seq_uq', covers: ['file'] },
  listed: { index: 'documents_listed_id_idx', covers: ['state', 'date', 'amount'] },
} as const satisfies Record<string, { index: string; covers: readonly Column[] }>;

function plan(store: Store, f: DocumentFilter, limits: ScanLimits): Plan | 'empty' {
  // The counters answer "none at all" without touching documents.
  if ((f.state !== undefined || f.kind !== undefined) && countedDocuments(store, { state: f.state, kind: f.kind }) === 0) return 'empty';
  const fragment = f.beneficiary?.trim() || undefined;
  const names = fragment !== undefined ? matchingBeneficiaries(store, fragment) : undefined;
  if (names && names.documents === 0) return 'empty';
  let lowId: string | null = null;
  let highId: string | null = null;
  if (f.dateFrom !== undefined || f.dateTo !== undefined) {
    const b = prepare(store, 'SELECT min(min_id) AS lo, max(max_id) AS hi FROM document_day_ids WHERE day >= @from AND day <= @to').get({ from: f.dateFrom ?? '', to: f.dateTo ?? '\uffff' }) as { lo: string | null; hi: string | null };
    if (b.lo === null || b.hi === null) return 'empty';
    lowId = b.lo;
    highId = b.hi;
  }

  const exactAmount = f.amountFrom !== undefined && f.amountFrom === f.amountTo;
  const amountRange = !exactAmount && (f.amountFrom !== undefined || f.amountTo !== undefined);
  const others = [f.state, f.kind, f.account, f.fileId, f.dateFrom, f.dateTo, f.amountFrom, f.amountTo].some((v) => v !== undefined);
  // A range small enough to read whole: the more so when nothing needs the row.
  const readWhole = Math.max(limits.readWholeMin, Math.floor(countedDocuments(store, {}) / 50));
  // With other filters to check on each row, only a tenth of that is read whole.
  const readWholeChecked = Math.max(1, Math.floor(readWhole / 10));

  // The most selective filter leads: exact keys, a few searched names, a narrow amount range, then account, state, kind.
  let key: keyof typeof DRIVERS;
  let by: Driver['by'] = 'walk';
  if (f.number !== undefined) key = 'number';
  else if (f.bin !== undefined) key = 'bin';
  else if (exactAmount) key = 'amount';
  else if (names && !others && names.names.length <= MERGE_NAMES) [key, by] = ['beneficiary', 'names'];
  else if (names && names.documents <= (others ? readWholeChecked : readWhole)) [key, by] = ['beneficiary', 'sorted'];
  else if (amountRange && f.account === undefined && f.state === undefined && amountEntries(store, f.amountFrom, f.amountTo, readWholeChecked) < readWholeChecked) [key, by] = ['amount', 'sorted'];
  // State and account together: their own index (migration 0009).
  else if (f.account !== undefined && f.state !== undefined) key = 'stateAccount';
  else if (f.account !== undefined) key = 'account';
  else if (f.state !== undefined || f.kind !== undefined) {
    key = f.state !== undefined && (f.kind === undefined || countedDocuments(store, { state: f.state }) <= countedDocuments(store, { kind: f.kind })) ? 'state' : 'kind';
  } else if (f.fileId !== undefined) [key, by] = ['file', 'sorted'];
  else key = 'listed';

  const d = DRIVERS[key];
  const leads = new Set<Column>(key === 'listed' ? [] : key === 'stateAccount' ? ['state', 'account'] : [key as Column]);
  const driver: Driver = { by, index: d.index, terms: [], covers: d.covers };
  const residual: Plan['residual'] = [];
  const params: Params = {};
  const filter = (column: Column, term: string, name: string, value: string | bigint | undefined) => {
    if (value === undefined) return;
    params[name] = value;
    if (leads.has(column)) driver.terms.push(term);
    else residual.push({ term, column });
  };
  filter('state', 'd.state = @state', 'state', f.state);
  filter('kind', 'd.kind = @kind', 'kind', f.kind);
  filter('account', 'd.payer_account = @account', 'account', f.account);
  filter('number', 'd.number = @number', 'number', f.number);
  filter('bin', 'd.beneficiary_bin = @bin', 'bin', f.bin);
  filter('file', 'd.file_id = @fileId', 'fileId', f.fileId);
  if (exactAmount) filter('amount', 'd.amount_int = @amountFrom', 'amountFrom', f.amountFrom);
  else {
    filter('amount', 'd.amount_int >= @amountFrom', 'amountFrom', f.amountFrom);
    filter('amount', 'd.amount_int <= @amountTo', 'amountTo', f.amountTo);
  }
  filter('date', 'd.doc_date >= @dateFrom', 'dateFrom', f.dateFrom);
  filter('date', 'd.doc_date <= @dateTo', 'dateTo', f.dateTo);
  if (names) filter('beneficiary', 'd.beneficiary_name IN (SELECT value FROM json_each(@names))', 'names', JSON.stringify(names.names));
  return { driver, residual, params, lowId, highId };
}

/** An exclusive upper bound above `id` (any id of the same length sorts below id + any suffix). */
const justAbove = (id: string) => `${id}!`;
const minStr = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** One page of documents matching the filter, newest first. */
export function pageDocuments(store: Store, q: DocumentPageQuery, limits: ScanLimits = SCAN_LIMITS): DocumentPage {
  const limit = Math.min(1000, Math.max(1, Math.floor(q.limit)));
  const p = plan(store, q, limits);
  if (p === 'empty') return { items: [], nextCursor: null, partial: false };
  const upper = minStr(q.cursor ?? null, p.highId !== null ? justAbove(p.highId) : null) ?? '~';
  const found =
    p.driver.by === 'sorted' ? readSorted(store, p, p.driver, limit, upper) : p.driver.by === 'names' ? mergeNames(store, p, limit, upper) : walk(store, p, p.driver, limit, upper, limits);
  const items = found.items.slice(0, limit);
  if (found.items.length > limit) return { items, nextCursor: items[items.length - 1]!.id, partial: false };
  return { items, nextCursor: found.stoppedAt, partial: found.stoppedAt !== null };
}

/** The list columns of these documents, newest first. Raw rows mapped here: better-sqlite3's row objects cost ~3 µs each. */
function listItems(store: Store, ids: string[]): DocumentListItem[] {
  return toItems(prepare(store, `SELECT ${ITEM_COLUMNS} FROM documents d WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id DESC`).raw().all(JSON.stringify(ids)) as unknown[][]);
}

function toItems(rows: unknown[][]): DocumentListItem[] {
  return rows.map((r) => ({
    id: r[0] as string,
    kind: r[1] as DocumentKind,
    number: r[2] as string,
    docDate: r[3] as string,
    amountMinor: r[4] as string | null,
    currency: r[5] as string | null,
    state: r[6] as DocumentState,
    payerAccount: r[7] as string | null,
    beneficiaryName: r[8] as string | null,
    beneficiaryBin: r[9] as string | null,
    issues: r[10] as number,
  }));
}

/** Documents found (newest first; more than `limit` means there is a next page) and, when the budget ran out, where to go on. */
interface Found {
  items: DocumentListItem[];
  stoppedAt: string | null;
}

function bounds(p: Plan): { where: string[]; params: Params } {
  return { where: [LISTED, 'd.id < @upper', ...(p.lowId !== null ? ['d.id >= @low'] : [])], params: { ...p.params, ...(p.lowId !== null ? { low: p.lowId } : {}) } };
}

function readSorted(store: Store, p: Plan, driver: Driver, limit: number, upper: string): Found {
  const b = bounds(p);
  // Ids first: a sorter would otherwise carry every candidate's columns, not only the page's.
  const sql = `SELECT d.id FROM documents d INDEXED BY ${driver.index} WHERE ${[...b.where, ...driver.terms, ...p.residual.map((r) => r.term)].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const ids = prepare(store, sql).pluck().all({ ...b.params, upper, take: limit + 1 }) as string[];
  return { items: ids.length ? listItems(store, ids) : [], stoppedAt: null };
}

/**
 * The newest `limit + 1` documents of each searched name, one ordered range of the name index each (covering), merged:
 * a name with 100,000 documents costs what one with 50 does.
 */
function mergeNames(store: Store, p: Plan, limit: number, upper: string): Found {
  const b = bounds(p);
  const stmt = prepare(store, `SELECT d.id FROM documents d INDEXED BY ${DRIVERS.beneficiary.index} WHERE ${[...b.where, 'd.beneficiary_name = @name'].join(' AND ')} ORDER BY d.id DESC LIMIT @take`).pluck();
  const ids: string[] = [];
  for (const name of JSON.parse(p.params['names'] as string) as string[]) ids.push(...(stmt.all({ ...b.params, name, upper, take: limit + 1 }) as string[]));
  ids.sort((a, z) => (a < z ? 1 : a > z ? -1 : 0));
  const page = ids.slice(0, limit + 1);
  return { items: page.length ? listItems(store, page) : [], stoppedAt: null };
}

/**
 * Walks the driver newest first. Filters it does not lead are checked on the side, in windows of growing size, each
 * bounded below by a floor id found on the index alone (covering), until the page fills or the budget is spent.
 */
function walk(store: Store, p: Plan, driver: Driver, limit: number, upperStart: string, limits: ScanLimits): Found {
  const b = bounds(p);
  const from = `FROM documents d INDEXED BY ${driver.index}`;
  const where = [...b.where, ...driver.terms];
  // A window is bounded below by its floor alone: given the date's lower id bound as well, SQLite ranges the index on
  // one of the two and only filters on the other, and a window of 128 entries walked the whole date range.
  const windowWhere = [...b.where.filter((t) => t !== 'd.id >= @low'), ...driver.terms];
  const residual = p.residual.map((r) => r.term);
  const rows = (sql: string, params: Params) => toItems(prepare(store, sql).raw().all(params) as unknown[][]);
  if (residual.length === 0) {
    // Nothing to check on the side: the page's rows straight from the driver, in one statement.
    return { items: rows(`SELECT ${ITEM_COLUMNS} ${from} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT @take`, { ...b.params, upper: upperStart, take: limit + 1 }), stoppedAt: null };
  }
  // Searched names are found in each window on the name index; the rest is checked on what the driver covers, or on the row.
  const byName = p.residual.some((r) => r.column === 'beneficiary');
  const covered = byName ? DRIVERS.beneficiary.covers : driver.covers;
  const budget = p.residual.every((r) => (covered as readonly Column[]).includes(r.column)) ? limits.indexBudget : limits.rowBudget;
  const windowFrom = byName ? `FROM documents d INDEXED BY ${DRIVERS.beneficiary.index}` : from;
  // The window's lowest id and its size, read on the index alone; a window smaller than asked reaches the end.
  const floorSql = `SELECT min(id) AS floor, count(*) AS n FROM (SELECT d.id ${from} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT @size)`;
  // The list columns are computed only for the rows that match.
  const windowSql = `SELECT ${ITEM_COLUMNS} ${windowFrom} WHERE ${[...windowWhere, 'd.id >= @floor', ...residual].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const lastSql = `SELECT ${ITEM_COLUMNS} ${windowFrom} WHERE ${[...where, ...residual].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const items: DocumentListItem[] = [];
  let upper = upperStart;
  let scanned = 0;
  let window = limits.firstWindow;
  for (;;) {
    const size = Math.min(window, budget - scanned);
    const w = prepare(store, floorSql).get({ ...b.params, upper, size }) as { floor: string | null; n: number };
    const take = limit + 1 - items.length;
    const floor = w.floor;
    if (floor === null || w.n < size) {
      // The window reaches the end of the driver's range: its last rows, then nothing more.
      items.push(...rows(lastSql, { ...b.params, upper, take }));
      return { items, stoppedAt: null };
    }
    items.push(...rows(windowSql, { ...b.params, upper, floor, take }));
    if (items.length > limit) return { items, stoppedAt: null };
    scanned += size;
    upper = floor;
    if (scanned >= budget) return { items, stoppedAt: floor };
    // Enough entries for the rest of the page at the share of matches seen so far (half as many again to be safe).
    const want = items.length > 0 ? Math.ceil(((limit + 1 - items.length) * scanned * 1.5) / items.length) : window * 8;
    window = Math.min(window * 8, Math.max(window * 2, want));
  }
}

const accountsCache = new WeakMap<Store, { at: number; accounts: string[] }>();
/** listedAccounts, remembered for 30 s: the list of a company's accounts hardly ever changes. */
export function knownAccounts(store: Store): string[] {
  const now = store.clock.now();
  const c = accountsCache.get(store);
  if (c && now - c.at < 30_000 && now >= c.at) return c.accounts;
  const accounts = listedAccounts(store);
  accountsCache.set(store, { at: now, accounts });
  return accounts;
}

/** Debited accounts that have listed documents: one index seek per account (a loose scan), never a full scan. */
export function listedAccounts(store: Store, max = 200): string[] {
  const sql = `WITH RECURSIVE a(x) AS (
      SELECT (SELECT min(payer_account) FROM documents WHERE ${LISTED.replaceAll('d.', '')} AND payer_account IS NOT NULL)
      UNION ALL SELECT (SELECT min(payer_account) FROM documents WHERE ${LISTED.replaceAll('d.', '')} AND payer_account > a.x) FROM a WHERE a.x IS NOT NULL)
    SELECT x FROM a WHERE x IS NOT NULL LIMIT @max`;
  return prepare(store, sql).pluck().all({ max }) as string[];
}
