// The document list on SQLite and PostgreSQL: every filter and search, paged by cursor, equals a plain filter over what
// was stored — no row twice, none lost — whichever index leads, with windows and budgets small enough to be exercised;
// the counters it reads, the name search in any case, the accounts' list.
import { expect, it } from 'vitest';
import { countedDocuments, knownAccounts, listedAccounts, matchingBeneficiaries, pageDocuments, SCAN_LIMITS, type DocumentFilter, type ScanLimits } from '../../gateway/store/document-list.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { ACCOUNTS, BINS, DAYS, NAMES, STATES, insertDocumentSql, pick, rng, storeMixDb, type Stored } from '../web/docs-helpers.ts';
import { describeEachDialect } from './dialects.ts';
import { payment } from './helpers.ts';

function matches(d: Stored, f: DocumentFilter): boolean {
  if (f.state !== undefined && d.state !== f.state) return false;
  if (f.kind !== undefined && d.kind !== f.kind) return false;
  if (f.fileId !== undefined && d.fileId !== f.fileId) return false;
  if (f.account !== undefined && d.account !== f.account) return false;
  if (f.number !== undefined && d.number !== f.number) return false;
  if (f.bin !== undefined && d.bin !== f.bin) return false;
  if (f.dateFrom !== undefined && d.day < f.dateFrom) return false;
  if (f.dateTo !== undefined && d.day > f.dateTo) return false;
  if (f.amountFrom !== undefined && (d.amount === null || d.amount < f.amountFrom)) return false;
  if (f.amountTo !== undefined && (d.amount === null || d.amount > f.amountTo)) return false;
  if (f.beneficiary !== undefined && !(d.name ?? '').toLowerCase().includes(f.beneficiary.trim().toLowerCase())) return false;
  return true;
}

/** Every page until the cursor runs out; the ids in the order the pages gave them. */
async function allPages(db: Db, f: DocumentFilter, limit: number, limits: ScanLimits): Promise<{ ids: string[]; pages: number; partial: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let partial = 0;
  for (;;) {
    const p = await pageDocuments(db, { ...f, limit, cursor }, limits);
    pages++;
    if (p.partial) partial++;
    expect(p.items.length).toBeLessThanOrEqual(limit);
    ids.push(...p.items.map((i) => i.id));
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
    if (pages > 5000) throw new Error('paging does not end');
  }
  return { ids, pages, partial };
}

function randomFilter(r: () => number, stored: Stored[]): DocumentFilter {
  const f: DocumentFilter = {};
  const maybe = (p: number) => r() < p;
  if (maybe(0.35)) f.state = pick(r, STATES);
  if (maybe(0.2)) f.kind = pick(r, ['payment', 'budget', 'salary', 'fx-order', 'letter'] as const);
  if (maybe(0.3)) f.account = pick(r, ACCOUNTS);
  if (maybe(0.25)) {
    const a = pick(r, DAYS);
    const b = pick(r, DAYS);
    [f.dateFrom, f.dateTo] = a <= b ? [a, b] : [b, a];
  }
  if (maybe(0.2)) f.amountFrom = BigInt(Math.floor(r() * 3_000_000));
  if (maybe(0.15)) f.amountTo = BigInt(Math.floor(r() * 5_000_000));
  if (maybe(0.08)) f.amountFrom = f.amountTo = pick(r, stored.filter((s) => s.amount !== null)).amount!;
  if (maybe(0.15)) f.number = String(1 + Math.floor(r() * 20));
  if (maybe(0.15)) f.bin = pick(r, BINS);
  if (maybe(0.3)) f.beneficiary = pick(r, ['ромашка', 'РОМАШ', 'қазақ', 'ҚАЗАҚТЕЛЕКОМ', 'иванов', 'ро', 'дала', ' алтын ', 'trade', 'нет такого']);
  if (maybe(0.05)) f.fileId = pick(r, stored).fileId;
  return f;
}

