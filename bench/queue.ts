// Runs the job queue benchmark alone: node bin/run-ts.js bench/queue.ts
import { benchQueue } from './queue-bench.ts';
import { printTable } from './table.ts';

const rows = await benchQueue();
printTable(rows);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
