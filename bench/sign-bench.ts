// Signing benchmark: documents/s through the signer worker (policy, CMS, durable store commit, audit event) with
// software RSA-2048 and ECDSA P-256 keys, beside raw node:crypto signatures of the same bytes in the same run.
import { sign as cryptoSign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addUser } from '../gateway/auth/users.ts';
import { systemClock } from '../gateway/core/clock.ts';
import { silentLogger } from '../gateway/core/logger.ts';
import type { ParsedDocument } from '../gateway/core/plugin.ts';
import { createSqliteQueue } from '../gateway/queue/sqlite-queue.ts';
import { openStore, type Store } from '../gateway/store/db.ts';
import { getDocument, insertDocuments } from '../gateway/store/documents-repo.ts';
import { recordReceivedFile } from '../gateway/store/files-repo.ts';
import { bindKey, getKey } from '../gateway/store/keys-repo.ts';
import { format1cKz } from '../plugins/format-1c-kz/index.ts';
import { parseCertificate } from '../signer/certificate.ts';
import { createPolicy } from '../signer/policy.ts';
import type { KeyProvider } from '../signer/provider.ts';
import { createSoftwareProvider } from '../signer/providers/software.ts';
import { createPkcs11Provider } from '../signer/providers/pkcs11.ts';
import { createSoftHsm, softhsmMissing, SOFTHSM_MODULE, SOFTHSM_PIN } from '../tests/fixtures/softhsm.ts';
import { showForSigning } from '../signer/sign-documents.ts';
import { signedBytes } from '../signer/signed-bytes.ts';
import { createSignerWorker, signQueueName } from '../signer/worker.ts';
import { gen1cBytes } from '../tests/fixtures/gen-1c.ts';
import { makeTestCert, type TestKeyAlg } from '../tests/fixtures/pki.ts';
import type { BenchRow } from './table.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** Documents per sign job: one job per signature would cost a queue round trip each (the hint). */
const BATCH = 500;

async function seed(store: Store, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let first = 1; first <= n; first += 5000) {
    const count = Math.min(5000, n - first + 1);
    const bytes = gen1cBytes({ firstNumber: first, documents: count });
    const docs: ParsedDocument[] = [];
    const file = { name: 'bench.txt', mailbox: 'bench', size: bytes.length, sha256: '', head: bytes.subarray(0, 65536), open: async function* () { yield bytes; } };
    const ctx = { logger: silentLogger, signal: new AbortController().signal, fail: (): never => { throw new Error('fail'); } };
    for await (const it of format1cKz.parse(file, '1c.kz', ctx)) if (it.type === 'document') docs.push(it);
    const f = (await recordReceivedFile(store.sql, { mailbox: 'bench', name: `b${first}.txt`, claimId: `bench-${first}-${Math.random()}`, sha256: first.toString(16).padStart(64, '0'), size: bytes.length, format: '1c.kz' }));
    ids.push(...(await insertDocuments(store.sql, f.id, docs.map((d, i) => ({ seq: i, line: d.line, document: d.document, state: 'awaiting-signature' as const })), { fileState: 'parsed' })).ids);
  }
  return ids;
}

interface Result {
  worker: number;
  raw: number;
}

/** A key to benchmark: its provider, the key id, its secret, and the baseline signer of the same bytes. */
interface BenchKey {
  provider: KeyProvider;
  keyId: string;
  secret: string;
  /** Raw signatures/s of these bytes without the gateway (node:crypto, or the token session alone). */
  raw(bytes: Buffer[]): Promise<number>;
}

async function softwareKey(dir: string, alg: TestKeyAlg): Promise<BenchKey> {
  const cert = await makeTestCert({ alg, cn: 'BENCH', iin: '880101300123' });
  const keyPath = path.join(dir, 'key.pem');
  writeFileSync(keyPath, cert.keyPem + cert.pem);
  const provider = createSoftwareProvider({ keys: [{ path: keyPath }] });
  const [info] = await provider.list();
  return {
    provider,
    keyId: info!.id,
    secret: '',
    async raw(bytes) {
      const t0 = performance.now();
      for (const b of bytes) cryptoSign('sha256', b, cert.privateKey);
      return bytes.length / ((performance.now() - t0) / 1000);
    },
  };
}

async function softhsmKey(dir: string): Promise<BenchKey> {
  const hsm = await createSoftHsm(['bench'], path.join(dir, 'hsm'));
  await hsm.tokenKey('bench', '01', 'EC:prime256v1', 'bench-ec', { cn: 'BENCH', iin: '880101300123' });
  process.env['SOFTHSM2_CONF'] = hsm.conf;
  const provider = createPkcs11Provider({ module: SOFTHSM_MODULE, token_label: 'bench' });
  const [info] = await provider.list();
  return {
    provider,
    keyId: info!.id,
    secret: SOFTHSM_PIN,
    async raw(bytes) {
      // The token session alone, one signature after another: what the worker's batch pipeline competes with.
      const s = await provider.open(info!.id, SOFTHSM_PIN);
      const t0 = performance.now();
      for (const b of bytes) await s.sign(b);
      const rate = bytes.length / ((performance.now() - t0) / 1000);
      await s.close();
      return rate;
    },
  };
}

