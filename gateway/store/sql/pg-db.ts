// The Db port over node-postgres: a pool for single statements, one pooled connection per transaction, which first
// takes the store's lock (exclusive, or shared for 'rows' transactions). bigint columns (milliseconds, counts) come back
// as numbers: every value the store keeps in them is below 2^53.
import pg from 'pg';
import type { Clock } from '../../core/clock.ts';
import { GatewayError } from '../../core/errors.ts';
import type { PreparedEvent } from '../audit.ts';
import { chainAndCommitSql } from './audit-log.ts';
import type { Db, SqlRow, SqlValue, TxOptions } from './executor.ts';
import { groupCommit } from './group-commit.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${v} is beyond 2^53: read it as text`);
  return n;
});

/*
 * Why a store lock at the start of every transaction: the repositories read, check and write inside a transaction the
 * way SQLite's BEGIN IMMEDIATE lets them (one writer at a time, each seeing every earlier commit). READ COMMITTED plus
 * this lock gives the same serial order across machines without retrying a serialization failure; statements outside
 * a transaction stay concurrent. Taken before the first statement, so a transaction never reads a snapshot older than
 * the commit that ran before it. The hot paths of the scale-out run as 'rows' transactions (executor.ts TxOptions):
 * they share the lock among themselves, lock the rows they decide on, and still wait for (and hold off) every 'store'
 * transaction, whose code keeps its single-writer assumption.
 */
const STORE_KEY = `hashtext('bankgate.store')`;
type Lock = NonNullable<TxOptions['lock']>;
const LOCK: Record<Lock, string> = {
  store: `SELECT pg_advisory_xact_lock(${STORE_KEY})`,
  rows: `SELECT pg_advisory_xact_lock_shared(${STORE_KEY})`,
};

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
 *
 * A durable transaction commits the same way and then waits for the flush outside it: a transaction of its own that
 * takes an id commits synchronously, and flushing the WAL up to its commit record flushes ours, written before it.
 * So its locks (the store's, its rows', the audit chain's end) are not held while the disk syncs, and durable commits
 * of several connections share PostgreSQL's flushes.
 */
const begin = (lock: Lock) => `BEGIN; SET LOCAL synchronous_commit TO OFF; ${LOCK[lock]}`;
const WAIT_FOR_FLUSH = 'SELECT txid_current()';

/** Deadlock detected, serialization failure: the transaction is run again (its function touches only the database). */
const RETRY = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

/*
 * The audit events of a transaction are chained in its commit's message (events_append, pg migration 0004): the one
 * lock every writer shares, the chain's end, is taken and released inside the server, never held while this process
 * is busy with other work. Everything goes in one round trip.
 */
async function commit(client: pg.PoolClient, mode: Mode, events: readonly PreparedEvent[]): Promise<void> {
  const text = events.length > 0 ? chainAndCommitSql(events, (s) => client.escapeLiteral(s)) : 'COMMIT';
  await client.query(mode === 'durable' ? `${text}; ${WAIT_FOR_FLUSH}` : text);
}

export function pgDb(pool: pg.Pool, clock: Clock): Db {
  const txDb = (client: pg.PoolClient, mode: Mode, lock: Lock, events: PreparedEvent[]): Db => {
    let savepoints = 0;
    const self: Db = {
      dialect: 'postgres',
      clock,
      inTransaction: true,
      ...statements(client),
      async transaction<T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T> {
        if (lock === 'rows' && (opts?.lock ?? 'store') === 'store') {
          throw new GatewayError('BUG_UNEXPECTED', "a 'store' transaction inside a 'rows' one: it would not have the store to itself");
        }
        const name = `sp${++savepoints}`;
        const mark = events.length;
        await client.query(`SAVEPOINT ${name}`);
        try {
          const r = await fn(self);
          await client.query(`RELEASE SAVEPOINT ${name}`);
          return r;
        } catch (e) {
          await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
          events.length = mark; // the savepoint's events roll back with it
          throw e;
        } finally {
          savepoints--;
        }
      },
      durable<T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T> {
        if (mode === 'plain') return Promise.reject(new GatewayError('BUG_UNEXPECTED', 'durable() inside a non-durable transaction: its commit would not be durable'));
        return self.transaction(fn, opts);
      },
      durableAsync: (fn, opts) => self.durable(fn, opts),
      walBarrier: async () => undefined,
      deferEvent: (ev) => void events.push(ev),
      close: async () => undefined,
    };
    return self;
  };

  async function run<T>(mode: Mode, fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T> {
    const lock = opts?.lock ?? 'store';
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(begin(lock));
        const events: PreparedEvent[] = [];
        const r = await fn(txDb(client, mode, lock, events));
        await commit(client, mode, events);
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        const code = (e as { code?: unknown }).code;
        if (attempt < ATTEMPTS && typeof code === 'string' && RETRY.has(code)) continue;
        throw e;
      } finally {
        // A connection that could not roll back is in an unknown state: destroy it instead of pooling it.
        client.release(broken);
      }
    }
  }

  const durableAsync = groupCommit((fn, opts) => run('durable', fn, opts));

  return {
    dialect: 'postgres',
    clock,
    inTransaction: false,
    ...statements(pool),
    transaction: (fn, opts) => run('plain', fn, opts),
    durable: (fn, opts) => run('durable', fn, opts),
    durableAsync,
    walBarrier: async () => undefined,
    close: () => pool.end(),
  };
}
