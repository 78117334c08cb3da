// One BullMQ worker behind the port's process(): attempts counted as BullMQ's attemptsStarted (a crash spends one, as
// in the SQLite queue), a lost lock aborts the handler and discards its outcome, close() hands aborted jobs back
// without spending their attempt. reliability-security.md 3: a blocked event loop loses the lock, so steps stay
// idempotent and the store's state machine, not the queue, decides what a second run may do.
import { UnrecoverableError, WaitingError, Worker, type Job as BullJob, type MinimalJob } from 'bullmq';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/logger.ts';
import { BACKOFF_TYPE, decodeJobId, LAST_ERROR_FIELD, maxAttemptsOf } from './bullmq-names.ts';
import { backoffDelay, failureText, isUnrecoverable } from './backoff.ts';
import type { ResolvedProcessOptions } from './options.ts';
import type { JobHandler } from './port.ts';

export interface BullWorkerDeps {
  queue: string;
  encodedName: string;
  prefix: string;
  connection: Redis;
  handler: JobHandler<unknown>;
  options: ResolvedProcessOptions;
  logger: Logger;
  onStopped: () => void;
}

export interface BullWorkerHandle {
  close(): Promise<void>;
  abandon(): void;
}

/** Why a signal was aborted: the outcome of a run whose lock was lost is not saved; a close hands the job back. */
const LEASE_LOST = 'lease lost';
const CLOSING = 'worker closing';

/** The port's back-off (exponential, +10 % jitter, capped) from the `bankgate:<max>` type stored on the job. */
function backoffStrategy(attemptsMade: number, type: string | undefined, _err: Error | undefined, job: MinimalJob | undefined): number {
  if (!job || !type?.startsWith(`${BACKOFF_TYPE}:`)) return 0;
  // Typed as MinimalJob, passed the worker's Job: its starts count crashes too, like the port's attempt number.
  const attempt = (job as Partial<BullJob>).attemptsStarted ?? attemptsMade;
  return backoffDelay(attempt, job.opts.backoff && typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 0) : 0, Number(type.slice(BACKOFF_TYPE.length + 1)));
}

export function startBullWorker(d: BullWorkerDeps): BullWorkerHandle {
  const { options: o } = d;
  let abandoned = false;
  const jobKey = (id: string) => `${d.prefix}:${d.encodedName}:${id}`;

  const processor = async (job: BullJob, token?: string, signal?: AbortSignal): Promise<void> => {
    const attempt = job.attemptsStarted;
    const max = maxAttemptsOf(job.opts);
    if (attempt > max) {
      // The previous run's worker stopped or froze past its lock on the last attempt: dead, not run again.
      const text = `lease expired: the worker running attempt ${attempt - 1} of ${max} stopped or froze`;
      await d.connection.hset(jobKey(job.id!), LAST_ERROR_FIELD, text);
      throw new UnrecoverableError(text);
    }
    // BullMQ's own signal (the processor takes three parameters): cancelJob/cancelAllJobs abort it with our reasons.
    const ours = { signal: signal ?? new AbortController().signal };
    try {
      await d.handler({ id: decodeJobId(job.id!), queue: d.queue, name: job.name, data: job.data, attempt, maxAttempts: max, createdAt: job.timestamp }, ours.signal);
    } catch (e) {
      if (ours.signal.aborted && ours.signal.reason === CLOSING && !abandoned) {
        // Stopped on the close signal: back to waiting with the attempt handed back (the port's close contract).
        await d.connection.hincrby(jobKey(job.id!), 'ats', -1);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (ours.signal.aborted && ours.signal.reason === LEASE_LOST) throw new WaitingError();
      const text = failureText(e);
      await d.connection.hset(jobKey(job.id!), LAST_ERROR_FIELD, text);
      // BullMQ counts failures, we count starts: the last start fails for good whatever BullMQ's count says.
      if (isUnrecoverable(e) || attempt >= max) throw new UnrecoverableError(text);
      throw new Error(text);
    }
    // A run whose lock was lost while it ran: another worker may own the job now; its outcome is not ours to save.
    if (ours.signal.aborted && ours.signal.reason === LEASE_LOST) throw new WaitingError();
  };

  const worker = new Worker(d.encodedName, processor, {
    // BullMQ records it on each job it takes (processedBy): which machine and process ran what.
    name: `${hostname()}:${process.pid}`,
    connection: d.connection,
    prefix: d.prefix,
    concurrency: o.concurrency,
    lockDuration: o.leaseMs,
    // Stalled jobs are found in two passes (marked, then moved if still unlocked): a crash is noticed within about
    // one lease plus two intervals. Our attempts cap restarts, so BullMQ's own stall limit is out of the way.
    stalledInterval: Math.max(50, Math.min(Math.round(o.leaseMs / 2), 1000)),
    maxStalledCount: Number.MAX_SAFE_INTEGER,
    settings: { backoffStrategy },
  });
  worker.on('error', (err) => {
    if (!abandoned) d.logger.warn({ err: err.message }, 'queue worker error');
  });
  worker.on('lockRenewalFailed', (ids: string[]) => {
    for (const id of ids) worker.cancelJob(id, LEASE_LOST);
  });

  let closed: Promise<void> | undefined;
  return {
    close() {
      closed ??= (async () => {
        worker.cancelAllJobs(CLOSING);
        await worker.close();
        d.onStopped();
      })();
      return closed;
    },
    abandon() {
      abandoned = true;
      closed ??= Promise.resolve();
      void worker.close(true).catch(() => {});
      d.onStopped();
    },
  };
}
