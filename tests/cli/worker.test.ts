// `bankgate worker`: roles checked before anything starts, a demo (no configuration) refused, the configured queue's
// Redis settings checked at start (the real Redis on loopback for that part).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStartRoles } from '../../gateway/cli/start.ts';
import { parseRoles } from '../../gateway/cli/worker.ts';
import { pingWithin, redisUrlOf, redisWarnings } from '../../gateway/queue/open-queue.ts';
import { configSchema } from '../../config/schema.ts';
import { redisServerAvailable, startPrivateRedis } from '../services/redis.ts';
import { runCli } from '../e2e/gateway-process.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'bankgate-worker-cli-'));
  dirs.push(d);
  return d;
};

describe('worker roles', () => {
  it('takes the worker roles and refuses the others with the list of valid ones', () => {
    expect(parseRoles('parse, submit,parse')).toEqual(['parse', 'submit']);
    expect(() => parseRoles('parse,web')).toThrow(/unknown role 'web'.*parse, sign, submit, poll, export/);
    expect(() => parseRoles(' , ')).toThrow(/no role given/);
    expect(parseStartRoles('submit')).toEqual(['intake', 'web', 'submit']);
    expect(() => parseStartRoles('fly')).toThrow(/unknown role 'fly'/);
  });

  it('refuses to run on the demo profile, and sign without --key', { timeout: 30_000 }, async () => {
    const dir = tmp();
    const demo = await runCli(dir, ['worker', '--roles', 'parse']);
    expect(demo.code).not.toBe(0);
    expect(demo.stderr).toMatch(/shares the configuration of a running gateway/);
    const sign = await runCli(dir, ['worker', '--roles', 'sign']);
    expect(sign.stderr).toMatch(/--roles sign needs --key/);
    writeFileSync(path.join(dir, 'bankgate.toml'), '[bank]\nconnector = "sandbox"\n');
    const submit = await runCli(dir, ['worker', '--roles', 'submit']);
    expect(submit.stderr).toMatch(/built-in sandbox bank lives inside `bankgate start`/);
  });
});

describe('the Redis behind a bullmq queue', () => {
  it('reads the URL from the config or its env var, and masks a password in messages', () => {
    const q = configSchema.parse({ queue: { backend: 'bullmq', url_env: 'Q_URL' } }).queue;
    expect(redisUrlOf(q, { Q_URL: 'redis://app:s3cret@10.0.0.5:6379/1' })).toEqual({ url: 'redis://app:s3cret@10.0.0.5:6379/1', shown: 'redis://app:***@10.0.0.5:6379/1' });
    expect(() => redisUrlOf(q, {})).toThrow(/Q_URL \(queue.url_env\) is not set/);
  });

  it.runIf(redisServerAvailable)('warns about eviction and missing persistence, and is not ready while Redis is away', async () => {
    // A Redis of the test's own (the shared one's settings stay untouched): no save points, no AOF, then LRU eviction.
    const server = await startPrivateRedis();
    const r = new Redis(server.url);
    r.on('error', () => undefined); // the server is stopped on purpose below
    try {
      expect(await redisWarnings(r)).toEqual([expect.stringMatching(/no persistence.*appendonly yes/)]);
      expect(await pingWithin(r, 1000)).toEqual({ status: 'pass' });
      await r.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
      await r.call('CONFIG', 'SET', 'appendonly', 'yes');
      expect(await redisWarnings(r)).toEqual([expect.stringMatching(/maxmemory-policy is allkeys-lru.*noeviction/)]);
      // Readiness (GET /readyz) fails while Redis is away.
      await server.stop();
      expect(await pingWithin(r, 300)).toEqual({ status: 'fail', output: 'Redis did not answer within 300 ms' });
    } finally {
      r.disconnect();
      await server.stop();
    }
  });
});
