// QueueStore on one better-sqlite3 connection: raw prepared statements on the hot path, drizzle elsewhere.
import type { Database } from 'better-sqlite3';
import { and, asc, count, eq, gt, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { JobCounts, JobRecord, JobState } from './port.ts';
import { jobs, pausedQueues } from './sqlite-schema.ts';
import { visibleState, type ClaimRequest, type ClaimedJob, type Lease, type NewJob, type QueueStore, type Settlement } from './store.ts';

interface ClaimRow {
  seq: number;
  id: string;
  name: string;
  data: string | null;
  attempt: number;
  max_attempts: number;
  backoff_ms: number;
  max_backoff_ms: number;
  created_at: number;
}

const parseData = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

export function createSqliteStore(sqlite: Database, db: BetterSQLite3Database): QueueStore {
  const insertJob = sqlite.prepare(
    `INSERT INTO jobs (queue, id, name, data, state, attempt, max_attempts, backoff_ms, max_backoff_ms, run_at, created_at)
     VALUES (?, ?, ?, ?, 'waiting', 0, ?, ?, ?, ?, ?)
     ON CONFLICT (queue, id) DO NOTHING`,
  );
  // The lease token in the WHERE is what makes a stale worker's late write a no-op.
  const settleJob = sqlite.prepare(
    `UPDATE jobs SET state = @state, run_at = @runAt, finished_at = @finishedAt,
       last_error = COALESCE(@lastError, last_error), attempt = attempt - @refund,
       lease_token = NULL, lease_until = NULL
     WHERE seq = @key AND lease_token = @token`,
  );
  // An expired lease on the last attempt means the job keeps killing its worker: dead-letter it.
  const reclaimExpired = sqlite.prepare(
    `UPDATE jobs SET
       state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'waiting' END,
       finished_at = CASE WHEN attempt >= max_attempts THEN @now ELSE NULL END,
       run_at = @now, last_error = @error, lease_token = NULL, lease_until = NULL
     WHERE queue = @queue AND state = 'active' AND lease_until <= @now`,
  );
  // One statement picks and takes the jobs, so two processes can never claim the same row.
  const claimJobs = sqlite.prepare(
    `UPDATE jobs SET state = 'active', attempt = attempt + 1, lease_token = @token, lease_until = @leaseUntil
     WHERE seq IN (
       SELECT seq FROM jobs WHERE queue = @queue AND state = 'waiting' AND run_at <= @now
       ORDER BY run_at, seq LIMIT @limit)
     AND NOT EXISTS (SELECT 1 FROM paused_queues WHERE queue = @queue)
     RETURNING seq, id, name, data, attempt, max_attempts, backoff_ms, max_backoff_ms, created_at`,
  );
  const queueNamesStmt = sqlite
    .prepare(
      `WITH RECURSIVE q(name) AS (
         SELECT min(queue) FROM jobs
         UNION ALL SELECT (SELECT min(queue) FROM jobs WHERE queue > q.name) FROM q WHERE q.name IS NOT NULL)
       SELECT name FROM q WHERE name IS NOT NULL`,
    )
    .pluck();
  const renewLease = sqlite.prepare(`UPDATE jobs SET lease_until = ? WHERE seq = ? AND lease_token = ?`);

  // IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades can fail with SQLITE_BUSY.
  const insertTx = sqlite.transaction((rows: readonly NewJob[]) =>
    rows.map(
      (j) =>
        insertJob.run(j.queue, j.id, j.name, j.data === undefined ? null : JSON.stringify(j.data), j.maxAttempts, j.backoffMs, j.maxBackoffMs, j.runAt, j.createdAt)
          .changes === 1,
    ),
  );

  const cycleTx = sqlite.transaction((settlements: readonly Settlement[], claim: ClaimRequest | null): ClaimedJob[] => {
    for (const s of settlements) {
      settleJob.run({ key: s.key, token: s.token, state: s.state, runAt: s.runAt, finishedAt: s.finishedAt, lastError: s.lastError, refund: s.refundAttempt ? 1 : 0 });
    }
    if (!claim) return [];
    if (claim.reclaimExpired) reclaimExpired.run({ queue: claim.queue, now: claim.now, error: claim.expiredError });
    const rows = claimJobs.all({ queue: claim.queue, now: claim.now, token: claim.token, leaseUntil: claim.leaseUntil, limit: claim.limit }) as ClaimRow[];
    if (rows.length > 1) rows.sort((a, b) => a.seq - b.seq);
    return rows.map((r) => ({
      key: r.seq,
      id: r.id,
      queue: claim.queue,
      name: r.name,
      data: parseData(r.data),
      attempt: r.attempt,
      maxAttempts: r.max_attempts,
      createdAt: r.created_at,
      backoffMs: r.backoff_ms,
      maxBackoffMs: r.max_backoff_ms,
    }));
  });

  const renewTx = sqlite.transaction((leases: readonly Lease[], until: number): Lease[] =>
    leases.filter((l) => renewLease.run(until, l.key, l.token).changes === 0),
  );

  function toRecord(row: typeof jobs.$inferSelect, now: number): JobRecord {
    return {
      id: row.id,
      queue: row.queue,
      name: row.name,
      data: parseData(row.data),
      attempt: row.attempt,
      maxAttempts: row.maxAttempts,
      createdAt: row.createdAt,
      state: visibleState(row.state, row.runAt, now),
      lastError: row.lastError,
      runAt: row.runAt,
      finishedAt: row.finishedAt,
    };
  }

  function stateFilter(queue: string, state: JobState, now: number): SQL | undefined {
    const inQueue = eq(jobs.queue, queue);
    if (state === 'waiting') return and(inQueue, eq(jobs.state, 'waiting'), lte(jobs.runAt, now));
    if (state === 'delayed') return and(inQueue, eq(jobs.state, 'waiting'), gt(jobs.runAt, now));
    return and(inQueue, eq(jobs.state, state));
  }

  return {
    insert: (rows) => insertTx.immediate(rows),
    cycle: (settlements, claim) => cycleTx.immediate(settlements, claim),
    renew: (leases, until) => renewTx.immediate(leases, until),

    setPaused(queue, paused, now) {
      if (paused) db.insert(pausedQueues).values({ queue, pausedAt: now }).onConflictDoNothing().run();
      else db.delete(pausedQueues).where(eq(pausedQueues.queue, queue)).run();
    },

    isPaused(queue) {
      return db.select({ queue: pausedQueues.queue }).from(pausedQueues).where(eq(pausedQueues.queue, queue)).get() !== undefined;
    },

    counts(queue, now) {
      const c: JobCounts = { waiting: 0, delayed: 0, active: 0, completed: 0, dead: 0 };
      const rows = db
        .select({ state: jobs.state, n: count(), ahead: sql<number>`coalesce(sum(${jobs.runAt} > ${now}), 0)` })
        .from(jobs)
        .where(eq(jobs.queue, queue))
        .groupBy(jobs.state)
        .all();
      for (const r of rows) {
        if (r.state === 'waiting') {
          c.delayed = Number(r.ahead);
          c.waiting = r.n - c.delayed;
        } else c[r.state] = r.n;
      }
      return c;
    },

    get(queue, id, now) {
      const row = db.select().from(jobs).where(and(eq(jobs.queue, queue), eq(jobs.id, id))).get();
      return row ? toRecord(row, now) : null;
    },

    list(queue, state, limit, now) {
      return db.select().from(jobs).where(stateFilter(queue, state, now)).orderBy(asc(jobs.seq)).limit(limit).all().map((r) => toRecord(r, now));
    },

    retryDead(queue, id, now) {
      const res = db
        .update(jobs)
        .set({ state: 'waiting', attempt: 0, runAt: now, finishedAt: null, leaseToken: null, leaseUntil: null })
        .where(and(eq(jobs.queue, queue), eq(jobs.id, id), eq(jobs.state, 'dead')))
        .run();
      return res.changes > 0;
    },

    discardDead(queue, id) {
      return db.delete(jobs).where(and(eq(jobs.queue, queue), eq(jobs.id, id), eq(jobs.state, 'dead'))).run().changes > 0;
    },

    queueNames() {
      // A skip scan over the (queue, state, run_at) index: one seek per queue name, not one step per job.
      const names = queueNamesStmt.all() as string[];
      const paused = db.select({ queue: pausedQueues.queue }).from(pausedQueues).all().map((r) => r.queue);
      return [...new Set([...names, ...paused])].sort();
    },

    removeCompletedBefore(cutoff) {
      return db.delete(jobs).where(and(eq(jobs.state, 'completed'), lt(jobs.finishedAt, cutoff))).run().changes;
    },

    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
