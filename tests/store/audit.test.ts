// Audit chain on SQLite and PostgreSQL: hashes as specified, verifies with a count, and shows edits, deletions and
// forged inserts; the triggers refuse UPDATE, DELETE and an insert that does not extend the chain.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, nextEventRow, type NewEvent } from '../../gateway/store/audit.ts';
import { canonicalJson } from '../../gateway/store/canonical-json.ts';
import { appendEvent, appendEventTx, auditHead, listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { Db, SqlValue } from '../../gateway/store/sql/executor.ts';
import { describeEachDialect } from './dialects.ts';

const COLS = 'at, entity_type, entity_id, type, actor, data_json, prev_hash, hash';
const event = (i: number): NewEvent => ({ entityType: 'file', entityId: `F${i}`, type: 'file.received', actor: 'system', at: 1_700_000_000_000 + i, data: { i, amount: BigInt(i) * 10n ** 18n } });

/** n events appended in one transaction. */
async function withEvents(db: Db, n: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 1; i <= n; i++) await appendEventTx(tx, event(i));
  });
}

/** n events written in multi-row inserts (a long chain without a round trip per row); the insert trigger checks each. */
async function bulkEvents(db: Db, n: number): Promise<void> {
  let last: { seq: number; hash: string } | undefined;
  await db.transaction(async (tx) => {
    for (let from = 1; from <= n; from += 500) {
      const values: string[] = [];
      const params: SqlValue[] = [];
      for (let i = from; i < Math.min(from + 500, n + 1); i++) {
        const row = nextEventRow(last, event(i));
        values.push(`(${row.map((v) => `$${params.push(v)}`).join(', ')})`);
        last = { seq: row[0], hash: row[8] };
      }
      await tx.run(`INSERT INTO events (seq, ${COLS}) VALUES ${values.join(', ')}`, params);
    }
  });
}

/** Switches an append-only trigger off, as someone with the database's files (SQLite) or superuser (PostgreSQL) could. */
async function dropGuard(db: Db, trigger: 'events_no_update' | 'events_no_delete'): Promise<void> {
  await db.run(db.dialect === 'postgres' ? `ALTER TABLE events DISABLE TRIGGER ${trigger}` : `DROP TRIGGER ${trigger}`);
}

describe('canonicalJson', () => {
  it('sorts keys recursively, drops whitespace, NFC-normalises, writes bigints as strings', () => {
    const decomposed = 'Ka\u0301zakh'; // 'á' as a + combining acute
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: decomposed, c: 12345678901234567890n, u: undefined, t: true })).toBe(
      `{"a":"K\u00e1zakh","b":[3,{"a":null,"z":1}],"c":"12345678901234567890","t":true}`,
    );
    expect(canonicalJson({ 'e\u0301': 1 })).toBe(canonicalJson({ '\u00e9': 1 }));
  });

  it('refuses values JSON would silently change', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ x: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ 'e\u0301': 1, '\u00e9': 2 })).toThrow(TypeError);
  });
});

