// Opening the PostgreSQL store: a database whose default collation is not byte order is refused with the statement that
// makes a right one (ids and keys are compared as text); two processes starting at once both find the schema migrated.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgStore } from '../../gateway/store/pg/open.ts';
import { PG_ADMIN_URL, postgresAvailable, tempDatabase } from '../services/postgres.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.skipIf(!postgresAvailable)('opening the PostgreSQL store', () => {
  it('refuses a database sorted by a language collation (ICU), naming the way to create a right one', async () => {
    const name = `bgtest_icu_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    await expect(openPgStore(u.toString())).rejects.toMatchObject({ code: 'CFG_INVALID', message: expect.stringMatching(/ICU en-US.*LC_COLLATE 'C\.UTF-8'/s) });
  });

  it('two processes opening a fresh database at once: one migrates, both work', async () => {
    const db = await tempDatabase();
    cleanups.push(db.drop);
    const [a, b] = await Promise.all([openPgStore(db.url), openPgStore(db.url)]);
    cleanups.push(() => a.close(), () => b.close());
    expect(await a.sql.get<{ n: number }>('SELECT count(*) AS n FROM files')).toEqual({ n: 0 });
    expect(await b.sql.get<{ n: number }>('SELECT count(*) AS n FROM events')).toEqual({ n: 0 });
    expect(a.location).toBe(db.url);
  });
});
