// What the Statements page and API show of one account: stored operations in a date range (keyset pages), their
// totals, balances worked out from the bank's last closing balance, and the 1C files written for those days.
import { fromJson } from '../../core/model/json.ts';
import type { StatementOperation } from '../../core/model/statement.ts';
import { addDays } from '../../validate/dates.ts';
import type { Db } from '../../store/sql/executor.ts';

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
export async function statementAccounts(db: Db, configured: readonly string[]): Promise<StatementAccountView[]> {
  const cursors = await db.all<StatementAccountView & Record<string, unknown>>('SELECT account, currency, last_date AS "lastDate", closing_minor AS "closingMinor" FROM statement_cursors');
  const withEntries = (
    await db.all<{ acc: string }>(
      `WITH RECURSIVE a(acc) AS (SELECT MIN(account) FROM statement_entries
         UNION ALL SELECT (SELECT MIN(account) FROM statement_entries WHERE account > a.acc) FROM a WHERE a.acc IS NOT NULL)
       SELECT acc FROM a WHERE acc IS NOT NULL`,
    )
  ).map((r) => r.acc);
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
export async function statementEntries(db: Db, q: EntriesQuery): Promise<{ items: StatementEntryView[]; next: string | null }> {
  const [afterDate, afterId] = q.after && STATEMENT_CURSOR.test(q.after) ? (q.after.split('|') as [string, string]) : [null, null];
  const params = afterDate ? [q.account, q.from, q.to, afterDate, afterId, q.limit + 1] : [q.account, q.from, q.to, q.limit + 1];
  const rows = await db.all<Omit<StatementEntryView, 'operation'> & { operationJson: string }>(
    `SELECT bank_id AS "bankId", booking_date AS "bookingDate", direction, amount_minor AS "amountMinor", currency, operation_json AS "operationJson", document_id AS "documentId"
     FROM statement_entries WHERE account = $1 AND booking_date BETWEEN $2 AND $3 ${afterDate ? `AND (booking_date, bank_id) > ($4, $5)` : ''}
     ORDER BY booking_date, bank_id LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, q.limit).map(({ operationJson, ...r }) => ({ ...r, operation: fromJson<StatementOperation>(operationJson) }));
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit && last ? `${last.bookingDate}|${last.bankId}` : null };
}

/*
 * Sums of amount_minor (decimal text) as 64-bit integers (BIGINT: INTEGER is 32-bit on PostgreSQL), read back as text
 * so they stay exact beyond 2^53 on both databases, then as bigint.
 */
const signedMinor = `CASE direction WHEN 'credit' THEN CAST(amount_minor AS BIGINT) ELSE -CAST(amount_minor AS BIGINT) END`;

/** Credits minus debits booked in [from, to] (exact: summed as 64-bit integers, read back as bigint). */
async function net(db: Db, account: string, from: string, to: string): Promise<bigint> {
  if (from > to) return 0n;
  const r = await db.get<{ net: string }>(`SELECT CAST(COALESCE(SUM(${signedMinor}), 0) AS TEXT) AS net FROM statement_entries WHERE account = $1 AND booking_date BETWEEN $2 AND $3`, [account, from, to]);
  return BigInt(r?.net ?? '0');
}

export async function statementTotals(db: Db, account: string, from: string, to: string): Promise<{ creditMinor: bigint; debitMinor: bigint; credits: number; debits: number }> {
  const rows = await db.all<{ direction: string; total: string; n: number }>(
    `SELECT direction, CAST(SUM(CAST(amount_minor AS BIGINT)) AS TEXT) AS total, COUNT(*) AS n FROM statement_entries WHERE account = $1 AND booking_date BETWEEN $2 AND $3 GROUP BY direction`,
    [account, from, to],
  );
  const of = (d: string) => rows.find((r) => r.direction === d);
  const total = (d: string) => BigInt(of(d)?.total ?? '0');
  return { creditMinor: total('credit'), debitMinor: total('debit'), credits: Number(of('credit')?.n ?? 0), debits: Number(of('debit')?.n ?? 0) };
}

/**
 * Balances of a range from the bank's closing balance of the last complete day (the cursor) and the stored
 * operations: closing(D) = closing(last) − net(D+1 … last) for D before it, + net(last+1 … D) after it. Days are
 * fetched without gaps from the first fetch on, so operations are complete from the first stored one onwards (and
 * after the last complete day); a balance that would need days before the first stored operation is not known —
 * the first fetch may have started later — and stays null.
 */
export async function statementBalances(db: Db, acc: StatementAccountView, from: string, to: string): Promise<StatementBalances> {
  if (!acc.lastDate || acc.closingMinor === null) return { openingMinor: null, closingMinor: null, closingSoFar: false };
  const last = acc.lastDate;
  const known = BigInt(acc.closingMinor);
  const first = (await db.get<{ first: string | null }>('SELECT MIN(booking_date) AS "first" FROM statement_entries WHERE account = $1', [acc.account]))?.first ?? null;
  const closingOf = async (day: string): Promise<bigint | null> => {
    if (day >= last) return known + (await net(db, acc.account, addDays(last, 1), day));
    if (first === null || addDays(day, 1) < first) return null;
    return known - (await net(db, acc.account, addDays(day, 1), last));
  };
  return { openingMinor: await closingOf(addDays(from, -1)), closingMinor: await closingOf(to), closingSoFar: to > last };
}

/** The kl_to_1c files written for the account's days in the range ('statement:<account>:<day>' in exports). */
export async function statementFiles(db: Db, account: string, from: string, to: string): Promise<StatementFileView[]> {
  const rows = await db.all<Omit<StatementFileView, 'day'> & { key: string }>(
    `SELECT key, mailbox, path, sha256, written_at AS "writtenAt" FROM exports WHERE key BETWEEN $1 AND $2 ORDER BY key`,
    [`statement:${account}:${from}`, `statement:${account}:${to}`],
  );
  return rows.map(({ key, ...r }) => ({ ...r, day: key.slice(key.lastIndexOf(':') + 1) }));
}
