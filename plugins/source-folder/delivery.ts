// Delivery per mailbox: claimed files handed to the host in claim order, a bounded number at once (so one
// file's fsyncs overlap another's hashing); rejected deliveries are retried with back-off.
import type { ClaimedFile, Disposition } from '../../gateway/core/plugin.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import { errorMessage } from '../../gateway/core/errors.ts';

export interface DeliveryDeps {
  deliver(file: ClaimedFile): Promise<Disposition>;
  /** Moves the file out of .processing/ as the disposition says. */
  settle(file: ClaimedFile, disposition: Disposition): Promise<void>;
  /** A disposition decided without the host (e.g. too large), or null to deliver. */
  precheck(file: ClaimedFile): Disposition | null;
  /** What to do once every delivery attempt failed. */
  givenUp(file: ClaimedFile, attempts: number, lastError: unknown): Disposition;
  /** True when the file is no longer in .processing/ (a settle that cannot succeed). */
  gone(file: ClaimedFile): Promise<boolean>;
  maxAttempts: number;
  retryMs: number;
  maxRetryMs?: number;
  /** Files in flight at once (default 1: strictly one after another). */
  concurrency?: number;
  logger: Logger;
}

interface Item {
  file: ClaimedFile;
  attempts: number;
  settleFailures: number;
  /** Known answer: only the move is left to do (retried without asking the host again). */
  disposition: Disposition | undefined;
  dueAt: number;
  firstDone: (() => void) | undefined;
}

export class DeliveryQueue {
  // FIFO with a head index: push/take are O(1) even for thousands of claimed files.
  private fifo: Item[] = [];
  private head = 0;
  /** Items waiting for a retry, sorted by due time (stable, so older claims stay first). */
  private retries: Item[] = [];
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: NodeJS.Timeout | undefined;
  private readonly pendingFirst = new Set<() => void>();

  constructor(private readonly deps: DeliveryDeps) {}

  get pending(): number {
    return this.fifo.length - this.head + this.retries.length;
  }

  /** Resolves after the file's first delivery attempt (and its move, if answered), or on stop(). */
  push(file: ClaimedFile): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.stopped) return resolve();
      const done = () => {
        this.pendingFirst.delete(done);
        resolve();
      };
      this.pendingFirst.add(done);
      this.fifo.push({ file, attempts: 0, settleFailures: 0, disposition: undefined, dueAt: 0, firstDone: done });
      this.pump();
    });
  }

  /** Finishes the delivery and move in flight; anything queued stays in .processing/ for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wake);
    await Promise.all(this.inFlight);
    for (const r of [...this.pendingFirst]) r();
  }

  private pump(): void {
    if (this.stopped) return;
    const limit = Math.max(1, this.deps.concurrency ?? 1);
    while (this.inFlight.size < limit) {
      const item = this.take();
      if (!item) break;
      const run: Promise<void> = this.process(item)
        .catch((err) => {
          // process() handles its own failures; reaching here is a bug. The file stays in .processing/ for the next start.
          this.deps.logger.error({ err, file: item.file.name, claimId: item.file.claimId }, 'unexpected error in delivery');
        })
        .finally(() => {
          this.inFlight.delete(run);
          this.pump();
        });
      this.inFlight.add(run);
    }
    this.armWake();
  }

  private take(): Item | undefined {
    // A due retry is older than anything in the FIFO, so it goes first.
    const r = this.retries[0];
    if (r && r.dueAt <= Date.now()) return this.retries.shift();
    if (this.head < this.fifo.length) {
      const item = this.fifo[this.head]!;
      this.fifo[this.head] = undefined as unknown as Item; // let the GC have it
      this.head++;
      if (this.head === this.fifo.length) {
        this.fifo = [];
        this.head = 0;
      }
      return item;
    }
    return undefined;
  }

  private armWake(): void {
    clearTimeout(this.wake);
    const r = this.retries[0];
    if (this.stopped || !r) return;
    this.wake = setTimeout(() => this.pump(), Math.max(0, r.dueAt - Date.now()));
  }

  private retryLater(item: Item, failures: number): void {
    const cap = this.deps.maxRetryMs ?? 60_000;
    const delay = Math.min(this.deps.retryMs * 2 ** Math.max(0, failures - 1), cap);
    item.dueAt = Date.now() + delay;
    // Binary search for the insertion point after equal due times.
    let lo = 0;
    let hi = this.retries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.retries[mid]!.dueAt <= item.dueAt) lo = mid + 1;
      else hi = mid;
    }
    this.retries.splice(lo, 0, item);
  }

  private async process(item: Item): Promise<void> {
    const { file } = item;
    const log = this.deps.logger;
    try {
      const disposition = item.disposition ?? (await this.decide(item));
      if (!disposition) return;
      item.disposition = disposition;
      try {
        await this.deps.settle(file, disposition);
      } catch (e) {
        if (await this.deps.gone(file).catch(() => false)) {
          log.warn({ file: file.name, claimId: file.claimId }, 'claimed file disappeared from .processing/ before it could be moved');
          return;
        }
        item.settleFailures++;
        log.warn({ err: errorMessage(e), file: file.name, claimId: file.claimId, to: disposition.to }, 'cannot move the file yet; will retry');
        this.retryLater(item, item.settleFailures);
      }
    } finally {
      item.firstDone?.();
      item.firstDone = undefined;
    }
  }

  /** The disposition, or undefined when the delivery failed and was rescheduled. */
  private async decide(item: Item): Promise<Disposition | undefined> {
    const { file } = item;
    const pre = this.deps.precheck(file);
    if (pre) return pre;
    item.attempts++;
    try {
      // Promise.resolve().then: a synchronous throw in the host counts as a rejection, not a crash here.
      return await Promise.resolve().then(() => this.deps.deliver(file));
    } catch (e) {
      if (item.attempts >= this.deps.maxAttempts) {
        this.deps.logger.error({ err: e, file: file.name, claimId: file.claimId, attempts: item.attempts }, 'delivery failed too often; moving the file to error/');
        return this.deps.givenUp(file, item.attempts, e);
      }
      this.deps.logger.warn({ err: errorMessage(e), file: file.name, claimId: file.claimId, attempt: item.attempts }, 'delivery failed; will retry');
      this.retryLater(item, item.attempts);
      return undefined;
    }
  }
}
