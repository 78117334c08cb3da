// Runs the SQLite vs BullMQ queue throughput benchmark alone: node bin/run-ts.js bench/queue-bullmq.ts
import { benchQueueBullmq } from './queue-bullmq-bench.ts';
import { printTable } from './table.ts';

const rows = await benchQueueBullmq();
printTable(rows);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
