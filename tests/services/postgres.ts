// The real PostgreSQL the store's PostgreSQL tests run against (loopback only): found, or skipped with a printed reason
// (a failure under REQUIRE_SERVICES=1). Each test gets a database of its own, dropped afterwards.
// BANKGATE_TEST_PG_URL overrides the default postgres://postgres@127.0.0.1:5432/postgres (an admin connection).
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  return createDatabase('');
}

/**
 * A fresh database already migrated, cloned from a template database (CREATE DATABASE … TEMPLATE copies files: far
 * quicker than running the migrations for each test). The template's name carries a hash of the migrations, so a
 * changed schema gets a new one; test processes building it at once take turns on an advisory lock.
 */
export async function migratedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createDatabase(` TEMPLATE ${await migratedTemplate()}`);
}

async function createDatabase(options: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bgtest_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${options}`);
  } finally {
    await admin.end();
  }
  return { url: urlOf(name), drop: () => dropDatabase(name) };
}

function urlOf(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const a = new pg.Client({ connectionString: PG_ADMIN_URL });
  await a.connect();
  try {
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await a.end();
  }
}

let templateName: Promise<string> | undefined;
function migratedTemplate(): Promise<string> {
  templateName ??= (async () => {
    const dir = fileURLToPath(new URL('../../gateway/store/pg/migrations', import.meta.url));
    const hash = createHash('sha256');
    for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
      const p = join(dir, f);
      if (statSync(p).isFile()) hash.update(f).update(readFileSync(p));
    }
    const name = `bgtpl_${hash.digest('hex').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_advisory_lock(hashtext('bankgate.test-template'))`);
      const known = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      if (known.rowCount === 0) {
        const building = `${name}_build`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        const { openPgStore } = await import('../../gateway/store/pg/open.ts');
        const s = await openPgStore(urlOf(building));
        await s.close();
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
        // Templates of older schemas are no longer cloned by anyone.
        const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bgtpl\\_%' AND datname <> $1`, [name]);
        for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      }
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtext('bankgate.test-template'))`).catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  return templateName;
}
