// bank-http's batching against the real sandbox: submissions of the same moment travel as one POST /v1/documents/batch,
// each caller gets its own answer (status or CONN_ error); a lone one uses POST /v1/documents; a batch whose answer is
// lost or refused wholesale is settled per document by status query and resend, never into a second order.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorSession, SignedSubmission } from '../../../gateway/core/connector.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import type { Logger } from '../../../gateway/core/logger.ts';
import type { PaymentDocument } from '../../../gateway/core/model/document.ts';
import { signedSubmission } from '../../conformance/connector-signing.ts';
import { startSandboxClient, type SandboxClient } from './sandbox-client.ts';

interface HandledRequest {
  method: string;
  path: string;
  status: number;
}

/** The sandbox's debug line per handled request: what actually reached the bank. */
function requestLog(into: HandledRequest[]): Logger {
  const logger: Logger = {
    debug: (o, msg) => {
      if (msg === 'sandbox request' && typeof o === 'object') into.push(o as HandledRequest);
    },
    info: () => {},
    warn: () => {},
    error: () => {},
    child: () => logger,
  };
  return logger;
}

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

async function payment(s: ConnectorSession, over: Partial<PaymentDocument> = {}): Promise<SignedSubmission> {
  n++;
  const document: PaymentDocument = {
    kind: 'payment',
    number: `B${n}`,
    date: c.businessDate,
    amount: { minor: 10_000n + BigInt(n), currency: 'KZT' },
    payer: c.payer,
    beneficiary: c.beneficiary,
    knp: '710',
    purpose: `Оплата услуг (batch ${n})`,
    ...over,
  };
  return signedSubmission(s, { id: `batch-${n}`, document }, c.sign);
}

async function watched<T>(fn: () => Promise<T>): Promise<{ result: T; seen: string[] }> {
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
    const { result, seen } = await watched(() => Promise.all(subs.map((sub, i) => s.submit(sub, `KB-${n}-${i}`))));
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
    const { seen } = await watched(() => s.submit(sub, `KL-${n}`));
    expect(seen).toEqual(['POST /v1/documents 200']);
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
    const { result, seen } = await watched(() => Promise.all(subs.map((sub, i) => s.submit(sub, `KR-${n}-${i}`))));
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
    const { result, seen } = await watched(() => Promise.all(subs.map((sub, i) => s.submit(sub, `K5-${n}-${i}`))));
    expect(new Set(result.map((r) => r.bankId)).size).toBe(6);
    expect(seen[0]).toBe('POST /v1/documents/batch 500');
    expect(c.documentCount()).toBe(before + 6);
  });
});
