// Our ISO 20022 readers beside a bare saxes pass over the same bytes (issue 8): MB/s (target >= 80 % of saxes) and peak
// RSS (target < 150 MB), median of 3 runs each, alternating, every run a child process (bench/child/xml-read.ts). The
// readers run on our own tokenizer (xml/tokenizer.ts), not saxes: its bare pass is shown too, so the table says what
// the tree and the mapping cost on top of it.
// The child runs as one JavaScript file esbuild makes from it (the transform tsx applies, done before the run), the
// baseline and ours alike: under tsx every process also carries the loader's own thread, ~38 MB of RSS that is no
// part of a reader (the scale, saxes at ~90 MB, is a loader-free figure too). The row says so.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { BenchRow } from './table.ts';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Result = Record<string, number>;

/** bench/child/xml-read.ts bundled into one ES module (saxes included) in a temporary folder; removed at exit. */
let bundled: Promise<string> | null = null;

function bundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-xml-read-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = path.join(dir, 'xml-read.mjs');
    await build({ entryPoints: [path.join(REPO, 'bench/child/xml-read.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
    return outfile;
  })();
  return bundled;
}

/** One child run: bundled, or (`tsx`) from the TypeScript source through bin/run-ts.js, as `bankgate` runs today. */
async function child(job: 'saxes' | 'tokenizer' | 'pain' | 'camt', file: string, record: string, tsx = false): Promise<Result> {
  // The thread pool bin/run-ts.js gives the gateway, as every other benchmark child has.
  const env = { ...process.env, UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '16' };
  const entry = tsx ? [path.join(REPO, 'bin/run-ts.js'), path.join(REPO, 'bench/child/xml-read.ts')] : [await bundle()];
  const { stdout } = await run(process.execPath, [...entry, job, file, record], { cwd: REPO, maxBuffer: 1 << 20, env });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Result;
}

export interface XmlReadBench {
  reader: 'pain' | 'camt';
  /** What the rows call the file, e.g. 'pain.001 read, 100,000 transactions'. */
  label: string;
  file: string;
  bytes: number;
  /** The record element the bare pass counts ('CdtTrfTxInf', 'Ntry') and how many records our reader must return. */
  record: string;
  records: number;
}

export async function xmlReadRows(b: XmlReadBench): Promise<BenchRow[]> {
  const mb = b.bytes / 2 ** 20;
  const saxes: Result[] = [];
  const tokenizer: Result[] = [];
  const ours: Result[] = [];
  for (let i = 0; i < 3; i++) {
    saxes.push(await child('saxes', b.file, b.record));
    tokenizer.push(await child('tokenizer', b.file, b.record));
    ours.push(await child(b.reader, b.file, b.record));
  }
  for (const r of tokenizer) if (r.records !== saxes[0]!.records || r.elements !== saxes[0]!.elements) throw new Error(`the bare tokenizer counted ${r.elements} elements, saxes ${saxes[0]!.elements}`);
  // For the record, what the same read peaks at with the loader's thread beside it (one run; not the target's measure).
  const underTsx = await child(b.reader, b.file, b.record, true);
  for (const r of [...ours, underTsx]) if (r.records !== b.records || r.errors) throw new Error(`${b.reader} reader gave ${r.records} records and ${r.errors} errors, expected ${b.records} and 0`);
  const saxesMBs = mb / median(saxes.map((r) => r.seconds!));
  const oursMBs = mb / median(ours.map((r) => r.seconds!));
  const cpuShare = (100 * median(saxes.map((r) => r.cpuSeconds!))) / median(ours.map((r) => r.cpuSeconds!));
  const rss = median(ours.map((r) => r.maxRssMB!));
  return [
    {
      name: `${b.label} (${fmt(mb)} MB), median of 3`,
      value: oursMBs,
      unit: 'MB/s',
      target: `>= 80 % of bare saxes (${fmt(saxesMBs * 0.8)} MB/s)`,
      baseline: `bare saxes pass: ${fmt(saxesMBs)} MB/s; ours = ${fmt((100 * oursMBs) / saxesMBs)} % (by CPU time ${fmt(cpuShare)} %); our tokenizer's bare pass ${fmt(mb / median(tokenizer.map((r) => r.seconds!)))} MB/s`,
      pass: oursMBs >= saxesMBs * 0.8,
    },
    {
      name: `${b.label.replace(/,.*$/, '')} peak RSS`,
      value: rss,
      unit: 'MB',
      target: '< 150 MB',
      baseline: `bare saxes: ${fmt(median(saxes.map((r) => r.maxRssMB!)))} MB; both run as bundled JS; ours under the tsx loader (as bankgate runs it): ${fmt(underTsx.maxRssMB!)} MB`,
      pass: rss < 150,
    },
  ];
}
