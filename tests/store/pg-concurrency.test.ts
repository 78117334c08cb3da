// PostgreSQL writers side by side (issue 7, scale-out): 'rows' transactions run together while a 'store' one waits for
// them, a 'store' transaction inside a 'rows' one is refused, a deadlock between two 'rows' transactions is retried
// into two commits, and audit events deferred to the commit chain exactly as the SQLite store would (any text, savepoint
// rollbacks included), against the real PostgreSQL on loopback.
import { describe, expect, it } from 'vitest';
import { appendEventTx, auditHead, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { ROWS, type Db } from '../../gateway/store/sql/executor.ts';
import { linkEvent, prepareEvent, type NewEvent } from '../../gateway/store/audit.ts';
import { postgresAvailable } from '../services/postgres.ts';
import { openPgTestDb, openSqliteTestDb } from './dialects.ts';

const row = (id: string) => [id, 'm', id, `claim-${id}`, id.padEnd(64, '0'), 1, 'received', 1, 1];
const INSERT = `INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and its resolver: one transaction waits inside until the test lets it go on. */
function gate(): { open: () => void; passed: Promise<void> } {
  let open!: () => void;
  const passed = new Promise<void>((r) => (open = r));
  return { open, passed };
}

const tricky: NewEvent[] = [
  { entityType: 'document', entityId: "O'Brien\\x", type: 'document.note', actor: 'бухгалтер', at: 1, data: { text: 'Қазақстан "кавычки" \\ \u2028 😀', n: 1n } },
  // NFD on the way in: the chain hashes the NFC form, as on SQLite.
  { entityType: 'file', entityId: 'Й'.normalize('NFD'), type: 'file.received', actor: 'system', at: 2, data: { name: 'Ә'.normalize('NFD') } },
  { entityType: 'system', entityId: 'x', type: 'system.empty', actor: 'system', at: 3 },
];

describe.runIf(postgresAvailable)('PostgreSQL: writers side by side', () => {
  it("'rows' transactions run together; a 'store' transaction waits until they end", async () => {
    const { db } = await openPgTestDb();
    const hold = gate();
    const entered = gate();
    const first = db.transaction(async (tx) => {
      await tx.run(INSERT, row('A'));
      entered.open();
      await hold.passed;
    }, ROWS);
    await entered.passed;
    // A second 'rows' transaction commits while the first is still open.
    await db.transaction((tx) => tx.run(INSERT, row('B')), ROWS);
    let storeDone = false;
    const store = db.transaction((tx) => tx.run(INSERT, row('C'))).then(() => (storeDone = true));
    await sleep(200);
    expect(storeDone).toBe(false);
    hold.open();
    await Promise.all([first, store]);
    expect((await db.all<{ id: string }>('SELECT id FROM files ORDER BY id')).map((r) => r.id)).toEqual(['A', 'B', 'C']);
  });

  it("a 'store' transaction (or savepoint) inside a 'rows' one is a bug; 'rows' inside 'store' joins it", async () => {
    const { db } = await openPgTestDb();
    await expect(db.transaction((tx) => tx.transaction(async () => 1), ROWS)).rejects.toThrow(/'store' transaction inside a 'rows' one/);
    await expect(db.transaction((tx) => tx.transaction(async () => 2, ROWS))).resolves.toBe(2);
  });

  it('two rows transactions that lock in opposite order: the deadlock is retried and both commit once', async () => {
    const { db } = await openPgTestDb();
    await db.run(INSERT, row('A'));
    await db.run(INSERT, row('B'));
    const both = gate();
    let ready = 0;
    let runs = 0;
    const lockBoth = (a: string, b: string) =>
      db.transaction(async (tx) => {
        runs++;
        await tx.run(`UPDATE files SET size = size + 1 WHERE id = $1`, [a]);
        if (++ready === 2) both.open();
        await both.passed; // each holds its first row before asking for the other's
        await tx.run(`UPDATE files SET size = size + 10 WHERE id = $1`, [b]);
      }, ROWS);
    await Promise.all([lockBoth('A', 'B'), lockBoth('B', 'A')]);
    expect(runs).toBe(3); // the victim ran again
    expect(await db.all(`SELECT id, size FROM files ORDER BY id`)).toEqual([
      { id: 'A', size: 12 },
      { id: 'B', size: 12 },
    ]);
  });

  it('audit events chain at the commit exactly as SQLite chains them; a rolled-back savepoint takes its events along', async () => {
    const pg = await openPgTestDb();
    const lite = await openSqliteTestDb();
    const write = async (db: Db) => {
      await db.transaction(async (tx) => {
        await appendEventTx(tx, tricky[0]!);
        await expect(
          tx.transaction(async (sp) => {
            await appendEventTx(sp, { ...tricky[2]!, type: 'system.rolled-back' });
            throw new Error('savepoint fails');
          }),
        ).rejects.toThrow('savepoint fails');
        await appendEventTx(tx, tricky[1]!);
      });
      await db.durable((tx) => appendEventTx(tx, tricky[2]!));
      await Promise.all([db.durableAsync((tx) => appendEventTx(tx, { ...tricky[2]!, at: 4 })), db.durableAsync((tx) => appendEventTx(tx, { ...tricky[2]!, at: 5 }), ROWS)]);
    };
    await write(pg.db);
    await write(lite.db);
    expect(await verifyAudit(pg.db)).toMatchObject({ ok: true, count: 5 });
    const rows = (db: Db) => db.all(`SELECT seq, at, entity_type, entity_id, type, actor, data_json, prev_hash, hash FROM events ORDER BY seq`);
    const pgRows = await rows(pg.db);
    expect(pgRows).toEqual(await rows(lite.db));
    // And as the chain's own code computes it.
    let last: { seq: number; hash: string } | undefined;
    for (const ev of [tricky[0]!, tricky[1]!, tricky[2]!, { ...tricky[2]!, at: 4 }, { ...tricky[2]!, at: 5 }]) {
      const r = linkEvent(last, prepareEvent(ev));
      last = { seq: r[0], hash: r[8] };
    }
    expect(await auditHead(pg.db)).toEqual(last);
  });

  it('a transaction whose chain insert fails commits nothing', async () => {
    const { db } = await openPgTestDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.run(INSERT, row('A'));
        await appendEventTx(tx, { entityType: 'file', entityId: 'A', type: 'file.received', actor: 'system', at: 1.5 });
      }),
    ).rejects.toThrow(/integer ms/);
    await expect(
      db.transaction(async (tx) => {
        await tx.run(INSERT, row('B'));
        // PostgreSQL text holds no NUL character: the chain insert in the commit's message fails, the file row goes with it.
        await appendEventTx(tx, { entityType: 'file', entityId: 'B\u0000', type: 'file.received', actor: 'system', at: 1 });
      }),
    ).rejects.toThrow();
    expect(await db.all('SELECT id FROM files')).toEqual([]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 0 });
  });
});
