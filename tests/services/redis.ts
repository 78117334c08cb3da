// The real Redis the BullMQ tests run against (loopback only): found, or skipped with a printed reason (a failure
// under REQUIRE_SERVICES=1, as in CI). BANKGATE_TEST_REDIS_URL overrides the default redis://127.0.0.1:6379.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { requirePart } from '../signer/providers/require.ts';

export const REDIS_URL = process.env['BANKGATE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function ping(url = REDIS_URL): Promise<string | null> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (e) {
    return `no Redis at ${url} (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    r.disconnect();
  }
}

const problem = await ping();
/** True when Redis answers; otherwise the reason was printed (or thrown under REQUIRE_SERVICES=1). */
export const redisAvailable = requirePart('redis', problem === null, problem ?? '');

/** A key prefix of its own per test backend, so suites never see each other's keys. */
export const testPrefix = (what: string) => `bgtest-${what}-${randomBytes(4).toString('hex')}`;

/** Deletes every key under a prefix (a test backend's cleanup). */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** A redis-server of the test's own on a free loopback port (no persistence), which the test may stop and restart. */
export interface PrivateRedis {
  url: string;
  /** FLUSHALL, then stops the server at once (SIGKILL) and starts it again on the same port: it comes back empty. */
  restartEmpty(): Promise<void>;
  stop(): Promise<void>;
}

export const redisServerAvailable = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-redis-'));
  let proc: ChildProcess;
  const launch = async () => {
    // Its own folder: a test may switch persistence on (CONFIG SET appendonly yes), and Redis writes where it runs.
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    for (;;) {
      if ((await ping(url)) === null) return;
      if (Date.now() > until) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await gone;
  };
  await launch();
  return {
    url,
    async restartEmpty() {
      // FLUSHALL first (what an operator's mistake does), then the restart (without persistence it comes back empty).
      const r = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        await r.flushall();
      } finally {
        r.disconnect();
      }
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      // A background save or AOF rewrite child (forked when a test turned persistence on) outlives the SIGKILLed
      // server for a moment and may still write into the folder: ENOTEMPTY is retried.
      rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    },
  };
}