describeEachDialect('document list', (open) => {
  // A fresh store per test, always with the same documents.
  const setup = async () => {
    const t = await open();
    return { ...t, stored: await storeMixDb(t.db, t.clock, 7, 40, 12) };
  };
  const newestFirst = (xs: Stored[]) => xs.map((s) => s.id).sort((a, b) => (a < b ? 1 : -1));
  // Windows of a few rows and tiny budgets: the walk, its windows, partial pages and read-whole ranges all run.
  const tiny: ScanLimits = { indexBudget: 30, rowBudget: 12, firstWindow: 3, readWholeMin: 8 };

  it('pages through everything newest first, by id, with no row twice and none lost', async () => {
    const { db, stored } = await setup();
    for (const limit of [1, 7, 50]) {
      const { ids } = await allPages(db, {}, limit, SCAN_LIMITS);
      expect(ids).toEqual(newestFirst(stored));
    }
  });

  it('every filter and search equals a plain filter over the stored documents (300 random combinations)', async () => {
    const { db, stored } = await setup();
    const r = rng(42);
    let sawPartial = 0;
    for (let i = 0; i < 300; i++) {
      const f = randomFilter(r, stored);
      const expected = newestFirst(stored.filter((s) => matches(s, f)));
      for (const limits of [SCAN_LIMITS, tiny]) {
        const got = await allPages(db, f, 1 + Math.floor(r() * 9), limits);
        expect(got.ids, JSON.stringify(f, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).toEqual(expected);
        sawPartial += got.partial;
      }
    }
    // The small budget made some pages stop early; their continuation still found every row.
    expect(sawPartial).toBeGreaterThan(0);
  }, 180_000);

  it('searches by 1C number, beneficiary fragment in any case (Kazakh letters too) and BIN/IIN', async () => {
    const { db, stored } = await setup();
    const bySearch = async (f: DocumentFilter) => (await allPages(db, f, 50, SCAN_LIMITS)).ids;
    expect(await bySearch({ number: '7' })).toEqual(newestFirst(stored.filter((s) => s.number === '7')));
    expect(await bySearch({ beneficiary: 'ҚАЗАҚТЕЛ' })).toEqual(newestFirst(stored.filter((s) => s.name === 'АО «Қазақтелеком»')));
    expect(await bySearch({ beneficiary: 'ромашка' })).toEqual(newestFirst(stored.filter((s) => s.name !== null && /ромашка/i.test(s.name))));
    expect(await bySearch({ bin: '990101300123' })).toEqual(newestFirst(stored.filter((s) => s.bin === '990101300123')));
    expect(await bySearch({ beneficiary: 'нет такого' })).toEqual([]);
    expect(NAMES.length).toBeGreaterThan(0);
  });

  it('one-sided date ranges, amount ranges and the list columns of a page', async () => {
    const { db, stored } = await setup();
    for (const f of [{ dateFrom: '2025-01-13' }, { dateTo: '2025-01-11' }, { dateFrom: '2025-01-16' }, { amountFrom: 4_000_000n }, { amountTo: 500_000n, kind: 'payment' as const }]) {
      expect((await allPages(db, f, 13, SCAN_LIMITS)).ids, JSON.stringify(f, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).toEqual(newestFirst(stored.filter((s) => matches(s, f))));
    }
    const page = await pageDocuments(db, { limit: 500 });
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const item of page.items) {
      const s = byId.get(item.id)!;
      expect(item).toEqual({
        id: s.id,
        kind: s.kind,
        number: s.number,
        docDate: s.day,
        amountMinor: s.amount === null ? null : s.amount.toString(),
        currency: s.amount === null ? null : 'KZT',
        state: s.state,
        payerAccount: s.account,
        beneficiaryName: s.name,
        beneficiaryBin: s.bin,
        issues: 0,
      });
    }
  });

  it('counts from the counters, names found in any case, the debited accounts; imports in progress are never listed', async () => {
    const { db, clock, stored } = await setup();
    expect(await countedDocuments(db, {})).toBe(stored.length);
    expect(await countedDocuments(db, { state: 'signed' })).toBe(stored.filter((s) => s.state === 'signed').length);
    expect(await countedDocuments(db, { state: 'signed', kind: 'payment' })).toBe(stored.filter((s) => s.state === 'signed' && s.kind === 'payment').length);
    expect(await countedDocuments(db, { kind: 'letter' })).toBe(stored.filter((s) => s.kind === 'letter').length);
    const kaz = await matchingBeneficiaries(db, 'қазақ');
    expect(kaz).toEqual({ names: ['АО «Қазақтелеком»'], documents: stored.filter((s) => s.name === 'АО «Қазақтелеком»').length });
    expect((await matchingBeneficiaries(db, 'РОМАШ')).names.sort()).toEqual(['Ромашка Trade LLP', 'ТОО «РОМАШКА-СЕРВИС»', 'ТОО «Ромашка»']);
    expect(await matchingBeneficiaries(db, 'нет такого')).toEqual({ names: [], documents: 0 });
    const accounts = [...new Set(stored.flatMap((s) => (s.account ? [s.account] : [])))].sort();
    expect(await listedAccounts(db)).toEqual(accounts);
    expect(await listedAccounts(db, 2)).toEqual(accounts.slice(0, 2));
    expect(await knownAccounts(db)).toEqual(accounts);

    // A file being imported: its rows count nowhere and are never listed, their names are not searchable.
    const fileId = stored[0]!.fileId;
    const doc = { ...payment('999', 123n), beneficiary: { name: 'ТОО «Новое имя»', binIin: '111111111111', iban: 'KZ75125KZT2069100100' }, payer: { name: 'x', binIin: '150140001239', iban: 'KZ11111KZT0000000001' } };
    await insertDocumentSql(db, { id: `${stored.at(-1)!.id.slice(0, 10)}ZZZZZZZZZZZZZZZZ`, fileId, seq: 1000, document: doc, state: 'staging:awaiting-signature', createdAt: clock.now() });
    expect(await countedDocuments(db, {})).toBe(stored.length);
    expect(await matchingBeneficiaries(db, 'новое')).toEqual({ names: [], documents: 0 });
    expect((await allPages(db, {}, 50, SCAN_LIMITS)).ids).toEqual(newestFirst(stored));
    expect(await listedAccounts(db)).toEqual(accounts);

    // Published: listed, counted, found; the accounts' list is remembered for 30 s.
    await db.run(`UPDATE documents SET state = 'awaiting-signature' WHERE seq = 1000 AND file_id = $1`, [fileId]);
    expect(await countedDocuments(db, {})).toBe(stored.length + 1);
    expect(await matchingBeneficiaries(db, 'НОВОЕ')).toEqual({ names: ['ТОО «Новое имя»'], documents: 1 });
    expect((await pageDocuments(db, { beneficiary: 'новое', limit: 5 })).items.map((i) => i.number)).toEqual(['999']);
    expect((await pageDocuments(db, { account: 'KZ11111KZT0000000001', limit: 5 })).items.map((i) => i.number)).toEqual(['999']);
    expect(await knownAccounts(db)).toEqual(accounts);
    clock.advance(30_000);
    expect(await knownAccounts(db)).toEqual(['KZ11111KZT0000000001', ...accounts].sort());
  });

  it('an empty store, and filters nothing matches, give an empty last page', async () => {
    const { db } = await open();
    expect(await pageDocuments(db, { limit: 10 })).toEqual({ items: [], nextCursor: null, partial: false });
    expect(await pageDocuments(db, { state: 'signed', limit: 10 })).toEqual({ items: [], nextCursor: null, partial: false });
    expect(await pageDocuments(db, { beneficiary: 'x', dateFrom: '2025-01-01', limit: 10 })).toEqual({ items: [], nextCursor: null, partial: false });
    expect(await countedDocuments(db, {})).toBe(0);
    expect(await listedAccounts(db)).toEqual([]);
  });
});
