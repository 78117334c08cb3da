// The maintained counters of migration 0008 equal count(*) after any mix of the store's write paths: inserts, staged
// imports published or discarded, state changes through the repositories, content updates and deletes; and the
// migration's own backfill rebuilds them from the rows.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countDocumentsByState, getDocument, updateDocumentContent } from '../../gateway/store/documents-repo.ts';
import { clearStaged, createStager, discardStaged, publishStaged } from '../../gateway/store/document-staging.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { recordBankStatus, recordSendStarted } from '../../gateway/store/submissions-repo.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import type { SqliteStore as Store } from '../../gateway/store/db.ts';
import { matchingBeneficiaries } from '../../gateway/store/document-list.ts';
import { tempStore } from '../store/helpers.ts';
import { NAMES, pick, rng, storeMix } from './docs-helpers.ts';
import { payment } from '../store/helpers.ts';
import { createHash } from 'node:crypto';

type Counted = Record<string, number>;
const rows = (store: Store, sql: string) => Object.fromEntries((store.sqlite.prepare(sql).raw().all() as [string, number][]).filter(([, n]) => n > 0)) as Counted;

/** Each maintained table against the same numbers counted from the rows. */
async function expectCountersExact(store: Store): Promise<void> {
  const listed = `state NOT LIKE 'staging:%'`;
  expect(rows(store, `SELECT state || '/' || kind, n FROM document_counts`)).toEqual(rows(store, `SELECT state || '/' || kind, count(*) FROM documents WHERE ${listed} GROUP BY 1`));
  expect(rows(store, 'SELECT hour, n FROM document_hours')).toEqual(rows(store, `SELECT created_at / 3600000, count(*) FROM documents WHERE ${listed} GROUP BY 1`));
  expect(rows(store, 'SELECT name, n FROM beneficiary_names')).toEqual(rows(store, `SELECT beneficiary_name, count(*) FROM documents WHERE ${listed} AND beneficiary_name IS NOT NULL GROUP BY 1`));
  expect((await countDocumentsByState(store.sql))).toEqual(rows(store, `SELECT state, count(*) FROM documents WHERE ${listed} GROUP BY 1`));
  // Each name with documents is found by its own name, in any case.
  for (const name of store.sqlite.prepare('SELECT name FROM beneficiary_names WHERE n > 0').pluck().all() as string[]) expect((await matchingBeneficiaries(store.sql, name.toUpperCase())).names).toContain(name);
  // Id bounds per day may be wider than the rows (deletes never narrow them), never narrower.
  const bounds = store.sqlite.prepare('SELECT day, min_id AS lo, max_id AS hi FROM document_day_ids').all() as { day: string; lo: string; hi: string }[];
  const byDay = new Map(bounds.map((b) => [b.day, b]));
  for (const r of store.sqlite.prepare('SELECT doc_date AS day, min(id) AS lo, max(id) AS hi FROM documents GROUP BY doc_date').all() as { day: string; lo: string; hi: string }[]) {
    const b = byDay.get(r.day)!;
    expect(b.lo <= r.lo && b.hi >= r.hi, r.day).toBe(true);
  }
}

