// Opens the sandbox bank's own SQLite (dataDir/sandbox.db): WAL, foreign keys, migrations by PRAGMA user_version.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type SandboxDb = Database.Database;

export const SANDBOX_DB_FILE = 'sandbox.db';

export function openSandboxDb(dataDir: string): SandboxDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SANDBOX_DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    // A bank's books: an acknowledged document must survive a power cut (reliability-security.md 4).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v]!);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

const statements = new WeakMap<SandboxDb, Map<string, Database.Statement>>();

/** The statement for this SQL on this connection, prepared once: the bank's hot paths run a few queries thousands of times. */
export function prepared(db: SandboxDb, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}

/** Runs fn in an IMMEDIATE transaction (the write lock first: read-then-write never fails half-way). */
export function tx<T>(db: SandboxDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}

export function getMeta(db: SandboxDb, key: string): string | null {
  const row = prepared(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: SandboxDb, key: string, value: string): void {
  prepared(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
