// SqlExecutor over better-sqlite3: $n placeholders become named parameters (@pN), booleans 0/1; one transaction at a
// time on the connection (an async function between BEGIN and COMMIT must not let other callers' writes join it).
// One executor per connection and one connection per process: a second connection in the same thread would wait for
// the first's lock synchronously (busy_timeout) and block the event loop that has to commit it. Until every repository
// runs on the port, sync code on the same connection must not run while one of its transactions is open.
import type Database from 'better-sqlite3';
import type { SqlExecutor, SqlRow, SqlValue } from './executor.ts';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(db: Database.Database, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) {
    st = db.prepare(sql.replace(/\$(\d+)/g, '@p$1'));
    if (m.size < 500) m.set(sql, st);
  }
  return st;
}

function bind(params: readonly SqlValue[] = []): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  params.forEach((v, i) => (o[`p${i + 1}`] = typeof v === 'boolean' ? (v ? 1 : 0) : v));
  return o;
}

export function sqliteExecutor(db: Database.Database): SqlExecutor {
  /** The end of the transaction now running (or of the last one): the next waits for it. */
  let chain: Promise<unknown> = Promise.resolve();
  const direct = (inTx: boolean): SqlExecutor => {
    const self: SqlExecutor = {
      dialect: 'sqlite',
      async all<T extends SqlRow>(sql: string, params?: readonly SqlValue[]) {
        if (!inTx) await chain;
        const st = prepared(db, sql);
        return (st.reader ? st.all(bind(params)) : (st.run(bind(params)), [])) as T[];
      },
      async get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]) {
        return (await self.all<T>(sql, params))[0] as T | undefined;
      },
      async run(sql, params) {
        if (!inTx) await chain;
        return { changes: prepared(db, sql).run(bind(params)).changes };
      },
      transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        if (inTx) return fn(self);
        const run = async () => {
          db.prepare('BEGIN IMMEDIATE').run();
          try {
            const r = await fn(direct(true));
            db.prepare('COMMIT').run();
            return r;
          } catch (e) {
            if (db.inTransaction) db.prepare('ROLLBACK').run();
            throw e;
          }
        };
        const p = chain.then(run, run);
        chain = p.catch(() => undefined);
        return p;
      },
      async close() {
        await chain;
      },
    };
    return self;
  };
  return direct(false);
}
