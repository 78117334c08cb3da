// Drizzle tables of the embedded queue's own SQLite file (source of the generated migrations).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Stored job states; 'delayed' is not stored: it is a waiting job whose run_at is in the future. */
export const STORED_STATES = ['waiting', 'active', 'completed', 'dead'] as const;

export const jobs = sqliteTable(
  'jobs',
  {
    // Rowid alias: the claim order tie-breaker and the key settlements and renewals address.
    seq: integer('seq').primaryKey(),
    queue: text('queue').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    /** JSON text; NULL when the job was added with undefined data. */
    data: text('data'),
    state: text('state', { enum: STORED_STATES }).notNull(),
    /** Attempts started so far (incremented at claim, so a crashed run still counts). */
    attempt: integer('attempt').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    backoffMs: integer('backoff_ms').notNull(),
    maxBackoffMs: integer('max_backoff_ms').notNull(),
    runAt: integer('run_at').notNull(),
    createdAt: integer('created_at').notNull(),
    finishedAt: integer('finished_at'),
    lastError: text('last_error'),
    /** Identifies one claim; every write by a worker checks it, so a worker whose lease was lost cannot overwrite. */
    leaseToken: text('lease_token'),
    leaseUntil: integer('lease_until'),
  },
  (t) => [
    // The idempotency key: one job id per queue, whatever its state.
    uniqueIndex('jobs_queue_id').on(t.queue, t.id),
    // Claims, counts and lists all walk one queue's jobs in one state by run_at (seq is implied).
    index('jobs_queue_state_run_at').on(t.queue, t.state, t.runAt),
  ],
);

/** Presence of a row pauses the queue; a table (not memory) so the pause survives restarts. */
export const pausedQueues = sqliteTable('paused_queues', {
  queue: text('queue').primaryKey(),
  pausedAt: integer('paused_at').notNull(),
});
