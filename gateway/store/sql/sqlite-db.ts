// The Db port over better-sqlite3: $n placeholders become positional ones (?), booleans 0/1, one transaction at a
// time on the connection, durable commits by synchronous=FULL or by a group commit and a WAL barrier.
import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Db, SqlRow, SqlValue } from './executor.ts';
import { groupCommit } from './group-commit.ts';
import type { WalBarrier } from './wal-barrier.ts';

/*
 * One Db per connection and one connection per process: a second connection in the same thread would wait for the
 * first's lock synchronously (busy_timeout) and block the event loop that has to commit it. Transactions queue on the
 * connection: an async function between BEGIN and COMMIT must not let other callers' statements join it, so a statement
 * outside a transaction runs at once only while none is open or queued, else after them. So code inside a transaction
 * must use its `tx`: the outer Db would wait for its own transaction (tests/static/tx-scope.test.ts finds such code;
 * a runtime guard through AsyncLocalStorage would slow every await of the process about 2x on Node 20).
 */
type Mode = 'plain' | 'durable' | 'group';

export function sqliteDb(sqlite: Database.Database, clock: Clock, wal: WalBarrier): Db {
  type Prepared = { st: Database.Statement; order: number[] };
  const statements = new Map<string, Prepared>();
  const prepared = (sql: string): Prepared => {
    let p = statements.get(sql);
    if (!p) {
      // $n → ?, bound by position (no object per call, unlike named parameters): `order` says which value each ? takes,
      // so $n used twice is one value and values no $n names are left out.
      const order: number[] = [];
      const st = sqlite.prepare(sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')));
      p = { st, order };
      if (statements.size < 2000) statements.set(sql, p);
    }
    return p;
  };
  const bind = (p: Prepared, params: readonly SqlValue[] = []): unknown[] =>
    p.order.map((i) => {
      const v = params[i];
      return typeof v === 'boolean' ? (v ? 1 : 0) : v;
    });
  const allNow = <T extends object>(sql: string, params?: readonly SqlValue[]): T[] => {
    const p = prepared(sql);
    return (p.st.reader ? p.st.all(...bind(p, params)) : (p.st.run(...bind(p, params)), [])) as T[];
  };
  const runNow = (sql: string, params?: readonly SqlValue[]) => {
    const p = prepared(sql);
    return { changes: p.st.run(...bind(p, params)).changes };
  };

  /** Transactions queued or running; the tail of their queue. */
  let open = 0;
  let tail: Promise<unknown> = Promise.resolve();
  let savepoints = 0;

  function enqueue<T>(mode: Mode, fn: (tx: Db) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (mode === 'durable') sqlite.pragma('synchronous = FULL');
      try {
        runNow('BEGIN IMMEDIATE');
        try {
          const r = await fn(txDb(mode));
          runNow('COMMIT');
          return r;
        } catch (e) {
          if (sqlite.inTransaction) runNow('ROLLBACK');
          throw e;
        }
      } finally {
        if (mode === 'durable') sqlite.pragma('synchronous = NORMAL');
      }
    };
    open++;
    const p = tail.then(run, run).finally(() => open--);
    tail = p.catch(() => undefined);
    return p;
  }

  // Calls of durableAsync made in the same event-loop turn: one commit, then one WAL barrier for all of them.
  const durableAsync = groupCommit((fn) => enqueue('group', fn), () => wal.barrier());


  function txDb(mode: Mode): Db {
    const self: Db = {
      dialect: 'sqlite',
      clock,
      inTransaction: true,
      all: async <T extends object>(sql: string, params?: readonly SqlValue[]) => allNow<T>(sql, params),
      get: async <T extends object>(sql: string, params?: readonly SqlValue[]) => allNow<T>(sql, params)[0] as T | undefined,
      run: async (sql, params) => runNow(sql, params),
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        const name = `sp${++savepoints}`;
        runNow(`SAVEPOINT ${name}`);
        try {
          const r = await fn(self);
          runNow(`RELEASE ${name}`);
          return r;
        } catch (e) {
          runNow(`ROLLBACK TO ${name}`);
          runNow(`RELEASE ${name}`);
          throw e;
        } finally {
          savepoints--;
        }
      },
      durable<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (mode === 'plain') return Promise.reject(new GatewayError('BUG_UNEXPECTED', 'durable() inside a non-durable transaction: its commit would not be durable'));
        return self.transaction(fn);
      },
      durableAsync<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        return self.durable(fn);
      },
      walBarrier: () => wal.barrier(),
      close: async () => undefined,
    };
    return self;
  }

  const root: Db = {
    dialect: 'sqlite',
    clock,
    inTransaction: false,
    async all<T extends object>(sql: string, params?: readonly SqlValue[]) {
      if (open > 0) await tail;
      return allNow<T>(sql, params);
    },
    async get<T extends object>(sql: string, params?: readonly SqlValue[]) {
      if (open > 0) await tail;
      return allNow<T>(sql, params)[0] as T | undefined;
    },
    async run(sql, params) {
      if (open > 0) await tail;
      return runNow(sql, params);
    },
    transaction: (fn) => enqueue('plain', fn),
    durable: (fn) => enqueue('durable', fn),
    durableAsync,
    walBarrier: () => wal.barrier(),
    async close() {
      await tail;
    },
  };
  return root;
}
