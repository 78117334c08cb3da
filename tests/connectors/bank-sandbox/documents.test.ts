// Sandbox bank, payment documents: signatures and policy, requisites, duplicates, idempotency, execution into balances and statements.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestCert } from '../../fixtures/pki.ts';
import { cert, ELSEWHERE, KZT, NEIGHBOUR, order, setupClient, signedSubmission, startBench, USD, type Bench } from './helpers.ts';

let director: TestCert;
let accountant: TestCert;
let stranger: TestCert;
beforeAll(async () => {
  [director, accountant, stranger] = await Promise.all([cert('ДИРЕКТОР'), cert('БУХГАЛТЕР'), cert('ЧУЖОЙ')]);
});

let b: Bench;
beforeEach(async () => {
  b = await startBench();
  setupClient(b);
  b.bank.admin.registerCertificate({ client_id: 'acme', pem: director.pem, user: 'director', right: 'single' });
});

const submit = (body: unknown, key: string) => b.call('POST', '/v1/documents', { body, key });
const balance = (iban: string) => b.bank.admin.accounts('acme').find((a) => a.iban === iban)?.balance;

describe('single signature: accepted, executed on the business day, booked', () => {
  it('accepts, executes after the delay, moves the balance and books a statement entry that reconciles', async () => {
    const r = await submit(await signedSubmission('doc-1', order('501', 250_000_00n), [director]), 'k-1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ client_document_id: 'doc-1', idempotency_key: 'k-1', kind: 'payment', number: '501', status: 'accepted', reason: null, execution_date: '2026-11-26', executed_at: null, entry_bank_id: null });
    expect((await b.call('GET', `/v1/documents/${r.body.bank_id}`)).body.status).toBe('accepted');

    b.bank.admin.setClock({ advance_ms: 2000 });
    const done = await b.call('GET', `/v1/documents/${r.body.bank_id}`);
    expect(done.body).toMatchObject({ status: 'executed', execution_date: '2026-11-26', reason: null });
    expect(done.body.entry_bank_id).toMatch(/^E/);
    expect(balance(KZT)).toBe('75000000');

    const s = await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-26&to=2026-11-26`);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ account: KZT, currency: 'KZT', owner: { bin: '150140001239' }, opening_balance: '1000000.00', total_credits: '0.00', total_debits: '250000.00', closing_balance: '750000.00' });
    expect(s.body.entries).toHaveLength(1);
    expect(s.body.entries[0]).toMatchObject({ bank_id: done.body.entry_bank_id, direction: 'debit', amount: '250000.00', currency: 'KZT', knp: '710', document_number: '501', document_kind: 'ПлатежноеПоручение', document_bank_id: r.body.bank_id, client_document_id: 'doc-1', counterparty: { iban: ELSEWHERE, bin: '180540007773' } });
  });

  it('credits the beneficiary when the account is in the bank; both statements reconcile; entry ids are unique', async () => {
    const a = b.bank.admin;
    a.upsertClient({ client_id: 'neighbour', name: 'ТОО "Сосед"', bin: '180540007773', token: 'neighbour-token-0123456789' });
    a.openAccount({ client_id: 'neighbour', iban: NEIGHBOUR, currency: 'KZT', balance: '10.00' });
    const doc = order('502', 100_00n, { beneficiary: { name: 'ТОО "Сосед"', binIin: '180540007773', iban: NEIGHBOUR, code: '17', bic: 'SNDXKZKA' } });
    await submit(await signedSubmission('doc-2', doc, [director]), 'k-2');
    a.incomingPayment({ iban: KZT, amount: '5.00' });
    a.setClock({ advance_ms: 5000 });
    const theirs = await b.call('GET', `/v1/accounts/${NEIGHBOUR}/statement?from=2026-11-01&to=2026-11-30`, { token: 'neighbour-token-0123456789' });
    expect(theirs.body).toMatchObject({ opening_balance: '10.00', total_credits: '100.00', total_debits: '0.00', closing_balance: '110.00' });
    expect(theirs.body.entries[0]).toMatchObject({ direction: 'credit', document_bank_id: null, client_document_id: null, counterparty: { iban: KZT } });
    const ours = await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-01&to=2026-11-30`);
    expect(ours.body).toMatchObject({ opening_balance: '1000000.00', total_credits: '5.00', total_debits: '100.00', closing_balance: '999905.00' });
    const ids = [...ours.body.entries, ...theirs.body.entries].map((e: { bank_id: string }) => e.bank_id);
    expect(new Set(ids).size).toBe(3);
    // The other client cannot read our account.
    expect((await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-01&to=2026-11-30`, { token: 'neighbour-token-0123456789' })).status).toBe(404);
  });

  it('a later statement period opens with the closing balance of the earlier one', async () => {
    await submit(await signedSubmission('doc-3', order('503', 1_000_00n), [director]), 'k-3');
    b.bank.admin.setClock({ advance_ms: 86_400_000 }); // Friday
    await submit(await signedSubmission('doc-4', order('504', 2_000_00n, { date: '2026-11-27', valueDate: '2026-11-27' }), [director]), 'k-4');
    b.bank.admin.setClock({ advance_ms: 5000 });
    const thu = (await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-26&to=2026-11-26`)).body;
    const fri = (await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-27&to=2026-11-27`)).body;
    expect(thu.closing_balance).toBe('999000.00');
    expect(fri).toMatchObject({ opening_balance: '999000.00', total_debits: '2000.00', closing_balance: '997000.00' });
  });
});

describe('signature policy (EBICS classes) and certificates', () => {
  beforeEach(() => {
    const a = b.bank.admin;
    a.registerCertificate({ client_id: 'acme', pem: accountant.pem, user: 'accountant', account: KZT, right: 'second' });
    a.registerCertificate({ client_id: 'acme', pem: director.pem, user: 'director', account: KZT, right: 'first' });
    a.setPolicy('acme', { policies: [{ account: KZT, sets: ['first+second'] }] });
  });

  it('first+second policy: one signature → rejected MISSING_SIGNATURE with texts in three languages', async () => {
    const r = await submit(await signedSubmission('doc-5', order('505', 100n), [director]), 'k-5');
    expect(r.body.status).toBe('rejected');
    expect(r.body.reason.code).toBe('MISSING_SIGNATURE');
    expect(r.body.reason.ru).toMatch(/подпис/);
    expect(r.body.reason.kk).toMatch(/қолтаңба/);
    expect(r.body.reason.en).toMatch(/first\+second/);
    expect(balance(KZT)).toBe('100000000');
  });

  it('first+second policy: both signatures → accepted', async () => {
    const r = await submit(await signedSubmission('doc-6', order('506', 100n), [director, accountant]), 'k-6');
    expect(r.body).toMatchObject({ status: 'accepted', reason: null });
  });

  it('first+first completes only where the policy allows it', async () => {
    b.bank.admin.registerCertificate({ client_id: 'acme', pem: stranger.pem, user: 'deputy', account: KZT, right: 'first' });
    const body = await signedSubmission('doc-ff', order('530', 100n), [director, stranger]);
    expect((await submit(body, 'k-ff1')).body.reason.code).toBe('MISSING_SIGNATURE');
    b.bank.admin.setPolicy('acme', { policies: [{ account: KZT, sets: ['first+second', 'first+first'] }] });
    expect((await submit(body, 'k-ff2')).body).toMatchObject({ status: 'accepted', reason: null });
  });

  it('an amount threshold needs two signatures above it; a single right stands in for the first signature', async () => {
    b.bank.admin.registerCertificate({ client_id: 'acme', pem: stranger.pem, user: 'owner', account: KZT, right: 'single' });
    b.bank.admin.setPolicy('acme', { policies: [{ account: KZT, sets: ['single', 'first+second'] }, { account: KZT, min_amount: '100000.00', sets: ['first+second'] }] });
    expect((await submit(await signedSubmission('t1', order('531', 99_999_99n), [stranger]), 'k-t1')).body.status).toBe('accepted');
    expect((await submit(await signedSubmission('t2', order('532', 100_000_00n), [stranger]), 'k-t2')).body.reason.code).toBe('MISSING_SIGNATURE');
    expect((await submit(await signedSubmission('t3', order('533', 100_000_00n), [stranger, accountant]), 'k-t3')).body.status).toBe('accepted');
  });

  it('the same certificate twice is one user, not a set', async () => {
    const r = await submit(await signedSubmission('doc-7', order('507', 100n), [director, director]), 'k-7');
    expect(r.body.reason.code).toBe('MISSING_SIGNATURE');
  });

  it('a right on another account does not count', async () => {
    b.bank.admin.setPolicy('acme', { policies: [] });
    b.bank.admin.registerCertificate({ client_id: 'acme', pem: stranger.pem, user: 'clerk', account: USD, right: 'single' });
    const r = await submit(await signedSubmission('doc-8', order('508', 100n), [stranger]), 'k-8');
    expect(r.body.reason.code).toBe('MISSING_SIGNATURE');
    expect(r.body.reason.en).toMatch(/no signature right on account/);
  });

  it('payload tampered after signing → BAD_SIGNATURE', async () => {
    const body = await signedSubmission('doc-9', order('509', 100n), [director, accountant], (bytes) => Buffer.from(bytes.toString('utf8').replace('"minor":"100"', '"minor":"900"')));
    const r = await submit(body, 'k-9');
    expect(r.body.status).toBe('rejected');
    expect(r.body.reason.code).toBe('BAD_SIGNATURE');
  });

  it('a certificate the bank does not know → UNKNOWN_CERTIFICATE', async () => {
    const r = await submit(await signedSubmission('doc-10', order('510', 100n), [stranger]), 'k-10');
    expect(r.body.reason).toMatchObject({ code: 'UNKNOWN_CERTIFICATE' });
    expect(r.body.reason.en).toMatch(/ЧУЖОЙ/);
  });
});

describe('requisites, funds and duplicates', () => {
  it('insufficient funds at execution → rejected INSUFFICIENT_FUNDS, balance untouched, no entry', async () => {
    const r = await submit(await signedSubmission('doc-11', order('511', 2_000_000_00n), [director]), 'k-11');
    expect(r.body.status).toBe('accepted');
    b.bank.admin.setClock({ advance_ms: 5000 });
    const s = await b.call('GET', `/v1/documents/${r.body.bank_id}`);
    expect(s.body).toMatchObject({ status: 'rejected', entry_bank_id: null, executed_at: null });
    expect(s.body.reason.code).toBe('INSUFFICIENT_FUNDS');
    expect(balance(KZT)).toBe('100000000');
    expect((await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-26&to=2026-11-26`)).body.entries).toEqual([]);
  });

  it('an account that is not the client\'s → UNKNOWN_ACCOUNT; wrong currency, zero amount, bad IBAN → INVALID_REQUISITES', async () => {
    const foreign = order('512', 100n, { payer: { name: 'X', iban: NEIGHBOUR } });
    expect((await submit(await signedSubmission('d12', foreign, [director]), 'k-12')).body.reason.code).toBe('UNKNOWN_ACCOUNT');
    const usd = order('513', 100n, { amount: { minor: 100n, currency: 'USD' } });
    expect((await submit(await signedSubmission('d13', usd, [director]), 'k-13')).body.reason.code).toBe('INVALID_REQUISITES');
    expect((await submit(await signedSubmission('d14', order('514', 0n), [director]), 'k-14')).body.reason.code).toBe('INVALID_REQUISITES');
    const badIban = order('515', 100n, { beneficiary: { name: 'Y', iban: 'KZ258562203100012346' } });
    expect((await submit(await signedSubmission('d15', badIban, [director]), 'k-15')).body.reason.code).toBe('INVALID_REQUISITES');
  });

  it('the same payer account + number + date again under a new key → DUPLICATE_DOCUMENT', async () => {
    const first = await submit(await signedSubmission('doc-16', order('516', 100n), [director]), 'k-16');
    const again = await submit(await signedSubmission('doc-16b', order('516', 100n), [director]), 'k-16b');
    expect(first.body.status).toBe('accepted');
    expect(again.body.status).toBe('rejected');
    expect(again.body.reason.code).toBe('DUPLICATE_DOCUMENT');
    expect(again.body.reason.en).toContain(first.body.bank_id);
  });

  it('a document the payload cannot describe → 400 MALFORMED, nothing stored', async () => {
    const r = await submit({ client_document_id: 'x', payload_format: 'bankgate.document/1', payload_b64: Buffer.from('{"format":"other"}').toString('base64'), signatures: [{ cms_b64: 'AA==' }] }, 'k-17');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED');
    expect((await b.call('GET', '/v1/documents?idempotency_key=k-17')).status).toBe(404);
    const noKey = await b.call('POST', '/v1/documents', { body: await signedSubmission('d18', order('518', 100n), [director]) });
    expect(noKey.status).toBe(400);
  });
});

