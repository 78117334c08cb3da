// The dashboard's document list over a million rows: filters and searches, newest first, keyset-paged by id. Each
// query is led by the one index that fits its most selective filter; the other filters are checked on the side
// within a bounded scan, so no page ever walks the whole table (no OFFSET, no count(*)).
import type { DocumentKind } from '../core/model/document.ts';
import type { DocumentState } from './schema.ts';
import type { Db, SqlRow, SqlValue } from './sql/executor.ts';

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

type Params = Record<string, SqlValue>;
type Column = 'state' | 'kind' | 'account' | 'number' | 'bin' | 'file' | 'amount' | 'date' | 'beneficiary';

/*
 * The SQL of both databases. SQLite keeps its measured plans: each query names the index that leads it (INDEXED BY)
 * and takes lists as JSON (json_each). PostgreSQL picks its index itself (the same indexes exist there), takes the
 * same JSON through jsonb_array_elements_text. Ids compare byte-wise on both (as JavaScript does; the bounds '~' and
 * id + '!' rely on it): the PostgreSQL store only opens a database with C collation (pg/open.ts), so the indexes serve
 * the id ranges there too.
 */
const from = (db: Db, index: string) => (db.dialect === 'sqlite' ? `FROM documents d INDEXED BY ${index}` : 'FROM documents d');
/** The JSON array in parameter @name as a row set, for `x IN (…)`. */
const jsonValues = (db: Db, name: string, cast = '') =>
  db.dialect === 'sqlite' ? `(SELECT value FROM json_each(@${name}))` : `(SELECT value${cast} FROM jsonb_array_elements_text(@${name}::jsonb) AS value)`;
/** d.id compared with parameter @name. */
const idIs = (_db: Db, op: '<' | '>=', name: string) => `d.id ${op} @${name}`;
/** In the order DocumentListItem names them, so rows need no mapper. */
const itemColumns = (db: Db) => `d.id AS id, d.kind AS kind, d.number AS number, d.doc_date AS "docDate", d.amount_minor AS "amountMinor", d.currency AS currency,
  d.state AS state, d.payer_account AS "payerAccount", d.beneficiary_name AS "beneficiaryName", d.beneficiary_bin AS "beneficiaryBin",
  coalesce(json_array_length(${db.dialect === 'sqlite' ? 'd.issues_json' : 'd.issues_json::json'}), 0) AS issues`;

/** SQL written with named parameters (@name) as the port's $1…$n, converted once per text. */
const positional = new Map<string, { sql: string; names: string[] }>();
function bindNamed(sql: string, params: Params): [string, SqlValue[]] {
  let c = positional.get(sql);
  if (!c) {
    const names: string[] = [];
    const text = sql.replace(/@(\w+)/g, (_m, name: string) => {
      let i = names.indexOf(name);
      if (i < 0) i = names.push(name) - 1;
      return `$${i + 1}`;
    });
    c = { sql: text, names };
    if (positional.size < 2000) positional.set(sql, c);
  }
  return [
    c.sql,
    c.names.map((n) => {
      const v = params[n];
      if (v === undefined) throw new Error(`document list: no value for @${n}`);
      return v;
    }),
  ];
}
const all = <T extends SqlRow>(db: Db, sql: string, params: Params = {}) => db.all<T>(...bindNamed(sql, params));
const get = <T extends SqlRow>(db: Db, sql: string, params: Params = {}) => db.get<T>(...bindNamed(sql, params));

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
  /** The searched names, when the filter has a beneficiary fragment. */
  names: string[] | null;
  /** Id bounds from the date range (document_day_ids). */
  lowId: string | null;
  highId: string | null;
}

