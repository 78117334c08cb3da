// bank-http against the real sandbox bank with its fault knobs (reliability-security.md 10 rows 2, 7, 8, 9): a wrong
// pin sends nothing; 500s are retried into exactly one document; a reset or an unanswered accept is resolved by a status
// query, never by a resend that could make a second document; the breaker opens and closes; 401 is not retried; batch
// requests keep every one of these promises per document.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bankHttpConnector } from '../../../connectors/bank-http/index.ts';
import type { ConnectorSession, SignedSubmission } from '../../../gateway/core/connector.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import type { PaymentDocument } from '../../../gateway/core/model/document.ts';
import { signedSubmission } from '../../conformance/connector-signing.ts';
import { requestLog, startSandboxClient, type HandledRequest, type SandboxClient } from './sandbox-client.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof GatewayError ? e.code : String(e)));

let c: SandboxClient;
const handled: HandledRequest[] = [];
let n = 0;

beforeAll(async () => {
  c = await startSandboxClient({ logger: requestLog(handled) });
});
afterAll(async () => {
  await c?.close();
});
afterEach(() => {
  c.bank.admin.setFaults({ latency_ms: 0, error_rate: 0, reset_after_accept: false, accepted_no_answer: false });
});

async function payment(s: ConnectorSession): Promise<SignedSubmission> {
  n++;
  const document: PaymentDocument = {
    kind: 'payment',
    number: `F${n}`,
    date: c.businessDate,
    amount: { minor: 100_000n + BigInt(n), currency: 'KZT' },
    payer: c.payer,
    beneficiary: c.beneficiary,
    knp: '710',
    purpose: `Оплата услуг (faults ${n})`,
  };
  return signedSubmission(s, { id: `faults-${n}`, document }, c.sign);
}

/** Runs fn and returns what reached the bank meanwhile. */
async function watched<T>(fn: () => Promise<T>): Promise<{ result: T | GatewayError; seen: HandledRequest[]; posts: number }> {
  const from = handled.length;
  const result = await fn().catch((e: unknown) => e as GatewayError);
  const seen = handled.slice(from);
  return { result, seen, posts: seen.filter((r) => r.method === 'POST' && r.path === '/v1/documents').length };
}

