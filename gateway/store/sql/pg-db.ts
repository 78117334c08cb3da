// The Db port over node-postgres: a pool for single statements, one pooled connection per transaction, which first
// takes the store's write lock. bigint columns (milliseconds, counts) come back as numbers: every value the store keeps
// in them is below 2^53.
import pg from 'pg';
import type { Clock } from '../../core/clock.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Db, SqlRow, SqlValue } from './executor.ts';
import { groupCommit } from './group-commit.ts';

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

function statements(q: Queryable) {
  return {
    async all<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      return (await q.query(sql, params as unknown[])).rows as T[];
    },
    async get<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
      return (await q.query(sql, params as unknown[])).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
      return { changes: (await q.query(sql, params as unknown[])).rowCount ?? 0 };
    },
  };
}

type Mode = 'plain' | 'durable';

/*
 * Durability as on SQLite (sqlite-db.ts): a plain transaction commits with synchronous_commit off (no wait for the WAL
 * flush; a crash may lose the last such commits, never corrupt or half-apply them: what SQLite's synchronous=NORMAL
 * gives), `durable` waits for the flush, and `durableAsync` calls of one event-loop turn share one durable commit, each
 * in its own savepoint. BEGIN, the setting and the lock go in one round trip.
 */
const BEGIN: Record<Mode, string> = {
  plain: `BEGIN; SET LOCAL synchronous_commit TO OFF; ${WRITE_LOCK}`,
  durable: `BEGIN; ${WRITE_LOCK}`,
};

export function pgDb(pool: pg.Pool, clock: Clock): Db {
  const txDb = (client: pg.PoolClient, mode: Mode): Db => {
    let savepoints = 0;
    const self: Db = {
      dialect: 'postgres',
      clock,
      inTransaction: true,
      ...statements(client),
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
      durable<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (mode === 'plain') return Promise.reject(new GatewayError('BUG_UNEXPECTED', 'durable() inside a non-durable transaction: its commit would not be durable'));
        return self.transaction(fn);
      },
      durableAsync: (fn) => self.durable(fn),
      walBarrier: async () => undefined,
      close: async () => undefined,
    };
    return self;
  };

  async function run<T>(mode: Mode, fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(BEGIN[mode]);
      const r = await fn(txDb(client, mode));
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

  const durableAsync = groupCommit((fn) => run('durable', fn));


  return {
    dialect: 'postgres',
    clock,
    inTransaction: false,
    ...statements(pool),
    transaction: (fn) => run('plain', fn),
    durable: (fn) => run('durable', fn),
    durableAsync,
    walBarrier: async () => undefined,
    close: () => pool.end(),
  };
}
