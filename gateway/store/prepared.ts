// Query-builder statements prepared once per store: building a drizzle query costs ~0.1–0.3 ms per call, and the
// submit path reads a document, its signatures, keys and users for every document it sends.
import type { Store } from './db.ts';

const cache = new WeakMap<Store, Map<string, unknown>>();

/** The prepared statement `build` makes for this store, built on first use under `name` (unique per call site). */
export function preparedOnce<T>(store: Store, name: string, build: (store: Store) => T): T {
  let byName = cache.get(store);
  if (!byName) cache.set(store, (byName = new Map()));
  let p = byName.get(name) as T | undefined;
  if (p === undefined) byName.set(name, (p = build(store)));
  return p;
}
