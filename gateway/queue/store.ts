// QueueStore: the synchronous storage contract under the shared queue logic (SQLite and memory implement it).
import type { Job, JobCounts, JobRecord, JobState } from './port.ts';

/** A job as written by add/addBulk, options already resolved. */
export interface NewJob {
  queue: string;
  id: string;
  name: string;
  data: unknown;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  runAt: number;
  createdAt: number;
}

/** A job handed to a worker: the claim's row key, and the retry settings the worker needs to settle it. */
export interface ClaimedJob extends Job {
  key: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** One claim: rows `key` are owned while their lease token matches. */
export interface Lease {
  key: number;
  token: string;
}

/** The end of one run, written only if the lease still matches (a stale worker's write is a no-op). */
export interface Settlement extends Lease {
  state: 'completed' | 'waiting' | 'dead';
  runAt: number;
  finishedAt: number | null;
  lastError: string | null;
  /** The run does not count (released at shutdown): the attempt number is handed back. */
  refundAttempt: boolean;
}

export interface ClaimRequest {
  queue: string;
  token: string;
  limit: number;
  now: number;
  leaseUntil: number;
  /**
   * Also return expired leases of this queue to waiting first (dead if that was the last attempt,
   * with `expiredError` as lastError). The worker throttles this; it is cheap but not free.
   */
  reclaimExpired: boolean;
  expiredError: string;
}

export interface QueueStore {
  /** Inserts in one transaction; false where a job with that (queue, id) already exists, or repeats earlier in the batch. */
  insert(jobs: readonly NewJob[]): boolean[];
  /** Writes settlements, then claims (unless null, or the queue is paused): one transaction, so one commit per cycle. */
  cycle(settlements: readonly Settlement[], claim: ClaimRequest | null): ClaimedJob[];
  /** Extends leases that are still held; returns the ones that were lost. */
  renew(leases: readonly Lease[], leaseUntil: number): Lease[];
  setPaused(queue: string, paused: boolean, now: number): void;
  isPaused(queue: string): boolean;
  counts(queue: string, now: number): JobCounts;
  get(queue: string, id: string, now: number): JobRecord | null;
  list(queue: string, state: JobState, limit: number, now: number): JobRecord[];
  /** dead -> waiting with attempt 0 (lastError kept); false when the job is not dead. */
  retryDead(queue: string, id: string, now: number): boolean;
  /** Deletes the job if it is dead; false otherwise. */
  discardDead(queue: string, id: string): boolean;
  /** Queues with at least one job or a pause, sorted by name. */
  queueNames(): string[];
  /** Deletes completed jobs finished before `cutoff`; returns how many. Their ids can then be added again. */
  removeCompletedBefore(cutoff: number): number;
  close(): void;
}

/** 'delayed' is derived, never stored: a waiting job whose runAt is still ahead. */
export function visibleState(stored: 'waiting' | 'active' | 'completed' | 'dead', runAt: number, now: number): JobState {
  return stored === 'waiting' && runAt > now ? 'delayed' : stored;
}
