// The account and period a statement request asks for, with the defaults (first account, last seven days in the
// business time zone) and one error for bad dates.
import { addDays, isCalendarDate, todayIn } from '../../validate/dates.ts';
import type { WebDeps } from '../deps.ts';
import { statementAccounts, type StatementAccountView } from './statements-view.ts';

export interface StatementRange {
  account: StatementAccountView | null;
  accounts: StatementAccountView[];
  from: string;
  to: string;
  error: 'dates' | null;
}

/** The account and the range asked for; defaults: the first account and the last seven days (Asia/Almaty). */
export async function statementRange(d: WebDeps, q: { account?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<StatementRange> {
  const accounts = await statementAccounts(d.store.sql, d.config.bank.statements.accounts);
  const today = todayIn(d.config.validation.time_zone);
  const to = q.to && isCalendarDate(q.to) ? q.to : today;
  const from = q.from && isCalendarDate(q.from) ? q.from : addDays(to, -6);
  const bad = Boolean((q.from && !isCalendarDate(q.from)) || (q.to && !isCalendarDate(q.to)) || from > to);
  const account = accounts.find((a) => a.account === q.account?.toUpperCase()) ?? accounts[0] ?? null;
  return { account, accounts, from: bad ? addDays(today, -6) : from, to: bad ? today : to, error: bad ? 'dates' : null };
}