async function run(makeKey: (dir: string) => Promise<BenchKey>, n: number): Promise<Result> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-bench-sign-'));
  const store = openStore({ dataDir: dir });
  const queue = createSqliteQueue({ path: path.join(dir, 'queue.db') });
  let provider: KeyProvider | undefined;
  try {
    const { user } = await addUser(store.sql, { login: 'director', name: 'Director', rights: ['*=single'], actor: 'bench', params: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
    const key = await makeKey(dir);
    provider = key.provider;
    const info = (await provider.list()).find((k) => k.id === key.keyId);
    const c = parseCertificate(info!.certificate);
    await bindKey(store.sql, { id: info!.id, provider: info!.provider, label: info!.label, tokenLabel: null, tokenSerial: null, certificate: info!.certificate, fingerprint: c.fingerprint, subject: c.subject, iin: c.iin, bin: c.bin, notBefore: c.notBefore, notAfter: c.notAfter }, user.id, 'bench');
    const ids = await seed(store, n);

    // Baseline: signatures of the same bytes, nothing else.
    const bytes: Buffer[] = [];
    for (const id of ids) bytes.push(signedBytes((await getDocument(store.sql, id))!));
    const raw = await key.raw(bytes);

    const items = (await showForSigning(store, ids)).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));
    let done = 0;
    let finish!: () => void;
    const all = new Promise<void>((r) => (finish = r));
    const worker = createSignerWorker({
      store,
      queue,
      policy: createPolicy([]),
      clock: systemClock,
      logger: silentLogger,
      key: (await getKey(store.sql, info!.id))!,
      provider,
      idleTimeoutMs: 600_000,
      onOutcome: (o) => {
        if (!o.ok) throw new Error(`refused: ${o.code} ${o.message}`);
        if (++done === n) finish();
      },
    });
    await worker.unlock(key.secret);
    const t1 = performance.now();
    for (let i = 0; i < items.length; i += BATCH) await worker.enqueue(user.id, items.slice(i, i + BATCH));
    await all;
    const through = n / ((performance.now() - t1) / 1000);
    // The last job's own completion lands just after its outcomes.
    for (let i = 0; (await queue.counts(signQueueName(info!.id))).completed !== Math.ceil(n / BATCH); i++) {
      if (i > 200) throw new Error(`sign jobs not all completed: ${JSON.stringify(await queue.counts(signQueueName(info!.id)))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await worker.close();
    return { worker: through, raw };
  } finally {
    await provider?.close();
    await queue.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSign(): Promise<BenchRow[]> {
  const rsa = await run((d) => softwareKey(d, 'rsa'), 2_000);
  const ec = await run((d) => softwareKey(d, 'ecdsa'), 10_000);
  const missing = softhsmMissing();
  const hsm = missing.length === 0 ? await run(softhsmKey, 5_000) : null;
  const hsmRow: BenchRow = hsm
    ? {
        name: 'sign through the worker, SoftHSM2 token, ECDSA P-256 (PKCS#11), 5,000 documents',
        value: hsm.worker,
        unit: 'docs/s',
        target: 'info',
        baseline: `the token session alone, sequential: ${fmt(hsm.raw)}/s; ours = ${Math.round((100 * hsm.worker) / hsm.raw)} %`,
        pass: true,
      }
    : { name: `sign through the worker, SoftHSM2 token: not run (missing ${missing.join(', ')})`, value: 0, unit: 'docs/s', target: 'info', pass: true };
  return [
    {
      name: 'sign through the worker, RSA-2048 (CMS, policy, durable commit), 2,000 documents',
      value: rsa.worker,
      unit: 'docs/s',
      target: `>= 50 % of raw (${fmt(rsa.raw / 2)}/s)`,
      baseline: `raw node:crypto RSA-2048 sign of the same bytes: ${fmt(rsa.raw)}/s; ours = ${Math.round((100 * rsa.worker) / rsa.raw)} %`,
      pass: rsa.worker >= rsa.raw / 2,
    },
    {
      name: 'sign through the worker, ECDSA P-256, 10,000 documents',
      value: ec.worker,
      unit: 'docs/s',
      target: '>= 2,000/s',
      baseline: `raw node:crypto ECDSA P-256 sign of the same bytes: ${fmt(ec.raw)}/s`,
      pass: ec.worker >= 2000,
    },
    hsmRow,
  ];
}
