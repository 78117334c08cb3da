// Scale-out benchmark: the 10,000 documents of one file sent to the bank by 1 and by 2 `bankgate worker --roles submit`
// processes on BullMQ (real Redis, the sandbox bank over HTTPS), same run. Parsing and signing happen first and are
// not timed; the submit queue is paused while the workers start, then resumed: the clock runs from the resume until
// every document is accepted by the bank.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createBullmqQueue } from '../gateway/queue/bullmq-queue.ts';
import { SUBMIT_QUEUE } from '../gateway/pipeline/submit.ts';
import { allAtBank, startScaleRig } from '../tests/e2e/scale-rig.ts';
import { REDIS_URL, redisAvailable } from '../tests/services/redis.ts';
import { migratedDatabase, postgresAvailable } from '../tests/services/postgres.ts';
import { waitFor } from '../tests/e2e/kill-harness.ts';
import type { BenchRow } from './table.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Documents per second through the submit stage with `workers` worker processes. */
async function submitRate(documents: number, workers: number, log: (s: string) => void, pg: boolean): Promise<number> {
  const database = pg ? await migratedDatabase() : undefined;
  const rig = await startScaleRig({ redisUrl: REDIS_URL, workers: 0, ...(database ? { databaseUrl: database.url } : {}) });
  const q = createBullmqQueue({ redisUrl: REDIS_URL, prefix: rig.prefix });
  try {
    await q.pause(SUBMIT_QUEUE);
    log(`  ${pg ? 'PostgreSQL' : 'SQLite'}, ${workers} worker(s): parsing and signing ${fmt(documents)} documents (not timed)…`);
    await rig.dropAndSign(documents);
    // Every signed document is in the submit queue before the clock starts (the gateway's outbox adds them).
    await waitFor('submit jobs queued', async () => (await q.counts(SUBMIT_QUEUE)).waiting === documents || undefined, 120_000, 100);
    for (let i = 0; i < workers; i++) await rig.addWorker();
    const t0 = performance.now();
    await q.resume(SUBMIT_QUEUE);
    await allAtBank(rig, documents, 600_000);
    const secs = (performance.now() - t0) / 1000;
    const bank = rig.bankDocuments();
    if (bank.total !== documents || bank.distinct !== documents) throw new Error(`the bank holds ${bank.total} documents (${bank.distinct} distinct), expected ${documents}`);
    return documents / secs;
  } finally {
    await q.close();
    await rig.close();
    await database?.drop();
  }
}

export async function benchScale(documents = 10_000, log: (s: string) => void = console.log): Promise<BenchRow[]> {
  if (!redisAvailable) return [{ name: 'scale-out: submit stage, 1 vs 2 worker processes', value: 0, unit: 'x', target: '>= 1.6x', baseline: `no Redis at ${REDIS_URL}`, pass: false }];
  const rows: BenchRow[] = [];
  // PostgreSQL is the scale-out store (processes on several machines share it): the target applies there. SQLite shared
  // by processes of one machine is measured beside it.
  // SCALE_DB=postgres or sqlite runs one of them (bench/scale.ts while tuning).
  const only = process.env['SCALE_DB'];
  for (const pg of (postgresAvailable ? [true, false] : [false]).filter((p) => !only || (only === 'postgres') === p)) {
    const db = pg ? 'PostgreSQL' : 'SQLite';
    const one = await submitRate(documents, 1, log, pg);
    const two = await submitRate(documents, 2, log, pg);
    const ratio = two / one;
    rows.push(
      { name: `scale-out (${db}): ${fmt(documents)}-document file to the bank, 1 submit worker process`, value: one, unit: 'docs/s', target: 'info', baseline: 'BullMQ on Redis, sandbox bank over HTTPS; parse + sign before the clock', pass: true },
      {
        name: `scale-out (${db}): ${fmt(documents)}-document file to the bank, 2 submit worker processes`,
        value: two,
        unit: 'docs/s',
        target: pg || !postgresAvailable ? `>= 1.6x of 1 process (${fmt(one * 1.6)}/s)` : 'info',
        baseline: `1 process: ${fmt(one)} docs/s; ratio ${ratio.toFixed(2)}x on this ${os.cpus().length}-core machine`,
        pass: pg || !postgresAvailable ? ratio >= 1.6 : true,
      },
    );
  }
  return rows;
}
