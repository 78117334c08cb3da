// JobQueue over any QueueStore: option handling, in-process wake-ups, the worker registry and shutdown.
import { GatewayError } from '../core/errors.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import { newJobIds } from './job-ids.ts';
import { resolveJobOptions, resolveProcessOptions, type JobDefaults } from './options.ts';
import type { AddResult, JobHandler, JobOptions, JobQueue, JobRecord, JobState, ProcessOptions, QueueWorker } from './port.ts';
import type { NewJob, QueueStore } from './store.ts';
import { startWorker, type WorkerHandle } from './worker.ts';

export interface StoreQueueOptions {
  logger?: Logger;
  /** Time source for run_at, leases and back-off (tests may pass a fake). */
  now?: () => number;
  /** Retry settings for jobs added without their own (each falls back to the port's default). */
  defaults?: JobDefaults;
}

/** The JobQueue port plus what the embedded implementations offer beyond it. */
export interface LocalJobQueue extends JobQueue {
  /**
   * Deletes completed jobs that finished more than `ms` ago; returns how many. jobId dedupe holds only
   * while the row exists, so keep `ms` longer than any window in which the same id may be added again.
   */
  removeCompletedOlderThan(ms: number): Promise<number>;
  /** Stops at once without releasing leases or saving outcomes, like kill -9 (crash tests). */
  abandon(): void;
}

const DEFAULT_LIST_LIMIT = 100;

export function createStoreQueue(store: QueueStore, opts: StoreQueueOptions = {}): LocalJobQueue {
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const workers = new Map<string, Set<WorkerHandle>>();
  let closed = false;
  let closing: Promise<void> | undefined;

  function ensureOpen(): void {
    if (closed) throw new GatewayError('QUE_CLOSED');
  }

  function checkQueueName(queue: string): void {
    if (typeof queue !== 'string' || queue.length === 0) {
      throw new GatewayError('QUE_BAD_OPTIONS', 'Queue name must be a non-empty string', { queue });
    }
  }

  function wake(queue: string): void {
    for (const w of workers.get(queue) ?? []) w.wake();
  }

  function allWorkers(): WorkerHandle[] {
    return [...workers.values()].flatMap((s) => [...s]);
  }

  const queue: LocalJobQueue = {
    async add(q, name, data, jobOpts) {
      const [result] = await queue.addBulk(q, [{ name, data, opts: jobOpts }]);
      return result as AddResult;
    },

    async addBulk<T>(q: string, jobs: readonly { name: string; data: T; opts?: JobOptions }[]) {
      ensureOpen();
      checkQueueName(q);
      const t = now();
      const ids = newJobIds(jobs.reduce((n, j) => (j.opts?.jobId === undefined ? n + 1 : n), 0), t);
      let nextId = 0;
      const rows: NewJob[] = jobs.map((j) => {
        const o = resolveJobOptions(j.opts, opts.defaults);
        return {
          queue: q,
          id: o.jobId ?? (ids[nextId++] as string),
          name: j.name,
          data: j.data,
          maxAttempts: o.attempts,
          backoffMs: o.backoffMs,
          maxBackoffMs: o.maxBackoffMs,
          runAt: t + o.delayMs,
          createdAt: t,
        };
      });
      const added = store.insert(rows);
      if (added.some(Boolean)) wake(q);
      return rows.map((r, i) => ({ id: r.id, added: added[i] === true }));
    },

    process<T>(q: string, handler: JobHandler<T>, processOpts?: ProcessOptions): QueueWorker {
      ensureOpen();
      checkQueueName(q);
      const set = workers.get(q) ?? new Set<WorkerHandle>();
      workers.set(q, set);
      const w = startWorker({
        store,
        queue: q,
        handler: handler as JobHandler<unknown>,
        options: resolveProcessOptions(processOpts),
        now,
        logger: logger.child({ queue: q }),
        onStopped: () => set.delete(w),
      });
      set.add(w);
      return { close: () => w.close() };
    },

    async pause(q) {
      ensureOpen();
      store.setPaused(q, true, now());
    },

    async resume(q) {
      ensureOpen();
      store.setPaused(q, false, now());
      wake(q);
    },

    async isPaused(q) {
      ensureOpen();
      return store.isPaused(q);
    },

    async counts(q) {
      ensureOpen();
      return store.counts(q, now());
    },

    async getJob<T>(q: string, id: string) {
      ensureOpen();
      return store.get(q, id, now()) as JobRecord<T> | null;
    },

    async list<T>(q: string, state: JobState, limit = DEFAULT_LIST_LIMIT) {
      ensureOpen();
      return store.list(q, state, limit, now()) as JobRecord<T>[];
    },

    async retryDead(q, id) {
      ensureOpen();
      const moved = store.retryDead(q, id, now());
      if (moved) wake(q);
      return moved;
    },

    async discardDead(q, id) {
      ensureOpen();
      return store.discardDead(q, id);
    },

    async queues() {
      ensureOpen();
      return store.queueNames();
    },

    async removeCompletedOlderThan(ms) {
      ensureOpen();
      return store.removeCompletedBefore(now() - ms);
    },

    close() {
      // Every caller waits for the same shutdown, however many times close() is called.
      closing ??= (async () => {
        closed = true;
        await Promise.all(allWorkers().map((w) => w.close()));
        store.close();
      })();
      return closing;
    },

    abandon() {
      if (closed) return;
      closing = Promise.resolve();
      closed = true;
      for (const w of allWorkers()) w.abandon();
      store.close();
    },
  };
  return queue;
}
