// The store is the outbox: on a timer, every job it says must exist is added again, idempotent by job id (files still
// 'received' → parse, signed documents → submit, automatic signing → sign). Needed with BullMQ, where Redis can come
// back empty (restart without persistence, FLUSHALL, eviction: reliability-security.md 3); the embedded queue keeps
// its jobs in the same machine's SQLite and only needs the start-up sweep.
import type { Logger } from '../core/logger.ts';

export interface ReconcilerOptions {
  logger: Logger;
  intervalMs: number;
  /** Named sweeps; each returns how many jobs it added (0 when Redis held them all). */
  steps: Record<string, () => Promise<number>>;
}

export interface Reconciler {
  /** One round now (also what the timer runs); resolves with the jobs re-added per step. */
  run(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export function startReconciler(o: ReconcilerOptions): Reconciler {
  const log = o.logger.child({ part: 'reconcile' });
  let running: Promise<Record<string, number>> | null = null;
  const round = async (): Promise<Record<string, number>> => {
    const added: Record<string, number> = {};
    for (const [name, step] of Object.entries(o.steps)) {
      try {
        added[name] = await step();
      } catch (e) {
        log.warn({ step: name, err: (e as Error).message }, 'reconciliation step failed; the next round retries');
      }
    }
    // Jobs found missing mean the queue lost work: say so, it points at Redis settings or an outage.
    if (Object.values(added).some((n) => n > 0)) log.warn({ added }, 'jobs the database expects were missing from the queue and were added again');
    return added;
  };
  const run = () => (running ??= round().finally(() => (running = null)));
  const timer = setInterval(() => void run(), o.intervalMs);
  timer.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
