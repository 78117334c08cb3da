// Statements page against the real sandbox bank: operations fetched by the bank side, balances worked out from the
// bank's closing balance, the kl_to_1c file listed, "fetch now" asks the scheduler (audited), keyset pages lose nothing.
import { describe, expect, it } from 'vitest';
import { storeStatement } from '../../gateway/pipeline/statements.ts';
import { todayIn } from '../../gateway/validate/dates.ts';
import { bankHarness } from './admin-helpers.ts';
import { webHarness } from './harness.ts';

const ACCOUNT = 'KZ90601A861000012345';

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('statements', () => {
  it('shows the bank\'s operations with balances and the file for 1C; fetch now runs a round and is audited', { timeout: 30_000 }, async () => {
    const h = await bankHarness({ accounts: [ACCOUNT] });
    const admin = h.bank.bank.sandbox!.admin;
    admin.openAccount({ client_id: 'bankgate', iban: ACCOUNT, currency: 'KZT', balance: '1000000.00' });
    admin.incomingPayment({ iban: ACCOUNT, amount: '25000.50', counterparty: { name: 'ТОО "Алатау <Трейд>"', bin: '210140012345' }, knp: '710', purpose: 'Оплата по счёту №15 <script>', number: '77' });
    const u = await h.user('zhanna', { rights: ['*=none'] });
    const c = h.client();
    await c.login('zhanna', u.password);

    const before = await (await c.get('/statements?lang=ru')).text();
    expect(before).toContain(ACCOUNT);
    expect(before).toContain('За этот период операций нет.');
    const fetch = await c.request('/statements/fetch', { form: { account: ACCOUNT } });
    expect(fetch.status).toBe(303);
    expect(fetch.headers.get('location')).toBe(`/statements?account=${ACCOUNT}&fetched=1`);
    expect(h.store.sqlite.prepare(`SELECT actor FROM events WHERE type = 'statements.fetch-requested'`).pluck().all()).toEqual(['zhanna']);
    await until('the operation stored', () => h.store.sqlite.prepare('SELECT count(*) FROM statement_entries').pluck().get() === 1);
    await h.bank.scheduler.statementsRound();

    const today = todayIn(h.config.validation.time_zone);
    const html = await (await c.get(`/statements?account=${ACCOUNT}&from=${today}&to=${today}&lang=ru`)).text();
    expect(html).toContain('ТОО &quot;Алатау &lt;Трейд&gt;&quot;');
    expect(html).toContain('Оплата по счёту №15 &lt;script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toMatch(/25\s000,50\sKZT/);
    // Today is not complete: the balance so far is the opening one (yesterday's closing) plus today's credit.
    expect(html).toContain('Остаток на текущий момент');
    expect(html).toMatch(/1\s025\s000,50\sKZT/);
    expect(html).toContain(`kl_to_1c_${ACCOUNT}_${today.replaceAll('-', '')}.txt`);

    const api = (await (await c.get(`/api/v1/statements?account=${ACCOUNT}&from=${today}&to=${today}`)).json()) as { closing_balance: string | null; currency: string; entries: { amount: string; direction: string; knp: string | null; counterparty: { name: string } }[]; files: { name: string }[] };
    expect(api.currency).toBe('KZT');
    expect(api.closing_balance).toBe('1025000.50');
    expect(api.entries).toMatchObject([{ amount: '25000.50', direction: 'credit', knp: '710', counterparty: { name: 'ТОО "Алатау <Трейд>"' } }]);
    expect(api.files).toHaveLength(1);
  });

  it('pages by key over a long range without losing or repeating operations; balances from the cursor', async () => {
    const h = webHarness();
    const u = await h.user('nurlan', { rights: ['*=none'] });
    const ops = Array.from({ length: 450 }, (_, i) => ({
      date: `2025-01-${String(10 + (i % 3)).padStart(2, '0')}`,
      number: String(i + 1),
      direction: i % 5 === 0 ? ('debit' as const) : ('credit' as const),
      amount: { minor: BigInt(100 + i), currency: 'KZT' },
      counterparty: { name: `Контрагент ${i}` },
      knp: '710',
      purpose: `Операция ${i}`,
      documentKind: '',
    }));
    await storeStatement(h.store.sql, { account: ACCOUNT, currency: 'KZT', from: '2025-01-10', to: '2025-01-12', openingBalance: { minor: 0n, currency: 'KZT' }, closingBalance: { minor: 0n, currency: 'KZT' }, totalCredits: { minor: 0n, currency: 'KZT' }, totalDebits: { minor: 0n, currency: 'KZT' }, operations: ops, entryIds: ops.map((_, i) => `E${String(i).padStart(4, '0')}`), documentBankIds: ops.map(() => null) });
    // The bank said: closing balance of 12 January = 1 000 000.00.
    h.store.sqlite.prepare('INSERT INTO statement_cursors (account, currency, last_date, closing_minor, updated_at) VALUES (?, ?, ?, ?, ?)').run(ACCOUNT, 'KZT', '2025-01-12', '100000000', 0);
    const c = h.client();
    await c.login('nurlan', u.password);
    const seen: string[] = [];
    let url: string | null = `/statements?account=${ACCOUNT}&from=2025-01-01&to=2025-01-31&lang=en`;
    for (let pages = 0; url && pages < 10; pages++) {
      const html: string = await (await c.get(url)).text();
      for (const m of html.matchAll(/<td>Операция (\d+)<\/td>/g)) seen.push(m[1]!);
      const next: RegExpExecArray | null = /<a href="([^"]+)">Next page<\/a>/.exec(html);
      url = next ? next[1]!.replaceAll('&amp;', '&') : null;
    }
    expect(seen).toHaveLength(450);
    expect(new Set(seen).size).toBe(450);
    // Opening of the 11th = closing of the 12th minus the 11th's and 12th's net; the 10th has the first operation.
    const net = (day: string) => ops.filter((o) => o.date === day).reduce((s, o) => s + (o.direction === 'credit' ? o.amount.minor : -o.amount.minor), 0n);
    const api = (await (await c.get(`/api/v1/statements?account=${ACCOUNT}&from=2025-01-11&to=2025-01-11`)).json()) as { opening_balance: string; closing_balance: string };
    expect(BigInt(api.opening_balance.replace('.', ''))).toBe(100000000n - net('2025-01-12') - net('2025-01-11'));
    expect(BigInt(api.closing_balance.replace('.', ''))).toBe(100000000n - net('2025-01-12'));
    // Before the first stored operation nothing is known.
    const early = (await (await c.get(`/api/v1/statements?account=${ACCOUNT}&from=2025-01-05&to=2025-01-08`)).json()) as { opening_balance: string | null; closing_balance: string | null };
    expect(early).toMatchObject({ opening_balance: null, closing_balance: null });
  });
});
