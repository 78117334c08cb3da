// What the Statements page and API show of one account: stored operations in a date range (keyset pages), their
// totals, balances worked out from the bank's last closing balance, and the 1C files written for those days.
import { fromJson } from '../../core/model/json.ts';
import type { StatementOperation } from '../../core/model/statement.ts';
import { addDays } from '../../validate/dates.ts';
import type { Store } from '../../store/db.ts';

export interface StatementAccountView {
  account: string;
  currency: string | null;
  /** Last business day fetched completely, and the bank's closing balance of it (minor units). */
  lastDate: string | null;
  closingMinor: string | null;
}

export interface StatementEntryView {
  bankId: string;
  bookingDate: string;
  direction: 'credit' | 'debit';
  amountMinor: string;
  currency: string;
  operation: StatementOperation;
  documentId: string | null;
}

export interface StatementBalances {
  /** Null when it cannot be known from what is stored (see statementBalances). */
  openingMinor: bigint | null;
  closingMinor: bigint | null;
  /** The range reaches past the last complete day: the closing balance is today's so far. */
  closingSoFar: boolean;
}

export interface StatementFileView {
  day: string;
  mailbox: string;
  path: string;
  sha256: string;
  writtenAt: number;
}

/**
 * Accounts with a statement history: those with a cursor, those with entries (a skip-scan over the account index,
 * one seek per account) and the configured ones not fetched yet.
 */
export function statementAccounts(store: Store, configured: readonly string[]): StatementAccountView[] {
  const cursors = store.sqlite.prepare('SELECT account, currency, last_date AS lastDate, closing_minor AS closingMinor FROM statement_cursors').all() as StatementAccountView[];
  const withEntries = store.sqlite
    .prepare(
      `WITH RECURSIVE a(acc) AS (SELECT MIN(account) FROM statement_entries
         UNION ALL SELECT (SELECT MIN(account) FROM statement_entries WHERE account > a.acc) FROM a WHERE a.acc IS NOT NULL)
       SELECT acc FROM a WHERE acc IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  const byAccount = new Map(cursors.map((c) => [c.account, c]));
  for (const acc of [...withEntries, ...configured]) {
    if (!byAccount.has(acc)) byAccount.set(acc, { account: acc, currency: null, lastDate: null, closingMinor: null });
  }
  return [...byAccount.values()].sort((a, b) => a.account.localeCompare(b.account));
}

/** A page cursor: '<booking date>|<bank id>'. */
export const STATEMENT_CURSOR = /^\d{4}-\d{2}-\d{2}\|[\w:.-]{1,200}$/;

export interface EntriesQuery {
  account: string;
  from: string;
  to: string;
  limit: number;
  /** next of the previous page: '<booking date>|<bank id>'. */
  after?: string | undefined;
}

/** Operations in booking order (date, then the bank's id), keyset-paged so a long range stays cheap. */
export function statementEntries(store: Store, q: EntriesQuery): { items: StatementEntryView[]; next: string | null } {
  const [afterDate, afterId] = q.after && STATEMENT_CURSOR.test(q.after) ? (q.after.split('|') as [string, string]) : [null, null];
  const rows = store.sqlite
    .prepare(
      `SELECT bank_id AS bankId, booking_date AS bookingDate, direction, amount_minor AS amountMinor, currency, operation_json AS operationJson, document_id AS documentId
       FROM statement_entries WHERE account = ? AND booking_date BETWEEN ? AND ? ${afterDate ? 'AND (booking_date, bank_id) > (?, ?)' : ''}
       ORDER BY booking_date, bank_id LIMIT ?`,
    )
    .all(q.account, q.from, q.to, ...(afterDate ? [afterDate, afterId] : []), q.limit + 1) as (Omit<StatementEntryView, 'operation'> & { operationJson: string })[];
  const items = rows.slice(0, q.limit).map(({ operationJson, ...r }) => ({ ...r, operation: fromJson<StatementOperation>(operationJson) }));
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit && last ? `${last.bookingDate}|${last.bankId}` : null };
}

/** Credits minus debits booked in [from, to] (exact: summed as 64-bit integers, read back as bigint). */
function net(store: Store, account: string, from: string, to: string): bigint {
  if (from > to) return 0n;
  const r = store.sqlite
    .prepare(`SELECT COALESCE(SUM(CASE direction WHEN 'credit' THEN CAST(amount_minor AS INTEGER) ELSE -CAST(amount_minor AS INTEGER) END), 0) FROM statement_entries WHERE account = ? AND booking_date BETWEEN ? AND ?`)
    .pluck()
    .safeIntegers(true)
    .get(account, from, to) as bigint;
  return r;
}

export function statementTotals(store: Store, account: string, from: string, to: string): { creditMinor: bigint; debitMinor: bigint; credits: number; debits: number } {
  const rows = store.sqlite
    .prepare(`SELECT direction, SUM(CAST(amount_minor AS INTEGER)) AS total, COUNT(*) AS n FROM statement_entries WHERE account = ? AND booking_date BETWEEN ? AND ? GROUP BY direction`)
    .safeIntegers(true)
    .all(account, from, to) as { direction: string; total: bigint; n: bigint }[];
  const of = (d: string) => rows.find((r) => r.direction === d);
  return { creditMinor: of('credit')?.total ?? 0n, debitMinor: of('debit')?.total ?? 0n, credits: Number(of('credit')?.n ?? 0n), debits: Number(of('debit')?.n ?? 0n) };
}

/**
 * Balances of a range from the bank's closing balance of the last complete day (the cursor) and the stored
 * operations: closing(D) = closing(last) − net(D+1 … last) for D before it, + net(last+1 … D) after it. Days are
 * fetched without gaps from the first fetch on, so operations are complete from the first stored one onwards (and
 * after the last complete day); a balance that would need days before the first stored operation is not known —
 * the first fetch may have started later — and stays null.
 */
export function statementBalances(store: Store, acc: StatementAccountView, from: string, to: string): StatementBalances {
  if (!acc.lastDate || acc.closingMinor === null) return { openingMinor: null, closingMinor: null, closingSoFar: false };
  const last = acc.lastDate;
  const known = BigInt(acc.closingMinor);
  const first = store.sqlite.prepare('SELECT MIN(booking_date) FROM statement_entries WHERE account = ?').pluck().get(acc.account) as string | null;
  const closingOf = (day: string): bigint | null => {
    if (day >= last) return known + net(store, acc.account, addDays(last, 1), day);
    if (first === null || addDays(day, 1) < first) return null;
    return known - net(store, acc.account, addDays(day, 1), last);
  };
  return { openingMinor: closingOf(addDays(from, -1)), closingMinor: closingOf(to), closingSoFar: to > last };
}

/** The kl_to_1c files written for the account's days in the range ('statement:<account>:<day>' in exports). */
export function statementFiles(store: Store, account: string, from: string, to: string): StatementFileView[] {
  const rows = store.sqlite
    .prepare(`SELECT key, mailbox, path, sha256, written_at AS writtenAt FROM exports WHERE key BETWEEN ? AND ? ORDER BY key`)
    .all(`statement:${account}:${from}`, `statement:${account}:${to}`) as (Omit<StatementFileView, 'day'> & { key: string })[];
  return rows.map(({ key, ...r }) => ({ ...r, day: key.slice(key.lastIndexOf(':') + 1) }));
}
