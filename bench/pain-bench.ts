// pain.001 benchmark (issue 8): a ~100 MB pain.001.001.09 with 100,000 transactions (made by our writer) read by
// readPain001, against a bare saxes pass over the same bytes (same streaming UTF-8 decode, same saxes settings, no
// tree); median of 3 runs each, every run in its own child process so its peak RSS is its own.
// Child mode: `BANKGATE_PAIN_BENCH_CHILD=1 node bin/run-ts.js bench/pain-bench.ts <saxes|read> <file>` prints one JSON line.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SaxesParser } from 'saxes';
import type { CanonicalDocument } from '../gateway/core/model/document.ts';
import { readPain001, writePain001 } from '../plugins/format-iso20022/pain/index.ts';
import type { BenchRow } from './table.ts';

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SELF), '..');
const CHUNK = 64 * 1024;
const CHILD_ENV = 'BANKGATE_PAIN_BENCH_CHILD';
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Writes `transactions` payments (3 payers → 3 PmtInf) through the pain.001.001.09 writer; returns the file size. */
export async function writeBigPain001(file: string, transactions: number): Promise<number> {
  const payers = [0, 1, 2].map((i) => ({ name: `ТОО "Жайлау-${i}"`, binIin: '090840000906', iban: 'KZ476010131000179714', bic: 'HSBKKZKX', code: '17' }));
  const beneficiary = { name: 'ИП Сейтқали Әлихан', binIin: '850315300128', iban: 'KZ9496511F0008314291', bic: 'IRTYKZKA', code: '19' };
  const purpose = 'Оплата по счёту №5 от 20.11.2026, в т.ч. НДС';
  const docs: CanonicalDocument[] = [];
  for (let i = 0; i < transactions; i++) {
    docs.push({ kind: 'payment', number: String(100000 + i), date: '2026-11-25', amount: { minor: BigInt(100_000 + i * 7), currency: 'KZT' }, payer: payers[i % 3]!, beneficiary, knp: '710', purpose: `${purpose} (${i})` });
  }
  const out = createWriteStream(file);
  for await (const chunk of writePain001(docs, { messageId: 'BENCH-PAIN-001', createdAt: '2026-11-25T09:00:00+05:00' })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return statSync(file).size;
}

async function bareSaxes(file: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  const parser = new SaxesParser({ xmlns: false, position: true });
  let elements = 0;
  let transactions = 0;
  parser.on('opentag', (tag) => {
    elements++;
    if (tag.name === 'CdtTrfTxInf') transactions++;
  });
  parser.on('text', () => undefined);
  const dec = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) parser.write(dec.decode(chunk as Buffer, { stream: true }));
  parser.close();
  return { seconds: (performance.now() - t0) / 1000, elements, transactions };
}

async function ours(file: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  let [documents, issues, errors] = [0, 0, 0];
  for await (const item of readPain001(createReadStream(file, { highWaterMark: CHUNK }))) {
    if (item.type === 'document') documents++;
    else if (item.type === 'issue') {
      issues++;
      if (item.severity === 'error') errors++;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, documents, issues, errors };
}

async function child(job: 'saxes' | 'read', file: string): Promise<Record<string, number>> {
  const env = { ...process.env, [CHILD_ENV]: '1' };
  const { stdout } = await run(process.execPath, [path.join(REPO, 'bin/run-ts.js'), SELF, job, file], { cwd: REPO, env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
}

export async function benchPain(transactions = 100_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-painbench-'));
  try {
    const file = path.join(dir, 'pain001.xml');
    const size = await writeBigPain001(file, transactions);
    const mb = size / 2 ** 20;
    const saxes: Record<string, number>[] = [];
    const read: Record<string, number>[] = [];
    for (let i = 0; i < 3; i++) {
      saxes.push(await child('saxes', file));
      read.push(await child('read', file));
    }
    for (const r of read) if (r.documents !== transactions || r.errors) throw new Error(`reader produced ${r.documents} documents and ${r.errors} errors, expected ${transactions} and 0`);
    const saxesMBs = median(saxes.map((r) => mb / r.seconds!));
    const oursMBs = median(read.map((r) => mb / r.seconds!));
    const rss = median(read.map((r) => r.maxRssMB!));
    return [
      {
        name: `pain.001 read, ${fmt(transactions)} transactions (${fmt(mb)} MB)`,
        value: oursMBs,
        unit: 'MB/s',
        target: `>= 80 % of bare saxes (${fmt(saxesMBs * 0.8)} MB/s)`,
        baseline: `bare saxes: ${fmt(saxesMBs)} MB/s; ours = ${fmt((100 * oursMBs) / saxesMBs)} % (median of 3)`,
        pass: oursMBs >= saxesMBs * 0.8,
      },
      {
        name: 'pain.001 read peak RSS',
        value: rss,
        unit: 'MB',
        target: '< 150 MB',
        baseline: `bare saxes: ${fmt(median(saxes.map((r) => r.maxRssMB!)))} MB`,
        pass: rss < 150,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env[CHILD_ENV] === '1') {
  const [job, file] = process.argv.slice(2);
  if (!file || (job !== 'saxes' && job !== 'read')) {
    console.error(`usage: ${CHILD_ENV}=1 node bin/run-ts.js bench/pain-bench.ts <saxes|read> <file>`);
    process.exit(2);
  }
  const result = job === 'saxes' ? await bareSaxes(file) : await ours(file);
  console.log(JSON.stringify({ ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
