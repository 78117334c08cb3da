// durableAsync for both databases: calls made in the same event-loop turn share one durable commit, each in its own
// savepoint (one that throws rolls back alone), and resolve after it (and after `after`, SQLite's WAL barrier).
import type { Db, TxOptions } from './executor.ts';

type Item = { fn: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Lock = NonNullable<TxOptions['lock']>;

export function groupCommit(
  commit: (fn: (tx: Db) => Promise<void>, opts: TxOptions) => Promise<void>,
  after: () => Promise<void> = async () => undefined,
): <T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions) => Promise<T> {
  // One batch per lock mode: a 'rows' call must not make its batch-mates run without the store lock they expect.
  const batches = new Map<Lock, Item[]>();
  async function flush(lock: Lock): Promise<void> {
    const items = batches.get(lock) ?? [];
    batches.delete(lock);
    let results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await commit(async (tx) => {
        results = []; // PostgreSQL may run this again after a deadlock or serialization failure
        for (const it of items) {
          try {
            results.push({ ok: true, value: await tx.transaction(it.fn, { lock }) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      }, { lock });
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
  return <T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions) =>
    new Promise<T>((resolve, reject) => {
      const lock = opts?.lock ?? 'store';
      let batch = batches.get(lock);
      if (!batch) {
        batches.set(lock, (batch = []));
        setImmediate(() => void flush(lock));
      }
      batch.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    });
}
