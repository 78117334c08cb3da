// The overview's numbers, all from the maintained counters or from short index ranges of recent ids: none of these
// reads scale with the number of documents stored.
import type Database from 'better-sqlite3';
import type { Store } from './db.ts';
import { idFloor } from './id-time.ts';

const HOUR = 3_600_000;

interface Statements {
  byStateKind: Database.Statement<[]>;
  byState: Database.Statement<[]>;
  hours: Database.Statement<[number, number]>;
  sinceInState: Database.Statement<[string, string]>;
  filesSince: Database.Statement<[string, string]>;
}
const cache = new WeakMap<Database.Database, Statements>();
function st(sqlite: Database.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) {
    s = {
      byStateKind: sqlite.prepare('SELECT state, kind, n FROM document_counts WHERE n > 0 ORDER BY state, kind'),
      byState: sqlite.prepare('SELECT state, sum(n) FROM document_counts GROUP BY state').raw(),
      hours: sqlite.prepare('SELECT hour, n FROM document_hours WHERE hour >= ? AND hour <= ? ORDER BY hour'),
      // Covering range of the (state, id) index: only documents made since the given id are counted.
      sinceInState: sqlite.prepare('SELECT count(*) FROM documents INDEXED BY documents_state_id_idx WHERE state = ? AND id >= ?').pluck(),
      filesSince: sqlite.prepare('SELECT count(*) FROM files INDEXED BY files_state_id_idx WHERE state = ? AND id >= ?').pluck(),
    };
    cache.set(sqlite, s);
  }
  return s;
}

/** Listed documents per state, from the counters (raw rows: a dozen values, read on every overview). */
export function countsByState(store: Store): Map<string, number> {
  return new Map(st(store.sqlite).byState.all() as [string, number][]);
}

/** Listed documents per (state, kind), from the counters. */
export function countsByStateKind(store: Store): { state: string; kind: string; n: number }[] {
  return st(store.sqlite).byStateKind.all() as { state: string; kind: string; n: number }[];
}

/** Documents made in each hour of [fromMs, toMs] (hour starts in epoch ms; missing hours are 0), from the counters. */
export function documentsPerHour(store: Store, fromMs: number, toMs: number): { hour: number; n: number }[] {
  const first = Math.floor(fromMs / HOUR);
  const last = Math.floor(toMs / HOUR);
  const got = new Map((st(store.sqlite).hours.all(first, last) as { hour: number; n: number }[]).map((r) => [r.hour, r.n]));
  const out: { hour: number; n: number }[] = [];
  for (let h = first; h <= last; h++) out.push({ hour: h * HOUR, n: got.get(h) ?? 0 });
  return out;
}

/**
 * Documents in these states that were made before `beforeMs`: the counter minus those made since (a short range of
 * the newest ids), so a million old rows are never counted one by one.
 */
export function countMadeBefore(store: Store, states: readonly string[], beforeMs: number): number {
  const counts = countsByState(store);
  const since = idFloor(beforeMs);
  let n = 0;
  for (const s of states) {
    const total = counts.get(s) ?? 0;
    if (total > 0) n += total - (st(store.sqlite).sinceInState.get(s, since) as number);
  }
  return n;
}

/** Files in a state received since `sinceMs` (a short range of the files' (state, id) index). */
export function filesInStateSince(store: Store, state: string, sinceMs: number): number {
  return st(store.sqlite).filesSince.get(state, idFloor(sinceMs)) as number;
}
