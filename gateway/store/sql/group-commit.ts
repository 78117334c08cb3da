// durableAsync for both databases: calls made in the same event-loop turn share one durable commit, each in its own
// savepoint (one that throws rolls back alone), and resolve after it (and after `after`, SQLite's WAL barrier).
import type { Db } from './executor.ts';

type Item = { fn: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

export function groupCommit(commit: (fn: (tx: Db) => Promise<void>) => Promise<void>, after: () => Promise<void> = async () => undefined): <T>(fn: (tx: Db) => Promise<T>) => Promise<T> {
  let batch: Item[] | undefined;
  async function flush(): Promise<void> {
    const items = batch ?? [];
    batch = undefined;
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await commit(async (tx) => {
        for (const it of items) {
          try {
            results.push({ ok: true, value: await tx.transaction(it.fn) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
      await after();
    } catch (e) {
      for (const it of items) it.reject(e);
      return;
    }
    items.forEach((it, i) => {
      const r = results[i]!;
      if (r.ok) it.resolve(r.value);
      else it.reject(r.error);
    });
  }
  return <T>(fn: (tx: Db) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (!batch) {
        batch = [];
        setImmediate(() => void flush());
      }
      batch.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    });
}
