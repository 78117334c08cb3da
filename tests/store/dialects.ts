// Runs a repository suite on both stores: SQLite (a temp folder) and the real PostgreSQL on loopback (a fresh migrated
// database per test). The PostgreSQL half skips with the printed reason where none answers (REQUIRE_SERVICES=1 fails).
import { afterEach, describe } from 'vitest';
import { createFixedClock } from '../../gateway/core/clock.ts';
import { openPgStore } from '../../gateway/store/pg/open.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { migratedDatabase, postgresAvailable } from '../services/postgres.ts';
import { tempStore } from './helpers.ts';

export type FixedClock = ReturnType<typeof createFixedClock>;
export interface TestDb {
  db: Db;
  clock: FixedClock;
  dialect: Db['dialect'];
}

/** The same start as tempStore's clock. */
export const TEST_START = Date.UTC(2025, 0, 15, 9, 0, 0);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export async function openSqliteTestDb(): Promise<TestDb> {
  const store = tempStore();
  return { db: store.sql, clock: store.clock, dialect: 'sqlite' };
}

export async function openPgTestDb(): Promise<TestDb> {
  const clock = createFixedClock(TEST_START);
  const database = await migratedDatabase();
  cleanups.push(database.drop);
  const s = await openPgStore(database.url, { clock, max: 4 });
  cleanups.push(() => s.close());
  return { db: s.sql, clock, dialect: 'postgres' };
}

/**
 * describe(`${title} (sqlite)`) and describe(`${title} (postgres)`) around the same suite; `open` gives each test its
 * own empty store.
 */
export function describeEachDialect(title: string, suite: (open: () => Promise<TestDb>) => void): void {
  describe(`${title} (sqlite)`, () => suite(openSqliteTestDb));
  describe.skipIf(!postgresAvailable)(`${title} (postgres)`, () => suite(openPgTestDb));
}
