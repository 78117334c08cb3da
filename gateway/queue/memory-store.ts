// QueueStore over plain in-memory maps (unit tests only); a MemoryBackend can be shared like one SQLite file.
import { GatewayError } from '../core/errors.ts';
import type { JobCounts, JobRecord } from './port.ts';
import { visibleState, type NewJob, type QueueStore } from './store.ts';

interface Row {
  seq: number;
  queue: string;
  id: string;
  name: string;
  /** JSON text, like the SQLite column, so tests catch data that would not survive storage. */
  data: string | null;
  state: 'waiting' | 'active' | 'completed' | 'dead';
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  runAt: number;
  createdAt: number;
  finishedAt: number | null;
  lastError: string | null;
  leaseToken: string | null;
  leaseUntil: number | null;
}

/** The shared "database": two queues opened on one backend behave like two processes on one file. */
export interface MemoryBackend {
  readonly byQueue: Map<string, Map<string, Row>>;
  readonly bySeq: Map<number, Row>;
  readonly paused: Set<string>;
  nextSeq: number;
}

export function createMemoryBackend(): MemoryBackend {
  return { byQueue: new Map(), bySeq: new Map(), paused: new Set(), nextSeq: 1 };
}

const parseData = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

function toRecord(r: Row, now: number): JobRecord {
  return {
    id: r.id,
    queue: r.queue,
    name: r.name,
    data: parseData(r.data),
    attempt: r.attempt,
    maxAttempts: r.maxAttempts,
    createdAt: r.createdAt,
    state: visibleState(r.state, r.runAt, now),
    lastError: r.lastError,
    runAt: r.runAt,
    finishedAt: r.finishedAt,
  };
}

export function createMemoryStore(b: MemoryBackend): QueueStore {
  let closed = false;
  const rowsOf = (queue: string): Iterable<Row> => b.byQueue.get(queue)?.values() ?? [];

  // Mirrors SQLite after close: any late call from this instance fails instead of touching shared state.
  function open(): void {
    if (closed) throw new GatewayError('QUE_CLOSED');
  }

  function insertOne(j: NewJob): boolean {
    let q = b.byQueue.get(j.queue);
    if (!q) b.byQueue.set(j.queue, (q = new Map()));
    if (q.has(j.id)) return false;
    const row: Row = {
      seq: b.nextSeq++,
      queue: j.queue,
      id: j.id,
      name: j.name,
      data: j.data === undefined ? null : JSON.stringify(j.data),
      state: 'waiting',
      attempt: 0,
      maxAttempts: j.maxAttempts,
      backoffMs: j.backoffMs,
      maxBackoffMs: j.maxBackoffMs,
      runAt: j.runAt,
      createdAt: j.createdAt,
      finishedAt: null,
      lastError: null,
      leaseToken: null,
      leaseUntil: null,
    };
    q.set(j.id, row);
    b.bySeq.set(row.seq, row);
    return true;
  }

  return {
    insert(jobs) {
      open();
      // Serialise everything first so a bad payload fails the whole batch, as the SQLite transaction does.
      for (const j of jobs) if (j.data !== undefined) JSON.stringify(j.data);
      return jobs.map(insertOne);
    },

    cycle(settlements, claim) {
      open();
      for (const s of settlements) {
        const r = b.bySeq.get(s.key);
        if (!r || r.leaseToken !== s.token) continue;
        Object.assign(r, { state: s.state, runAt: s.runAt, finishedAt: s.finishedAt, leaseToken: null, leaseUntil: null });
        if (s.lastError !== null) r.lastError = s.lastError;
        if (s.refundAttempt) r.attempt--;
      }
      if (!claim) return [];
      if (claim.reclaimExpired) {
        for (const r of rowsOf(claim.queue)) {
          if (r.state !== 'active' || (r.leaseUntil ?? 0) > claim.now) continue;
          const dead = r.attempt >= r.maxAttempts;
          Object.assign(r, { state: dead ? 'dead' : 'waiting', finishedAt: dead ? claim.now : null, runAt: claim.now });
          Object.assign(r, { lastError: claim.expiredError, leaseToken: null, leaseUntil: null });
        }
      }
      if (b.paused.has(claim.queue)) return [];
      const ready = [...rowsOf(claim.queue)]
        .filter((r) => r.state === 'waiting' && r.runAt <= claim.now)
        .sort((x, y) => x.runAt - y.runAt || x.seq - y.seq)
        .slice(0, claim.limit)
        .sort((x, y) => x.seq - y.seq);
      return ready.map((r) => {
        Object.assign(r, { state: 'active', attempt: r.attempt + 1, leaseToken: claim.token, leaseUntil: claim.leaseUntil });
        return { ...toRecord(r, claim.now), key: r.seq, backoffMs: r.backoffMs, maxBackoffMs: r.maxBackoffMs };
      });
    },

    renew(leases, until) {
      open();
      return leases.filter((l) => {
        const r = b.bySeq.get(l.key);
        if (!r || r.leaseToken !== l.token) return true;
        r.leaseUntil = until;
        return false;
      });
    },

    setPaused(queue, paused) {
      open();
      if (paused) b.paused.add(queue);
      else b.paused.delete(queue);
    },

    isPaused(queue) {
      open();
      return b.paused.has(queue);
    },

    counts(queue, now) {
      open();
      const c: JobCounts = { waiting: 0, delayed: 0, active: 0, completed: 0, dead: 0 };
      for (const r of rowsOf(queue)) c[visibleState(r.state, r.runAt, now)]++;
      return c;
    },

    get(queue, id, now) {
      open();
      const r = b.byQueue.get(queue)?.get(id);
      return r ? toRecord(r, now) : null;
    },

    list(queue, state, limit, now) {
      open();
      return [...rowsOf(queue)]
        .filter((r) => visibleState(r.state, r.runAt, now) === state)
        .sort((x, y) => x.seq - y.seq)
        .slice(0, limit)
        .map((r) => toRecord(r, now));
    },

    retryDead(queue, id, now) {
      open();
      const r = b.byQueue.get(queue)?.get(id);
      if (!r || r.state !== 'dead') return false;
      Object.assign(r, { state: 'waiting', attempt: 0, runAt: now, finishedAt: null, leaseToken: null, leaseUntil: null });
      return true;
    },

    discardDead(queue, id) {
      open();
      const r = b.byQueue.get(queue)?.get(id);
      if (!r || r.state !== 'dead') return false;
      b.byQueue.get(queue)!.delete(id);
      b.bySeq.delete(r.seq);
      return true;
    },

    queueNames() {
      open();
      const names = new Set(b.paused);
      for (const [q, rows] of b.byQueue) if (rows.size > 0) names.add(q);
      return [...names].sort();
    },

    removeCompletedBefore(cutoff) {
      open();
      let n = 0;
      for (const r of b.bySeq.values()) {
        if (r.state !== 'completed' || (r.finishedAt ?? Infinity) >= cutoff) continue;
        b.bySeq.delete(r.seq);
        b.byQueue.get(r.queue)?.delete(r.id);
        n++;
      }
      return n;
    },

    close() {
      closed = true;
    },
  };
}
