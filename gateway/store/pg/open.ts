// Opens the PostgreSQL store's database (issue 7): a pg pool, drizzle over it, and the PostgreSQL migrations applied.
// The repositories still run on SQLite (gateway/store/*.ts); this is the schema's PostgreSQL half, tested for parity.
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as tables from './schema.ts';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface PgStore {
  pool: pg.Pool;
  db: ReturnType<typeof drizzle<typeof tables>>;
  close(): Promise<void>;
}

export async function openPgStore(url: string, onError: (e: Error) => void = () => undefined): Promise<PgStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server cuts (restart, failover) emits 'error' on the pool: unhandled, it would end the process.
  pool.on('error', onError);
  try {
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
    return { pool, db, close: () => pool.end() };
  } catch (e) {
    await pool.end();
    throw e;
  }
}
