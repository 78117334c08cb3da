// JobQueue port: durable at-least-once jobs that carry ids, never payloads. Implemented by
// sqlite-queue.ts (embedded default), memory-queue.ts (unit tests only) and, later, BullMQ.

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';
export const JOB_STATES: readonly JobState[] = ['waiting', 'delayed', 'active', 'completed', 'dead'];

export interface JobOptions {
  /** Idempotency key: adding a job whose id already exists (in any state) adds nothing. */
  jobId?: string;
  /** Total attempts before the job goes to the dead-letter state (default 5). */
  attempts?: number;
  /** First retry delay; doubles each attempt (exponential back-off), with jitter capped at +10 %. Default 1000 ms. */
  backoffMs?: number;
  /** Upper bound for one back-off delay. Default 5 min. */
  maxBackoffMs?: number;
  /** Do not run before now + delayMs. */
  delayMs?: number;
}

export interface Job<T = unknown> {
  id: string;
  queue: string;
  name: string;
  data: T;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  createdAt: number;
}

export interface JobRecord<T = unknown> extends Job<T> {
  state: JobState;
  /** Last error message (kept when the job is retried and when it is dead). */
  lastError: string | null;
  runAt: number;
  finishedAt: number | null;
}

export type JobCounts = Record<JobState, number>;

/** The handler's signal aborts when the lease is lost or the queue closes. Throwing fails the attempt. */
export type JobHandler<T = unknown> = (job: Job<T>, signal: AbortSignal) => Promise<void>;

/** A handler can mark an error as not worth retrying (user errors): the job goes straight to dead. */
export interface UnrecoverableMark {
  unrecoverable?: boolean;
}

export interface ProcessOptions {
  /** Jobs run at once by this worker (default 1). */
  concurrency?: number;
  /** How long a claimed job stays leased without renewal before others may take it (default 30 s). */
  leaseMs?: number;
  /** Jobs claimed per round trip to the backend (default 1). */
  batchSize?: number;
  /** Idle poll interval for work added by other processes (default 50 ms). */
  pollMs?: number;
}

export interface QueueWorker {
  /** Stops claiming; waits for running handlers to finish. */
  close(): Promise<void>;
}

export interface AddResult {
  id: string;
  /** false when a job with this id already existed. */
  added: boolean;
}

export interface JobQueue {
  add<T>(queue: string, name: string, data: T, opts?: JobOptions): Promise<AddResult>;
  addBulk<T>(queue: string, jobs: readonly { name: string; data: T; opts?: JobOptions }[]): Promise<AddResult[]>;
  process<T>(queue: string, handler: JobHandler<T>, opts?: ProcessOptions): QueueWorker;
  pause(queue: string): Promise<void>;
  resume(queue: string): Promise<void>;
  isPaused(queue: string): Promise<boolean>;
  counts(queue: string): Promise<JobCounts>;
  getJob<T = unknown>(queue: string, id: string): Promise<JobRecord<T> | null>;
  /** Lists jobs in one state, oldest first. */
  list<T = unknown>(queue: string, state: JobState, limit?: number): Promise<JobRecord<T>[]>;
  /** Moves a dead job back to waiting with a fresh attempt budget. */
  retryDead(queue: string, id: string): Promise<boolean>;
  /** Deletes a dead job (false when it is not dead); its id may then be added again. */
  discardDead(queue: string, id: string): Promise<boolean>;
  /** Names of the queues that hold jobs or are paused, sorted. */
  queues(): Promise<string[]>;
  /** Closes workers and the backend. */
  close(): Promise<void>;
}