describe('maintained counters', () => {
  it('equal count(*) after random inserts, staged imports, state changes, content updates and deletes', async () => {
    const store = tempStore();
    const r = rng(11);
    await storeMix(store, 1, 5, 10);
    await expectCountersExact(store);
    for (let step = 0; step < 60; step++) {
      const op = Math.floor(r() * 7);
      const listed = store.sqlite.prepare(`SELECT id FROM documents WHERE state NOT LIKE 'staging:%' ORDER BY id`).pluck().all() as string[];
      if (op === 0) await storeMix(store, 100 + step, 1, 1 + Math.floor(r() * 6));
      else if (op === 1) {
        // A staged import: published, or discarded, or left half-way and cleared.
        store.clock.advance(3_600_000);
        const f = (await recordReceivedFile(store.sql, { mailbox: 'default', name: `st-${step}.txt`, claimId: `st-${step}`, sha256: createHash('sha256').update(`st-${step}`).digest('hex'), size: 1 }));
        const stager = createStager(store.sql, f.id, 3);
        for (let i = 0; i < 7; i++) await stager.add({ seq: i, document: { ...payment(String(i), BigInt(100 + i)), beneficiary: { name: pick(r, NAMES), binIin: '123456789012' } }, state: r() < 0.7 ? 'awaiting-signature' : 'invalid' });
        await stager.flush();
        await expectCountersExact(store); // staging rows count nowhere
        const end = Math.floor(r() * 3);
        if (end === 0) (await publishStaged(store.sql, f.id, { fileState: 'parsed' }));
        else if (end === 1) (await discardStaged(store.sql, f.id, [issue('SRC_FILE_EMPTY', t({ en: 'broken', ru: 'сломан', kk: 'бұзылған' }))]));
        else (await clearStaged(store.sql, f.id));
      } else if (op === 2 && listed.length) {
        const id = pick(r, listed);
        store.sqlite.prepare('UPDATE documents SET state = ? WHERE id = ?').run(pick(r, ['signed', 'executed', 'held', 'rejected']), id);
      } else if (op === 3 && listed.length) {
        // Through the bank repository: send started, then the bank's answer.
        const id = pick(r, listed);
        const d = (await getDocument(store.sql, id))!;
        if (!store.sqlite.prepare('SELECT 1 FROM bank_submissions WHERE document_id = ?').get(id)) {
          store.sqlite.prepare(`UPDATE documents SET state = 'signed' WHERE id = ?`).run(id);
          await recordSendStarted(store.sql, { documentId: id, connector: 'test', idempotencyKey: `k-${id}`, payloadSha256: 'x', fromState: 'signed' });
          await recordBankStatus(store.sql, id, { bankId: `B${step}`, idempotencyKey: `k-${id}`, state: r() < 0.5 ? 'accepted' : 'rejected', reason: null, executionDate: d.docDate, entryBankId: null }, 'submit');
        }
      } else if (op === 4 && listed.length) {
        // New content (another beneficiary) and state, as the employee-list step does.
        const id = pick(r, listed);
        const d = (await getDocument(store.sql, id))!;
        if ('beneficiary' in d.document) {
          (await updateDocumentContent(store.sql, id, { document: { ...d.document, beneficiary: { ...d.document.beneficiary, name: pick(r, NAMES) } }, state: 'awaiting-signature', issues: [] }, { type: 'document.list-attached' }));
        }
      } else if (op === 5 && listed.length) {
        const id = pick(r, listed);
        if (!store.sqlite.prepare('SELECT 1 FROM bank_submissions WHERE document_id = ?').get(id)) store.sqlite.prepare('DELETE FROM documents WHERE id = ?').run(id);
      } else if (op === 6) store.clock.advance(1_800_000);
      await expectCountersExact(store);
    }
  });

  it("migration 0008's backfill rebuilds the counters from the rows (what an upgrade of an existing store runs)", async () => {
    const store = tempStore();
    await storeMix(store, 3, 6, 8);
    const dir = new URL('../../gateway/store/migrations/', import.meta.url);
    const file = readdirSync(dir).find((n) => n.startsWith('0008_'))!;
    const backfill = readFileSync(new URL(file, dir), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.replace(/^\s*(--[^\n]*\n)+/g, '').trim())
      .filter((s) => /^INSERT INTO `(document_counts|document_hours|document_day_ids|beneficiary_names)`/.test(s));
    expect(backfill).toHaveLength(4);
    store.sqlite.exec('DELETE FROM document_counts; DELETE FROM document_hours; DELETE FROM document_day_ids; DELETE FROM beneficiary_names');
    for (const sql of backfill) store.sqlite.exec(sql);
    await expectCountersExact(store);
  });
});
