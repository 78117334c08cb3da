// FX page: the order form creates a document awaiting signatures (like `bankgate fx buy`), bad input gets field
// errors in the user's language, admins and viewers cannot place orders, and the bank's confirmations are listed.
import { describe, expect, it } from 'vitest';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { todayIn } from '../../gateway/validate/dates.ts';
import { cert, fxOrder, signedSubmission } from '../connectors/bank-sandbox/helpers.ts';
import { bankHarness } from './admin-helpers.ts';
import { ORIGIN, webHarness } from './harness.ts';

const KZT = 'KZ90601A861000012345';
const USD = 'KZ86601A861000054321';

describe('FX orders', () => {
  it('a buy order from the form becomes a document awaiting signature, from a source file, audited with the user', async () => {
    const h = webHarness();
    const u = await h.user('marat', { rights: [`${KZT}=first`] });
    const c = h.client();
    await c.login('marat', u.password);
    const form = await (await c.get('/fx')).text();
    const key = /name="key" value="([^"]+)"/.exec(form)![1]!;
    const res = await c.request('/fx', { form: { key, direction: 'buy', amount: '1 000,50', currency: 'usd', fromIban: KZT, toIban: USD, rateLimit: '512.50', purpose: 'Оплата по контракту №7', number: '' } });
    expect(res.status).toBe(303);
    const id = new URL(res.headers.get('location')!, ORIGIN).searchParams.get('created')!;
    const doc = (await getDocument(h.store.sql, id))!;
    expect(doc.state).toBe('awaiting-signature');
    expect(doc.document).toMatchObject({ kind: 'fx-order', direction: 'buy', amount: { minor: 100050n, currency: 'USD' }, fromIban: KZT, toIban: USD, rateLimit: '512.50', purpose: 'Оплата по контракту №7' });
    const created = h.store.sqlite.prepare(`SELECT actor FROM events WHERE entity_id = ? AND type = 'document.created'`).pluck().get(id);
    expect(created).toBe('marat');
    // The form sent twice (reload, double click) is one order.
    const again = await c.request('/fx', { form: { key, direction: 'buy', amount: '1000.50', currency: 'USD', fromIban: KZT, toIban: USD, rateLimit: '512.50', purpose: 'Оплата по контракту №7', number: '' } });
    expect(new URL(again.headers.get('location')!, ORIGIN).searchParams.get('created')).toBe(id);
    const page = await (await c.get(`/fx?created=${id}&lang=ru`)).text();
    expect(page).toContain('Заявка создана и ожидает подписей.');
    expect(page).toContain(`href="/documents/${id}"`);
    expect(page).toContain('awaiting-signature');
  });

  it('a bad amount, currency or account gets a field error and no document', async () => {
    const h = webHarness();
    const u = await h.user('saule', { rights: ['*=none:prepare'] });
    const c = h.client();
    await c.login('saule', u.password);
    const bad = await c.request('/fx?lang=ru', { form: { direction: 'sell', amount: '12.345', currency: 'USD', fromIban: USD, toIban: 'KZ00BAD', rateLimit: '', purpose: '', number: '' } });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Заявка не создана. Исправьте отмеченные поля.');
    expect(html).toContain('не более 2 знаков после неё');
    expect(html).toContain('id="fx-toIban-error"');
    expect(html).toContain('value="12.345"');
    const float = await c.request('/fx?lang=en', { form: { direction: 'buy', amount: '1e3', currency: 'KZT', fromIban: KZT, toIban: USD } });
    expect(float.status).toBe(400);
    const text = await float.text();
    expect(text).toContain('not KZT');
    expect(text).toContain('Enter an amount above zero');
    const negative = await c.request('/fx?lang=en', { form: { direction: 'buy', amount: '-5', currency: 'USD', fromIban: KZT, toIban: USD } });
    expect(await negative.text()).toContain('Enter an amount above zero');
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM documents`).pluck().get()).toBe(0);
  });

  it('admins and view-only users cannot place orders (403, audited); a right on another account is not enough', async () => {
    const h = webHarness();
    const admin = await h.user('root', { admin: true });
    const viewer = await h.user('olga', { rights: ['*=none'] });
    const other = await h.user('timur', { rights: [`${USD}=single`] });
    const order = { direction: 'buy', amount: '10', currency: 'USD', fromIban: KZT, toIban: USD };
    for (const who of [admin, viewer]) {
      const c = h.client();
      await c.login(who.login, who.password);
      expect(await (await c.get('/fx?lang=en')).text()).not.toContain('action="/fx"');
      expect((await c.request('/fx', { form: order })).status).toBe(403);
    }
    const c = h.client();
    await c.login(other.login, other.password);
    const res = await c.request('/fx?lang=en', { form: order });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`no right to prepare documents on account ${KZT}`);
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'web.refused'`).pluck().get()).toBe(3);
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM documents`).pluck().get()).toBe(0);
  });
});

describe('FX deal confirmations', () => {
  it('lists the bank\'s confirmation of a signed order, linked to the order, with the file written for 1C', { timeout: 30_000 }, async () => {
    const h = await bankHarness();
    const admin = h.bank.bank.sandbox!.admin;
    admin.openAccount({ client_id: 'bankgate', iban: KZT, currency: 'KZT', balance: '10000000.00' });
    admin.openAccount({ client_id: 'bankgate', iban: USD, currency: 'USD', balance: '0' });
    const director = await cert('ДИРЕКТОР');
    admin.registerCertificate({ client_id: 'bankgate', pem: director.pem, user: 'director', right: 'single' });
    const id = '01JFXORDER0000000000000001';
    const order = fxOrder('55', 'buy', 1_000_00n, { date: todayIn(h.config.validation.time_zone), fromIban: KZT, toIban: USD });
    const body = await signedSubmission(id, order, [director]);
    const status = await h.bank.session.submit({ id, document: order, payload: Buffer.from(body.payload_b64, 'base64'), signatures: body.signatures.map((s) => Buffer.from(s.cms_b64, 'base64')) }, 'web-fx-test-1');
    expect(status.state).not.toBe('rejected');
    const u = await h.user('aset', { rights: ['*=none'] });
    const c = h.client();
    await c.login('aset', u.password);
    let html = '';
    for (let i = 0; i < 100 && !html.includes('open the order'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      html = await (await c.get('/fx?lang=en')).text();
    }
    expect(html).toContain(`href="/documents/${id}"`);
    expect(html).toContain('1000.00 USD');
    expect(html).toContain('not written yet');
    await h.bank.scheduler.statementsRound();
    const after = await (await c.get('/fx?lang=en')).text();
    expect(after).toMatch(/fx_FX[\w-]+\.txt/);
  });

  it('without a bank the page says so and lists the files already written', async () => {
    const h = webHarness();
    const u = await h.user('aset', { rights: ['*=none'] });
    h.store.sqlite.prepare('INSERT INTO exports (key, mailbox, path, sha256, written_at) VALUES (?, ?, ?, ?, ?)').run('fx:FX123', 'default', '/srv/exchange/out/fx/fx_FX123.txt', 'a'.repeat(64), Date.now());
    const c = h.client();
    await c.login('aset', u.password);
    const html = await (await c.get('/fx?lang=ru')).text();
    expect(html).toContain('Банк не подключён: запросить подтверждения нельзя.');
    expect(html).toContain('fx_FX123.txt');
  });
});

describe('FX API', () => {
  it('POST /api/v1/fx/orders places an order with a decimal string; bad fields are named; admins are refused', async () => {
    const h = webHarness();
    await h.user('marat', { rights: [`${KZT}=single`] });
    const token = await h.token('marat');
    const call = (path: string, body?: unknown) =>
      h.app.request(`${ORIGIN}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const ok = await call('/api/v1/fx/orders', { direction: 'sell', amount: '250.75', currency: 'USD', from_iban: KZT, to_iban: USD, key: 'api-order-key-000001' });
    expect(ok.status).toBe(201);
    const { id, state } = (await ok.json()) as { id: string; state: string };
    expect(state).toBe('awaiting-signature');
    expect((await getDocument(h.store.sql, id))!.document).toMatchObject({ direction: 'sell', amount: { minor: 25075n, currency: 'USD' } });
    const list = (await (await call('/api/v1/fx/orders')).json()) as { items: { id: string; amount: string; currency: string }[] };
    expect(list.items).toMatchObject([{ id, amount: '250.75', currency: 'USD' }]);
    const bad = await call('/api/v1/fx/orders', { direction: 'buy', amount: '1.001', currency: 'USD', from_iban: KZT, to_iban: 'nope' });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { error: { problems: { field: string }[] } }).error.problems.map((p) => p.field).sort();
    expect(problems).toEqual(['amount', 'to_iban']);
    const number = await call('/api/v1/fx/orders', { direction: 'buy', amount: 1000, currency: 'USD', from_iban: KZT, to_iban: USD });
    expect(number.status).toBe(400);
    await h.user('root', { admin: true });
    const adminToken = await h.token('root');
    const refused = await h.app.request(`${ORIGIN}/api/v1/fx/orders`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ direction: 'buy', amount: '1', currency: 'USD', from_iban: KZT, to_iban: USD }) });
    expect(refused.status).toBe(403);
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'web.refused'`).pluck().get()).toBe(1);
  });
});
