// Unknown-outcome handling against a scripted bank: after a try that may have reached the bank the connector asks by
// idempotency key before anything is resent; 4xx are never retried; CONN_UNKNOWN_OUTCOME when even the question fails.
import { afterEach, describe, expect, it } from 'vitest';
import { bankHttpConnector } from '../../../connectors/bank-http/index.ts';
import type { ConnectorSession, SignedSubmission } from '../../../gateway/core/connector.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { silentLogger } from '../../../gateway/core/logger.ts';
import { docStatus, notFound, startScriptedBank, type ScriptedBank, type SeenRequest } from './scripted-bank.ts';

let bank: ScriptedBank;
let session: ConnectorSession;
afterEach(async () => {
  await session?.close();
  await bank?.close();
});

async function open(extra: Record<string, unknown> = {}) {
  session = await bankHttpConnector.open(
    { url: bank.url, token_env: 'BANK_TOKEN', tls_fingerprint: bank.fingerprint, timeout_ms: 400, retry: { attempts: 3, base_ms: 5, max_ms: 10 }, breaker: { threshold: 50 }, ...extra },
    { logger: silentLogger, env: { BANK_TOKEN: 'tok-0123456789abcdef' } },
  );
  return session;
}

function submission(s: ConnectorSession): SignedSubmission {
  const doc = { id: 'doc-1', document: { kind: 'letter' as const, number: '7', date: '2026-11-25', subject: 'Тест', body: 'Сәлем' } };
  return { ...doc, payload: s.signingPayload(doc), signatures: [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])] };
}

const posts = () => bank.requests.filter((r) => r.method === 'POST');
const queries = () => bank.requests.filter((r) => r.method === 'GET' && r.path === '/v1/documents');
const isPost = (r: SeenRequest) => r.method === 'POST' && r.path === '/v1/documents';

async function thrown(p: Promise<unknown>): Promise<GatewayError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

describe('bank-http submit: request shape', () => {
  it('POSTs the exact payload and signatures as base64 with the Idempotency-Key header', async () => {
    bank = await startScriptedBank((r) => (isPost(r) ? { status: 201, json: docStatus({ key: 'K1', bankId: 'B-9' }) } : notFound));
    const s = await open();
    const sub = submission(s);
    const st = await s.submit(sub, 'K1');
    expect(st).toEqual({ bankId: 'B-9', idempotencyKey: 'K1', state: 'accepted', reason: null, executionDate: '2026-11-25', entryBankId: null });
    const req = posts()[0]!;
    expect(req.headers['idempotency-key']).toBe('K1');
    expect(req.body).toEqual({ client_document_id: 'doc-1', payload_format: 'bankgate.document/1', payload_b64: Buffer.from(sub.payload).toString('base64'), signatures: [{ cms_b64: 'MAMCAQE=' }] });
    expect(queries()).toEqual([]); // a clean first send asks nothing
  });
});

