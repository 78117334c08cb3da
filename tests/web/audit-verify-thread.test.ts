// The dashboard's chain verification on its own thread, on both databases: the thread opens its own read connection
// (the SQLite file, or the PostgreSQL url), answers OK or the first broken seq, and the answer is recorded as an
// audit.verified event; requests made while one runs share it. PostgreSQL skips with the reason where none answers.
import { afterEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../gateway/core/clock.ts';
import { openPgStore } from '../../gateway/store/pg/open.ts';
import { appendEventTx, auditHead, listEntityEvents } from '../../gateway/store/sql/audit-log.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { recordedVerification, storeAuditSource, verifyChain, type AuditSource } from '../../gateway/web/audit/verify.ts';
import { migratedDatabase, postgresAvailable } from '../services/postgres.ts';
import { tempStore } from '../store/helpers.ts';

interface Opened {
  db: Db;
  source: AuditSource;
  /** Edits event `seq` behind the append-only trigger's back. */
  tamper(seq: number): Promise<void>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sqlite(): Promise<Opened> {
  const store = tempStore();
  return {
    db: store.sql,
    source: storeAuditSource(store),
    async tamper(seq) {
      await store.sql.run('DROP TRIGGER events_no_update');
      await store.sql.run(`UPDATE events SET data_json = '{"i":700}' WHERE seq = $1`, [seq]);
    },
  };
}

async function postgres(): Promise<Opened> {
  const database = await migratedDatabase();
  cleanups.push(database.drop);
  const s = await openPgStore(database.url, { clock: createFixedClock(Date.UTC(2025, 0, 15, 9, 0, 0)), max: 4 });
  cleanups.push(() => s.close());
  return {
    db: s.sql,
    source: { dialect: 'postgres', url: database.url },
    async tamper(seq) {
      await s.sql.run('ALTER TABLE events DISABLE TRIGGER events_no_update');
      await s.sql.run(`UPDATE events SET data_json = '{"i":700}' WHERE seq = $1`, [seq]);
    },
  };
}

function suite(open: () => Promise<Opened>) {
  it('answers OK with the head, records it, and shares one run between requests made at once', async () => {
    const { db, source } = await open();
    await db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await appendEventTx(tx, { entityType: 'system', entityId: 'x', type: 'test.event', actor: 'system', at: 1000 + i, data: { i } });
    });
    const head = await auditHead(db);
    const [a, b] = await Promise.all([verifyChain(db, source, 'root'), verifyChain(db, source, 'other')]);
    expect(b).toBe(a);
    expect(a).toMatchObject({ ok: true, count: 30, lastHash: head.hash, seq: 31, verifiedAt: db.clock.now() });
    const recorded = await listEntityEvents(db, 'system', 'audit');
    expect(recorded.map((e) => [e.seq, e.type, e.actor, e.data])).toEqual([[31, 'audit.verified', 'root', { ok: true, count: 30, lastHash: head.hash }]]);
    expect(await recordedVerification(db, 31)).toEqual(a);
    expect(await recordedVerification(db, 30)).toBeNull(); // not an audit.verified event
    // The recorded verification is itself part of the chain the next run verifies.
    expect(await verifyChain(db, source, 'root')).toMatchObject({ ok: true, count: 31, seq: 32 });
  });

  it('answers the first broken seq after tampering', async () => {
    const { db, source, tamper } = await open();
    await db.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) await appendEventTx(tx, { entityType: 'system', entityId: 'x', type: 'test.event', actor: 'system', at: 1000 + i, data: { i } });
    });
    await tamper(7);
    const r = await verifyChain(db, source, 'root');
    expect(r).toMatchObject({ ok: false, count: 6, firstBad: { seq: 7, reason: 'hash-mismatch' }, seq: 11 });
    expect(await recordedVerification(db, 11)).toMatchObject({ ok: false, count: 6, firstBad: { seq: 7, reason: 'hash-mismatch' } });
  });

  it('a source the thread cannot open rejects, and records nothing', async () => {
    const { db, source } = await open();
    const wrong: AuditSource = source.dialect === 'sqlite' ? { dialect: 'sqlite', path: `${source.path}.missing` } : { dialect: 'postgres', url: source.url.replace(/\/[^/]*$/, '/bgtest_missing') };
    await expect(verifyChain(db, wrong, 'root')).rejects.toThrow(/audit verification failed/);
    expect(await auditHead(db)).toMatchObject({ seq: 0 });
  });
}

describe('audit verification thread (sqlite)', () => suite(sqlite));
describe.skipIf(!postgresAvailable)('audit verification thread (postgres)', () => suite(postgres));
