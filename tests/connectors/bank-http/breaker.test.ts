// Circuit breaker against a scripted bank: opens after `threshold` consecutive operational failures (calls then fail at
// once with CONN_CIRCUIT_OPEN, nothing sent), lets a trial call through after half_open_after_ms, closes on success;
// user errors (4xx) never open it.
import { afterEach, describe, expect, it } from 'vitest';
import { bankHttpConnector } from '../../../connectors/bank-http/index.ts';
import type { ConnectorSession } from '../../../gateway/core/connector.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { silentLogger } from '../../../gateway/core/logger.ts';
import { docStatus, notFound, startScriptedBank, type ScriptedBank } from './scripted-bank.ts';

let bank: ScriptedBank;
let session: ConnectorSession;
afterEach(async () => {
  await session?.close();
  await bank?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof GatewayError ? e.code : String(e)));

async function open() {
  session = await bankHttpConnector.open(
    { url: bank.url, token_env: 'T', tls_fingerprint: bank.fingerprint, retry: { attempts: 1, base_ms: 1, max_ms: 1 }, breaker: { threshold: 3, half_open_after_ms: 150 } },
    { logger: silentLogger, env: { T: 'x' } },
  );
  return session;
}

describe('bank-http circuit breaker', () => {
  it('opens after 3 failures, fails fast without sending, half-opens, and closes on success', async () => {
    let healthy = false;
    bank = await startScriptedBank(() => (healthy ? { status: 200, json: docStatus({ key: 'K', bankId: 'B-1' }) } : { status: 500, json: {} }));
    const s = await open();
    const receipt = { bankId: 'B-1', idempotencyKey: 'K' };
    for (let i = 0; i < 3; i++) expect(await codeOf(s.status(receipt))).toBe('CONN_SERVER_ERROR');
    expect(await codeOf(s.status(receipt))).toBe('CONN_CIRCUIT_OPEN');
    expect(await codeOf(s.statement('KZ86125KZT5004100100', '2026-11-01', '2026-11-02'))).toBe('CONN_CIRCUIT_OPEN');
    expect(bank.requests).toHaveLength(3);
    expect((await s.test()).details).toMatchObject({ circuit: 'open' });
    healthy = true;
    await sleep(200);
    expect((await s.status(receipt))?.bankId).toBe('B-1');
    expect((await s.test()).details).toMatchObject({ circuit: 'closed' });
    expect(await codeOf(s.status(receipt))).toBe('ok');
  });

  it('a failed trial call opens it again', async () => {
    bank = await startScriptedBank(() => ({ status: 503, json: {} }));
    const s = await open();
    const receipt = { bankId: 'B-1', idempotencyKey: 'K' };
    for (let i = 0; i < 3; i++) await codeOf(s.status(receipt));
    await sleep(200);
    expect(await codeOf(s.status(receipt))).toBe('CONN_SERVER_ERROR');
    expect(await codeOf(s.status(receipt))).toBe('CONN_CIRCUIT_OPEN');
    expect(bank.requests).toHaveLength(4);
  });

  it('4xx answers do not count: the bank is healthy, the request was wrong', async () => {
    bank = await startScriptedBank(() => ({ status: 400, json: { error: { code: 'MALFORMED', message: 'bad' } } }));
    const s = await open();
    for (let i = 0; i < 6; i++) expect(await codeOf(s.statement('KZ86125KZT5004100100', 'x', 'y'))).toBe('CONN_BAD_REQUEST');
    expect(bank.requests).toHaveLength(6);
  });

  it('404 of a status query does not count either', async () => {
    bank = await startScriptedBank(() => notFound);
    const s = await open();
    for (let i = 0; i < 5; i++) expect(await s.status({ idempotencyKey: `K${i}` })).toBeNull();
    expect(bank.requests).toHaveLength(5);
  });

  it('submit with the circuit open and nothing sent yet → CONN_CIRCUIT_OPEN (not an unknown outcome)', async () => {
    bank = await startScriptedBank(() => ({ status: 500, json: {} }));
    const s = await open();
    for (let i = 0; i < 3; i++) await codeOf(s.status({ bankId: 'B', idempotencyKey: 'K' }));
    const doc = { id: 'd', document: { kind: 'letter' as const, number: '1', date: '2026-11-25', subject: 's', body: 'b' } };
    expect(await codeOf(s.submit({ ...doc, payload: s.signingPayload(doc), signatures: [new Uint8Array([1])] }, 'K-open'))).toBe('CONN_CIRCUIT_OPEN');
    expect(bank.requests).toHaveLength(3);
  });
});
