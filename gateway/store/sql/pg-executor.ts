// SqlExecutor over node-postgres: a pool for single statements, one pooled connection per transaction. bigint columns
// (milliseconds, counts) come back as numbers: every value the store keeps in them is below 2^53.
import pg from 'pg';
import type { SqlExecutor, SqlRow, SqlValue } from './executor.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${v} is beyond 2^53: read it as text`);
  return n;
});

type Queryable = Pick<pg.Pool, 'query'>;

function over(q: Queryable, transaction: SqlExecutor['transaction'], close: () => Promise<void>): SqlExecutor {
  const self: SqlExecutor = {
    dialect: 'postgres',
    async all<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) {
      return (await q.query(sql, params as unknown[])).rows as T[];
    },
    async get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]) {
      return (await self.all<T>(sql, params))[0] as T | undefined;
    },
    async run(sql, params = []) {
      return { changes: (await q.query(sql, params as unknown[])).rowCount ?? 0 };
    },
    transaction,
    close,
  };
  return self;
}

export function pgExecutor(pool: pg.Pool): SqlExecutor {
  return over(
    pool,
    async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: SqlExecutor = over(client, (inner) => inner(tx), async () => undefined);
        const r = await fn(tx);
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    () => pool.end(),
  );
}
