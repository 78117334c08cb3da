// Audit chain: hashes as specified, verifies with a count, and shows edits, deletions and forged inserts.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendEvent, auditHead, GENESIS_HASH, listEntityEvents, verifyAudit } from '../../gateway/store/audit.ts';
import { canonicalJson } from '../../gateway/store/canonical-json.ts';
import { tempStore } from './helpers.ts';

function withEvents(n: number) {
  const store = tempStore();
  store.transaction(() => {
    for (let i = 1; i <= n; i++) {
      appendEvent(store.sqlite, { entityType: 'file', entityId: `F${i}`, type: 'file.received', actor: 'system', at: 1_700_000_000_000 + i, data: { i, amount: BigInt(i) * 10n ** 18n } });
    }
  });
  /** Changes made through a second connection, as someone with direct access to the database file could. */
  const tamper = (fn: (db: Database.Database) => void) => {
    const db = new Database(store.dbPath);
    try {
      fn(db);
    } finally {
      db.close();
    }
  };
  return { store, tamper };
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

describe('appendEvent', () => {
  it('chains from 64 zeros with hash = SHA-256(prev_hash + canonical row)', () => {
    const store = tempStore();
    const e1 = appendEvent(store.sqlite, { entityType: 'system', entityId: 'gateway', type: 'system.started', actor: 'system', at: 1000, data: { v: '0.1.0' } });
    const e2 = appendEvent(store.sqlite, { entityType: 'file', entityId: 'F1', type: 'file.received', actor: 'ops.user', at: 2000, data: { size: 5n, name: 'Төлем.txt' } });
    expect([e1.seq, e2.seq]).toEqual([1, 2]);

    const expected1 = createHash('sha256')
      .update(GENESIS_HASH + canonicalJson({ seq: 1, at: 1000, entityType: 'system', entityId: 'gateway', type: 'system.started', actor: 'system', data: { v: '0.1.0' } }))
      .digest('hex');
    expect(e1.hash).toBe(expected1);
    const expected2 = createHash('sha256')
      .update(expected1 + canonicalJson({ seq: 2, at: 2000, entityType: 'file', entityId: 'F1', type: 'file.received', actor: 'ops.user', data: { size: 5n, name: 'Төлем.txt' } }))
      .digest('hex');
    expect(e2.hash).toBe(expected2);

    const [stored] = listEntityEvents(store.sqlite, 'file', 'F1');
    expect(stored).toMatchObject({ seq: 2, prevHash: expected1, hash: expected2, data: { size: '5', name: 'Төлем.txt' } });
    expect(auditHead(store.sqlite)).toEqual({ seq: 2, hash: expected2 });
  });

  it('a failed transaction leaves no event and no hole', () => {
    const store = tempStore();
    appendEvent(store.sqlite, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
    expect(() =>
      store.transaction(() => {
        appendEvent(store.sqlite, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    appendEvent(store.sqlite, { entityType: 'system', entityId: 's', type: 't', actor: 'system' });
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: true, count: 2 });
  });
});

describe('verifyAudit', () => {
  it('is OK with the count and the head hash', () => {
    const { store } = withEvents(25);
    expect(verifyAudit(store.sqlite)).toEqual({ ok: true, count: 25, lastHash: auditHead(store.sqlite).hash });
  });

  it('an empty log verifies', () => {
    expect(verifyAudit(tempStore().sqlite)).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
  });

  it('triggers refuse UPDATE and DELETE', () => {
    const { store } = withEvents(3);
    expect(() => store.sqlite.prepare(`UPDATE events SET actor = 'someone' WHERE seq = 2`).run()).toThrow(/append-only/);
    expect(() => store.sqlite.prepare('DELETE FROM events WHERE seq = 3').run()).toThrow(/append-only/);
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: true, count: 3 });
  });

  it('the insert trigger refuses a row that does not extend the chain', () => {
    const { store } = withEvents(3);
    const head = auditHead(store.sqlite);
    const ins = store.sqlite.prepare(`INSERT INTO events (seq, at, entity_type, entity_id, type, actor, data_json, prev_hash, hash) VALUES (?, 1, 'system', 'x', 't', 'a', '{}', ?, ?)`);
    expect(() => ins.run(5, head.hash, 'f'.repeat(64))).toThrow(/extend the chain/); // gap
    expect(() => ins.run(4, 'e'.repeat(64), 'f'.repeat(64))).toThrow(/extend the chain/); // wrong link
    expect(() => ins.run(null, head.hash, 'f'.repeat(64))).toThrow(/extend the chain/); // let SQLite pick
  });

  it('an edited row (trigger dropped by someone with DB access) is caught at that seq', () => {
    const { store, tamper } = withEvents(6);
    tamper((db) => {
      db.exec('DROP TRIGGER events_no_update');
      db.prepare(`UPDATE events SET data_json = '{"amount":"1","i":3}' WHERE seq = 3`).run();
    });
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: false, count: 2, firstBad: { seq: 3, reason: 'hash-mismatch' } });
  });

  it('an edit with a recomputed hash breaks the link of the next row', () => {
    const { store, tamper } = withEvents(6);
    tamper((db) => {
      db.exec('DROP TRIGGER events_no_update');
      const row = db.prepare('SELECT * FROM events WHERE seq = 3').get() as { at: number; entity_type: 'file'; entity_id: string; type: string; actor: string; prev_hash: string };
      const data = { i: 3, amount: '1' };
      const forged = createHash('sha256')
        .update(row.prev_hash + canonicalJson({ seq: 3, at: row.at, entityType: row.entity_type, entityId: row.entity_id, type: row.type, actor: row.actor, data }))
        .digest('hex');
      db.prepare('UPDATE events SET data_json = ?, hash = ? WHERE seq = 3').run(canonicalJson(data), forged);
    });
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: false, count: 3, firstBad: { seq: 4, reason: 'prev-hash-mismatch' } });
  });

  it('a deleted row shows as a gap in seq', () => {
    const { store, tamper } = withEvents(6);
    tamper((db) => {
      db.exec('DROP TRIGGER events_no_delete');
      db.prepare('DELETE FROM events WHERE seq = 4').run();
    });
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: false, count: 3, firstBad: { seq: 4, reason: 'seq-gap' } });
  });

  it('a deleted first row shows as a gap at seq 1', () => {
    const { store, tamper } = withEvents(3);
    tamper((db) => {
      db.exec('DROP TRIGGER events_no_delete');
      db.prepare('DELETE FROM events WHERE seq = 1').run();
    });
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: false, count: 0, firstBad: { seq: 1, reason: 'seq-gap' } });
  });

  it('two rows swapped (reordered) are caught at the first of them', () => {
    const { store, tamper } = withEvents(5);
    tamper((db) => {
      db.exec('DROP TRIGGER events_no_update');
      const cols = 'at, entity_type, entity_id, type, actor, data_json, prev_hash, hash';
      const r2 = db.prepare(`SELECT ${cols} FROM events WHERE seq = 2`).raw().get() as unknown[];
      const r3 = db.prepare(`SELECT ${cols} FROM events WHERE seq = 3`).raw().get() as unknown[];
      const set = db.prepare(`UPDATE events SET (${cols}) = (?, ?, ?, ?, ?, ?, ?, ?) WHERE seq = ?`);
      set.run(...r3, 2);
      set.run(...r2, 3);
    });
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: false, count: 1, firstBad: { seq: 2, reason: 'prev-hash-mismatch' } });
  });

  it('streams a long chain (20 000 rows) in reasonable time', () => {
    const { store } = withEvents(20_000);
    const t = performance.now();
    expect(verifyAudit(store.sqlite)).toMatchObject({ ok: true, count: 20_000 });
    expect(performance.now() - t).toBeLessThan(5_000);
  });
});
