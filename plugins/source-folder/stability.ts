// Decides when a file is complete: size and mtime unchanged for `stableMs`, re-stat'ed every `pollIntervalMs`.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Limiter } from './limiter.ts';
import { errnoCode } from './move.ts';

export interface FileSnapshot {
  size: number;
  mtimeMs: number;
}

export interface StabilityOptions {
  dir: string;
  stableMs: number;
  pollIntervalMs: number;
  /** Stats in flight at once; many files are checked concurrently but the fs is not flooded. */
  maxConcurrentStats?: number;
  onStable(name: string, snapshot: FileSnapshot): void;
  /** A stat failed with something other than ENOENT; the file is dropped from tracking (a rescan retries it). */
  onError(name: string, err: unknown): void;
}

interface Entry {
  name: string;
  size: number;
  mtimeMs: number;
  /** Monotonic time the current size/mtime were first seen; -1 until the first stat. */
  since: number;
  timer: NodeJS.Timeout | undefined;
}

export class StabilityTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly limiter: Limiter;
  private closed = false;

  constructor(private readonly opts: StabilityOptions) {
    this.limiter = new Limiter(opts.maxConcurrentStats ?? 64);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Starts watching `name`; tracking an already tracked name restarts its quiet period (a change was seen). */
  track(name: string): void {
    if (this.closed) return;
    const e = this.entries.get(name);
    if (e) {
      e.since = -1;
      return;
    }
    const entry: Entry = { name, size: -1, mtimeMs: -1, since: -1, timer: undefined };
    this.entries.set(name, entry);
    this.schedule(entry, 0);
  }

  forget(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    clearTimeout(e.timer);
    this.entries.delete(name);
  }

  close(): void {
    this.closed = true;
    for (const e of this.entries.values()) clearTimeout(e.timer);
    this.entries.clear();
  }

  private schedule(entry: Entry, delay: number): void {
    // One timer per file: thousands of timers are cheap in Node, and there is no O(n) sweep per tick.
    entry.timer = setTimeout(() => void this.check(entry), delay);
  }

  private async check(entry: Entry): Promise<void> {
    let snap: FileSnapshot;
    try {
      // lstat: a symlink dropped into in/ is not followed (it could point anywhere on the server).
      const st = await this.limiter.run(() => lstat(path.join(this.opts.dir, entry.name)));
      if (!st.isFile()) return this.drop(entry);
      snap = { size: st.size, mtimeMs: st.mtimeMs };
    } catch (e) {
      if (this.entries.get(entry.name) !== entry) return;
      this.drop(entry);
      if (errnoCode(e) !== 'ENOENT') this.opts.onError(entry.name, e);
      return;
    }
    if (this.closed || this.entries.get(entry.name) !== entry) return;
    const now = performance.now();
    if (entry.since < 0 || snap.size !== entry.size || snap.mtimeMs !== entry.mtimeMs) {
      entry.size = snap.size;
      entry.mtimeMs = snap.mtimeMs;
      entry.since = now;
    } else if (now - entry.since >= this.opts.stableMs) {
      this.drop(entry);
      this.opts.onStable(entry.name, snap);
      return;
    }
    // Land exactly on the end of the quiet period rather than up to one poll interval after it.
    const remaining = this.opts.stableMs - (now - entry.since);
    this.schedule(entry, Math.max(0, Math.min(this.opts.pollIntervalMs, remaining)));
  }

  private drop(entry: Entry): void {
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
  }
}
