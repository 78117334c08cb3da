// The store: what the gateway holds (the Db port and its closing), and opening the SQLite one (pragmas, migrations).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DrizzleQueryError } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Db } from './sql/executor.ts';
import { sqliteDb } from './sql/sqlite-db.ts';
import { walBarrier } from './sql/wal-barrier.ts';

export const DB_FILE_NAME = 'bankgate.db';
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenStoreOptions {
  /** Directory for bankgate.db (created if missing). Must be a local disk: WAL needs shared memory, so never an SMB share. */
  dataDir: string;
  /** Time source for row timestamps and audit events (tests pass a fixed clock). */
  clock?: Clock;
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. Default 5 s. */
  busyTimeoutMs?: number;
}

/**
 * The store as the gateway holds it: the repositories' port (`sql`) and what closes it. SQLite (one machine, the
 * default) or PostgreSQL (`[data] database_url`, shared by gateways and workers on several machines; pg/open.ts).
 */
export interface Store {
  readonly dialect: Db['dialect'];
  /** The async SQL port every repository runs on (gateway/store/sql/executor.ts). */
  readonly sql: Db;
  readonly clock: Clock;
  /** Where the data is, for messages (the SQLite file, or the PostgreSQL database without its password). */
  readonly location: string;
  close(): Promise<void>;
}

/** The SQLite store: also its connection and file, for WAL housekeeping, the audit thread and tests. */
export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  readonly sqlite: Database.Database;
  readonly dbPath: string;
}

export function openStore(opts: OpenStoreOptions): SqliteStore {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbPath = join(opts.dataDir, DB_FILE_NAME);
  const sqlite = new Database(dbPath);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    sqlite.pragma('synchronous = NORMAL');
    // Statement journals in memory: a write that fires triggers (the dashboard's counters, migration 0008) journals
    // every page it touches, and a temp file for that doubled the cost of publishing a 100,000-document file.
    sqlite.pragma('temp_store = MEMORY');
    // Migrations run before foreign_keys is switched on: drizzle-kit's table rebuilds rely on
    // `PRAGMA foreign_keys=OFF`, which is a no-op inside the migrator's transaction.
    migrate(drizzle({ client: sqlite }), { migrationsFolder: MIGRATIONS_DIR });
    sqlite.pragma('foreign_keys = ON');
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const clock = opts.clock ?? systemClock;
  const wal = walBarrier(dbPath);
  const sql = sqliteDb(sqlite, clock, wal);
  return {
    dialect: 'sqlite',
    sql,
    clock,
    location: dbPath,
    sqlite,
    dbPath,
    async close() {
      // Transactions in flight finish first; the WAL descriptor is ours, not SQLite's (closing it never touches its locks).
      await sql.close();
      await wal.close();
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * drizzle wraps driver errors in DrizzleQueryError, whose message carries the SQL parameters (payment
 * data we do not want in logs) and whose `code` is missing. Callers get better-sqlite3's SqliteError
 * instead, with its stable code ('SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSY', …).
 */
export function unwrapQueryError(e: unknown): unknown {
  return e instanceof DrizzleQueryError && e.cause instanceof Error ? e.cause : e;
}

/** True for a UNIQUE or PRIMARY KEY violation, whether or not drizzle wrapped it. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (unwrapQueryError(e) as { code?: unknown } | null)?.code;
  // 23505: PostgreSQL's unique_violation.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
