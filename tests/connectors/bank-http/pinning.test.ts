// Certificate pinning: a wrong pin fails with CONN_TLS_PIN before one request byte reaches the server; the right pin
// accepts a self-signed certificate; no pin means ordinary CA validation (a self-signed server is refused).
import { afterEach, describe, expect, it } from 'vitest';
import { bankHttpConnector } from '../../../connectors/bank-http/index.ts';
import type { ConnectorSession } from '../../../gateway/core/connector.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { silentLogger } from '../../../gateway/core/logger.ts';
import { startScriptedBank, type ScriptedBank } from './scripted-bank.ts';

const PING = { bank: 'Scripted', api: 'v1', time: '2026-11-25T10:00:00Z', business_date: '2026-11-25', client: 'c1' };

let bank: ScriptedBank;
let sessions: ConnectorSession[] = [];
afterEach(async () => {
  for (const s of sessions) await s.close();
  sessions = [];
  await bank?.close();
});

async function open(config: Record<string, unknown>) {
  const s = await bankHttpConnector.open(
    { url: bank.url, token_env: 'BANK_TOKEN', timeout_ms: 2000, retry: { attempts: 3, base_ms: 5, max_ms: 10 }, ...config },
    { logger: silentLogger, env: { BANK_TOKEN: 'secret-token-0123456789' } },
  );
  sessions.push(s);
  return s;
}

async function thrown(p: Promise<unknown>): Promise<GatewayError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

describe('bank-http TLS pinning', () => {
  it('the right pin accepts a self-signed certificate', async () => {
    bank = await startScriptedBank(() => ({ status: 200, json: PING }));
    const s = await open({ tls_fingerprint: bank.fingerprint });
    const r = await s.test();
    expect(r.ok).toBe(true);
    expect(r.details).toMatchObject({ bank: 'Scripted', businessDate: '2026-11-25', pinned: true });
    expect(bank.requests[0]?.headers.authorization).toBe('Bearer secret-token-0123456789');
    expect(bank.appBytes).toBeGreaterThan(0); // the byte counter the refusal tests rely on does count requests
  });

  it('pins accept the colon / uppercase form browsers and openssl print', async () => {
    bank = await startScriptedBank(() => ({ status: 200, json: PING }));
    const colons = bank.fingerprint.toUpperCase().match(/../g)!.join(':');
    expect((await (await open({ tls_fingerprint: colons })).test()).ok).toBe(true);
  });

  it('a wrong pin → CONN_TLS_PIN, the server receives zero request bytes, and it is not retried', async () => {
    bank = await startScriptedBank(() => ({ status: 200, json: PING }));
    const wrong = 'ab'.repeat(32);
    const s = await open({ tls_fingerprint: wrong });
    const e = await thrown(s.statement('KZ86125KZT5004100100', '2026-11-01', '2026-11-25'));
    expect(e.code).toBe('CONN_TLS_PIN');
    expect(e.kind).toBe('user');
    expect(e.details).toMatchObject({ expected: wrong, actual: bank.fingerprint, sent: false });
    // One TCP connection (the handshake that showed the certificate), not retried, and no HTTP byte after it.
    expect(bank.tcpConnections).toBe(1);
    expect(bank.appBytes).toBe(0);
    expect(bank.requests).toEqual([]);
  });

  it('a wrong pin on submit is CONN_TLS_PIN too, never an unknown outcome', async () => {
    bank = await startScriptedBank(() => ({ status: 200, json: PING }));
    const s = await open({ tls_fingerprint: 'cd'.repeat(32) });
    const doc = { id: 'doc-1', document: { kind: 'letter' as const, number: '1', date: '2026-11-25', subject: 's', body: 'b' } };
    const e = await thrown(s.submit({ ...doc, payload: s.signingPayload(doc), signatures: [new Uint8Array([1])] }, 'k-1'));
    expect(e.code).toBe('CONN_TLS_PIN');
    expect(bank.tcpConnections).toBe(1);
    expect(bank.appBytes).toBe(0);
    expect(bank.requests).toEqual([]);
  });

  it('test() reports a pin mismatch as ok:false instead of throwing', async () => {
    bank = await startScriptedBank(() => ({ status: 200, json: PING }));
    const r = await (await open({ tls_fingerprint: '00'.repeat(32) })).test();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^CONN_TLS_PIN/);
    expect(bank.requests).toEqual([]);
  });

  it('without a pin, https validates the chain: a self-signed bank is refused before any request', async () => {
    bank = await startScriptedBank(() => ({ status: 200, json: PING }));
    const s = await open({ retry: { attempts: 1 } });
    const e = await thrown(s.statement('KZ86125KZT5004100100', '2026-11-01', '2026-11-25'));
    expect(e.code).toBe('CONN_UNREACHABLE');
    expect(e.details?.sent).toBe(false);
    expect(bank.requests).toEqual([]);
  });
});
