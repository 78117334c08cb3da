// /api/v1/statements: accounts with statements, one account's operations in a date range (keyset pages) with
// balances and the files written for 1C, and "fetch now". Everyone signed in may read and ask for a fetch.
import path from 'node:path';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { formatDecimal } from '../../core/model/money.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { requestStatementFetch } from '../views/statement-fetch.ts';
import { STATEMENT_CURSOR, statementAccounts, statementBalances, statementEntries, statementFiles, statementTotals } from '../views/statements-view.ts';
import { statementRange } from '../views/statement-range.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const iban = z.string().regex(/^KZ\d{2}[0-9A-Z]{16}$/, 'a KZ IBAN');

const accountSchema = z.object({ account: z.string(), currency: z.string().nullable(), last_complete_date: z.string().nullable(), closing_balance: z.string().nullable().describe('The bank\'s closing balance of last_complete_date') }).meta({ id: 'StatementAccount' });

const statementSchema = z
  .object({
    account: z.string(),
    currency: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    opening_balance: z.string().nullable().describe('Worked out from the bank\'s last closing balance and the stored operations; null when not known'),
    closing_balance: z.string().nullable(),
    closing_is_so_far: z.boolean().describe('The range reaches into today, which is not complete'),
    total_debits: z.string(),
    total_credits: z.string(),
    entries: z.array(
      z.object({
        bank_id: z.string(),
        booking_date: z.string(),
        direction: z.enum(['credit', 'debit']),
        amount: z.string(),
        currency: z.string(),
        number: z.string(),
        counterparty: z.object({ name: z.string(), bin_iin: z.string().nullable(), iban: z.string().nullable() }),
        purpose: z.string(),
        knp: z.string().nullable(),
        document_id: z.string().nullable(),
      }),
    ),
    next_cursor: z.string().nullable(),
    files: z.array(z.object({ day: z.string(), name: z.string(), mailbox: z.string(), path: z.string(), sha256: z.string(), written_at: z.string() })),
  })
  .meta({ id: 'Statement' });

const accountsRoute = createRoute({ method: 'get', path: '/api/v1/statements/accounts', summary: 'Accounts with statements', security: API_SECURITY, responses: { 200: json(z.object({ items: z.array(accountSchema) }), 'Accounts'), ...API_ERRORS } });
const statementRoute = createRoute({
  method: 'get',
  path: '/api/v1/statements',
  summary: 'One account\'s operations in a date range (booking order, keyset pages of at most 500)',
  security: API_SECURITY,
  request: { query: z.object({ account: iban, from: date.optional(), to: date.optional(), limit: z.coerce.number().int().min(1).max(500).default(200), cursor: z.string().regex(STATEMENT_CURSOR, 'a next_cursor of a previous page').optional() }) },
  responses: { 200: json(statementSchema, 'The statement'), 404: json(apiErrorSchema, 'No statements for this account (API_NOT_FOUND)'), ...API_ERRORS },
});
const fetchRoute = createRoute({
  method: 'post',
  path: '/api/v1/statements/fetch',
  summary: 'Ask the bank for statements, FX confirmations and letters now (a scheduler round; answered before it ends)',
  security: API_SECURITY,
  responses: { 202: json(z.object({ started: z.literal(true) }), 'The round started (audited as statements.fetch-requested)'), 409: json(apiErrorSchema, 'No bank is configured (CONN_CONFIG)'), ...API_ERRORS },
});

export function registerStatementsApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(accountsRoute, (c) =>
    c.json({ items: statementAccounts(d.store, d.config.bank.statements.accounts).map((a) => ({ account: a.account, currency: a.currency, last_complete_date: a.lastDate, closing_balance: a.closingMinor === null ? null : formatDecimal(BigInt(a.closingMinor), a.currency ?? 'KZT') })) }, 200),
  );

  api.openapi(statementRoute, (c) => {
    const q = c.req.valid('query');
    const r = statementRange(d, q);
    if (r.error) return c.json({ error: { code: 'API_BAD_QUERY', message: 'from and to must be real dates with from <= to' } }, 400);
    const acc = r.account?.account === q.account ? r.account : null;
    if (!acc) return c.json({ error: { code: 'API_NOT_FOUND', message: `no statements for account ${q.account}` } }, 404);
    const cur = acc.currency ?? 'KZT';
    const money = (m: bigint | null) => (m === null ? null : formatDecimal(m, cur));
    const page = statementEntries(d.store, { account: acc.account, from: r.from, to: r.to, limit: q.limit, after: q.cursor });
    const totals = statementTotals(d.store, acc.account, r.from, r.to);
    const balances = statementBalances(d.store, acc, r.from, r.to);
    return c.json(
      {
        account: acc.account,
        currency: acc.currency,
        from: r.from,
        to: r.to,
        opening_balance: money(balances.openingMinor),
        closing_balance: money(balances.closingMinor),
        closing_is_so_far: balances.closingSoFar,
        total_debits: formatDecimal(totals.debitMinor, cur),
        total_credits: formatDecimal(totals.creditMinor, cur),
        entries: page.items.map((e) => ({
          bank_id: e.bankId,
          booking_date: e.bookingDate,
          direction: e.direction,
          amount: formatDecimal(BigInt(e.amountMinor), e.currency),
          currency: e.currency,
          number: e.operation.number,
          counterparty: { name: e.operation.counterparty?.name ?? '', bin_iin: e.operation.counterparty?.binIin ?? null, iban: e.operation.counterparty?.iban ?? null },
          purpose: e.operation.purpose,
          knp: e.operation.knp ?? null,
          document_id: e.documentId,
        })),
        next_cursor: page.next,
        files: statementFiles(d.store, acc.account, r.from, r.to).map((f) => ({ day: f.day, name: path.basename(f.path), mailbox: f.mailbox, path: f.path, sha256: f.sha256, written_at: new Date(f.writtenAt).toISOString() })),
      },
      200,
    );
  });

  api.openapi(fetchRoute, async (c) => {
    if (!d.bank) return c.json({ error: { code: 'CONN_CONFIG', message: c.get('t')('statements.no_bank') } }, 409);
    await requestStatementFetch({ ...d, bank: d.bank }, c.get('user')!.login, 'api');
    return c.json({ started: true as const }, 202);
  });
}