describe('bank-http submit: unknown outcome', () => {
  it('connection reset after the request → status query finds it → no second POST', async () => {
    bank = await startScriptedBank((r) => (isPost(r) ? 'reset' : { status: 200, json: docStatus({ key: r.query.get('idempotency_key')!, bankId: 'B-1' }) }));
    const s = await open();
    const st = await s.submit(submission(s), 'K-reset');
    expect(st.bankId).toBe('B-1');
    expect(posts()).toHaveLength(1);
    expect(queries()).toHaveLength(1);
    expect(queries()[0]!.query.get('idempotency_key')).toBe('K-reset');
  });

  it('timeout (no answer) → status query first; found → returned', async () => {
    bank = await startScriptedBank((r) => (isPost(r) ? 'hang' : { status: 200, json: docStatus({ key: 'K-hang', bankId: 'B-2', status: 'executed' }) }));
    const s = await open();
    const st = await s.submit(submission(s), 'K-hang');
    expect(st).toMatchObject({ bankId: 'B-2', state: 'executed' });
    expect(posts()).toHaveLength(1);
  });

  it('500 → status query says 404 (never received) → resent with the same key → accepted', async () => {
    bank = await startScriptedBank((r, n) => {
      if (isPost(r)) return n === 1 ? { status: 500, json: { error: { code: 'INTERNAL', message: 'boom' } } } : { status: 201, json: docStatus({ key: 'K5', bankId: 'B-5' }) };
      return notFound;
    });
    const s = await open();
    expect((await s.submit(submission(s), 'K5')).bankId).toBe('B-5');
    expect(bank.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(posts().map((r) => r.headers['idempotency-key'])).toEqual(['K5', 'K5']);
  });

  it('the question fails too (bank gone silent) → CONN_UNKNOWN_OUTCOME, and exactly one POST was sent', async () => {
    bank = await startScriptedBank(() => 'reset');
    const s = await open();
    const e = await thrown(s.submit(submission(s), 'K-lost'));
    expect(e.code).toBe('CONN_UNKNOWN_OUTCOME');
    expect(e.kind).toBe('operational');
    expect(e.details).toMatchObject({ idempotencyKey: 'K-lost' });
    expect(posts()).toHaveLength(1);
    expect(queries().length).toBeGreaterThanOrEqual(1);
  });

  it('a later submit of a still-unresolved key asks before it sends', async () => {
    let silent = true;
    bank = await startScriptedBank((r) => (silent ? 'reset' : isPost(r) ? { status: 201, json: docStatus({ key: 'K-later', bankId: 'B-new' }) } : { status: 200, json: docStatus({ key: 'K-later', bankId: 'B-old' }) }));
    const s = await open();
    await thrown(s.submit(submission(s), 'K-later'));
    silent = false;
    const before = bank.requests.length;
    const st = await s.submit(submission(s), 'K-later');
    expect(st.bankId).toBe('B-old');
    expect(bank.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
  });

  it('retry budget spent on 500s with the bank confirming it never received them → the last error, not unknown', async () => {
    bank = await startScriptedBank((r) => (isPost(r) ? { status: 503, json: { error: { code: 'UNAVAILABLE', message: 'later' } } } : notFound));
    const s = await open();
    const e = await thrown(s.submit(submission(s), 'K-503'));
    expect(e.code).toBe('CONN_SERVER_ERROR');
    expect(posts()).toHaveLength(3);
    // POST, then before each resend and once at the end: GET.
    expect(bank.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST', 'GET', 'POST', 'GET']);
  });

  it('connection refused (never sent) → plain retries without status queries', async () => {
    bank = await startScriptedBank();
    const url = bank.url;
    await bank.close();
    session = await bankHttpConnector.open(
      { url, token_env: 'T', tls_fingerprint: bank.fingerprint, retry: { attempts: 2, base_ms: 5, max_ms: 10 } },
      { logger: silentLogger, env: { T: 'x' } },
    );
    const e = await thrown(session.submit(submission(session), 'K-refused'));
    expect(e.code).toBe('CONN_UNREACHABLE');
    expect(e.details?.sent).toBe(false);
  });
});

describe('bank-http: HTTP errors', () => {
  const cases: [number, string, string, string][] = [
    [401, 'UNAUTHORIZED', 'CONN_AUTH', 'user'],
    [403, 'FORBIDDEN', 'CONN_AUTH', 'user'],
    [400, 'MALFORMED', 'CONN_BAD_REQUEST', 'user'],
    [422, 'BAD_SIGNATURE', 'CONN_BAD_REQUEST', 'user'],
    [422, 'IDEMPOTENCY_MISMATCH', 'CONN_IDEMPOTENCY_MISMATCH', 'bug'],
  ];
  for (const [status, bankCode, code, kind] of cases) {
    it(`${status} ${bankCode} → ${code}, sent once, never retried`, async () => {
      bank = await startScriptedBank(() => ({ status, json: { error: { code: bankCode, message: 'no' } } }));
      const s = await open();
      const e = await thrown(s.submit(submission(s), 'K-4xx'));
      expect(e.code).toBe(code);
      expect(e.kind).toBe(kind);
      expect(e.details).toMatchObject({ status, bankCode });
      expect(bank.requests).toHaveLength(1);
    });
  }

  it('a 2xx that is not JSON, or not the contract shape → CONN_BAD_RESPONSE', async () => {
    bank = await startScriptedBank((r) => (r.path === '/v1/ping' ? { status: 200, text: '<html>' } : { status: 200, json: { bank_id: 1 } }));
    const s = await open({ retry: { attempts: 1 } });
    expect((await s.test()).error).toMatch(/^CONN_BAD_RESPONSE: .*not JSON/);
    const e = await thrown(s.status({ bankId: 'B-1', idempotencyKey: 'K' }));
    expect(e.code).toBe('CONN_BAD_RESPONSE');
    expect(e.message).toMatch(/does not match API v1/);
  });

  it('status: 404 → null, by receipt and by key', async () => {
    bank = await startScriptedBank(() => notFound);
    const s = await open();
    expect(await s.status({ bankId: 'nope', idempotencyKey: 'K' })).toBeNull();
    expect(await s.status({ idempotencyKey: 'nope' })).toBeNull();
    expect(bank.requests.map((r) => `${r.path}?${r.query}`)).toEqual(['/v1/documents/nope?', '/v1/documents?idempotency_key=nope']);
  });

  it('GETs are retried on 5xx and timeouts', async () => {
    bank = await startScriptedBank((_r, n) => (n === 1 ? { status: 502, json: {} } : n === 2 ? 'hang' : { status: 200, json: docStatus({ key: 'K', bankId: 'B-3' }) }));
    const s = await open();
    expect((await s.status({ bankId: 'B-3', idempotencyKey: 'K' }))?.bankId).toBe('B-3');
    expect(bank.requests).toHaveLength(3);
  });
});