describe('bank-http × sandbox faults', () => {
  it('wrong pin → CONN_TLS_PIN before any request reaches the bank', async () => {
    const s = await c.open({ tls_fingerprint: 'ab'.repeat(32) });
    const before = c.documentCount();
    const sub = await payment(s);
    const { result, seen } = await watched(() => s.submit(sub, 'K-pin'));
    expect(result).toBeInstanceOf(GatewayError);
    expect((result as GatewayError).code).toBe('CONN_TLS_PIN');
    expect((result as GatewayError).details).toMatchObject({ actual: c.bank.tlsFingerprint, sent: false });
    expect(seen).toEqual([]);
    const later = await watched(async () => {
      expect(await codeOf(s.statement(c.account, c.businessDate, c.businessDate))).toBe('CONN_TLS_PIN');
      expect((await s.test()).ok).toBe(false);
    });
    expect(later.seen).toEqual([]);
    expect(c.documentCount()).toBe(before);
  });

  it('500s (error_rate) → retried with the same key → success, and the bank holds exactly one document', async () => {
    const s = await c.open();
    const sub = await payment(s);
    const before = c.documentCount();
    c.bank.admin.setFaults({ error_rate: { value: 1, next: 2 } });
    const { result, seen, posts } = await watched(() => s.submit(sub, 'K-500'));
    expect(result).toMatchObject({ idempotencyKey: 'K-500', state: expect.stringMatching(/^(accepted|executed)$/) });
    expect(seen.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v1/documents 500', 'GET /v1/documents 500', 'GET /v1/documents 404', 'POST /v1/documents 200']);
    expect(posts).toBe(2);
    expect(c.documentCount()).toBe(before + 1);
  });

  it('reset_after_accept → resolved by a status query, the bank status returned, no second POST', async () => {
    const s = await c.open();
    const sub = await payment(s);
    const before = c.documentCount();
    c.bank.admin.setFaults({ reset_after_accept: { value: true, next: 1 } });
    const { result, seen, posts } = await watched(() => s.submit(sub, 'K-reset'));
    expect(result).toMatchObject({ idempotencyKey: 'K-reset' });
    expect(seen.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v1/documents 200', 'GET /v1/documents 200']);
    expect(posts).toBe(1);
    expect(c.documentCount()).toBe(before + 1);
    const byKey = await s.status({ idempotencyKey: 'K-reset' });
    expect(byKey?.bankId).toBe((result as { bankId: string }).bankId);
  });

  it('accepted_no_answer → the client times out, asks, and returns the stored document: never a second one', async () => {
    const s = await c.open({ timeout_ms: 400 });
    const sub = await payment(s);
    const before = c.documentCount();
    c.bank.admin.setFaults({ accepted_no_answer: { value: true, next: 1 }, hang_ms: 1000 });
    const from = handled.length;
    const { result } = await watched(() => s.submit(sub, 'K-hang'));
    expect(result).toMatchObject({ idempotencyKey: 'K-hang' });
    expect(c.documentCount()).toBe(before + 1);
    // The sandbox logs the held POST only when its hang ends: wait for it, then count what reached the bank.
    await sleep(1100);
    const seen = handled.slice(from).map((r) => `${r.method} ${r.path}`);
    expect(seen.filter((r) => r === 'POST /v1/documents')).toHaveLength(1);
    expect(seen).toContain('GET /v1/documents');
    expect(c.documentCount()).toBe(before + 1);
  });

  it('accepted_no_answer and the bank then failing every question → CONN_UNKNOWN_OUTCOME; later the status query, not a resend, settles it', async () => {
    const s = await c.open({ timeout_ms: 400, retry: { attempts: 2, base_ms: 10, max_ms: 20 }, breaker: { threshold: 100 } });
    const sub = await payment(s);
    const before = c.documentCount();
    c.bank.admin.setFaults({ accepted_no_answer: { value: true, next: 1 }, hang_ms: 1000 });
    const pending = s.submit(sub, 'K-unknown').catch((e: unknown) => e);
    // Once the document is stored (and its answer held back), every further request fails.
    for (let i = 0; i < 200 && c.documentCount() === before; i++) await sleep(5);
    expect(c.documentCount()).toBe(before + 1);
    c.bank.admin.setFaults({ error_rate: 1 });
    const e = (await pending) as GatewayError;
    expect(e).toBeInstanceOf(GatewayError);
    expect(e.code).toBe('CONN_UNKNOWN_OUTCOME');
    expect(e.kind).toBe('operational');
    c.bank.admin.setFaults({ error_rate: 0 });
    await sleep(1100); // let the held POST finish so the log below is complete
    // Submitted again with the same key (what the gateway's retry does): asked first, found, not resent.
    const { result, posts } = await watched(() => s.submit(sub, 'K-unknown'));
    expect(result).toMatchObject({ idempotencyKey: 'K-unknown' });
    expect(posts).toBe(0);
    expect(c.documentCount()).toBe(before + 1);
    expect((await s.status({ idempotencyKey: 'K-unknown' }))?.bankId).toBe((result as { bankId: string }).bankId);
  });

  it('the breaker opens after repeated failures (CONN_CIRCUIT_OPEN, nothing sent) and closes again', async () => {
    const s = await c.open({ retry: { attempts: 1, base_ms: 1, max_ms: 1 }, breaker: { threshold: 3, half_open_after_ms: 250 } });
    c.bank.admin.setFaults({ error_rate: 1 });
    for (let i = 0; i < 3; i++) expect(await codeOf(s.statement(c.account, c.businessDate, c.businessDate))).toBe('CONN_SERVER_ERROR');
    const { result, seen } = await watched(() => s.statement(c.account, c.businessDate, c.businessDate));
    expect((result as GatewayError).code).toBe('CONN_CIRCUIT_OPEN');
    expect(seen).toEqual([]);
    expect((await s.test()).details).toMatchObject({ circuit: 'open' });
    c.bank.admin.setFaults({ error_rate: 0 });
    await sleep(300);
    const stmt = await s.statement(c.account, c.businessDate, c.businessDate);
    expect(stmt.account).toBe(c.account);
    expect((await s.test()).details).toMatchObject({ circuit: 'closed' });
  });

  it('401 (wrong token) → CONN_AUTH at once: one request, no retries, the breaker untouched', async () => {
    const bad = await bankHttpConnector.open(
      { url: c.bank.url, token_env: 'T', tls_fingerprint: c.bank.tlsFingerprint, retry: { attempts: 5, base_ms: 1, max_ms: 1 }, breaker: { threshold: 1 } },
      { logger: requestLog([]), env: { T: 'not-the-client-token-0000' } },
    );
    try {
      const sub = await payment(bad);
      const { result, seen } = await watched(() => bad.submit(sub, 'K-401'));
      expect((result as GatewayError).code).toBe('CONN_AUTH');
      expect((result as GatewayError).details).toMatchObject({ status: 401, bankCode: 'AUTH' });
      expect(seen.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v1/documents 401']);
      // With threshold 1 an operational failure would have opened the breaker; a 401 leaves it closed.
      const again = await watched(() => bad.statement(c.account, c.businessDate, c.businessDate));
      expect((again.result as GatewayError).code).toBe('CONN_AUTH');
      expect(again.seen).toHaveLength(1);
    } finally {
      await bad.close();
    }
  });
});

describe('bank-http × sandbox over plain HTTP on loopback', () => {
  it('works without a pin when the host is loopback', async () => {
    const plain = await startSandboxClient({ tls: false });
    try {
      expect(plain.bank.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const s = await plain.open();
      const r = await s.test();
      expect(r).toMatchObject({ ok: true, details: { pinned: false, bank: expect.any(String), businessDate: plain.businessDate } });
    } finally {
      await plain.close();
    }
  });
});

// Batching: submissions of the same moment travel as one POST /v1/documents/batch, each caller gets its own answer
// (status or CONN_ error); a lone one uses POST /v1/documents; a batch whose answer is lost or refused wholesale is
// settled per document by status query and resend, never into a second order.
/** Runs fn and lists what reached the bank meanwhile as 'METHOD path status'. */
async function seenDuring<T>(fn: () => Promise<T>): Promise<{ result: T; seen: string[] }> {
  const from = handled.length;
  const result = await fn();
  return { result, seen: handled.slice(from).map((r) => `${r.method} ${r.path} ${r.status}`) };
}

const settle = (p: Promise<unknown>) => p.then((v) => v, (e: unknown) => e);

describe('bank-http batches submissions of the same moment', () => {
  it('25 concurrent submits → one batch request, each caller its own status; one document per key at the bank', async () => {
    const s = await c.open();
    const subs = await Promise.all(Array.from({ length: 25 }, () => payment(s)));
    const before = c.documentCount();
    const { result, seen } = await seenDuring(() => Promise.all(subs.map((sub, i) => s.submit(sub, `KB-${n}-${i}`))));
    expect(seen).toEqual(['POST /v1/documents/batch 200']);
    expect(result.map((r) => r.idempotencyKey)).toEqual(subs.map((_, i) => `KB-${n}-${i}`));
    expect(new Set(result.map((r) => r.bankId)).size).toBe(25);
    expect(result.every((r) => r.state === 'accepted' || r.state === 'executed')).toBe(true);
    expect(c.documentCount()).toBe(before + 25);
    // Asking again with the same keys replays: the same bank ids, nothing new at the bank.
    const again = await Promise.all(subs.map((sub, i) => s.submit(sub, `KB-${n}-${i}`)));
    expect(again.map((r) => r.bankId)).toEqual(result.map((r) => r.bankId));
    expect(c.documentCount()).toBe(before + 25);
  });

  it('a lone submit goes to POST /v1/documents', async () => {
    const s = await c.open();
    const sub = await payment(s);
    const { seen } = await seenDuring(() => s.submit(sub, `KL-${n}`));
    expect(seen).toEqual(['POST /v1/documents 200']);
  });

  it('submissions made while every connection is busy wait and go together in the next batch request', async () => {
    const s = await c.open({ connections: 1 });
    const subs = await Promise.all(Array.from({ length: 11 }, () => payment(s)));
    c.bank.admin.setFaults({ latency_ms: 150 });
    const { result, seen } = await seenDuring(async () => {
      const first = s.submit(subs[0]!, `KW-${n}-0`); // alone on an idle line: the one connection is now busy
      const later: Promise<unknown>[] = [];
      for (let i = 1; i < subs.length; i++) {
        await sleep(5); // each in an event-loop turn of its own
        later.push(s.submit(subs[i]!, `KW-${n}-${i}`));
      }
      return Promise.all([first, ...later]);
    });
    expect(seen).toEqual(['POST /v1/documents 200', 'POST /v1/documents/batch 200']);
    expect(new Set(result.map((r) => (r as { bankId: string }).bankId)).size).toBe(11);
  });

  it('submissions leave one connection free: a status query does not wait behind them', async () => {
    const s = await c.open({ connections: 2 });
    const subs = await Promise.all(Array.from({ length: 6 }, () => payment(s)));
    c.bank.admin.setFaults({ latency_ms: 300 });
    const order: string[] = [];
    const first = s.submit(subs[0]!, `KF-${n}-0`).then(() => order.push('first'));
    await sleep(20);
    const rest = Promise.all(subs.slice(1).map((sub, i) => s.submit(sub, `KF-${n}-${i + 1}`))).then(() => order.push('rest'));
    await sleep(20);
    // With both connections taken by submissions this would wait for one; it has its own and settles before the rest.
    const status = s.status({ idempotencyKey: `KF-${n}-0` }).then(() => order.push('status'));
    await Promise.all([first, rest, status]);
    expect(order).toEqual(['first', 'status', 'rest']);
  });

  it("an item the bank refuses fails only its own caller, with the single call's error code", async () => {
    const s = await c.open();
    const [a, b] = await Promise.all([payment(s), payment(s)]);
    const other = await payment(s);
    await s.submit(a, `KM-${n}`); // the key now names document a
    const results = await Promise.all([settle(s.submit(other, `KM-${n}`)), settle(s.submit(b, `KM2-${n}`))]);
    expect(results[0]).toBeInstanceOf(GatewayError);
    expect((results[0] as GatewayError).code).toBe('CONN_IDEMPOTENCY_MISMATCH');
    expect(results[1]).toMatchObject({ idempotencyKey: `KM2-${n}` });
  });

  it('reset after the batch was stored → every document settled by a status query; no second batch, no second order', async () => {
    const s = await c.open();
    const subs = await Promise.all(Array.from({ length: 5 }, () => payment(s)));
    const before = c.documentCount();
    c.bank.admin.setFaults({ reset_after_accept: { value: true, next: 1 } });
    const { result, seen } = await seenDuring(() => Promise.all(subs.map((sub, i) => s.submit(sub, `KR-${n}-${i}`))));
    expect(result).toHaveLength(5);
    expect(seen.filter((r) => r.startsWith('POST'))).toEqual(['POST /v1/documents/batch 200']);
    expect(seen.filter((r) => r.startsWith('GET /v1/documents '))).toHaveLength(5);
    expect(c.documentCount()).toBe(before + 5);
  });

  it('a 500 for the whole batch → each document asked for and resent with its key: exactly one order each', async () => {
    const s = await c.open();
    const subs = await Promise.all(Array.from({ length: 6 }, () => payment(s)));
    const before = c.documentCount();
    c.bank.admin.setFaults({ error_rate: { value: 1, next: 1 } });
    const { result, seen } = await seenDuring(() => Promise.all(subs.map((sub, i) => s.submit(sub, `K5-${n}-${i}`))));
    expect(new Set(result.map((r) => r.bankId)).size).toBe(6);
    expect(seen[0]).toBe('POST /v1/documents/batch 500');
    expect(c.documentCount()).toBe(before + 6);
  });
});
