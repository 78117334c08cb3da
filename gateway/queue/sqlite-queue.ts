// The embedded default JobQueue: jobs in their own SQLite file (WAL), durable across kill -9 of the process.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createSqliteStore } from './sqlite-store.ts';
import { createStoreQueue, type LocalJobQueue, type StoreQueueOptions } from './store-queue.ts';

export interface SqliteQueueOptions extends StoreQueueOptions {
  /** The queue's SQLite file; its folder is created if missing. */
  path: string;
  /** How long a write waits for another process holding the lock (default 5 s). */
  busyTimeoutMs?: number;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export function createSqliteQueue(opts: SqliteQueueOptions): LocalJobQueue {
  mkdirSync(path.dirname(path.resolve(opts.path)), { recursive: true });
  const sqlite = new Database(opts.path);
  try {
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode fsyncs only at checkpoints, not at each commit. A committed transaction is already
    // in the WAL file (the OS page cache), so it survives kill -9 of this process; only an OS crash or power
    // loss can drop the last commits (never corrupt the file). That trade buys several times the commit rate.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    const db = drizzle({ client: sqlite });
    migrateOnce(db);
    return createStoreQueue(createSqliteStore(sqlite, db), opts);
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

function migrateOnce(db: Parameters<typeof migrate>[0]): void {
  try {
    migrate(db, { migrationsFolder: MIGRATIONS });
  } catch {
    // Two processes opening a fresh file can both decide to migrate; the loser fails on "table exists".
    // By now the winner has committed, so a second pass sees the migration applied (or throws the real error).
    migrate(db, { migrationsFolder: MIGRATIONS });
  }
}
