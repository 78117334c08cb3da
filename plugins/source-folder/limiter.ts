// Bounded concurrency for many small fs operations (stats, claims) so thousands of files do not fan out at once.

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Resolves when nothing runs or waits. */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private release(): void {
    // A head index instead of shift(): O(1) per hand-over even with thousands waiting.
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.head++;
      if (this.head === this.waiting.length) {
        this.waiting.length = 0;
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next(); // the slot passes on; `active` stays the same
      return;
    }
    this.active--;
    if (this.active === 0) for (const r of this.idleWaiters.splice(0)) r();
  }
}
