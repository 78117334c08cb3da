// Runs the scale-out benchmark alone: node bin/run-ts.js bench/scale.ts [documents]
import { benchScale } from './scale-bench.ts';
import { printTable } from './table.ts';

const rows = await benchScale(Number(process.argv[2] ?? 10_000));
printTable(rows);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
