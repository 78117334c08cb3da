// Job queue benchmark on a temp SQLite file: throughput, bulk enqueue, pickup latency, vs raw SQLite commits.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { createSqliteQueue } from '../gateway/queue/sqlite-queue.ts';
import type { LocalJobQueue } from '../gateway/queue/store-queue.ts';
import type { ProcessOptions } from '../gateway/queue/port.ts';
import type { BenchRow } from './table.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Single-row INSERT, one commit each: the ceiling for anything that needs one commit per job. */
function rawCommitsPerSec(file: string, synchronous: 'NORMAL' | 'FULL', ms = 1000): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < ms) insert.run(`row ${n++}`);
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}

/** Processes `n` pre-added jobs with a no-op handler; returns jobs/s until every outcome is committed. */
async function drainRate(q: LocalJobQueue, queue: string, n: number, opts: ProcessOptions): Promise<number> {
  const chunk = 10_000;
  for (let i = 0; i < n; i += chunk) {
    await q.addBulk(queue, Array.from({ length: Math.min(chunk, n - i) }, (_, j) => ({ name: 'noop', data: { i: i + j } })));
  }
  let done = 0;
  let finish!: () => void;
  const allRan = new Promise<void>((r) => (finish = r));
  const start = performance.now();
  const w = q.process(queue, async () => {
    if (++done === n) finish();
  }, opts);
  await allRan;
  await w.close(); // flushes the last completions
  const secs = (performance.now() - start) / 1000;
  const c = await q.counts(queue);
  if (c.completed !== n) throw new Error(`expected ${n} completed, got ${c.completed}`);
  return n / secs;
}

async function bulkEnqueueRate(q: LocalJobQueue, n: number, chunk: number): Promise<number> {
  const batches = Array.from({ length: n / chunk }, (_, b) => Array.from({ length: chunk }, (_, j) => ({ name: 'bulk', data: { fileId: `F${b * chunk + j}` } })));
  const start = performance.now();
  for (const batch of batches) await q.addBulk('bulk', batch);
  return n / ((performance.now() - start) / 1000);
}

/** add -> handler start, for jobs added one at a time to an idle worker (in-process wake-up). */
async function pickupLatency(q: LocalJobQueue, n: number): Promise<{ p50: number; p99: number }> {
  const lat: number[] = [];
  const w = q.process<{ t: number }>('latency', async (job) => {
    lat.push(performance.now() - job.data.t);
  });
  await sleep(100);
  for (let i = 0; i < n; i++) {
    await q.add('latency', 'ping', { t: performance.now() });
    await sleep(1);
  }
  while (lat.length < n) await sleep(10);
  await w.close();
  lat.sort((a, b) => a - b);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

export async function benchQueue(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-qbench-'));
  try {
    const normal = rawCommitsPerSec(path.join(dir, 'raw-normal.db'), 'NORMAL');
    const full = rawCommitsPerSec(path.join(dir, 'raw-full.db'), 'FULL');
    const baseline = `raw 1-row commits: ${fmt(normal)}/s NORMAL, ${fmt(full)}/s FULL`;

    const q = createSqliteQueue({ path: path.join(dir, 'queue.db') });
    try {
      const single = await drainRate(q, 'single', 20_000, { concurrency: 1, batchSize: 1 });
      const batched = await drainRate(q, 'batched', 100_000, { concurrency: 50, batchSize: 50 });
      const bulk = await bulkEnqueueRate(q, 100_000, 10_000);
      const latency = await pickupLatency(q, 2_000);
      return [
        { name: 'raw INSERT commits (synchronous=NORMAL)', value: normal, unit: '/s', target: 'baseline', pass: true },
        { name: 'raw INSERT commits (synchronous=FULL)', value: full, unit: '/s', target: 'baseline', pass: true },
        { name: 'jobs end-to-end, concurrency 1, batch 1', value: single, unit: 'jobs/s', target: '>= 2,500/s', baseline, pass: single >= 2_500 },
        { name: 'jobs end-to-end, concurrency 50, batch 50', value: batched, unit: 'jobs/s', target: '>= 10,000/s', baseline, pass: batched >= 10_000 },
        { name: 'addBulk enqueue, 100k jobs in 10k batches', value: bulk, unit: 'jobs/s', target: '>= 100,000/s', pass: bulk >= 100_000 },
        { name: 'pickup latency add->start p50 (2,000 jobs)', value: latency.p50, unit: 'ms', target: 'info', pass: true },
        { name: 'pickup latency add->start p99 (2,000 jobs)', value: latency.p99, unit: 'ms', target: '<= 50 ms', pass: latency.p99 <= 50 },
      ];
    } finally {
      await q.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
