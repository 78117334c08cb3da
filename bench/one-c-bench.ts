// 1C benchmarks (issue 3): read+validate 100,000 documents against a raw decode baseline, peak RSS,
// and the same file through the whole gateway. Heavy runs are child processes (their own peak RSS).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeBig1c } from './gen-1c-big.ts';
import type { BenchRow } from './table.ts';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 });

async function child(name: string, ...args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, [path.join(REPO, 'bin/run-ts.js'), path.join(REPO, 'bench/child/run.ts'), name, ...args], { cwd: REPO, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
}

export async function bench1c(documents = 100_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-1cbench-'));
  try {
    const file = path.join(dir, 'big.txt');
    const size = await writeBig1c(file, documents);
    const raw = await child('raw-decode', file);
    const ours = await child('read-validate', file);
    if (ours.documents !== documents) throw new Error(`reader produced ${ours.documents} documents, expected ${documents}`);
    const rawDps = raw.documents! / raw.seconds!;
    const ourDps = ours.documents! / ours.seconds!;
    const rows: BenchRow[] = [
      {
        name: `read+validate ${fmt(documents)} documents, cp1251 (${fmt(size / 2 ** 20)} MB)`,
        value: ourDps,
        unit: 'docs/s',
        target: `>= 40 % of baseline (${fmt(rawDps * 0.4)}/s)`,
        baseline: `TextDecoder + split lines: ${fmt(rawDps)} docs/s; ours = ${fmt((100 * ourDps) / rawDps)} % (${ours.invalid} invalid)`,
        pass: ourDps >= rawDps * 0.4,
      },
      {
        name: 'read+validate peak RSS',
        value: ours.maxRssMB!,
        unit: 'MB',
        target: '< 200 MB',
        baseline: `raw decode: ${fmt(raw.maxRssMB!)} MB`,
        pass: ours.maxRssMB! < 200,
      },
    ];
    const ing = await child('ingest', file, String(documents));
    rows.push({
      name: `gateway: ${fmt(documents)}-document file dropped → documents stored`,
      value: ing.seconds!,
      unit: 's',
      target: '<= 15 s',
      baseline: `read+validate alone: ${fmt(ours.seconds!)} s; peak RSS ${fmt(ing.maxRssMB!)} MB`,
      pass: ing.seconds! <= 15,
    });
    const stmt = await child('write-statement', path.join(dir, 'kl_to_1c.txt'), '1000000');
    const rawW = await child('raw-write', path.join(dir, 'raw.bin'), String(stmt.bytes));
    rows.push(
      {
        name: `statement for 1C, 1,000,000 operations (${fmt(stmt.bytes! / 2 ** 20)} MB, RK1048)`,
        value: stmt.seconds!,
        unit: 's',
        target: '<= 45 s',
        baseline: `raw write of the same bytes + fsync: ${fmt(rawW.seconds!)} s`,
        pass: stmt.seconds! <= 45,
      },
      {
        name: 'statement writer peak RSS',
        value: stmt.maxRssMB!,
        unit: 'MB',
        target: '< 200 MB',
        baseline: `raw write: ${fmt(rawW.maxRssMB!)} MB`,
        pass: stmt.maxRssMB! < 200,
      },
    );
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
