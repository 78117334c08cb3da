// Issue 7 end to end: stateless workers on BullMQ. Real processes (a gateway and `bankgate worker --roles submit`
// processes), a real Redis, the sandbox bank over HTTPS. Effects are counted at the bank (its documents and debits),
// never by counting handler calls: a job run twice must still reach the bank once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable, redisServerAvailable, startPrivateRedis, type PrivateRedis } from '../services/redis.ts';
import { requirePart } from '../signer/providers/require.ts';
import { allAtBank, startScaleRig, type ScaleRig } from './scale-rig.ts';
import { waitFor } from './kill-harness.ts';
import { migratedDatabase, postgresAvailable } from '../services/postgres.ts';

let rig: ScaleRig | undefined;
let redis: PrivateRedis | undefined;
let database: { url: string; drop(): Promise<void> } | undefined;
afterEach(async () => {
  await rig?.close();
  await redis?.stop();
  await database?.drop();
  rig = undefined;
  redis = undefined;
  database = undefined;
});

describe.runIf(redisAvailable)('scale-out on BullMQ', () => {
  it('two worker processes share the 10,000 documents of one file: each reaches the bank exactly once', { timeout: 300_000 }, async () => {
    const n = 10_000;
    rig = await startScaleRig({ redisUrl: REDIS_URL, workers: 2 });
    await rig.dropAndSign(n);
    await allAtBank(rig, n, 240_000);
    expect(rig.bankDocuments()).toEqual({ total: n, distinct: n, debits: expect.any(Number) });
    // Both processes took a real share of the submit jobs (the gateway process has no submit role).
    const by = await rig.processedBy(REDIS_URL);
    const pids = rig.workers.map((w) => w.proc.pid);
    expect([...by.keys()].map((k) => Number(k.split(':').pop())).sort()).toEqual([...pids].sort());
    expect([...by.values()].reduce((a, b) => a + b, 0)).toBe(n);
    for (const count of by.values()) expect(count).toBeGreaterThan(n / 10);
    // Executed ones were debited once each.
    await waitFor('executed', async () => ((await rig!.states())['executed'] ?? 0) === n || undefined, 60_000, 250);
    expect(rig.bankDocuments().debits).toBe(n);
  });
});

const privateRedis = redisServerAvailable || requirePart('redis-server', false, 'the redis-server program is not installed (Debian: apt-get install redis-server)');
describe.runIf(privateRedis)('scale-out on BullMQ: losses', () => {
  it('Redis restarted empty mid-run and a worker killed with SIGKILL mid-job: nothing lost, every document at the bank once', { timeout: 300_000 }, async () => {
    const n = 3000;
    redis = await startPrivateRedis();
    rig = await startScaleRig({ redisUrl: redis.url, workers: 2, leaseMs: 2000 });
    await rig.dropAndSign(n);
    const atBank = async () => {
      const s = await rig!.states();
      return (s['sent'] ?? 0) + (s['accepted'] ?? 0) + (s['executed'] ?? 0);
    };
    // Mid-run: some documents at the bank, most not yet.
    await waitFor('first documents at the bank', async () => (await atBank()) >= 200 || undefined, 60_000, 20);
    expect(await atBank()).toBeLessThan(n);
    await rig.workers[0]!.kill('SIGKILL');
    await redis.restartEmpty();
    // A worker started now meets an empty Redis; the reconciler of the gateway re-adds what the database expects.
    await rig.addWorker();
    await allAtBank(rig, n, 240_000);
    expect(rig.gateway.output()).toContain('were missing from the queue and were added again');
    expect(rig.bankDocuments()).toMatchObject({ total: n, distinct: n });
    await waitFor('executed', async () => ((await rig!.states())['executed'] ?? 0) === n || undefined, 60_000, 250);
    expect(rig.bankDocuments().debits).toBe(n);
  });
});

describe.runIf(redisAvailable && postgresAvailable)('scale-out on BullMQ and PostgreSQL', () => {
  it('the gateway and two parse+submit workers share one PostgreSQL database: every document parsed once, at the bank once', { timeout: 300_000 }, async () => {
    const n = 2000;
    database = await migratedDatabase();
    rig = await startScaleRig({ redisUrl: REDIS_URL, workers: 2, databaseUrl: database.url, gatewayRoles: 'poll', workerRoles: 'parse,submit' });
    await rig.dropAndSign(n);
    await allAtBank(rig, n, 240_000);
    expect(rig.bankDocuments()).toEqual({ total: n, distinct: n, debits: expect.any(Number) });
    const by = await rig.processedBy(REDIS_URL);
    const pids = rig.workers.map((w) => w.proc.pid);
    expect([...by.keys()].map((k) => Number(k.split(':').pop())).sort()).toEqual([...pids].sort());
    expect([...by.values()].reduce((a, b) => a + b, 0)).toBe(n);
    await waitFor('executed', async () => ((await rig!.states())['executed'] ?? 0) === n || undefined, 60_000, 250);
    expect(rig.bankDocuments().debits).toBe(n);
    // Nothing was written to a SQLite file: the data folder holds the blobs only.
    expect(existsSync(path.join(rig.dir, 'data', 'bankgate.db'))).toBe(false);
  });
});
