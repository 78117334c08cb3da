// Sandbox bank, fault knobs are real: a 500 stores nothing; a reset or a held request comes after the document is stored,
// so GET by idempotency key finds it (reliability-security.md 10 rows 2, 7, 8).
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCert } from '../../fixtures/pki.ts';
import { cert, order, setupClient, signedSubmission, startBench, type Bench } from './helpers.ts';

let director: TestCert;
beforeAll(async () => {
  director = await cert('ДИРЕКТОР');
});

async function bench(tls = false): Promise<Bench> {
  const b = await startBench({ tls });
  setupClient(b);
  b.bank.admin.registerCertificate({ client_id: 'acme', pem: director.pem, user: 'director', right: 'single' });
  return b;
}

describe('fault knobs', () => {
  it('error_rate 1 answers 500 before doing anything; { next: 2 } wears off after two requests', async () => {
    const b = await bench();
    b.bank.admin.setFaults({ error_rate: { value: 1, next: 2 } });
    const body = await signedSubmission('d1', order('701', 100n), [director]);
    const r = await b.call('POST', '/v1/documents', { body, key: 'k1' });
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('SANDBOX_FAULT');
    expect((await b.call('GET', '/v1/documents?idempotency_key=k1')).status).toBe(500);
    expect(b.bank.admin.faults().error_rate).toEqual({ value: 0, remaining: null });
    expect((await b.call('GET', '/v1/documents?idempotency_key=k1')).status).toBe(404);
    expect((await b.call('POST', '/v1/documents', { body, key: 'k1' })).body.status).toBe('accepted');
  });

  it('reset_after_accept: the client sees a socket error, the bank has the document; the retry gets the same one', async () => {
    const b = await bench(true);
    b.bank.admin.setFaults({ reset_after_accept: { value: true, next: 1 } });
    const body = await signedSubmission('d2', order('702', 100n), [director]);
    const err = await b.call('POST', '/v1/documents', { body, key: 'k2' }).then(() => null, (e: Error & { cause?: { code?: string; message?: string } }) => e);
    // undici: TypeError('fetch failed') caused by the socket closing without a response.
    expect(err?.message).toBe('fetch failed');
    expect(`${err?.cause?.code} ${err?.cause?.message}`).toMatch(/UND_ERR_SOCKET|ECONNRESET|other side closed/);
    const stored = await b.call('GET', '/v1/documents?idempotency_key=k2');
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ client_document_id: 'd2', status: 'accepted' });
    const retry = await b.call('POST', '/v1/documents', { body, key: 'k2' });
    expect(retry.body.bank_id).toBe(stored.body.bank_id);
  });

  it('accepted_no_answer: the request is held past the client timeout; the document is stored', async () => {
    const b = await bench();
    b.bank.admin.setFaults({ accepted_no_answer: true, hang_ms: 5000 });
    const body = await signedSubmission('d3', order('703', 100n), [director]);
    const res = await fetch(`${b.bank.url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer acme-token-0123456789abcdef', 'idempotency-key': 'k3', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(300),
    }).then(() => 'answered', (e: Error) => e.name);
    expect(res).toBe('TimeoutError');
    b.bank.admin.setFaults({ accepted_no_answer: false });
    expect((await b.call('GET', '/v1/documents?idempotency_key=k3')).body.status).toBe('accepted');
  });

  it('latency_ms delays the answer; admin routes are never faulted', async () => {
    const b = await bench();
    b.bank.admin.setFaults({ latency_ms: { value: 150, next: 1 }, error_rate: 1 });
    const t0 = performance.now();
    expect((await b.call('GET', '/v1/ping')).status).toBe(500);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    const admin = await b.call('GET', '/v1/sandbox/faults', { token: b.bank.admin.token });
    expect(admin.status).toBe(200);
    expect(admin.body.error_rate.value).toBe(1);
  });
});
