/** @jsxImportSource hono/jsx */
// Statements: per account and date range, the operations the bank booked (linked to our documents), balances where
// they can be known, the kl_to_1c files written back to 1C, and "fetch now" (asks the bank scheduler for a round).
import path from 'node:path';
import { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatCount, formatDateTime, formatDay } from '../i18n/format.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { Amount, Facts, Pager } from '../ui/widgets.tsx';
import { requestStatementFetch } from '../views/statement-fetch.ts';
import { statementBalances, statementEntries, statementFiles, statementTotals, type StatementAccountView } from '../views/statements-view.ts';
import { statementRange, type StatementRange } from '../views/statement-range.ts';

export const STATEMENT_PAGE_SIZE = 200;

function Operations({ c, d, r }: { c: WebContext; d: WebDeps; r: StatementRange & { account: StatementAccountView } }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const after = c.req.query('after');
  const page = statementEntries(d.store, { account: r.account.account, from: r.from, to: r.to, limit: STATEMENT_PAGE_SIZE, after });
  if (page.items.length === 0) return <p class="muted">{t('statements.no_operations')}</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>{t('statements.col.date')}</th>
            <th>{t('statements.col.number')}</th>
            <th class="num">{t('statements.col.debit')}</th>
            <th class="num">{t('statements.col.credit')}</th>
            <th>{t('statements.col.counterparty')}</th>
            <th>{t('statements.col.purpose')}</th>
            <th>{t('statements.col.knp')}</th>
            <th>{t('statements.col.document')}</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((e) => {
            const cp = e.operation.counterparty;
            return (
              <tr>
                <td>{formatDay(e.bookingDate, lang)}</td>
                <td>{e.operation.number || t('common.none')}</td>
                <td class="num">{e.direction === 'debit' ? <Amount c={c} minor={e.amountMinor} currency={e.currency} /> : null}</td>
                <td class="num">{e.direction === 'credit' ? <Amount c={c} minor={e.amountMinor} currency={e.currency} /> : null}</td>
                <td>
                  {cp?.name ?? ''}
                  {cp?.binIin ? <div class="muted mono">{t('statements.bin_iin', { value: cp.binIin })}</div> : null}
                  {cp?.iban ? <div class="muted mono">{cp.iban}</div> : null}
                </td>
                <td>{e.operation.purpose}</td>
                <td class="mono">{e.operation.knp ?? t('common.none')}</td>
                <td>{e.documentId ? <a href={`/documents/${e.documentId}`}>{t('statements.open_document')}</a> : <span class="muted">{t('common.none')}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Pager c={c} path="/statements" param="after" next={page.next} />
    </>
  );
}

function Files({ c, d, r }: { c: WebContext; d: WebDeps; r: StatementRange & { account: StatementAccountView } }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const files = statementFiles(d.store, r.account.account, r.from, r.to);
  if (files.length === 0) return <p class="muted">{t('statements.no_files')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('statements.col.day')}</th>
          <th>{t('statements.col.file')}</th>
          <th>{t('statements.col.mailbox')}</th>
          <th>{t('statements.col.written')}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr>
            <td>{formatDay(f.day, lang)}</td>
            <td class="mono" title={f.sha256}>
              {path.basename(f.path)}
            </td>
            <td>{f.mailbox}</td>
            <td>{formatDateTime(f.writtenAt, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StatementsPage({ c, d, r, notice }: { c: WebContext; d: WebDeps; r: StatementRange; notice?: { kind: 'ok' | 'error'; text: string } | undefined }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const acc = r.account;
  const currency = acc?.currency ?? null;
  const totals = acc ? statementTotals(d.store, acc.account, r.from, r.to) : null;
  const balances = acc ? statementBalances(d.store, acc, r.from, r.to) : null;
  return (
    <Page c={c} title="statements.title" help="statements" nav="statements">
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {r.error ? <Notice kind="error">{t('statements.bad_dates')}</Notice> : null}
      {r.accounts.length === 0 ? <Notice kind="info">{t('statements.no_accounts')}</Notice> : null}
      <form method="get" action="/statements" class="filters">
        <label data-help="statements.account">
          {t('statements.account')}
          <select name="account" data-help="statements.account">
            {r.accounts.map((a) => (
              <option value={a.account} selected={a.account === acc?.account}>
                {a.account}
                {a.currency ? ` (${a.currency})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('statements.from')}
          <input type="date" name="from" value={r.from} data-help="statements.period" />
        </label>
        <label>
          {t('statements.to')}
          <input type="date" name="to" value={r.to} data-help="statements.period" />
        </label>
        <button type="submit">{t('common.filter')}</button>
      </form>
      {d.bank ? (
        <form method="post" action="/statements/fetch" class="inline">
          <Csrf c={c} />
          <input type="hidden" name="account" value={acc?.account ?? ''} />
          <input type="hidden" name="from" value={r.from} />
          <input type="hidden" name="to" value={r.to} />
          <button type="submit" class="secondary" data-help="statements.fetch">
            {t('statements.fetch_now')}
          </button>
        </form>
      ) : (
        <p class="muted">{t('statements.no_bank')}</p>
      )}
      {acc && totals && balances ? (
        <>
          <h2>{t('statements.summary', { account: acc.account })}</h2>
          <Facts
            rows={[
              [t('statements.period'), `${formatDay(r.from, lang)} — ${formatDay(r.to, lang)}`],
              [t('statements.opening'), balances.openingMinor === null ? <span class="muted">{t('statements.balance_unknown')}</span> : <Amount c={c} minor={balances.openingMinor} currency={currency} />],
              [t('statements.debits'), <>{<Amount c={c} minor={totals.debitMinor} currency={currency} />} <span class="muted">({t('statements.operations_count', { count: totals.debits, n: formatCount(totals.debits, lang) })})</span></>],
              [t('statements.credits'), <>{<Amount c={c} minor={totals.creditMinor} currency={currency} />} <span class="muted">({t('statements.operations_count', { count: totals.credits, n: formatCount(totals.credits, lang) })})</span></>],
              [
                balances.closingSoFar ? t('statements.closing_so_far') : t('statements.closing'),
                balances.closingMinor === null ? <span class="muted">{t('statements.balance_unknown')}</span> : <Amount c={c} minor={balances.closingMinor} currency={currency} />,
              ],
              [t('statements.last_complete'), acc.lastDate ? <>{formatDay(acc.lastDate, lang)} — <Amount c={c} minor={acc.closingMinor} currency={currency} /></> : <span class="muted">{t('statements.never_fetched')}</span>],
            ]}
          />
          <h2>{t('statements.operations')}</h2>
          <Operations c={c} d={d} r={{ ...r, account: acc }} />
          <h2>{t('statements.files')}</h2>
          <Files c={c} d={d} r={{ ...r, account: acc }} />
        </>
      ) : null}
    </Page>
  );
}

export function statementsPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/statements', (c) => {
    const r = statementRange(d, { account: c.req.query('account'), from: c.req.query('from'), to: c.req.query('to') });
    const fetched = c.req.query('fetched');
    const notice = fetched === '1' ? { kind: 'ok' as const, text: c.get('t')('statements.fetch_started') } : undefined;
    return c.html(<StatementsPage c={c} d={d} r={r} notice={notice} />);
  });

  // Everyone signed in may ask for a fetch (viewers too: it only asks the bank what is already theirs to see).
  app.post('/statements/fetch', async (c) => {
    const body = await c.req.parseBody();
    const back = new URLSearchParams();
    for (const k of ['account', 'from', 'to']) if (typeof body[k] === 'string' && body[k]) back.set(k, body[k]);
    if (!d.bank) {
      const r = statementRange(d, Object.fromEntries(back));
      return c.html(<StatementsPage c={c} d={d} r={r} notice={{ kind: 'error', text: c.get('t')('statements.no_bank') }} />, 409);
    }
    await requestStatementFetch({ ...d, bank: d.bank }, c.get('user')!.login, 'web');
    back.set('fetched', '1');
    return c.redirect(`/statements?${back.toString()}`, 303);
  });
  return app;
}
