// The Db port over node-postgres: a pool for single statements, one pooled connection per transaction, which first
// takes the store's write lock. bigint columns (milliseconds, counts) come back as numbers: every value the store keeps
// in them is below 2^53.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { GatewayError } from '../../core/errors.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db, SqlRow, SqlValue } from './executor.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${v} is beyond 2^53: read it as text`);
  return n;
});

/*
 * Why one write lock (pg_advisory_xact_lock) at the start of every transaction: the repositories read, check and
 * write inside a transaction the way SQLite's BEGIN IMMEDIATE lets them (one writer at a time, each seeing every
 * earlier commit). READ COMMITTED plus this lock gives the same serial order across machines without retrying a
 * serialization failure; statements outside a transaction stay concurrent. Taken before the first statement, so a
 * transaction never reads a snapshot older than the commit that ran before it.
 */
const WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('bankgate.store'))`;

type Queryable = Pick<pg.PoolClient, 'query'>;

/*
 * A statement on the outer Db from inside a transaction (a repository handed `store.sql` instead of `tx`) would run
 * outside it, and wait for it when it touches the same rows: refused as a bug, as on SQLite (sqlite-db.ts).
 */
const inside = new AsyncLocalStorage<{ open: boolean }>();
function outerCheck(): void {
  if (inside.getStore()?.open) throw new GatewayError('BUG_UNEXPECTED', 'the outer Db used inside one of its transactions: pass the transaction (tx) instead');
}

function statements(q: Queryable, outer: boolean) {
  const check = outer ? outerCheck : () => undefined;
  return {
    async all<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      check();
      return (await q.query(sql, params as unknown[])).rows as T[];
    },
    async get<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
      check();
      return (await q.query(sql, params as unknown[])).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
      check();
      return { changes: (await q.query(sql, params as unknown[])).rowCount ?? 0 };
    },
  };
}

export function pgDb(pool: pg.Pool, clock: Clock): Db {
  const txDb = (client: pg.PoolClient): Db => {
    let savepoints = 0;
    const self: Db = {
      dialect: 'postgres',
      clock,
      inTransaction: true,
      ...statements(client, false),
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        const name = `sp${++savepoints}`;
        await client.query(`SAVEPOINT ${name}`);
        try {
          const r = await fn(self);
          await client.query(`RELEASE SAVEPOINT ${name}`);
          return r;
        } catch (e) {
          await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
          throw e;
        } finally {
          savepoints--;
        }
      },
      durable: (fn) => self.transaction(fn),
      durableAsync: (fn) => self.transaction(fn),
      walBarrier: async () => undefined,
      close: async () => undefined,
    };
    return self;
  };

  async function transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    outerCheck();
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query(WRITE_LOCK);
      const mark = { open: true };
      const r = await inside.run(mark, () => fn(txDb(client))).finally(() => (mark.open = false));
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw e;
    } finally {
      // A connection that could not roll back is in an unknown state: destroy it instead of pooling it.
      client.release(broken);
    }
  }

  return {
    dialect: 'postgres',
    clock,
    inTransaction: false,
    ...statements(pool, true),
    transaction,
    durable: transaction,
    durableAsync: transaction,
    walBarrier: async () => undefined,
    close: () => pool.end(),
  };
}