/** Sum of the maintained counters for a state and/or kind (no row scan). */
export async function countedDocuments(db: Db, q: { state?: string | undefined; kind?: string | undefined }): Promise<number> {
  const where = [...(q.state ? ['state = @state'] : []), ...(q.kind ? ['kind = @kind'] : [])];
  const sql = `SELECT coalesce(sum(n), 0) AS n FROM document_counts${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  // PostgreSQL's sum of a bigint is numeric: it arrives as text.
  return Number((await get<{ n: number | string }>(db, sql, { ...(q.state ? { state: q.state } : {}), ...(q.kind ? { kind: q.kind } : {}) }))!.n);
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
const nameLists = new WeakMap<Db, NameList>();

async function nameList(db: Db): Promise<NameList> {
  const top = Number((await db.get<{ top: number | null }>('SELECT max(id) AS top FROM beneficiary_names'))?.top ?? 0);
  let l = nameLists.get(db);
  if (!l || top < l.lastId) nameLists.set(db, (l = { lastId: 0, ids: [], folded: [] }));
  if (top > l.lastId) {
    const list = l;
    const rows = await db.all<{ id: number; name: string }>('SELECT id, name FROM beneficiary_names WHERE id > $1 ORDER BY id', [list.lastId]);
    // Another page may have read the same names meanwhile: each id is added once.
    for (const r of rows) {
      const id = Number(r.id);
      if (id <= list.lastId) continue;
      list.ids.push(id);
      list.folded.push(r.name.toLowerCase());
      list.lastId = id;
    }
  }
  return l;
}

/** Distinct beneficiary names containing the fragment (any case) that have listed documents, and how many they have. */
export async function matchingBeneficiaries(db: Db, fragment: string): Promise<{ names: string[]; documents: number }> {
  const needle = fragment.toLowerCase();
  const l = await nameList(db);
  const ids: number[] = [];
  for (let i = 0; i < l.folded.length; i++) if (l.folded[i]!.includes(needle)) ids.push(l.ids[i]!);
  if (ids.length === 0) return { names: [], documents: 0 };
  const rows = await all<{ name: string; n: number }>(db, `SELECT name, n FROM beneficiary_names WHERE id IN ${jsonValues(db, 'ids', '::bigint')} AND n > 0`, { ids: JSON.stringify(ids) });
  return { names: rows.map((r) => r.name), documents: rows.reduce((a, r) => a + Number(r.n), 0) };
}

/** Index entries in an amount range, counted on the index up to `cap` (index-only: ~0.05 µs each). */
async function amountEntries(db: Db, lo: bigint | undefined, hi: bigint | undefined, cap: number): Promise<number> {
  const terms = [LISTED, ...(lo !== undefined ? ['d.amount_int >= @from'] : []), ...(hi !== undefined ? ['d.amount_int <= @to'] : [])];
  const sql = `SELECT count(*) AS n FROM (SELECT 1 ${from(db, 'documents_amount_id_idx')} WHERE ${terms.join(' AND ')} LIMIT @cap) AS e`;
  return Number((await get<{ n: number }>(db, sql, { ...(lo !== undefined ? { from: lo } : {}), ...(hi !== undefined ? { to: hi } : {}), cap }))!.n);
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

async function plan(db: Db, f: DocumentFilter, limits: ScanLimits): Promise<Plan | 'empty'> {
  // The counters answer "none at all" without touching documents.
  if ((f.state !== undefined || f.kind !== undefined) && (await countedDocuments(db, { state: f.state, kind: f.kind })) === 0) return 'empty';
  const fragment = f.beneficiary?.trim() || undefined;
  const names = fragment !== undefined ? await matchingBeneficiaries(db, fragment) : undefined;
  if (names && names.documents === 0) return 'empty';
  let lowId: string | null = null;
  let highId: string | null = null;
  if (f.dateFrom !== undefined || f.dateTo !== undefined) {
    const days = [...(f.dateFrom !== undefined ? ['day >= @from'] : []), ...(f.dateTo !== undefined ? ['day <= @to'] : [])];
    const b = (await get<{ lo: string | null; hi: string | null }>(db, `SELECT min(min_id) AS lo, max(max_id) AS hi FROM document_day_ids WHERE ${days.join(' AND ')}`, {
      ...(f.dateFrom !== undefined ? { from: f.dateFrom } : {}),
      ...(f.dateTo !== undefined ? { to: f.dateTo } : {}),
    }))!;
    if (b.lo === null || b.hi === null) return 'empty';
    lowId = b.lo;
    highId = b.hi;
  }

  const exactAmount = f.amountFrom !== undefined && f.amountFrom === f.amountTo;
  const amountRange = !exactAmount && (f.amountFrom !== undefined || f.amountTo !== undefined);
  const others = [f.state, f.kind, f.account, f.fileId, f.dateFrom, f.dateTo, f.amountFrom, f.amountTo].some((v) => v !== undefined);
  // A range small enough to read whole: the more so when nothing needs the row.
  const readWhole = Math.max(limits.readWholeMin, Math.floor((await countedDocuments(db, {})) / 50));
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
  else if (amountRange && f.account === undefined && f.state === undefined && (await amountEntries(db, f.amountFrom, f.amountTo, readWholeChecked)) < readWholeChecked) [key, by] = ['amount', 'sorted'];
  // State and account together: their own index (migration 0009).
  else if (f.account !== undefined && f.state !== undefined) key = 'stateAccount';
  else if (f.account !== undefined) key = 'account';
  else if (f.state !== undefined || f.kind !== undefined) {
    key = f.state !== undefined && (f.kind === undefined || (await countedDocuments(db, { state: f.state })) <= (await countedDocuments(db, { kind: f.kind }))) ? 'state' : 'kind';
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
  if (names) filter('beneficiary', `d.beneficiary_name IN ${jsonValues(db, 'names')}`, 'names', JSON.stringify(names.names));
  return { driver, residual, params, names: names ? names.names : null, lowId, highId };
}

/** An exclusive upper bound above `id` (any id of the same length sorts below id + any suffix). */
const justAbove = (id: string) => `${id}!`;
const minStr = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** One page of documents matching the filter, newest first. */
export async function pageDocuments(db: Db, q: DocumentPageQuery, limits: ScanLimits = SCAN_LIMITS): Promise<DocumentPage> {
  const limit = Math.min(1000, Math.max(1, Math.floor(q.limit)));
  const p = await plan(db, q, limits);
  if (p === 'empty') return { items: [], nextCursor: null, partial: false };
  const upper = minStr(q.cursor ?? null, p.highId !== null ? justAbove(p.highId) : null) ?? '~';
  const found =
    p.driver.by === 'sorted' ? await readSorted(db, p, p.driver, limit, upper) : p.driver.by === 'names' ? await mergeNames(db, p, limit, upper) : await walk(db, p, p.driver, limit, upper, limits);
  const items = found.items.slice(0, limit);
  if (found.items.length > limit) return { items, nextCursor: items[items.length - 1]!.id, partial: false };
  return { items, nextCursor: found.stoppedAt, partial: found.stoppedAt !== null };
}

/** The list columns of these documents, newest first. */
async function listItems(db: Db, ids: string[]): Promise<DocumentListItem[]> {
  const order = 'd.id';
  return all<DocumentListItem & SqlRow>(db, `SELECT ${itemColumns(db)} FROM documents d WHERE d.id IN ${jsonValues(db, 'ids')} ORDER BY ${order} DESC`, { ids: JSON.stringify(ids) });
}

/** Documents found (newest first; more than `limit` means there is a next page) and, when the budget ran out, where to go on. */
interface Found {
  items: DocumentListItem[];
  stoppedAt: string | null;
}

function bounds(db: Db, p: Plan): { where: string[]; low: string | null; params: Params } {
  const low = p.lowId !== null ? idIs(db, '>=', 'low') : null;
  return { where: [LISTED, idIs(db, '<', 'upper'), ...(low !== null ? [low] : [])], low, params: { ...p.params, ...(p.lowId !== null ? { low: p.lowId } : {}) } };
}

async function readSorted(db: Db, p: Plan, driver: Driver, limit: number, upper: string): Promise<Found> {
  const b = bounds(db, p);
  // Ids first: a sorter would otherwise carry every candidate's columns, not only the page's.
  const sql = `SELECT d.id AS id ${from(db, driver.index)} WHERE ${[...b.where, ...driver.terms, ...p.residual.map((r) => r.term)].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const ids = (await all<{ id: string }>(db, sql, { ...b.params, upper, take: limit + 1 })).map((r) => r.id);
  return { items: ids.length ? await listItems(db, ids) : [], stoppedAt: null };
}

/**
 * The newest `limit + 1` documents of each searched name, one ordered range of the name index each (covering), merged:
 * a name with 100,000 documents costs what one with 50 does.
 */
async function mergeNames(db: Db, p: Plan, limit: number, upper: string): Promise<Found> {
  const b = bounds(db, p);
  const sql = `SELECT d.id AS id ${from(db, DRIVERS.beneficiary.index)} WHERE ${[...b.where, 'd.beneficiary_name = @name'].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const ids: string[] = [];
  for (const name of p.names ?? []) for (const r of await all<{ id: string }>(db, sql, { ...b.params, name, upper, take: limit + 1 })) ids.push(r.id);
  ids.sort((a, z) => (a < z ? 1 : a > z ? -1 : 0));
  const page = ids.slice(0, limit + 1);
  return { items: page.length ? await listItems(db, page) : [], stoppedAt: null };
}

/**
 * Walks the driver newest first. Filters it does not lead are checked on the side, in windows of growing size, each
 * bounded below by a floor id found on the index alone (covering), until the page fills or the budget is spent.
 */
async function walk(db: Db, p: Plan, driver: Driver, limit: number, upperStart: string, limits: ScanLimits): Promise<Found> {
  const b = bounds(db, p);
  const driverFrom = from(db, driver.index);
  const where = [...b.where, ...driver.terms];
  // A window is bounded below by its floor alone: given the date's lower id bound as well, SQLite ranges the index on
  // one of the two and only filters on the other, and a window of 128 entries walked the whole date range.
  const windowWhere = [...b.where.filter((t) => t !== b.low), ...driver.terms];
  const residual = p.residual.map((r) => r.term);
  const rows = (sql: string, params: Params) => all<DocumentListItem & SqlRow>(db, sql, params);
  if (residual.length === 0) {
    // Nothing to check on the side: the page's rows straight from the driver, in one statement.
    return { items: await rows(`SELECT ${itemColumns(db)} ${driverFrom} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT @take`, { ...b.params, upper: upperStart, take: limit + 1 }), stoppedAt: null };
  }
  // Searched names are found in each window on the name index; the rest is checked on what the driver covers, or on the row.
  const byName = p.residual.some((r) => r.column === 'beneficiary');
  const covered = byName ? DRIVERS.beneficiary.covers : driver.covers;
  const budget = p.residual.every((r) => (covered as readonly Column[]).includes(r.column)) ? limits.indexBudget : limits.rowBudget;
  const windowFrom = byName ? from(db, DRIVERS.beneficiary.index) : driverFrom;
  // The window's lowest id and its size, read on the index alone; a window smaller than asked reaches the end.
  const floorSql = `SELECT min(id) AS floor, count(*) AS n FROM (SELECT d.id AS id ${driverFrom} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT @size) AS w`;
  // The list columns are computed only for the rows that match.
  const windowSql = `SELECT ${itemColumns(db)} ${windowFrom} WHERE ${[...windowWhere, idIs(db, '>=', 'floor'), ...residual].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const lastSql = `SELECT ${itemColumns(db)} ${windowFrom} WHERE ${[...where, ...residual].join(' AND ')} ORDER BY d.id DESC LIMIT @take`;
  const items: DocumentListItem[] = [];
  let upper = upperStart;
  let scanned = 0;
  let window = limits.firstWindow;
  for (;;) {
    const size = Math.min(window, budget - scanned);
    const w = (await get<{ floor: string | null; n: number }>(db, floorSql, { ...b.params, upper, size }))!;
    const take = limit + 1 - items.length;
    const floor = w.floor;
    if (floor === null || Number(w.n) < size) {
      // The window reaches the end of the driver's range: its last rows, then nothing more.
      items.push(...(await rows(lastSql, { ...b.params, upper, take })));
      return { items, stoppedAt: null };
    }
    items.push(...(await rows(windowSql, { ...b.params, upper, floor, take })));
    if (items.length > limit) return { items, stoppedAt: null };
    scanned += size;
    upper = floor;
    if (scanned >= budget) return { items, stoppedAt: floor };
    // Enough entries for the rest of the page at the share of matches seen so far (half as many again to be safe).
    const want = items.length > 0 ? Math.ceil(((limit + 1 - items.length) * scanned * 1.5) / items.length) : window * 8;
    window = Math.min(window * 8, Math.max(window * 2, want));
  }
}

const accountsCache = new WeakMap<Db, { at: number; accounts: string[] }>();
/** listedAccounts, remembered for 30 s: the list of a company's accounts hardly ever changes. */
export async function knownAccounts(db: Db): Promise<string[]> {
  const now = db.clock.now();
  const c = accountsCache.get(db);
  if (c && now - c.at < 30_000 && now >= c.at) return c.accounts;
  const accounts = await listedAccounts(db);
  accountsCache.set(db, { at: now, accounts });
  return accounts;
}

/** Debited accounts that have listed documents: one index seek per account (a loose scan), never a full scan. */
export async function listedAccounts(db: Db, max = 200): Promise<string[]> {
  const sql = `WITH RECURSIVE a(x) AS (
      SELECT (SELECT min(payer_account) FROM documents WHERE ${LISTED.replaceAll('d.', '')} AND payer_account IS NOT NULL)
      UNION ALL SELECT (SELECT min(payer_account) FROM documents WHERE ${LISTED.replaceAll('d.', '')} AND payer_account > a.x) FROM a WHERE a.x IS NOT NULL)
    SELECT x FROM a WHERE x IS NOT NULL LIMIT $1`;
  return (await db.all<{ x: string }>(sql, [max])).map((r) => r.x);
}
