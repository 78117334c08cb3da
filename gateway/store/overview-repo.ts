// The overview's numbers, all from the maintained counters or from short index ranges of recent ids: none of these
// reads scale with the number of documents stored.
import { idFloor } from './id-time.ts';
import type { Db } from './sql/executor.ts';

const HOUR = 3_600_000;

/*
 * SQLite names the (state, id) index that gives a covering range (INDEXED BY); PostgreSQL finds it itself. Ids compare
 * byte-wise on both, as idFloor() does (the PostgreSQL store only opens a database with C collation, pg/open.ts).
 */
const sinceInState = (db: Db, table: 'documents' | 'files') =>
  db.dialect === 'sqlite'
    ? `SELECT count(*) AS n FROM ${table} INDEXED BY ${table}_state_id_idx WHERE state = $1 AND id >= $2`
    : `SELECT count(*) AS n FROM ${table} WHERE state = $1 AND id >= $2`;

/** Listed documents per state, from the counters (a dozen values, read on every overview). */
export async function countsByState(db: Db): Promise<Map<string, number>> {
  // PostgreSQL's sum of a bigint is numeric: it arrives as text.
  const rows = await db.all<{ state: string; n: number | string }>('SELECT state, sum(n) AS n FROM document_counts GROUP BY state');
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}

/** Listed documents per (state, kind), from the counters. */
export async function countsByStateKind(db: Db): Promise<{ state: string; kind: string; n: number }[]> {
  const order = 'state, kind';
  // PostgreSQL keeps the counters in shards (its migration 0004): summed here, as an integer on both databases.
  return db.all<{ state: string; kind: string; n: number }>(`SELECT state, kind, CAST(sum(n) AS bigint) AS n FROM document_counts GROUP BY state, kind HAVING sum(n) > 0 ORDER BY ${order}`);
}

/** Documents made in each hour of [fromMs, toMs] (hour starts in epoch ms; missing hours are 0), from the counters. */
export async function documentsPerHour(db: Db, fromMs: number, toMs: number): Promise<{ hour: number; n: number }[]> {
  const first = Math.floor(fromMs / HOUR);
  const last = Math.floor(toMs / HOUR);
  const rows = await db.all<{ hour: number; n: number }>('SELECT hour, n FROM document_hours WHERE hour >= $1 AND hour <= $2 ORDER BY hour', [first, last]);
  const got = new Map(rows.map((r) => [r.hour, r.n]));
  const out: { hour: number; n: number }[] = [];
  for (let h = first; h <= last; h++) out.push({ hour: h * HOUR, n: got.get(h) ?? 0 });
  return out;
}

/**
 * Documents in these states that were made before `beforeMs`: the counter minus those made since (a short range of
 * the newest ids), so a million old rows are never counted one by one.
 */
export async function countMadeBefore(db: Db, states: readonly string[], beforeMs: number): Promise<number> {
  const counts = await countsByState(db);
  const since = idFloor(beforeMs);
  let n = 0;
  for (const s of states) {
    const total = counts.get(s) ?? 0;
    if (total > 0) n += total - (await db.get<{ n: number }>(sinceInState(db, 'documents'), [s, since]))!.n;
  }
  return n;
}

/** Files in a state received since `sinceMs` (a short range of the files' (state, id) index). */
export async function filesInStateSince(db: Db, state: string, sinceMs: number): Promise<number> {
  return (await db.get<{ n: number }>(sinceInState(db, 'files'), [state, idFloor(sinceMs)]))!.n;
}
