// The JobQueue port on BullMQ (Redis), for gateways whose workers run on several machines. Jobs carry ids only and
// the store stays the truth (outbox.ts re-adds what Redis lost). Attempts, back-off, leases (BullMQ locks), dead
// letters (BullMQ "failed") and pause map onto BullMQ's own features; the worker side is in bullmq-worker.ts.
import { Queue, type Job as BullJob, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { GatewayError } from '../core/errors.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import { BACKOFF_TYPE, decodeJobId, encodeJobId, encodeQueueName, LAST_ERROR_FIELD, maxAttemptsOf } from './bullmq-names.ts';
import { startBullWorker, type BullWorkerHandle } from './bullmq-worker.ts';
import { newJobIds } from './job-ids.ts';
import { resolveJobOptions, resolveProcessOptions, type JobDefaults } from './options.ts';
import type { AddResult, JobCounts, JobHandler, JobOptions, JobQueue, JobRecord, JobState, ProcessOptions, QueueWorker } from './port.ts';

export interface BullmqQueueOptions {
  /** redis://[user:password@]host:port[/db] */
  redisUrl: string;
  /** Key prefix of every queue in Redis (BullMQ `prefix`); gateways sharing a Redis use different ones. */
  prefix?: string;
  logger?: Logger;
  defaults?: JobDefaults;
  /** Completed jobs are kept this long (their ids dedupe re-adds meanwhile), then removed by BullMQ. Default 7 days. */
  keepCompletedMs?: number;
}

export interface BullmqJobQueue extends JobQueue {
  /** The connection shared by the queues (health checks, the outbox, Redis settings checks). */
  readonly redis: Redis;
  readonly prefix: string;
  /** Stops at once without releasing locks or saving outcomes, like kill -9 (crash tests). */
  abandon(): void;
  /** The BullMQ Queue object behind one of our queues (bull-board shows it). */
  bullQueue(name: string): Queue;
}

const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_KEEP_COMPLETED_MS = 7 * 24 * 3_600_000;

const TYPES: Record<JobState, JobType[]> = {
  waiting: ['wait', 'prioritized'],
  delayed: ['delayed'],
  active: ['active'],
  completed: ['completed'],
  dead: ['failed'],
};

export function createBullmqQueue(opts: BullmqQueueOptions): BullmqJobQueue {
  const logger = opts.logger ?? silentLogger;
  const prefix = opts.prefix ?? 'bankgate';
  const keepCompletedS = Math.max(1, Math.round((opts.keepCompletedMs ?? DEFAULT_KEEP_COMPLETED_MS) / 1000));
  // Workers block on their own duplicates of this connection; BullMQ asks for no per-command retry limit on them.
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  /** Names of the queues ever used, so queues() can list them (BullMQ keeps no registry). */
  const registryKey = `${prefix}:bankgate:queues`;
  const queues = new Map<string, Queue>();
  const workers = new Set<BullWorkerHandle>();
  let closed = false;
  let closing: Promise<void> | undefined;

  function ensureOpen(): void {
    if (closed) throw new GatewayError('QUE_CLOSED');
  }
  function checkQueueName(queue: string): void {
    if (typeof queue !== 'string' || queue.length === 0) throw new GatewayError('QUE_BAD_OPTIONS', 'Queue name must be a non-empty string', { queue });
  }
  function bull(name: string): Queue {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(encodeQueueName(name), { connection: redis, prefix });
      q.on('error', (err) => logger.warn({ queue: name, err: err.message }, 'queue error'));
      queues.set(name, q);
    }
    return q;
  }

  async function record<T>(name: string, job: BullJob, state: JobState): Promise<JobRecord<T>> {
    const q = bull(name);
    let runAt = job.timestamp + (job.delay ?? 0);
    if (state === 'delayed') {
      // The delayed set's score is the run time × 4096 plus a tie-breaking counter (BullMQ getDelayedScore).
      const score = await redis.zscore(q.toKey('delayed'), job.id!);
      if (score !== null) runAt = Math.floor(Number(score) / 4096);
    }
    const ours = await redis.hget(q.toKey(job.id!), LAST_ERROR_FIELD);
    return {
      id: decodeJobId(job.id!),
      queue: name,
      name: job.name,
      data: job.data as T,
      attempt: job.attemptsStarted,
      maxAttempts: maxAttemptsOf(job.opts),
      createdAt: job.timestamp,
      state,
      lastError: ours ?? job.failedReason ?? null,
      runAt,
      finishedAt: job.finishedOn ?? null,
    };
  }

  function stateOf(s: string): JobState | null {
    switch (s) {
      case 'waiting':
      case 'wait':
      case 'prioritized':
      case 'waiting-children':
        return 'waiting';
      case 'delayed':
        return 'delayed';
      case 'active':
        return 'active';
      case 'completed':
        return 'completed';
      case 'failed':
        return 'dead';
      default:
        return null;
    }
  }

  const api: BullmqJobQueue = {
    redis,
    prefix,

    async add(q, name, data, jobOpts) {
      const [r] = await api.addBulk(q, [{ name, data, opts: jobOpts }]);
      return r as AddResult;
    },

    async addBulk<T>(q: string, jobs: readonly { name: string; data: T; opts?: JobOptions }[]) {
      ensureOpen();
      checkQueueName(q);
      const t = Date.now();
      const generated = newJobIds(jobs.reduce((n, j) => (j.opts?.jobId === undefined ? n + 1 : n), 0), t);
      let g = 0;
      const rows = jobs.map((j) => {
        const o = resolveJobOptions(j.opts, opts.defaults);
        return { id: o.jobId ?? (generated[g++] as string), name: j.name, data: j.data, o };
      });
      const queue = bull(q);
      // First of each id in the batch; then the ones Redis does not hold yet. BullMQ itself ignores an add whose id
      // exists, so two processes adding one id at once still make one job (both may report it added).
      const first = new Set<string>();
      const candidates = rows.filter((r) => !first.has(r.id) && first.add(r.id));
      const pipe = redis.pipeline();
      for (const r of candidates) pipe.exists(queue.toKey(encodeJobId(r.id)));
      pipe.sadd(registryKey, q);
      const exists = (await pipe.exec()) ?? [];
      const fresh = candidates.filter((_, i) => exists[i]?.[1] === 0);
      if (fresh.length > 0) {
        await queue.addBulk(
          fresh.map((r) => ({
            name: r.name,
            data: r.data,
            opts: {
              jobId: encodeJobId(r.id),
              attempts: r.o.attempts,
              backoff: { type: `${BACKOFF_TYPE}:${r.o.maxBackoffMs}`, delay: r.o.backoffMs },
              delay: r.o.delayMs,
              timestamp: t,
              removeOnComplete: { age: keepCompletedS },
              removeOnFail: false,
            },
          })),
        );
      }
      const added = new Set(fresh);
      return rows.map((r) => ({ id: r.id, added: added.has(r) }));
    },

    process<T>(q: string, handler: JobHandler<T>, processOpts?: ProcessOptions): QueueWorker {
      ensureOpen();
      checkQueueName(q);
      const w = startBullWorker({
        queue: q,
        encodedName: encodeQueueName(q),
        prefix,
        connection: redis,
        handler: handler as JobHandler<unknown>,
        options: resolveProcessOptions(processOpts),
        logger: logger.child({ queue: q }),
        onStopped: () => workers.delete(w),
      });
      workers.add(w);
      return { close: () => w.close() };
    },

    async pause(q) {
      ensureOpen();
      await redis.sadd(registryKey, q);
      await bull(q).pause();
    },

    async resume(q) {
      ensureOpen();
      await bull(q).resume();
    },

    async isPaused(q) {
      ensureOpen();
      return bull(q).isPaused();
    },

    async counts(q) {
      ensureOpen();
      const c = await bull(q).getJobCounts('wait', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed');
      const n = (k: string) => c[k] ?? 0;
      const counts: JobCounts = { waiting: n('wait') + n('prioritized') + n('waiting-children'), delayed: n('delayed'), active: n('active'), completed: n('completed'), dead: n('failed') };
      return counts;
    },

    async getJob<T>(q: string, id: string) {
      ensureOpen();
      const job = await bull(q).getJob(encodeJobId(id));
      if (!job) return null;
      const state = stateOf(await job.getState());
      return state ? record<T>(q, job, state) : null;
    },

    async list<T>(q: string, state: JobState, limit = DEFAULT_LIST_LIMIT) {
      ensureOpen();
      const jobs = await bull(q).getJobs(TYPES[state], 0, limit - 1, true);
      return Promise.all(jobs.filter(Boolean).slice(0, limit).map((j) => record<T>(q, j, state)));
    },

    async retryDead(q, id) {
      ensureOpen();
      const job = await bull(q).getJob(encodeJobId(id));
      if (!job || (await job.getState()) !== 'failed') return false;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },

    async discardDead(q, id) {
      ensureOpen();
      const job = await bull(q).getJob(encodeJobId(id));
      if (!job || (await job.getState()) !== 'failed') return false;
      await job.remove();
      return true;
    },

    async queues() {
      ensureOpen();
      const names = (await redis.smembers(registryKey)).sort();
      const live: string[] = [];
      for (const name of names) {
        const c = await api.counts(name);
        if (Object.values(c).some((n) => n > 0) || (await api.isPaused(name))) live.push(name);
      }
      return live;
    },

    bullQueue(name) {
      ensureOpen();
      checkQueueName(name);
      return bull(name);
    },

    close() {
      closing ??= (async () => {
        closed = true;
        await Promise.all([...workers].map((w) => w.close()));
        await Promise.all([...queues.values()].map((q) => q.close()));
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },

    abandon() {
      if (closed) return;
      closed = true;
      closing = Promise.resolve();
      for (const w of workers) w.abandon();
      redis.disconnect();
    },
  };
  return api;
}
