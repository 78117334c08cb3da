// MT940 benchmark (issue 8): read a generated 100,000-entry MT940 with our reader and with mt940js in the same run
// (median of 3 each, alternating); target: ours >= 2x mt940js in entries/s. Both run in a fresh child process, as the
// XML rows do: after the benchmarks before it, this process's heap and shared code (money, issues, model helpers
// that every reader calls) are in a state no reader meets when it runs, and that state cost ours a quarter of its speed.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseMt940 } from '../plugins/format-mt940/index.ts';
import type { BenchRow } from './table.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 });

/** One MT940 message with `entries` :61:/:86: pairs that reconcile (KZT, CRLF, SWIFT blocks). */
export function generateMt940(entries: number): string {
  const out: string[] = ['{1:F01HSBKKZKXAXXX0000000000}{2:I940CLIENTKZAXXXN}{4:', ':20:BENCH', ':25:KZ86125KZT5004100100', ':28C:1/1', ':60F:C250101KZT1000000,00'];
  let balance = 100_000_000n;
  for (let i = 0; i < entries; i++) {
    const credit = i % 3 !== 0;
    const minor = BigInt(1000 + ((i * 7919) % 900_000));
    balance += credit ? minor : -minor;
    const amount = `${minor / 100n},${String(minor % 100n).padStart(2, '0')}`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    out.push(`:61:2501${day}01${day}${credit ? 'C' : 'D'}${amount}NTRFPO-${i}//B${i}`);
    out.push(`:86:/EREF/E2E-${i}/NAME/TOO COUNTERPARTY ${i % 97}/IDN/123456789012/KNP/710/REMI/Payment`, `for invoice ${i} of January 2025`);
  }
  const sign = balance < 0n ? 'D' : 'C';
  const abs = balance < 0n ? -balance : balance;
  out.push(`:62F:${sign}250128KZT${abs / 100n},${String(abs % 100n).padStart(2, '0')}`, '-}');
  return out.join('\r\n') + '\r\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs in the child (bench/child/mt940-read.ts): medians of 3 alternating runs of ours and mt940js, in entries/s. */
export function measureMt940(entries: number): { ours: number; mt940js: number; megabytes: number } {
  const text = generateMt940(entries);
  const bytes = new TextEncoder().encode(text);
  const require = createRequire(import.meta.url);
  const { Parser } = require('mt940js') as { Parser: new () => { parse(t: string): { transactions: unknown[] }[] } };
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < 3; run++) {
    let t = performance.now();
    const r = parseMt940(bytes);
    const s1 = (performance.now() - t) / 1000;
    const n = r.statements[0]?.statement.operations.length ?? 0;
    if (n !== entries || r.issues.some((i) => i.severity === 'error')) throw new Error(`our reader read ${n} of ${entries} entries with ${r.issues.length} issues`);
    ours.push(entries / s1);
    t = performance.now();
    // mt940js takes a string: decoding is counted on our side only, which favours mt940js.
    const m = new Parser().parse(text);
    const s2 = (performance.now() - t) / 1000;
    if (m[0]?.transactions.length !== entries) throw new Error('mt940js read a different number of entries');
    theirs.push(entries / s2);
  }
  return { ours: median(ours), mt940js: median(theirs), megabytes: bytes.length / 2 ** 20 };
}

export async function benchMt940(entries = 100_000): Promise<BenchRow[]> {
  const repo = path.resolve(import.meta.dirname, '..');
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repo, 'bin/run-ts.js'), path.join(repo, 'bench/child/mt940-read.ts'), String(entries)], { cwd: repo, maxBuffer: 1 << 20 });
  const { ours: o, mt940js: b, megabytes } = JSON.parse(stdout.trim().split('\n').pop()!) as ReturnType<typeof measureMt940>;
  return [
    {
      name: `MT940 read ${fmt(entries)} entries (${fmt(megabytes)} MB), median of 3`,
      value: o,
      unit: 'entries/s',
      target: `>= 2x mt940js (${fmt(2 * b)}/s)`,
      baseline: `mt940js 1.3.5: ${fmt(b)} entries/s; ours = ${fmt(o / b)}x (both in one fresh process, alternating)`,
      pass: o >= 2 * b,
    },
  ];
}
