// Worker loop over a QueueStore: claims jobs, runs handlers under renewed leases, settles their outcomes.
import { randomUUID } from 'node:crypto';
import { GatewayError, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { backoffDelay, failureText, isUnrecoverable } from './backoff.ts';
import type { ResolvedProcessOptions } from './options.ts';
import type { Job, JobHandler, QueueWorker } from './port.ts';
import type { ClaimedJob, Lease, QueueStore, Settlement } from './store.ts';

export interface WorkerDeps {
  store: QueueStore;
  queue: string;
  handler: JobHandler<unknown>;
  options: ResolvedProcessOptions;
  now: () => number;
  logger: Logger;
  /** Called once when the worker has stopped (closed or abandoned). */
  onStopped: () => void;
}

export interface WorkerHandle extends QueueWorker {
  /** Work was added or unpaused in this process: look now instead of at the next poll. */
  wake(): void;
  /** Stops at once without writing anything (a simulated kill -9): leases are left to expire. */
  abandon(): void;
}

interface Running {
  job: ClaimedJob;
  token: string;
  ctrl: AbortController;
  leaseUntil: number;
  lost: boolean;
  /** Aborted by close(): a throw then releases the job instead of failing the attempt. */
  shuttingDown: boolean;
}

const LEASE_EXPIRED = failureText(new GatewayError('QUE_LEASE_LOST'));

export function startWorker(deps: WorkerDeps): WorkerHandle {
  const { store, queue, handler, options, now, logger } = deps;
  const { concurrency, batchSize, leaseMs, pollMs } = options;
  const workerId = randomUUID();
  const running = new Set<Running>();
  let settlements: Settlement[] = [];
  let claims = 0;
  let scheduled = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let lastReclaim = -Infinity;
  let closing = false;
  let stopped = false;
  let resolveStopped!: () => void;
  const stoppedPromise = new Promise<void>((resolve) => (resolveStopped = resolve));

  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    // setImmediate (not a microtask) lets every handler that finished in this turn join one transaction.
    setImmediate(tick);
  }

  function armPoll(): void {
    if (pollTimer || stopped || closing) return;
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      schedule();
    }, pollMs);
  }

  function tick(): void {
    scheduled = false;
    if (stopped) return;
    const t = now();
    const free = closing ? 0 : concurrency - running.size;
    // Expired leases are swept at most once per poll interval: a crashed worker's jobs come back within pollMs of expiry.
    const reclaim = t - lastReclaim >= pollMs;
    const claim =
      free > 0
        ? { queue, token: `${workerId}.${++claims}`, limit: Math.min(free, batchSize), now: t, leaseUntil: t + leaseMs, reclaimExpired: reclaim, expiredError: LEASE_EXPIRED }
        : null;
    if (settlements.length === 0 && claim === null) return finishIfDone();
    const batch = settlements;
    settlements = [];
    let claimed: ClaimedJob[];
    try {
      claimed = store.cycle(batch, claim);
    } catch (e) {
      if (stopped) return;
      if (closing) {
        // Do not hang shutdown on a broken store: unsaved outcomes only mean the leases expire and the jobs rerun.
        logger.error({ err: errorMessage(e), queue, lost: batch.length }, 'queue: could not save job outcomes at shutdown');
        return stop();
      }
      // Settlements are guarded by lease tokens, so writing them again later is safe.
      settlements = batch.concat(settlements);
      logger.error({ err: errorMessage(e), queue }, 'queue: claim/settle failed; retrying');
      armPoll();
      return;
    }
    if (claim) {
      if (reclaim) lastReclaim = t;
      for (const job of claimed) start(job, claim.token, claim.leaseUntil);
      // A short batch means nothing more is ready here; a full one with room left means ask again now.
      if (claimed.length < claim.limit) armPoll();
      else if (running.size < concurrency) schedule();
    }
    finishIfDone();
  }

  function start(job: ClaimedJob, token: string, leaseUntil: number): void {
    const r: Running = { job, token, ctrl: new AbortController(), leaseUntil, lost: false, shuttingDown: false };
    running.add(r);
    if (!renewTimer) renewTimer = setInterval(renew, Math.max(1, Math.floor(leaseMs / 3)));
    const view: Job = {
      id: job.id,
      queue: job.queue,
      name: job.name,
      data: job.data,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      createdAt: job.createdAt,
    };
    void run(r, view).then((s) => {
      running.delete(r);
      if (running.size === 0 && renewTimer) {
        clearInterval(renewTimer);
        renewTimer = undefined;
      }
      if (stopped) return;
      settlements.push(s);
      schedule();
    });
  }

  async function run(r: Running, view: Job): Promise<Settlement> {
    try {
      await handler(view, r.ctrl.signal);
      return outcome(r, 'completed', now(), null);
    } catch (e) {
      const t = now();
      // Stopped by our own shutdown: not the job's fault, so it goes back to waiting with its attempt refunded.
      if (r.shuttingDown) return outcome(r, 'waiting', t, null, true);
      if (isUnrecoverable(e) || r.job.attempt >= r.job.maxAttempts) return outcome(r, 'dead', t, failureText(e));
      return outcome(r, 'waiting', t + backoffDelay(r.job.attempt, r.job.backoffMs, r.job.maxBackoffMs), failureText(e));
    }
  }

  /** lastError null keeps the stored one, so a later success or release does not erase the failure history. */
  function outcome(r: Running, state: Settlement['state'], at: number, lastError: string | null, refundAttempt = false): Settlement {
    return { key: r.job.key, token: r.token, state, runAt: at, finishedAt: state === 'waiting' ? null : at, lastError, refundAttempt };
  }

  function loseLease(r: Running): void {
    r.lost = true;
    r.ctrl.abort(new GatewayError('QUE_LEASE_LOST', undefined, { queue, jobId: r.job.id }));
  }

  function renew(): void {
    if (stopped) return;
    const t = now();
    const held: Running[] = [];
    for (const r of running) {
      if (r.lost) continue;
      // Past its expiry the job may already belong to another worker, even if the row does not show it yet.
      if (t >= r.leaseUntil) loseLease(r);
      else held.push(r);
    }
    if (held.length === 0) return;
    const until = t + leaseMs;
    let lost: Lease[];
    try {
      lost = store.renew(held.map((r) => ({ key: r.job.key, token: r.token })), until);
    } catch (e) {
      // The next renewal tries again; the local expiry check above bounds how long we can be wrong.
      logger.warn({ err: errorMessage(e), queue }, 'queue: lease renewal failed');
      return;
    }
    const lostIds = new Set(lost.map((l) => `${l.token}#${l.key}`));
    for (const r of held) {
      if (lostIds.has(`${r.token}#${r.job.key}`)) loseLease(r);
      else r.leaseUntil = until;
    }
  }

  function finishIfDone(): void {
    if (closing && running.size === 0 && settlements.length === 0) stop();
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(pollTimer);
    clearInterval(renewTimer);
    pollTimer = renewTimer = undefined;
    deps.onStopped();
    resolveStopped();
  }

  schedule();

  return {
    wake: schedule,
    close(): Promise<void> {
      if (!closing && !stopped) {
        closing = true;
        clearTimeout(pollTimer);
        pollTimer = undefined;
        for (const r of running) {
          r.shuttingDown = true;
          r.ctrl.abort(new GatewayError('QUE_SHUTDOWN', undefined, { queue, jobId: r.job.id }));
        }
        schedule();
      }
      return stoppedPromise;
    },
    abandon(): void {
      if (stopped) return;
      for (const r of running) r.ctrl.abort(new GatewayError('QUE_SHUTDOWN', 'Worker abandoned (simulated crash)'));
      settlements = [];
      stop();
    },
  };
}
