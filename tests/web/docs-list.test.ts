// The document list over the real store: every filter and search, paged by cursor, equals a plain filter over what was
// stored — no row twice, none lost — whichever index leads, with windows and budgets small enough to be exercised.
import { describe, expect, it } from 'vitest';
import { pageDocuments, SCAN_LIMITS, type DocumentFilter, type ScanLimits } from '../../gateway/store/document-list.ts';
import type { Store } from '../../gateway/store/db.ts';
import { tempStore } from '../store/helpers.ts';
import { ACCOUNTS, BINS, DAYS, NAMES, STATES, pick, rng, storeMix, type Stored } from './docs-helpers.ts';

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
function allPages(store: Store, f: DocumentFilter, limit: number, limits: ScanLimits): { ids: string[]; pages: number; partial: number } {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let partial = 0;
  for (;;) {
    const p = pageDocuments(store, { ...f, limit, cursor }, limits);
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

describe('document list', () => {
  // A fresh store per test (the helpers close stores after each one), always with the same documents.
  const setup = () => {
    const store = tempStore();
    return { store, stored: storeMix(store, 7, 40, 12) };
  };
  const newestFirst = (xs: Stored[]) => xs.map((s) => s.id).sort((a, b) => (a < b ? 1 : -1));
  // Windows of a few rows and tiny budgets: the walk, its windows, partial pages and read-whole ranges all run.
  const tiny: ScanLimits = { indexBudget: 30, rowBudget: 12, firstWindow: 3, readWholeMin: 8 };

  it('pages through everything newest first, by id, with no row twice and none lost', () => {
    const { store, stored } = setup();
    for (const limit of [1, 7, 50]) {
      const { ids } = allPages(store, {}, limit, SCAN_LIMITS);
      expect(ids).toEqual(newestFirst(stored));
    }
  });

  it('every filter and search equals a plain filter over the stored documents (300 random combinations)', () => {
    const { store, stored } = setup();
    const r = rng(42);
    let sawPartial = 0;
    for (let i = 0; i < 300; i++) {
      const f = randomFilter(r, stored);
      const expected = newestFirst(stored.filter((s) => matches(s, f)));
      for (const limits of [SCAN_LIMITS, tiny]) {
        const got = allPages(store, f, 1 + Math.floor(r() * 9), limits);
        expect(got.ids, JSON.stringify(f, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).toEqual(expected);
        sawPartial += got.partial;
      }
    }
    // The small budget made some pages stop early; their continuation still found every row.
    expect(sawPartial).toBeGreaterThan(0);
  });

  it('searches by 1C number, beneficiary fragment in any case (Kazakh letters too) and BIN/IIN', () => {
    const { store, stored } = setup();
    const bySearch = (f: DocumentFilter) => allPages(store, f, 50, SCAN_LIMITS).ids;
    expect(bySearch({ number: '7' })).toEqual(newestFirst(stored.filter((s) => s.number === '7')));
    expect(bySearch({ beneficiary: 'ҚАЗАҚТЕЛ' })).toEqual(newestFirst(stored.filter((s) => s.name === 'АО «Қазақтелеком»')));
    expect(bySearch({ beneficiary: 'ромашка' })).toEqual(newestFirst(stored.filter((s) => s.name !== null && /ромашка/i.test(s.name))));
    expect(bySearch({ bin: '990101300123' })).toEqual(newestFirst(stored.filter((s) => s.bin === '990101300123')));
    expect(bySearch({ beneficiary: 'нет такого' })).toEqual([]);
    expect(NAMES.length).toBeGreaterThan(0);
  });
});
