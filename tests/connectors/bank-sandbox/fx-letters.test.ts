// Sandbox bank, FX desk (rates, deal confirmations, both legs in statements, commission) and letters both ways.
import { beforeAll, describe, expect, it } from 'vitest';
import { fxConfirmationListSchema, letterListSchema } from '../../../connectors/bank-api/contract.ts';
import type { TestCert } from '../../fixtures/pki.ts';
import { cert, fxOrder, KZT, order, setupClient, signedSubmission, startBench, USD } from './helpers.ts';

let director: TestCert;
beforeAll(async () => {
  director = await cert('ДИРЕКТОР');
});

async function bench(config = {}) {
  const b = await startBench({ config: { fx_rates: { 'USD/KZT': { buy: '505.00', sell: '512.50' } }, ...config } });
  setupClient(b);
  b.bank.admin.registerCertificate({ client_id: 'acme', pem: director.pem, user: 'director', right: 'single' });
  return b;
}

describe('FX desk', () => {
  it('buy USD: KZT debited at the bank\'s sell rate, USD credited, confirmation, both legs with KNP 213, commission in KZT', async () => {
    const b = await bench({ commissions: [{ kinds: ['fx-order'], percent: '0.1', min: '500.00' }] });
    const r = await b.call('POST', '/v1/fx/orders', { body: await signedSubmission('fx-1', fxOrder('77', 'buy', 1_000_00n), [director]), key: 'fx-k1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'fx-order', number: '77', status: 'accepted', execution_date: '2026-11-26' });
    b.bank.admin.setClock({ advance_ms: 5000 });
    const s = await b.call('GET', `/v1/documents/${r.body.bank_id}`);
    expect(s.body.status).toBe('executed');

    const c = await b.call('GET', `/v1/fx/confirmations?since=${encodeURIComponent('2026-11-26T00:00:00Z')}`);
    const { confirmations } = fxConfirmationListSchema.parse(c.body);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({
      order_bank_id: r.body.bank_id,
      client_document_id: 'fx-1',
      direction: 'buy',
      trade_date: '2026-11-26',
      value_date: '2026-11-26',
      pair: 'USD/KZT',
      amount: '1000.00',
      currency: 'USD',
      counter_amount: '512500.00',
      counter_currency: 'KZT',
      rate: '512.50',
      kzt_equivalent: '512500.00',
      debit_account: KZT,
      credit_account: USD,
      commission: '512.50',
      commission_currency: 'KZT',
    });
    expect(confirmations[0]!.deal_id).toMatch(/^FX/);

    const kzt = (await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-26&to=2026-11-26`)).body;
    expect(kzt).toMatchObject({ opening_balance: '1000000.00', total_debits: '513012.50', closing_balance: '486987.50' });
    expect(kzt.entries.map((e: { amount: string; knp: string | null }) => [e.amount, e.knp])).toEqual([['512500.00', '213'], ['512.50', null]]);
    expect(kzt.entries[0]).toMatchObject({ bank_id: s.body.entry_bank_id, document_bank_id: r.body.bank_id, document_kind: 'Мемориальный ордер' });
    const usd = (await b.call('GET', `/v1/accounts/${USD}/statement?from=2026-11-26&to=2026-11-26`)).body;
    expect(usd).toMatchObject({ currency: 'USD', opening_balance: '1000.00', total_credits: '1000.00', closing_balance: '2000.00' });
    expect(usd.entries[0]).toMatchObject({ direction: 'credit', knp: '213', document_bank_id: r.body.bank_id });
    // Nothing after the deal.
    expect((await b.call('GET', `/v1/fx/confirmations?since=${encodeURIComponent('2026-11-26T05:00:06Z')}`)).body).toEqual({ confirmations: [] });
  });

  it('sell USD at the bank\'s buy rate (mid ± spread from the admin); a limit the rate does not meet is refused', async () => {
    const b = await bench();
    b.bank.admin.setFxRates({ 'USD/KZT': { mid: '510.00', spread: '2.50' } });
    expect(b.bank.admin.fxRates()['USD/KZT']).toEqual({ buy: '507.50', sell: '512.50' });
    const sell = await b.call('POST', '/v1/fx/orders', { body: await signedSubmission('fx-2', fxOrder('78', 'sell', 200_00n), [director]), key: 'fx-k2' });
    const limited = await b.call('POST', '/v1/fx/orders', { body: await signedSubmission('fx-3', fxOrder('79', 'buy', 100n, { rateLimit: '500' }), [director]), key: 'fx-k3' });
    b.bank.admin.setClock({ advance_ms: 5000 });
    expect((await b.call('GET', `/v1/documents/${sell.body.bank_id}`)).body.status).toBe('executed');
    const lim = (await b.call('GET', `/v1/documents/${limited.body.bank_id}`)).body;
    expect(lim.status).toBe('rejected');
    expect(lim.reason.en).toMatch(/limit/);
    const [deal] = (await b.call('GET', `/v1/fx/confirmations?since=2026-11-01T00:00:00Z`)).body.confirmations;
    expect(deal).toMatchObject({ direction: 'sell', rate: '507.50', amount: '200.00', counter_amount: '101500.00', debit_account: USD, credit_account: KZT, commission: '0.00' });
    expect((await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-26&to=2026-11-26`)).body.entries[0]).toMatchObject({ direction: 'credit', amount: '101500.00', knp: '223' });
  });

  it('wrong accounts for the direction, an unquoted pair, or a payment sent to the FX desk are refused', async () => {
    const b = await bench();
    const swapped = await b.call('POST', '/v1/fx/orders', { body: await signedSubmission('fx-4', fxOrder('80', 'buy', 100n, { fromIban: USD, toIban: KZT }), [director]), key: 'fx-k4' });
    expect(swapped.body.reason.code).toBe('INVALID_REQUISITES');
    const eur = await b.call('POST', '/v1/fx/orders', { body: await signedSubmission('fx-5', fxOrder('81', 'buy', 100n, { amount: { minor: 100n, currency: 'GBP' } }), [director]), key: 'fx-k5' });
    expect(eur.body.reason.en).toMatch(/no quote for GBP\/KZT/);
    const misplaced = await b.call('POST', '/v1/fx/orders', { body: await signedSubmission('fx-6', order('82', 100n), [director]), key: 'fx-k6' });
    expect(misplaced.body.reason.code).toBe('INVALID_REQUISITES');
    const other = await b.call('POST', '/v1/documents', { body: await signedSubmission('fx-7', fxOrder('83', 'buy', 100n), [director]), key: 'fx-k7' });
    expect(other.body.reason.en).toMatch(/\/v1\/fx\/orders/);
  });
});

