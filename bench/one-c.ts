// Runs the 1C benchmarks alone: node bin/run-ts.js bench/one-c.ts [documents]
import { bench1c } from './one-c-bench.ts';
import { printTable } from './table.ts';

const rows = await bench1c(Number(process.argv[2] ?? 100_000));
printTable(rows);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
