// The configured JobQueue: the embedded SQLite queue, or BullMQ on Redis, reached and its settings checked at start
// (reliability-security.md 3: eviction or no persistence lose jobs; the store re-adds them, but say so loudly).
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../../config/schema.ts';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { createBullmqQueue, type BullmqJobQueue } from './bullmq-queue.ts';
import type { JobQueue } from './port.ts';
import { createSqliteQueue } from './sqlite-queue.ts';

export interface OpenedQueue {
  queue: JobQueue;
  /** Set with backend = "bullmq" (bull-board, reconciliation timer, health). */
  bullmq: BullmqJobQueue | null;
}

/** The Redis URL from the config or the env var it names, with the password masked for messages and logs. */
export function redisUrlOf(cfg: GatewayConfig['queue'], env: Record<string, string | undefined>): { url: string; shown: string } {
  const url = cfg.redis_url ?? (cfg.url_env ? env[cfg.url_env] : undefined);
  if (!url) throw new GatewayError('QUE_REDIS_URL_MISSING', cfg.url_env ? `environment variable ${cfg.url_env} (queue.url_env) is not set` : 'set queue.redis_url or queue.url_env');
  let shown = url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    shown = u.toString();
  } catch {
    shown = '(unparsable URL)';
  }
  return { url, shown };
}

export async function openQueue(cfg: GatewayConfig, env: Record<string, string | undefined>, logger: Logger): Promise<OpenedQueue> {
  const defaults = { attempts: cfg.queue.attempts, backoffMs: cfg.queue.backoff_ms };
  if (cfg.queue.backend === 'sqlite') return { queue: createSqliteQueue({ path: path.join(cfg.data.dir, 'queue.db'), defaults, logger }), bullmq: null };
  const { url, shown } = redisUrlOf(cfg.queue, env);
  const q = createBullmqQueue({ redisUrl: url, prefix: cfg.queue.prefix, defaults, logger, keepCompletedMs: cfg.queue.keep_completed_hours * 3_600_000 });
  try {
    await withTimeout(q.redis.ping(), 10_000, () => new GatewayError('QUE_REDIS_UNREACHABLE', `no answer from ${shown} within 10 s`));
    for (const w of await redisWarnings(q.redis)) logger.warn({ redis: shown }, w);
  } catch (e) {
    q.abandon();
    throw e;
  }
  logger.info({ redis: shown, prefix: cfg.queue.prefix }, 'queue backend: BullMQ on Redis');
  return { queue: q, bullmq: q };
}

/** Readiness of the Redis behind the queues: pass, or fail with why (GET /readyz). */
export async function pingWithin(redis: Redis, ms: number): Promise<{ status: 'pass' | 'fail'; output?: string }> {
  try {
    await withTimeout(redis.ping(), ms, () => new Error(`Redis did not answer within ${ms} ms`));
    return { status: 'pass' };
  } catch (e) {
    return { status: 'fail', output: e instanceof Error ? e.message : String(e) };
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** What in the Redis settings can lose queued jobs (BullMQ docs "Going to production"; bullmq#1046, #1827). */
export async function redisWarnings(redis: Redis): Promise<string[]> {
  const get = async (key: string): Promise<string | null> => {
    try {
      const r = (await redis.call('CONFIG', 'GET', key)) as string[];
      return r[1] ?? null;
    } catch {
      return null; // CONFIG is often disabled on managed Redis
    }
  };
  const [policy, aof, save] = await Promise.all([get('maxmemory-policy'), get('appendonly'), get('save')]);
  const out: string[] = [];
  if (policy === null) out.push('could not read Redis settings (CONFIG GET refused): make sure maxmemory-policy is noeviction and persistence (appendonly yes) is on');
  else if (policy !== 'noeviction') out.push(`Redis maxmemory-policy is ${policy}: Redis may delete queue keys when memory runs short; set maxmemory-policy noeviction (the gateway re-adds lost jobs from its database, but late)`);
  if (aof === 'no' && save === '') out.push('Redis keeps no persistence (appendonly no, no save points): a Redis restart empties every queue; set appendonly yes (the gateway re-adds what its database says must exist)');
  else if (aof === 'no') out.push('Redis persists only by snapshots (appendonly no): the jobs added since the last snapshot are lost in a crash; set appendonly yes with appendfsync everysec');
  return out;
}
