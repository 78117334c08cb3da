// The audit log on the SQL port, run the same way on SQLite and on the real PostgreSQL: hashes equal to the SQLite
// store's own chain (audit.ts), writers on two connections at once still extend one gap-free chain, and an edit made
// behind the triggers' back is found. PostgreSQL parts skip with the reason where none answers (REQUIRE_SERVICES=1 fails).
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvent as appendSync } from '../../gateway/store/audit.ts';
import { openPgStore } from '../../gateway/store/pg/open.ts';
import { appendEvent, appendEventTx, auditHead, listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { SqlExecutor } from '../../gateway/store/sql/executor.ts';
import { pgDb } from '../../gateway/store/sql/pg-db.ts';
import { systemClock } from '../../gateway/core/clock.ts';
import { postgresAvailable, tempDatabase } from '../services/postgres.ts';
import { tempStore } from './helpers.ts';

interface Backend {
  /** Two executors on the same database, as two processes would have. */
  a: SqlExecutor;
  b: SqlExecutor;
  /** Changes a row of events bypassing the append-only triggers (someone with the database's files or superuser). */
  tamper(seq: number, dataJson: string): Promise<void>;
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
  return {
    a: one,
    b: one,
    async tamper(seq, dataJson) {
      const db = new Database(store.dbPath);
      try {
        db.exec('DROP TRIGGER events_no_update');
        db.prepare('UPDATE events SET data_json = ? WHERE seq = ?').run(dataJson, seq);
      } finally {
        db.close();
      }
    },
  };
}

async function pgBackend(): Promise<Backend> {
  const db = await tempDatabase();
  cleanups.push(db.drop);
  const s = await openPgStore(db.url);
  cleanups.push(() => s.close());
  const other = new pg.Pool({ connectionString: db.url, max: 4 });
  other.on('error', () => undefined); // idle connections are cut when the test database is dropped
  cleanups.push(() => other.end());
  return {
    a: s.sql,
    b: pgDb(other, systemClock),
    async tamper(seq, dataJson) {
      await s.pool.query('ALTER TABLE events DISABLE TRIGGER events_no_update');
      await s.pool.query('UPDATE events SET data_json = $1 WHERE seq = $2', [dataJson, seq]);
    },
  };
}

const EVENTS = [
  { entityType: 'system' as const, entityId: 'gateway', type: 'system.started', actor: 'system', at: 1000, data: { v: '0.1.0' } },
  { entityType: 'file' as const, entityId: 'F1', type: 'file.received', actor: 'ops.user', at: 2000, data: { size: 5n, name: 'Төлем.txt' } },
  { entityType: 'file' as const, entityId: 'F1', type: 'file.parsed', actor: 'system', at: 3000, data: { documents: 2 } },
];

function chainSuite(name: string, backend: () => Promise<Backend>) {
  describe(`audit log on the SQL port: ${name}`, () => {
    it('writes the same chain as the SQLite store, hash for hash', async () => {
      const { a } = await backend();
      const ours = [];
      for (const e of EVENTS) ours.push(await appendEvent(a, e));
      const reference = tempStore();
      const theirs = EVENTS.map((e) => appendSync(reference.sqlite, e));
      expect(ours).toEqual(theirs);
      expect(await auditHead(a)).toEqual({ seq: 3, hash: theirs[2]!.hash });
      expect((await listEntityEvents(a, 'file', 'F1')).map((e) => [e.seq, e.type, e.data])).toEqual([
        [2, 'file.received', { size: '5', name: 'Төлем.txt' }],
        [3, 'file.parsed', { documents: 2 }],
      ]);
    });

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

    it('finds an edit made behind the triggers', async () => {
      const be = await backend();
      for (const e of EVENTS) await appendEvent(be.a, e);
      await be.tamper(2, '{"name":"Төлем.txt","size":"500"}');
      expect(await verifyAudit(be.a)).toMatchObject({ ok: false, count: 1, firstBad: { seq: 2, reason: 'hash-mismatch' } });
    });
  });
}

chainSuite('SQLite', sqliteBackend);
describe.runIf(postgresAvailable)('PostgreSQL', () => chainSuite('PostgreSQL', pgBackend));
