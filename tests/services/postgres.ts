// The real PostgreSQL the store's PostgreSQL tests run against (loopback only): found, or skipped with a printed reason
// (a failure under REQUIRE_SERVICES=1). Each test gets a database of its own, dropped afterwards.
// BANKGATE_TEST_PG_URL overrides the default postgres://postgres@127.0.0.1:5432/postgres (an admin connection).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requirePart } from '../signer/providers/require.ts';

export const PG_ADMIN_URL = process.env['BANKGATE_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return `no PostgreSQL at ${PG_ADMIN_URL} (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const problem = await probe();
export const postgresAvailable = requirePart('postgresql', problem === null, problem ?? '');

/** A fresh database; returns its URL and a drop function. */
export async function tempDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bgtest_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
