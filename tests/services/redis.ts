// The real Redis the BullMQ tests run against (loopback only): found, or skipped with a printed reason (a failure
// under REQUIRE_SERVICES=1, as in CI). BANKGATE_TEST_REDIS_URL overrides the default redis://127.0.0.1:6379.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { requirePart } from '../signer/providers/require.ts';

export const REDIS_URL = process.env['BANKGATE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function ping(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (e) {
    return `no Redis at ${REDIS_URL} (${e instanceof Error ? e.message : String(e)})`;
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
export async function dropPrefix(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
