// Queue throughput, SQLite embedded vs BullMQ, same no-op handler, same run: our BullMQ port against a bare BullMQ worker.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createBullmqQueue } from '../gateway/queue/bullmq-queue.ts';
import { createSqliteQueue } from '../gateway/queue/sqlite-queue.ts';
import type { JobQueue, ProcessOptions } from '../gateway/queue/port.ts';
import { dropPrefix } from '../tests/services/redis.ts';
import type { BenchRow } from './table.ts';

const REDIS_URL = process.env['BANKGATE_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/**
 * Jobs per measurement: a BullMQ run takes about a second on the quiet 2-CPU VM and filling it as long again. Five such
 * rounds beat three of twice the length here: another process's CPU bursts last seconds and spoil single rounds, which
 * the median of five paired ratios leaves out. The whole file takes about a minute.
 */
const RUNS: readonly { concurrency: number; jobs: number }[] = [
  { concurrency: 1, jobs: 8_000 },
  { concurrency: 8, jobs: 24_000 },
  { concurrency: 50, jobs: 24_000 },
];
const ROUNDS = 5;
const FILL_CHUNK = 5_000;
/** What our addBulk stores on every job (bullmq-queue.ts): the bare worker's jobs carry the same retention options. */
const KEEP_COMPLETED_S = 7 * 24 * 3600;

type Kind = 'sqlite' | 'port' | 'bare';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const freshPrefix = () => `bgbench-${randomBytes(4).toString('hex')}`;

async function redisProblem(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: string | undefined; // ioredis rejects with "Connection is closed"; the socket's own error says why
  r.on('error', (err: Error) => (cause ??= err.message));
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (e) {
    return cause ?? (e instanceof Error ? e.message : String(e));
  } finally {
    r.disconnect();
  }
}

/** One promise that resolves when the handler has run `n` times: the handler every variant runs. */
function countdown(n: number): { tick: () => Promise<void>; allRan: Promise<void> } {
  let done = 0;
  let finish!: () => void;
  const allRan = new Promise<void>((r) => (finish = r));
  return {
    tick: async () => {
      if (++done === n) finish();
    },
    allRan,
  };
}

/** Jobs/s of a JobQueue (SQLite or our BullMQ port): `n` pre-added jobs, from process() until its worker has closed. */
async function drainPort(q: JobQueue, n: number, concurrency: number): Promise<number> {
  const queue = 'bench:noop';
  for (let i = 0; i < n; i += FILL_CHUNK) {
    await q.addBulk(queue, Array.from({ length: Math.min(FILL_CHUNK, n - i) }, (_, j) => ({ name: 'noop', data: { i: i + j } })));
  }
  // As gateway/bank/run.ts sets them: batchSize follows concurrency (the SQLite queue claims in batches, BullMQ one by one).
  const opts: ProcessOptions = { concurrency, batchSize: concurrency };
  const { tick, allRan } = countdown(n);
  const start = performance.now();
  const w = q.process(queue, tick, opts);
  await allRan;
  await w.close(); // the last outcomes are saved by then
  const secs = (performance.now() - start) / 1000;
  const c = await q.counts(queue);
  if (c.completed !== n) throw new Error(`expected ${n} completed, got ${c.completed}`);
  return n / secs;
}

async function sqliteRate(dir: string, n: number, concurrency: number): Promise<number> {
  const file = path.join(dir, `q-${randomBytes(4).toString('hex')}.db`);
  const q = createSqliteQueue({ path: file });
  try {
    return await drainPort(q, n, concurrency);
  } finally {
    await q.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

async function portRate(n: number, concurrency: number): Promise<number> {
  const prefix = freshPrefix();
  const q = createBullmqQueue({ redisUrl: REDIS_URL, prefix });
  try {
    return await drainPort(q, n, concurrency);
  } finally {
    await q.close();
    await dropPrefix(prefix, REDIS_URL);
  }
}

/**
 * A bare BullMQ Worker with BullMQ's defaults (lock 30 s, stall check every 30 s) and the no-op handler as its processor.
 * What the port adds on top is what the row measures: its 1 s stall check, its wrapper, and the abort signal BullMQ
 * creates per job for a processor that takes one (the port needs it for lost leases). For a fair comparison the jobs
 * carry the options our port gives every job (attempts, back-off, removeOnComplete by age, removeOnFail false), so
 * BullMQ's completion script does the same work; one connection serves Queue and Worker, as in createBullmqQueue.
 */
async function bareRate(n: number, concurrency: number): Promise<number> {
  const prefix = freshPrefix();
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-noop', { connection, prefix });
  try {
    for (let i = 0; i < n; i += FILL_CHUNK) {
      await queue.addBulk(
        Array.from({ length: Math.min(FILL_CHUNK, n - i) }, (_, j) => ({
          name: 'noop',
          data: { i: i + j },
          opts: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: KEEP_COMPLETED_S }, removeOnFail: false },
        })),
      );
    }
    const { tick, allRan } = countdown(n);
    const start = performance.now();
    const worker = new Worker('bench-noop', tick, { connection, prefix, concurrency });
    await allRan;
    await worker.close();
    const secs = (performance.now() - start) / 1000;
    const completed = await queue.getCompletedCount();
    if (completed !== n) throw new Error(`expected ${n} completed, got ${completed}`);
    return n / secs;
  } finally {
    await queue.close();
    await connection.quit();
    await dropPrefix(prefix, REDIS_URL);
  }
}

export async function benchQueueBullmq(): Promise<BenchRow[]> {
  const problem = await redisProblem();
  if (problem) {
    return [{ name: 'queue throughput: BullMQ port vs bare BullMQ', value: 0, unit: 'jobs/s', target: '>= 70 % of bare BullMQ', baseline: `no Redis at ${REDIS_URL} (${problem})`, pass: false }];
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-qbullmq-'));
  try {
    const measure = (kind: Kind, n: number, c: number) => (kind === 'sqlite' ? sqliteRate(dir, n, c) : kind === 'port' ? portRate(n, c) : bareRate(n, c));
    // Scripts loaded, JIT warm, connections made: the first timed round should not pay for them.
    for (const kind of ['sqlite', 'port', 'bare'] as const) await measure(kind, 500, 8);

    const rows: BenchRow[] = [];
    for (const { concurrency: c, jobs: n } of RUNS) {
      const rates: Record<Kind, number[]> = { sqlite: [], port: [], bare: [] };
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // The VM's speed drifts: the order alternates so neither BullMQ variant always runs first, and the ratio is
        // taken within each round (port and bare back to back), then its median, so drift between rounds cancels out.
        const order: Kind[] = round % 2 === 0 ? ['port', 'bare', 'sqlite'] : ['bare', 'port', 'sqlite'];
        for (const kind of order) rates[kind].push(await measure(kind, n, c));
        ratios.push(rates.port[round]! / rates.bare[round]!);
      }
      const [sqlite, port, bare] = [median(rates.sqlite), median(rates.port), median(rates.bare)];
      const ratio = median(ratios);
      const runs = `median of ${ROUNDS} × ${fmt(n)} jobs`;
      const perRound = ratios.map((r) => Math.round(r * 100)).join(', ');
      rows.push({
        name: `queue throughput, concurrency ${c}: BullMQ port`,
        value: port,
        unit: 'jobs/s',
        target: `>= 70 % of bare BullMQ (${fmt(0.7 * bare)}/s)`,
        baseline: `bare BullMQ ${fmt(bare)}/s, SQLite embedded ${fmt(sqlite)}/s; port/bare ${Math.round(ratio * 100)} % (per round ${perRound} %; ${runs})`,
        pass: ratio >= 0.7, // the paired ratio: the two medians may come from different rounds
      });
      rows.push({
        name: `queue throughput, concurrency ${c}: SQLite embedded`,
        value: sqlite,
        unit: 'jobs/s',
        target: 'info',
        baseline: `${(sqlite / port).toFixed(1)}× the BullMQ port, ${(sqlite / bare).toFixed(1)}× bare BullMQ (${runs})`,
        pass: true,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
