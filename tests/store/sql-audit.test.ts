// The audit log's writers on two connections at once, on SQLite and on the real PostgreSQL: one gap-free chain, and a
// change with its event commits or not together (the repository's own cases: audit.test.ts). PostgreSQL parts skip
// with the reason where none answers (REQUIRE_SERVICES=1 fails).
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgStore } from '../../gateway/store/pg/open.ts';
import { appendEvent, appendEventTx, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { SqlExecutor } from '../../gateway/store/sql/executor.ts';
import { pgDb } from '../../gateway/store/sql/pg-db.ts';
import { systemClock } from '../../gateway/core/clock.ts';
import { postgresAvailable, tempDatabase } from '../services/postgres.ts';
import { tempStore } from './helpers.ts';

interface Backend {
  /** Two executors on the same database, as two processes would have. */
  a: SqlExecutor;
  b: SqlExecutor;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sqliteBackend(): Promise<Backend> {
  const store = tempStore();
  // One connection per process is SQLite's model here: a second connection in the same thread would wait for the
  // first's lock synchronously (busy_timeout), blocking the very event loop that must commit it. Processes sharing the
  // file are covered by the store's multi-process tests; here both writers share the connection and its queue.
  const one = store.sql;
  return { a: one, b: one };
}

async function pgBackend(): Promise<Backend> {
  const db = await tempDatabase();
  cleanups.push(db.drop);
  const s = await openPgStore(db.url);
  cleanups.push(() => s.close());
  const other = new pg.Pool({ connectionString: db.url, max: 4 });
  other.on('error', () => undefined); // idle connections are cut when the test database is dropped
  cleanups.push(() => other.end());
  return { a: s.sql, b: pgDb(other, systemClock) };
}

function chainSuite(name: string, backend: () => Promise<Backend>) {
  describe(`audit log on the SQL port: ${name}`, () => {
    it('keeps one gap-free chain while two connections append at once, and a change with the event commits or not together', async () => {
      const { a, b } = await backend();
      const writes = Array.from({ length: 40 }, (_, i) => appendEvent(i % 2 ? a : b, { entityType: 'document', entityId: `D${i}`, type: 'document.created', actor: 'system', at: 10_000 + i }));
      const done = await Promise.all(writes);
      expect(done.map((d) => d.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // A transaction that fails after appending leaves no event behind.
      await expect(a.transaction(async (tx) => {
        await appendEventTx(tx, { entityType: 'system', entityId: 'x', type: 'system.oops', actor: 'system', at: 1 });
        throw new Error('the change failed');
      })).rejects.toThrow('the change failed');
      expect(await verifyAudit(b, 7)).toMatchObject({ ok: true, count: 40 });
    });
  });
}

chainSuite('SQLite', sqliteBackend);
describe.runIf(postgresAvailable)('PostgreSQL', () => chainSuite('PostgreSQL', pgBackend));
