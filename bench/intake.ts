// Runs the intake benchmark alone: node bin/run-ts.js bench/intake.ts
import { benchIntake } from './intake-bench.ts';
import { printTable } from './table.ts';

const rows = await benchIntake();
printTable(rows);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
