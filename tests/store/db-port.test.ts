// The Db port's transaction rules, the same on SQLite and PostgreSQL: one writer at a time (read-check-write inside a
// transaction is safe), nested calls are savepoints, durable() refuses to hide in a plain transaction, and durableAsync
// calls of one turn share a commit in which a failing call rolls back alone.
import { expect, it } from 'vitest';
import { describeEachDialect } from './dialects.ts';

const row = (id: string) => [id, 'm', id, `claim-${id}`, id.padEnd(64, '0'), 1, 'received', 1, 1];
const INSERT = `INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const ids = async (db: { all<T extends object>(sql: string): Promise<T[]> }) => (await db.all<{ id: string }>('SELECT id FROM files ORDER BY id')).map((r) => r.id);

describeEachDialect('Db port transactions', (open) => {
  it('serialises read-check-write: 20 concurrent increments of one row end at 20', async () => {
    const { db } = await open();
    await db.run(INSERT, row('A'));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { size } = (await tx.get<{ size: number }>(`SELECT size FROM files WHERE id = 'A'`))!;
          await new Promise((r) => setTimeout(r, 1));
          await tx.run(`UPDATE files SET size = $1 WHERE id = 'A'`, [size + 1]);
        }),
      ),
    );
    expect(await db.get(`SELECT size FROM files WHERE id = 'A'`)).toEqual({ size: 21 });
  });

  it('a nested call is a savepoint: its failure rolls back only its own writes, and the outer one goes on', async () => {
    const { db } = await open();
    await db.transaction(async (tx) => {
      await tx.run(INSERT, row('A'));
      await expect(
        tx.transaction(async (sp) => {
          await sp.run(INSERT, row('B'));
          await sp.run(INSERT, row('A')); // duplicate id: fails
        }),
      ).rejects.toThrow();
      await tx.run(INSERT, row('C'));
    });
    expect(await ids(db)).toEqual(['A', 'C']);
  });

  it('durable() inside a plain transaction is refused; inside a durable one it joins', async () => {
    const { db } = await open();
    await expect(db.transaction((tx) => tx.durable(async () => 1))).rejects.toThrow(/non-durable transaction/);
    await expect(db.durable((tx) => tx.durable(async (t) => (await t.run(INSERT, row('A'))).changes))).resolves.toBe(1);
    expect(await ids(db)).toEqual(['A']);
  });

  it('durableAsync calls of one turn: each resolves with its own result, a failing one rolls back alone', async () => {
    const { db } = await open();
    const results = await Promise.allSettled([
      db.durableAsync(async (tx) => (await tx.run(INSERT, row('A'))).changes),
      db.durableAsync(async (tx) => {
        await tx.run(INSERT, row('B'));
        throw new Error('after the insert');
      }),
      db.durableAsync(async (tx) => (await tx.run(INSERT, row('C'))).changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids(db)).toEqual(['A', 'C']);
  });
});
