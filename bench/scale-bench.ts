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
import { cpuWindow, type CpuWindow } from './cpu-usage.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Rate {
  docsPerSecond: number;
  /** What the machine and the worker processes used while the clock ran (null without /proc). */
  cpu: CpuWindow | null;
  workerPids: number[];
}

/** Documents per second through the submit stage with `workers` worker processes. */
async function submitRate(documents: number, workers: number, log: (s: string) => void, pg: boolean): Promise<Rate> {
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
    const workerPids = rig.workers.map((w) => w.proc.pid!);
    const window = cpuWindow(workerPids);
    const t0 = performance.now();
    await q.resume(SUBMIT_QUEUE);
    await allAtBank(rig, documents, 600_000);
    const secs = (performance.now() - t0) / 1000;
    const cpu = window?.end() ?? null;
    const bank = rig.bankDocuments();
    if (bank.total !== documents || bank.distinct !== documents) throw new Error(`the bank holds ${bank.total} documents (${bank.distinct} distinct), expected ${documents}`);
    return { docsPerSecond: documents / secs, cpu, workerPids };
  } finally {
    await q.close();
    await rig.close();
    await database?.drop();
  }
}

const pct = (n: number) => `${Math.round(n * 100)} %`;

/**
 * Where the CPU went. With one worker the machine was already X % busy: a second worker adds only the idle rest, plus
 * what larger bank batches and shared commits save per document — a second core of its own it does not get, because
 * the bank simulator, PostgreSQL and Redis run on these cores too.
 */
function cpuNote(r1: Rate, r2: Rate): string {
  if (!r1.cpu || !r2.cpu) return '';
  const w1 = r1.cpu.processCores.get(r1.workerPids[0]!) ?? 0;
  const w2 = r2.workerPids.map((p) => pct(r2.cpu!.processCores.get(p) ?? 0)).join(' + ');
  // CPU per document in each phase (cores × seconds / documents): below 1 when two workers made documents cheaper.
  const perDoc = r2.cpu.machineCores / r2.docsPerSecond / (r1.cpu.machineCores / r1.docsPerSecond);
  return (
    `; CPU with 1 worker: machine ${pct(r1.cpu.machineCores / r1.cpu.cores)} busy, the worker ${pct(w1)} of a core (${pct(w1 / r1.cpu.machineCores)} of what was used)` +
    `; with 2 workers: machine ${pct(r2.cpu.machineCores / r2.cpu.cores)} busy, workers ${w2}, machine CPU per document ${perDoc.toFixed(2)}x of the 1-worker run`
  );
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
    const r1 = await submitRate(documents, 1, log, pg);
    const r2 = await submitRate(documents, 2, log, pg);
    const [one, two] = [r1.docsPerSecond, r2.docsPerSecond];
    const ratio = two / one;
    rows.push(
      { name: `scale-out (${db}): ${fmt(documents)}-document file to the bank, 1 submit worker process`, value: one, unit: 'docs/s', target: 'info', baseline: 'BullMQ on Redis, sandbox bank over HTTPS; parse + sign before the clock', pass: true },
      {
        name: `scale-out (${db}): ${fmt(documents)}-document file to the bank, 2 submit worker processes`,
        value: two,
        unit: 'docs/s',
        target: pg || !postgresAvailable ? `>= 1.6x of 1 process (${fmt(one * 1.6)}/s)` : 'info',
        baseline: `1 process: ${fmt(one)} docs/s; ratio ${ratio.toFixed(2)}x on this ${os.cpus().length}-core machine${cpuNote(r1, r2)}`,
        pass: pg || !postgresAvailable ? ratio >= 1.6 : true,
      },
    );
  }
  return rows;
}
