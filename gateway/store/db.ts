// Opens the gateway's SQLite database: pragmas, migrations, and the durable commit that acknowledges a file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DrizzleQueryError } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { systemClock, type Clock } from '../core/clock.ts';
import { GatewayError } from '../core/errors.ts';
import { documents, events, files } from './schema.ts';
import type { Db } from './sql/executor.ts';
import { sqliteDb } from './sql/sqlite-db.ts';
import { walBarrier } from './sql/wal-barrier.ts';

const tables = { files, documents, events };
export type StoreDb = BetterSQLite3Database<typeof tables>;

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

export interface Store {
  /** The async SQL port the repositories move onto (issue 7): the same interface on PostgreSQL. */
  sql: Db;
  sqlite: Database.Database;
  db: StoreDb;
  clock: Clock;
  dbPath: string;
  /** Runs fn in an IMMEDIATE transaction committed with synchronous=FULL: use it for commits that acknowledge something. */
  durable<T>(fn: () => T): T;
  /**
   * Runs fn in a NORMAL transaction (shared with other calls of the same event-loop turn, each in its own
   * savepoint), then resolves once the WAL holding the commit is fsynced off the main thread. For
   * acknowledgements on the hot path (file intake).
   */
  durableAsync<T>(fn: () => T): Promise<T>;
  /** Resolves once everything committed so far is on disk (fdatasync of the WAL). */
  walBarrier(): Promise<void>;
  /** Runs fn in an IMMEDIATE transaction (synchronous=NORMAL); nested calls become savepoints of the outer one. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function openStore(opts: OpenStoreOptions): Store {
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
    const db = drizzle({ client: sqlite, schema: tables });
    // Migrations run before foreign_keys is switched on: drizzle-kit's table rebuilds rely on
    // `PRAGMA foreign_keys=OFF`, which is a no-op inside the migrator's transaction.
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    sqlite.pragma('foreign_keys = ON');
    return buildStore(sqlite, db, opts.clock ?? systemClock, dbPath);
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

function buildStore(sqlite: Database.Database, db: StoreDb, clock: Clock, dbPath: string): Store {
  let durableDepth = 0;

  function transaction<T>(fn: () => T): T {
    // IMMEDIATE takes the write lock up front, so a read-then-write never fails with SQLITE_BUSY mid-way
    // (busy_timeout only helps when the lock is requested at BEGIN). Nested: better-sqlite3 uses a savepoint.
    try {
      return sqlite.transaction(fn).immediate();
    } catch (e) {
      throw unwrapQueryError(e);
    }
  }

  /*
   * Why FULL for this one commit only (https://www.sqlite.org/pragma.html#pragma_synchronous):
   * in WAL mode, synchronous=NORMAL syncs the WAL only at checkpoints, so after a power loss the last
   * commits "might roll back" (the database stays consistent). synchronous=FULL syncs the WAL on every
   * commit, so that commit survives power loss. Because the WAL is one append-only file, that sync also
   * makes every earlier NORMAL commit durable: one FULL commit is a barrier for everything before it.
   * So ordinary writes stay cheap and the commit that acknowledges a received file pays one fsync.
   * SQLite refuses to change the safety level inside a transaction, hence it is switched around BEGIN/COMMIT.
   */
  function durable<T>(fn: () => T): T {
    if (durableDepth > 0) return transaction(fn); // joins the outer durable commit
    if (sqlite.inTransaction) {
      throw new GatewayError('BUG_UNEXPECTED', 'durable() inside a non-durable transaction: its commit would not be durable');
    }
    sqlite.pragma('synchronous = FULL');
    durableDepth++;
    try {
      return transaction(fn);
    } finally {
      durableDepth--;
      sqlite.pragma('synchronous = NORMAL');
    }
  }

  const wal = walBarrier(dbPath);
  const sql = sqliteDb(sqlite, clock, wal);
  const walBarrierNow = () => wal.barrier();

  type Pending = { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let pending: Pending[] | undefined;

  /*
   * Calls made in the same event-loop turn share one transaction (each in its own savepoint, so one that
   * throws rolls back alone): a commit rewrites the touched table and index pages into the WAL, and files
   * finishing together then pay for those pages once. Each caller resolves only after the WAL barrier.
   */
  function flushPending(): void {
    const items = pending ?? [];
    pending = undefined;
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    durableDepth++; // durable() calls inside join this transaction: the barrier makes it durable
    try {
      transaction(() => {
        for (const it of items) {
          try {
            results.push({ ok: true, value: transaction(it.fn) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (e) {
      for (const it of items) it.reject(e);
      return;
    } finally {
      durableDepth--;
    }
    walBarrierNow().then(
      () => items.forEach((it, i) => {
        const r = results[i]!;
        if (r.ok) it.resolve(r.value);
        else it.reject(r.error);
      }),
      (e: unknown) => items.forEach((it) => it.reject(e)),
    );
  }

  function durableAsync<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!pending) {
        pending = [];
        setImmediate(flushPending);
      }
      pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  return {
    sqlite,
    db,
    clock,
    dbPath,
    durable,
    durableAsync,
    walBarrier: walBarrierNow,
    transaction,
    sql,
    close() {
      void wal.close();
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