describe('letters', () => {
  it('to the bank (idempotent) and from the bank with attachments; GET since lists both', async () => {
    const b = await bench();
    const letter = { subject: 'Запрос справки', body: 'Просим выдать справку об остатках.', attachments: [{ name: 'запрос.pdf', content_b64: Buffer.from('%PDF-1.4').toString('base64') }] };
    const sent = await b.call('POST', '/v1/letters', { body: letter, key: 'l-1' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ direction: 'to-bank', subject: 'Запрос справки', attachments: letter.attachments });
    const again = await b.call('POST', '/v1/letters', { body: letter, key: 'l-1' });
    expect(again.body.bank_id).toBe(sent.body.bank_id);
    expect((await b.call('POST', '/v1/letters', { body: { ...letter, body: 'другое' }, key: 'l-1' })).status).toBe(422);
    b.bank.admin.setClock({ advance_ms: 60_000 });
    const reply = b.bank.admin.sendLetter({ client_id: 'acme', subject: 'Справка', body: 'Справка во вложении.', attachments: [{ name: 'справка.pdf', content_b64: Buffer.from('%PDF-1.7').toString('base64') }] });
    const { letters } = letterListSchema.parse((await b.call('GET', `/v1/letters?since=2026-11-26T00:00:00Z`)).body);
    expect(letters.map((l) => l.direction)).toEqual(['to-bank', 'from-bank']);
    expect(letters[1]).toEqual(reply);
    expect((await b.call('GET', `/v1/letters?since=${encodeURIComponent(reply.created_at)}`)).body).toEqual({ letters: [reply] });
    expect((await b.call('GET', '/v1/letters?since=yesterday')).status).toBe(400);
  });
});