describeEachDialect('audit log', (open) => {
  describe('appendEvent', () => {
    it('chains from 64 zeros with hash = SHA-256(prev_hash + canonical row)', async () => {
      const { db } = await open();
      const e1 = await appendEvent(db, { entityType: 'system', entityId: 'gateway', type: 'system.started', actor: 'system', at: 1000, data: { v: '0.1.0' } });
      const e2 = await appendEvent(db, { entityType: 'file', entityId: 'F1', type: 'file.received', actor: 'ops.user', at: 2000, data: { size: 5n, name: 'Төлем.txt' } });
      expect([e1.seq, e2.seq]).toEqual([1, 2]);

      const expected1 = createHash('sha256')
        .update(GENESIS_HASH + canonicalJson({ seq: 1, at: 1000, entityType: 'system', entityId: 'gateway', type: 'system.started', actor: 'system', data: { v: '0.1.0' } }))
        .digest('hex');
      expect(e1.hash).toBe(expected1);
      const expected2 = createHash('sha256')
        .update(expected1 + canonicalJson({ seq: 2, at: 2000, entityType: 'file', entityId: 'F1', type: 'file.received', actor: 'ops.user', data: { size: 5n, name: 'Төлем.txt' } }))
        .digest('hex');
      expect(e2.hash).toBe(expected2);

      const stored = await listEntityEvents(db, 'file', 'F1');
      expect(stored).toEqual([{ seq: 2, at: 2000, entityType: 'file', entityId: 'F1', type: 'file.received', actor: 'ops.user', prevHash: expected1, hash: expected2, data: { size: '5', name: 'Төлем.txt' } }]);
      expect(await listEntityEvents(db, 'file', 'F2')).toEqual([]);
      expect(await auditHead(db)).toEqual({ seq: 2, hash: expected2 });
    });

    it('without a time, takes the current one', async () => {
      const { db } = await open();
      const before = Date.now();
      const e = await appendEvent(db, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
      expect(e.at).toBeGreaterThanOrEqual(before);
      expect(e.at).toBeLessThanOrEqual(Date.now());
    });

    it('refuses a time that is not integer milliseconds', async () => {
      const { db } = await open();
      await expect(appendEvent(db, { entityType: 'system', entityId: 's', type: 't', actor: 'system', at: 1.5 })).rejects.toMatchObject({ code: 'BUG_UNEXPECTED' });
      expect(await auditHead(db)).toEqual({ seq: 0, hash: GENESIS_HASH });
    });

    it('a failed transaction leaves no event and no hole', async () => {
      const { db } = await open();
      await appendEvent(db, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
      await expect(
        db.transaction(async (tx) => {
          await appendEventTx(tx, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await appendEvent(db, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
      expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 2 });
    });

    it('a rolled-back savepoint takes its event back and the chain goes on from the one before', async () => {
      const { db } = await open();
      await db.transaction(async (tx) => {
        await appendEventTx(tx, event(1));
        await expect(
          tx.transaction(async (sp) => {
            await appendEventTx(sp, event(2));
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        await appendEventTx(tx, event(3));
      });
      expect((await listEntityEvents(db, 'file', 'F3')).map((e) => e.seq)).toEqual([2]);
      expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 2 });
    });
  });

  describe('verifyAudit', () => {
    it('is OK with the count and the head hash, in pages of any size', async () => {
      const { db } = await open();
      await withEvents(db, 25);
      const head = await auditHead(db);
      expect(head.seq).toBe(25);
      expect(await verifyAudit(db)).toEqual({ ok: true, count: 25, lastHash: head.hash });
      expect(await verifyAudit(db, 5)).toEqual({ ok: true, count: 25, lastHash: head.hash }); // a full last page
      expect(await verifyAudit(db, 7)).toEqual({ ok: true, count: 25, lastHash: head.hash });
    });

    it('an empty log verifies', async () => {
      const { db } = await open();
      expect(await verifyAudit(db)).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
      expect(await auditHead(db)).toEqual({ seq: 0, hash: GENESIS_HASH });
    });

    it('triggers refuse UPDATE and DELETE', async () => {
      const { db } = await open();
      await withEvents(db, 3);
      await expect(db.run(`UPDATE events SET actor = 'someone' WHERE seq = 2`)).rejects.toThrow(/append-only/);
      await expect(db.run('DELETE FROM events WHERE seq = 3')).rejects.toThrow(/append-only/);
      expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 3 });
    });

    it('the insert trigger refuses a row that does not extend the chain', async () => {
      const { db } = await open();
      await withEvents(db, 3);
      const head = await auditHead(db);
      const ins = (seq: number | null, prev: string) =>
        db.run(`INSERT INTO events (seq, ${COLS}) VALUES ($1, 1, 'system', 'x', 't', 'a', '{}', $2, $3)`, [seq, prev, 'f'.repeat(64)]);
      await expect(ins(5, head.hash)).rejects.toThrow(/extend the chain/); // gap
      await expect(ins(4, 'e'.repeat(64))).rejects.toThrow(/extend the chain/); // wrong link
      await expect(ins(null, head.hash)).rejects.toThrow(/extend the chain/); // let the database pick
      expect(await auditHead(db)).toEqual(head);
    });

    it('an edited row (trigger switched off by someone with DB access) is caught at that seq', async () => {
      const { db } = await open();
      await withEvents(db, 6);
      await dropGuard(db, 'events_no_update');
      await db.run(`UPDATE events SET data_json = '{"amount":"1","i":3}' WHERE seq = 3`);
      expect(await verifyAudit(db)).toMatchObject({ ok: false, count: 2, firstBad: { seq: 3, reason: 'hash-mismatch' } });
    });

    it('an edit with a recomputed hash breaks the link of the next row', async () => {
      const { db } = await open();
      await withEvents(db, 6);
      await dropGuard(db, 'events_no_update');
      const row = (await db.get<{ at: number; entityType: 'file'; entityId: string; type: string; actor: string; prevHash: string }>(
        `SELECT at, entity_type AS "entityType", entity_id AS "entityId", type, actor, prev_hash AS "prevHash" FROM events WHERE seq = 3`,
      ))!;
      const data = { i: 3, amount: '1' };
      const forged = createHash('sha256')
        .update(row.prevHash + canonicalJson({ seq: 3, at: row.at, entityType: row.entityType, entityId: row.entityId, type: row.type, actor: row.actor, data }))
        .digest('hex');
      await db.run('UPDATE events SET data_json = $1, hash = $2 WHERE seq = 3', [canonicalJson(data), forged]);
      expect(await verifyAudit(db)).toMatchObject({ ok: false, count: 3, firstBad: { seq: 4, reason: 'prev-hash-mismatch' } });
    });

    it('a deleted row shows as a gap in seq', async () => {
      const { db } = await open();
      await withEvents(db, 6);
      await dropGuard(db, 'events_no_delete');
      await db.run('DELETE FROM events WHERE seq = 4');
      expect(await verifyAudit(db)).toMatchObject({ ok: false, count: 3, firstBad: { seq: 4, reason: 'seq-gap' } });
    });

    it('a deleted first row shows as a gap at seq 1', async () => {
      const { db } = await open();
      await withEvents(db, 3);
      await dropGuard(db, 'events_no_delete');
      await db.run('DELETE FROM events WHERE seq = 1');
      expect(await verifyAudit(db)).toMatchObject({ ok: false, count: 0, firstBad: { seq: 1, reason: 'seq-gap' } });
    });

    it('two rows swapped (reordered) are caught at the first of them', async () => {
      const { db } = await open();
      await withEvents(db, 5);
      await dropGuard(db, 'events_no_update');
      const read = async (seq: number) => Object.values((await db.get(`SELECT ${COLS} FROM events WHERE seq = $1`, [seq]))!) as SqlValue[];
      const r2 = await read(2);
      const r3 = await read(3);
      const set = (values: SqlValue[], seq: number) => db.run(`UPDATE events SET (${COLS}) = ($1, $2, $3, $4, $5, $6, $7, $8) WHERE seq = $9`, [...values, seq]);
      await set(r3, 2);
      await set(r2, 3);
      expect(await verifyAudit(db)).toMatchObject({ ok: false, count: 1, firstBad: { seq: 2, reason: 'prev-hash-mismatch' } });
    });

    it('walks a long chain (20 000 rows) in bounded pages in reasonable time', async () => {
      const { db } = await open();
      await bulkEvents(db, 20_000);
      const t = performance.now();
      expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 20_000, lastHash: (await auditHead(db)).hash });
      expect(performance.now() - t).toBeLessThan(5_000);
    }, 30_000);
  });
});