describe('idempotency (reliability-security.md 10 rows 2, 7)', () => {
  it('the same key twice → the same document, one debit', async () => {
    const body = await signedSubmission('doc-20', order('520', 1_000_00n), [director]);
    const first = await submit(body, 'k-20');
    const second = await submit(body, 'k-20');
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.bank_id).toBe(first.body.bank_id);
    // A re-made signature over the same bytes is the same order.
    const resigned = await submit(await signedSubmission('doc-20', order('520', 1_000_00n), [director]), 'k-20');
    expect(resigned.body.bank_id).toBe(first.body.bank_id);
    b.bank.admin.setClock({ advance_ms: 5000 });
    expect((await submit(body, 'k-20')).body).toMatchObject({ bank_id: first.body.bank_id, status: 'executed' });
    expect(balance(KZT)).toBe('99900000');
    const byKey = await b.call('GET', '/v1/documents?idempotency_key=k-20');
    expect(byKey.body).toMatchObject({ bank_id: first.body.bank_id, status: 'executed' });
  });

  it('the same key with a different payload → 422 IDEMPOTENCY_MISMATCH, the first document stays', async () => {
    const first = await submit(await signedSubmission('doc-21', order('521', 100n), [director]), 'k-21');
    const other = await submit(await signedSubmission('doc-21', order('521', 200n), [director]), 'k-21');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(other.body.error.reason.code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await b.call('GET', '/v1/documents?idempotency_key=k-21')).body.bank_id).toBe(first.body.bank_id);
  });

  it('concurrent submissions under one key make one document', async () => {
    const body = await signedSubmission('doc-22', order('522', 100n), [director]);
    const all = await Promise.all([1, 2, 3, 4].map(() => submit(body, 'k-22')));
    expect(new Set(all.map((r) => r.body.bank_id)).size).toBe(1);
    expect(all.every((r) => r.status === 200)).toBe(true);
  });
});
