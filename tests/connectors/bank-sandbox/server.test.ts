// Sandbox bank as a server: bearer auth, admin routes over HTTP, the OpenAPI document, HTTPS with a certificate that
// keeps its fingerprint across restarts, the incoming-payment generator, the standalone runner.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSandboxStandalone } from '../../../connectors/bank-sandbox/index.ts';
import { parseDecimal } from '../../../gateway/core/model/money.ts';
import { binIinCheckDigit } from '../../../gateway/validate/kz/bin-iin.ts';
import { checkIban } from '../../../gateway/validate/kz/iban.ts';
import { pingSchema, statementSchema } from '../../../connectors/bank-api/contract.ts';
import { cert, CLIENT_TOKEN, KZT, order, setupClient, signedSubmission, startBench, tempDir } from './helpers.ts';

describe('authentication', () => {
  it('unknown or missing client token → 401 AUTH; a client token does not open admin routes; the admin token does', async () => {
    const b = await startBench();
    setupClient(b);
    for (const token of [null, 'wrong-token-0123456789', b.bank.admin.token]) {
      const r = await b.call('GET', '/v1/ping', { token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('AUTH');
    }
    const ping = await b.call('GET', '/v1/ping');
    expect(ping.status).toBe(200);
    expect(pingSchema.parse(ping.body)).toMatchObject({ bank: 'Sandbox Bank', api: 'v1', client: 'acme', business_date: '2026-11-26', time: '2026-11-26T05:00:00.000Z' });
    expect((await b.call('GET', '/v1/sandbox/clock', { token: CLIENT_TOKEN })).status).toBe(401);
    const clock = await b.call('GET', '/v1/sandbox/clock', { token: b.bank.admin.token });
    expect(clock.body).toMatchObject({ business_date: '2026-11-26', local_time: '10:00', is_business_day: true });
    expect(readFileSync(b.bank.admin.tokenFile, 'utf8').trim()).toBe(b.bank.admin.token);
    expect(statSync(b.bank.admin.tokenFile).mode & 0o077).toBe(0);
  });

  it('the admin API over HTTP: client, account, incoming payment, clock; errors carry codes', async () => {
    const b = await startBench();
    const admin = (method: string, route: string, body?: unknown) => b.call(method, route, { body, token: b.bank.admin.token });
    const client = await admin('PUT', '/v1/sandbox/clients/beta', { name: 'ТОО "Бета"', bin: '180540007773' });
    expect(client.body.token).toMatch(/^[\w-]{20,}$/);
    expect((await admin('PUT', '/v1/sandbox/clients/beta', { name: 'ТОО "Бета Плюс"', bin: '180540007773' })).body.token).toBeNull();
    const acc = await admin('POST', '/v1/sandbox/accounts', { client_id: 'beta', currency: 'KZT', balance: '100.00' });
    expect(acc.body).toMatchObject({ client_id: 'beta', currency: 'KZT', balance: '10000' });
    expect(checkIban(acc.body.iban).ok).toBe(true);
    expect(acc.body.iban.slice(4, 7)).toBe('999');
    expect((await admin('POST', '/v1/sandbox/accounts', { client_id: 'beta', iban: acc.body.iban, currency: 'KZT' })).status).toBe(409);
    expect((await admin('POST', '/v1/sandbox/accounts', { client_id: 'nobody', currency: 'KZT' })).status).toBe(404);
    expect((await admin('POST', '/v1/sandbox/certificates', { client_id: 'beta', pem: 'not a pem', user: 'x', right: 'single' })).status).toBe(400);
    const credit = await admin('POST', '/v1/sandbox/incoming-payments', { iban: acc.body.iban });
    expect(credit.body).toMatchObject({ direction: 'credit', knp: '710', document_kind: 'ПлатежноеПоручение', booking_date: '2026-11-26' });
    // A made-up payer with valid requisites (kz-formats.md 3.1, 3.3).
    expect(checkIban(credit.body.counterparty.iban).ok).toBe(true);
    const bin: string = credit.body.counterparty.bin;
    expect(binIinCheckDigit(bin.slice(0, 11))).toBe(Number(bin[11]));
    const clock = await admin('PUT', '/v1/sandbox/clock', { now: '2026-11-28T06:00:00Z' });
    expect(clock.body).toMatchObject({ business_date: '2026-11-28', is_business_day: false, local_time: '11:00' });
    const s = await b.call('GET', `/v1/accounts/${acc.body.iban}/statement?from=2026-11-01&to=2026-11-30`, { token: client.body.token });
    expect(statementSchema.parse(s.body).entries).toHaveLength(1);
  });
});

describe('seed clients from the config', () => {
  it('are applied at every start: accounts kept with their balances, certificates and policies replaced by the config\'s', async () => {
    const [a, b2] = await Promise.all([cert('ПЕРВЫЙ'), cert('ВТОРОЙ')]);
    const seed = (certs: { pem: string; user: string; right: 'single' | 'first' | 'second' }[]) => ({
      clients: [{ client_id: 'gw', name: 'ТОО "Шлюз"', bin: '150140001239', token: 'gw-token-0123456789abcdef', accounts: [{ iban: KZT, currency: 'KZT', balance: '500.00' }], certificates: certs, policies: [{ sets: ['single' as const] }] }],
    });
    const dataDir = tempDir();
    const first = await startBench({ dataDir, config: seed([{ pem: a.pem, user: 'first', right: 'single' }]) });
    first.bank.admin.incomingPayment({ iban: KZT, amount: '1.00' });
    await first.bank.close();
    const again = await startBench({ dataDir, config: seed([{ pem: b2.pem, user: 'second', right: 'single' }]) });
    expect(again.bank.admin.accounts('gw')).toMatchObject([{ iban: KZT, balance: '50100' }]);
    const send = async (who: typeof a, n: string) =>
      (await again.call('POST', '/v1/documents', { body: await signedSubmission(`s${n}`, order(n, 100n), [who]), key: `seed-${n}`, token: 'gw-token-0123456789abcdef' })).body;
    expect((await send(a, '801')).reason.code).toBe('UNKNOWN_CERTIFICATE');
    expect((await send(b2, '802')).status).toBe('accepted');
  });
});

describe('incoming-payment generator', () => {
  it('books one credit per client each interval of sandbox time on business days', async () => {
    const b = await startBench({ config: { incoming: { enabled: true, interval_s: 60, min_amount: '1000.00', max_amount: '2000.00' } } });
    setupClient(b);
    expect(b.bank.admin.tick().incoming).toBe(0);
    b.bank.admin.setClock({ advance_ms: 61_000 });
    b.bank.admin.setClock({ advance_ms: 61_000 });
    const s = (await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-26&to=2026-11-26`)).body;
    expect(s.entries).toHaveLength(2);
    for (const e of s.entries) {
      expect(e.direction).toBe('credit');
      const minor = parseDecimal(e.amount)!;
      expect(minor >= 1000_00n && minor <= 2000_00n).toBe(true);
      expect(checkIban(e.counterparty.iban).ok).toBe(true);
    }
    expect(parseDecimal(s.closing_balance)! - parseDecimal(s.opening_balance)!).toBe(parseDecimal(s.total_credits));
  });
});

describe('OpenAPI and TLS', () => {
  it('GET /openapi.json lists every client and admin route', async () => {
    const b = await startBench();
    const doc = (await b.call('GET', '/openapi.json', { token: null })).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.sort()).toEqual(
      [
        'GET /v1/ping',
        'POST /v1/documents',
        'POST /v1/documents/batch',
        'GET /v1/documents',
        'GET /v1/documents/{bank_id}',
        'GET /v1/accounts/{iban}/statement',
        'POST /v1/fx/orders',
        'GET /v1/fx/confirmations',
        'POST /v1/letters',
        'GET /v1/letters',
        'PUT /v1/sandbox/clients/{client_id}',
        'PUT /v1/sandbox/clients/{client_id}/policy',
        'POST /v1/sandbox/accounts',
        'GET /v1/sandbox/accounts',
        'POST /v1/sandbox/certificates',
        'POST /v1/sandbox/incoming-payments',
        'GET /v1/sandbox/faults',
        'PUT /v1/sandbox/faults',
        'GET /v1/sandbox/clock',
        'PUT /v1/sandbox/clock',
        'GET /v1/sandbox/fx-rates',
        'PUT /v1/sandbox/fx-rates',
        'POST /v1/sandbox/letters',
        'POST /v1/sandbox/tick',
      ].sort(),
    );
    const submit = doc.paths['/v1/documents'].post;
    expect(submit.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
    expect(submit.requestBody.content['application/json'].schema.properties.payload_format).toBeTruthy();
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '422']));
  });

  it('serves HTTPS with an ECDSA P-256 certificate whose fingerprint survives a restart; state survives too', async () => {
    const b = await startBench({ tls: true });
    expect(b.bank.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const x = new X509Certificate(b.bank.caPem);
    expect(createHash('sha256').update(x.raw).digest('hex')).toBe(b.bank.tlsFingerprint);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    setupClient(b);
    b.bank.admin.setClock({ now: '2026-12-01T06:00:00Z' });
    const before = { fp: b.bank.tlsFingerprint, token: b.bank.admin.token, port: b.bank.url };
    await b.restart();
    expect(b.bank.tlsFingerprint).toBe(before.fp);
    expect(b.bank.admin.token).toBe(before.token);
    expect((await b.call('GET', '/v1/ping')).body).toMatchObject({ client: 'acme', business_date: '2026-12-01' });
  });
});

describe('standalone runner', () => {
  it('prints the URL, the fingerprint and the admin token file (not the token), then stops', async () => {
    const lines: string[] = [];
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    const dataDir = tempDir();
    const done = runSandboxStandalone({ dataDir, port: 0, print: (l) => lines.push(l), until, logLevel: 'silent' });
    await expect.poll(() => lines.length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    stop();
    expect(await done).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/bank API at https:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(text).toContain(`${dataDir}/admin-token`);
    expect(text).not.toContain(readFileSync(`${dataDir}/admin-token`, 'utf8').trim());
  });
});
