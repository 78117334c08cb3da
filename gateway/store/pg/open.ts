// Opens the PostgreSQL store's database (issue 7): a pg pool, drizzle over it, and the PostgreSQL migrations applied.
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Store } from '../db.ts';
import { pgDb } from '../sql/pg-db.ts';
import * as tables from './schema.ts';
import { GatewayError } from '../../core/errors.ts';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/** The PostgreSQL store: the gateway's Store, plus its pool and drizzle (schema tests). */
export interface PgStore extends Store {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  readonly db: ReturnType<typeof drizzle<typeof tables>>;
  /** The connection url with its password: for a thread's own connection (audit verification), never for a log. */
  readonly url: string;
}

export interface OpenPgOptions {
  clock?: Clock;
  /** Pool size (default 10). */
  max?: number;
  /** Errors of idle pooled connections (server restart, failover). */
  onError?: (e: Error) => void;
}

export async function openPgStore(url: string, opts: OpenPgOptions = {}): Promise<PgStore> {
  const onError = opts.onError ?? (() => undefined);
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle connection the server cuts (restart, failover) emits 'error' on the pool: unhandled, it would end the process.
  pool.on('error', onError);
  try {
    await checkCollation(pool, url);
    const db = drizzle({ client: pool, schema: tables });
    // drizzle's migrator takes no lock of its own: two processes starting at once are serialised here.
    const client = await pool.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext('bankgate.migrate'))`);
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('bankgate.migrate'))`).catch(() => undefined);
      client.release();
    }
    const clock = opts.clock ?? systemClock;
    const sql = pgDb(pool, clock);
    return { dialect: 'postgres', pool, db, sql, clock, url, location: withoutPassword(url), close: () => sql.close() };
  } catch (e) {
    await pool.end();
    throw e;
  }
}

/*
 * Ids and keys are compared as text (keyset pages `id < $cursor`, key ranges 'status:<id>:' … 'status:<id>;'), and
 * SQLite compares them byte by byte. A linguistic collation (en_US.UTF-8, ru_RU.UTF-8) orders punctuation and case
 * differently, so pages would skip or repeat rows: the database must use C (or C.UTF-8 / POSIX).
 */
async function checkCollation(pool: pg.Pool, url: string): Promise<void> {
  // PostgreSQL 15+ may take the default collation from ICU (datlocprovider 'i'), whatever datcollate says.
  const r = await pool.query<{ datcollate: string; provider: string | null; icu: string | null; encoding: string }>(
    `SELECT datcollate, to_jsonb(d) ->> 'datlocprovider' AS provider, to_jsonb(d) ->> 'daticulocale' AS icu, pg_encoding_to_char(encoding) AS encoding FROM pg_database d WHERE datname = current_database()`,
  );
  const row = r.rows[0];
  const collate = row?.provider === 'i' ? `ICU ${row.icu ?? '?'}` : (row?.datcollate ?? '');
  // UTF-8 also because the audit chain hashes its texts as UTF-8 inside the server (pg migration 0004).
  if (!/^(C|POSIX|C\.UTF-?8)$/i.test(collate) || row?.encoding !== 'UTF8') {
    const name = new URL(url).pathname.slice(1) || 'bankgate';
    throw new GatewayError(
      'CFG_INVALID',
      `PostgreSQL database '${name}' uses collation '${collate}' and encoding ${row?.encoding ?? '?'}: bankgate needs byte order (C) and UTF8. Create it with ` +
        `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
  }
}

/** The URL for messages: never its password. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
