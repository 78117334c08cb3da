// The PostgreSQL half of the store's schema (issue 7) against the real PostgreSQL on loopback: the same tables, columns
// and indexes as a fresh SQLite store, and the same rules in its triggers (audit chain, two signatures at most,
// maintained counters equal to count(*)). Skipped with the reason where no PostgreSQL answers (REQUIRE_SERVICES=1 fails).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../gateway/store/db.ts';
import { openPgStore, type PgStore } from '../../gateway/store/pg/open.ts';
import { postgresAvailable, tempDatabase } from '../services/postgres.ts';

const GENESIS = '0'.repeat(64);
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function pgStore(): Promise<PgStore> {
  const db = await tempDatabase();
  cleanup.push(db.drop);
  const s = await openPgStore(db.url);
  cleanup.push(() => s.close());
  return s;
}

/** Tables → column names, and index names, of a fresh SQLite store (what the migrations of gateway/store make). */
function sqliteShape(): { tables: Record<string, string[]>; indexes: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-shape-'));
  const store = openStore({ dataDir: dir });
  try {
    const names = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`).pluck().all() as string[];
    const tables = Object.fromEntries(names.map((t) => [t, (store.sqlite.prepare(`SELECT name FROM pragma_table_xinfo(?)`).pluck().all(t) as string[]).sort()]));
    const indexes = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'`).pluck().all() as string[];
    return { tables, indexes: indexes.sort() };
  } finally {
    void store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.runIf(postgresAvailable)('PostgreSQL store schema', () => {
  it('has the tables, columns and indexes of the SQLite store', async () => {
    const s = await pgStore();
    const cols = (await s.pool.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`)).rows as { table_name: string; column_name: string }[];
    const tables: Record<string, string[]> = {};
    for (const r of cols) (tables[r.table_name] ??= []).push(r.column_name);
    for (const t of Object.values(tables)) t.sort();
    const indexes = ((await s.pool.query(`SELECT indexname FROM pg_indexes i WHERE schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.contype = 'p' AND c.conname = i.indexname)`)).rows as { indexname: string }[]).map((r) => r.indexname).sort();
    const lite = sqliteShape();
    // The one difference by design: PostgreSQL's state counters have shards (its migration 0004; SQLite has one writer).
    expect(tables['document_counts']).toContain('shard');
    tables['document_counts'] = tables['document_counts']!.filter((c) => c !== 'shard');
    expect(tables).toEqual(lite.tables);
    expect(indexes).toEqual(lite.indexes);
  });

  it('keeps the audit chain append-only and extended one by one', async () => {
    const s = await pgStore();
    const ins = (seq: number, prev: string, hash: string) =>
      s.pool.query(`INSERT INTO events (seq, at, entity_type, entity_id, type, actor, data_json, prev_hash, hash) VALUES ($1, 0, 'system', 'x', 't', 'test', '{}', $2, $3)`, [seq, prev, hash]);
    await ins(1, GENESIS, 'h1');
    await expect(ins(3, 'h1', 'h3')).rejects.toThrow(/extend the chain/);
    await expect(ins(2, 'wrong', 'h2')).rejects.toThrow(/extend the chain/);
    await ins(2, 'h1', 'h2');
    await expect(s.pool.query(`UPDATE events SET actor = 'someone else' WHERE seq = 1`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(s.pool.query(`DELETE FROM events WHERE seq = 2`)).rejects.toThrow(/append-only: DELETE refused/);
  });

  it('refuses a third signature and any change to one', async () => {
    const s = await pgStore();
    await s.pool.query(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ('F', 'default', 'a.txt', 'c', 's', 1, 'parsed', 0, 0)`);
    await s.pool.query(`INSERT INTO documents (id, file_id, seq, kind, number, doc_date, body_json, state, created_at) VALUES ('D', 'F', 0, 'payment', '1', '2026-11-26', '{}', 'awaiting-signature', 0)`);
    for (const u of ['U1', 'U2', 'U3']) await s.pool.query(`INSERT INTO users (id, login, name, password_hash, must_change_password, created_at, updated_at) VALUES ($1, lower($1), $1, 'x', false, 0, 0)`, [u]);
    await s.pool.query(`INSERT INTO signing_keys (id, provider, label, certificate, fingerprint, subject, not_before, not_after, created_at) VALUES ('K', 'software', 'k', '\\x00', 'fp', 'CN=x', 0, 1, 0)`);
    const sign = (id: string, seq: number, user: string) =>
      s.pool.query(`INSERT INTO signatures (id, document_id, seq, user_id, key_id, role, signed_sha256, cms, signing_time, created_at) VALUES ($1, 'D', $2, $3, 'K', 'first', 'h', '\\x01', 0, 0)`, [id, seq, user]);
    await sign('S1', 1, 'U1');
    await sign('S2', 2, 'U2');
    await expect(sign('S3', 3, 'U3')).rejects.toThrow(/SIGN_TOO_MANY/);
    await expect(s.pool.query(`UPDATE signatures SET role = 'single' WHERE id = 'S1'`)).rejects.toThrow(/append-only/);
  });

  it('maintains the dashboard counters like count(*) through inserts, staging, publishing, state changes and deletes', async () => {
    const s = await pgStore();
    await s.pool.query(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ('F', 'default', 'a.txt', 'c', 's', 1, 'received', 0, 0)`);
    const body = (name: string | null) => JSON.stringify({ payer: { iban: 'KZ90601A861000012345' }, ...(name ? { beneficiary: { name, binIin: '180540007773' } } : {}) });
    const docs = Array.from({ length: 40 }, (_, i) => [`D${String(i).padStart(3, '0')}`, i, i % 3 ? 'payment' : 'pension', `2026-11-${String(20 + (i % 5)).padStart(2, '0')}`, body(i % 4 ? `ТОО Ромашка ${i % 3}` : null), i % 2 ? 'staging:awaiting-signature' : 'invalid', (i % 6) * 3_600_000]);
    for (const d of docs) await s.pool.query(`INSERT INTO documents (id, file_id, seq, kind, number, doc_date, body_json, state, created_at) VALUES ($1, 'F', $2, $3, 'n', $4, $5, $6, $7)`, d);
    // Publish the staged ones, move some on, delete one, and change a beneficiary.
    await s.pool.query(`UPDATE documents SET state = substr(state, 9) WHERE state LIKE 'staging:%'`);
    await s.pool.query(`UPDATE documents SET state = 'signed' WHERE seq % 5 = 0`);
    // Two sessions at once, each counting in its own shard (migration 0004): the sums still match.
    const [a, b] = [await s.pool.connect(), await s.pool.connect()];
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`UPDATE documents SET state = 'queued' WHERE seq IN (10, 20)`);
      await b.query(`UPDATE documents SET state = 'queued' WHERE seq IN (15, 25)`);
      await Promise.all([a.query('COMMIT'), b.query('COMMIT')]);
    } finally {
      a.release();
      b.release();
    }
    await s.pool.query(`UPDATE documents SET body_json = $1 WHERE id = 'D007'`, [body('ИП Әлия')]);
    await s.pool.query(`DELETE FROM documents WHERE id = 'D013'`);
    const q = async (sql: string) => (await s.pool.query(sql)).rows.map((r: Record<string, unknown>) => Object.values(r).map(String).join('|')).sort();
    const listed = `state NOT LIKE 'staging:%'`;
    expect(await q(`SELECT state, kind, sum(n) FROM document_counts GROUP BY 1, 2 HAVING sum(n) > 0`)).toEqual(await q(`SELECT state, kind, count(*) FROM documents WHERE ${listed} GROUP BY 1, 2`));
    expect(await q(`SELECT hour, n FROM document_hours WHERE n > 0`)).toEqual(await q(`SELECT created_at / 3600000, count(*) FROM documents WHERE ${listed} GROUP BY 1`));
    expect(await q(`SELECT name, n FROM beneficiary_names WHERE n > 0`)).toEqual(await q(`SELECT beneficiary_name, count(*) FROM documents WHERE ${listed} AND beneficiary_name IS NOT NULL GROUP BY 1`));
    expect(await q(`SELECT day, min_id, max_id FROM document_day_ids`)).toEqual(await q(`SELECT doc_date, min(id), max(id) FROM (SELECT doc_date, id FROM documents UNION ALL SELECT '2026-11-23', 'D013') x GROUP BY 1`));
    // The generated search columns read body_json as SQLite's json_extract does.
    expect((await s.pool.query(`SELECT payer_account, beneficiary_name, beneficiary_bin FROM documents WHERE id = 'D007'`)).rows[0]).toEqual({ payer_account: 'KZ90601A861000012345', beneficiary_name: 'ИП Әлия', beneficiary_bin: '180540007773' });
  });
});
