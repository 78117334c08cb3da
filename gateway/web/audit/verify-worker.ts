// Inside the verification thread: a read connection of its own (the SQLite file read-only, or a PostgreSQL connection)
// walks the chain, so a million events are hashed beside the gateway's event loop, not on it; one message answers.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { systemClock } from '../../core/clock.ts';
import { verifyAudit } from '../../store/sql/audit-log.ts';
import type { SqlExecutor } from '../../store/sql/executor.ts';
import { pgDb } from '../../store/sql/pg-db.ts';
import { sqliteDb } from '../../store/sql/sqlite-db.ts';
import type { AuditSource } from './verify.ts';

/** The port over a connection this thread owns; close() ends that connection. */
function open(source: AuditSource): SqlExecutor {
  if (source.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: source.url, max: 1 });
    pool.on('error', () => undefined); // an idle connection cut by the server: the walk's own query reports it
    return pgDb(pool, systemClock);
  }
  const sqlite = new Database(source.path, { readonly: true, fileMustExist: true });
  // Reads only: no commit of this connection ever needs the WAL barrier.
  const db = sqliteDb(sqlite, systemClock, { barrier: async () => undefined, close: async () => undefined });
  return {
    ...db,
    async close() {
      await db.close();
      sqlite.close();
    },
  };
}

const { source } = workerData as { source: AuditSource };
let db: SqlExecutor | undefined;
try {
  db = open(source);
  parentPort!.postMessage({ ok: true, result: await verifyAudit(db) });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
} finally {
  await db?.close().catch(() => undefined);
}
