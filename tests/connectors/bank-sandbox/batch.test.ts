// Sandbox bank, POST /v1/documents/batch: each item judged as a single submission would be, results in request order,
// replays and key mismatches per item, a key repeated inside one batch answered as a replay, one order per key.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCert } from '../../fixtures/pki.ts';
import { cert, order, setupClient, signedSubmission, startBench, type Bench } from './helpers.ts';

let director: TestCert;
let stranger: TestCert;
beforeAll(async () => {
  [director, stranger] = await Promise.all([cert('ДИРЕКТОР'), cert('ЧУЖОЙ')]);
});

async function bench(tls = false): Promise<Bench> {
  const b = await startBench({ tls });
  setupClient(b);
  b.bank.admin.registerCertificate({ client_id: 'acme', pem: director.pem, user: 'director', right: 'single' });
  return b;
}

/** Rows in the bank's own books, read through a second connection. */
function countDocs(b: Bench): number {
  const db = new Database(join(b.dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('POST /v1/documents/batch', () => {
  it('answers every item as the single call would, in request order', async () => {
    const b = await bench();
    const first = await signedSubmission('d0', order('800', 100n), [director]);
    expect((await b.call('POST', '/v1/documents', { body: first, key: 'k0' })).status).toBe(200);
    const good = await signedSubmission('d1', order('801', 100n), [director]);
    const unknownSigner = await signedSubmission('d2', order('802', 100n), [stranger]);
    const tampered = await signedSubmission('d3', order('803', 100n), [director], (bytes) => Buffer.concat([bytes, Buffer.from(' ')]));
    const other = await signedSubmission('d4', order('804', 100n), [director]);
    const notJson = { ...good, client_document_id: 'd5', payload_b64: Buffer.from('not json').toString('base64') };
    const r = await b.call('POST', '/v1/documents/batch', {
      body: {
        documents: [
          { ...good, idempotency_key: 'k1' },
          { ...unknownSigner, idempotency_key: 'k2' },
          { ...tampered, idempotency_key: 'k3' },
          { ...first, idempotency_key: 'k0' }, // received before: replayed
          { ...other, idempotency_key: 'k0' }, // the same key for another request
          { ...notJson, idempotency_key: 'k5' },
          { ...good, idempotency_key: 'k1' }, // repeated inside the batch: answered as a replay of item 1
        ],
      },
    });
    expect(r.status).toBe(200);
    const res = r.body.results as { idempotency_key: string; http_status: number; document: any; error: any; replayed: boolean }[];
    expect(res.map((x) => [x.idempotency_key, x.http_status, x.document?.status ?? x.error?.code, x.replayed])).toEqual([
      ['k1', 200, 'accepted', false],
      ['k2', 200, 'rejected', false],
      ['k3', 200, 'rejected', false],
      ['k0', 200, 'accepted', true],
      ['k0', 422, 'IDEMPOTENCY_MISMATCH', false],
      ['k5', 400, 'MALFORMED', false],
      ['k1', 200, 'accepted', true],
    ]);
    expect(res[1]!.document.reason.code).toBe('UNKNOWN_CERTIFICATE');
    expect(res[2]!.document.reason.code).toBe('BAD_SIGNATURE');
    expect(res[6]!.document.bank_id).toBe(res[0]!.document.bank_id);
    // One row per key: k0 (before), k1, k2, k3.
    expect(countDocs(b)).toBe(4);
    // The same answers as single calls give afterwards.
    const single = await b.call('POST', '/v1/documents', { body: good, key: 'k1' });
    expect(single.body.bank_id).toBe(res[0]!.document.bank_id);
    expect(single.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses an empty or oversized batch as malformed, storing nothing', async () => {
    const b = await bench();
    expect((await b.call('POST', '/v1/documents/batch', { body: { documents: [] } })).status).toBe(400);
    const one = await signedSubmission('d1', order('811', 100n), [director]);
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ ...one, idempotency_key: `k${i}` }));
    const r = await b.call('POST', '/v1/documents/batch', { body: { documents: tooMany } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED');
    expect(countDocs(b)).toBe(0);
  });

  it('reset_after_accept applies to a batch: every item is stored before the connection drops, and a repeat replays them', async () => {
    const b = await bench(true);
    b.bank.admin.setFaults({ reset_after_accept: { value: true, next: 1 } });
    const docs = await Promise.all([1, 2, 3].map(async (i) => ({ ...(await signedSubmission(`d${i}`, order(`82${i}`, 100n), [director])), idempotency_key: `k${i}` })));
    const err = await b.call('POST', '/v1/documents/batch', { body: { documents: docs } }).then(() => null, (e: Error) => e);
    expect(err?.message).toBe('fetch failed');
    expect(countDocs(b)).toBe(3);
    const again = await b.call('POST', '/v1/documents/batch', { body: { documents: docs } });
    expect((again.body.results as { replayed: boolean }[]).every((x) => x.replayed)).toBe(true);
    expect(countDocs(b)).toBe(3);
  });
});
