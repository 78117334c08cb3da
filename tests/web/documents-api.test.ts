// GET /api/v1/documents: filters by state, kind and file; money as decimal strings; issues listed.
import { describe, expect, it } from 'vitest';
import { authedApp } from './harness.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { payment, sha, tempStore } from '../store/helpers.ts';

describe('documents API', () => {
  it('lists documents with filters and the document JSON view', async () => {
    const store = tempStore();
    const app = authedApp({ store, logger: silentLogger, version: 'test', readiness: {} });
    const f1 = (await recordReceivedFile(store.sql, { mailbox: 'default', name: 'a.txt', claimId: 'c1', sha256: sha('a'), size: 1, format: '1c.kz' }));
    const f2 = (await recordReceivedFile(store.sql, { mailbox: 'default', name: 'b.txt', claimId: 'c2', sha256: sha('b'), size: 1, format: '1c.kz' }));
    (await insertDocuments(store.sql, f1.id, [
      { seq: 1, line: 11, document: payment('1', 123456n), state: 'awaiting-signature' },
      { seq: 2, line: 33, document: payment('2', 5n), state: 'invalid', issues: [issue('VAL_AMOUNT', t({ en: 'amount too small', ru: 'сумма слишком мала', kk: 'сома тым аз' }), { line: 35, field: 'amount' })] },
    ]));
    (await insertDocuments(store.sql, f2.id, [{ seq: 1, line: 11, document: { ...payment('9', 100n), kind: 'budget', kbk: '101101' }, state: 'awaiting-signature' }]));

    const all = (await (await app.request('/api/v1/documents')).json()) as { items: Record<string, unknown>[] };
    expect(all.items.map((d) => d.number)).toEqual(['9', '2', '1']);
    expect(all.items[2]).toMatchObject({
      file_id: f1.id,
      line: 11,
      state: 'awaiting-signature',
      kind: 'payment',
      amount: '1234.56',
      currency: 'KZT',
      payer: { name: 'ТОО «Ромашка»', bin: '123456789012', iban: 'KZ86125KZT5004100100', bic: null, code: null },
      knp: '710',
      kbk: null,
      rows: null,
      issues: [],
    });
    const invalid = (await (await app.request('/api/v1/documents?state=invalid')).json()) as { items: Record<string, unknown>[] };
    expect(invalid.items).toEqual([expect.objectContaining({ number: '2', amount: '0.05', issues: [{ code: 'VAL_AMOUNT', severity: 'error', line: 35, field: 'amount', message: 'amount too small' }] })]);
    const budget = (await (await app.request('/api/v1/documents?kind=budget')).json()) as { items: Record<string, unknown>[] };
    expect(budget.items).toEqual([expect.objectContaining({ number: '9', kbk: '101101' })]);
    const byFile = (await (await app.request(`/api/v1/documents?file=${f1.id}&limit=1`)).json()) as { items: { number: string }[]; next_cursor: string };
    expect(byFile.items.map((d) => d.number)).toEqual(['2']);
    const page2 = (await (await app.request(`/api/v1/documents?file=${f1.id}&limit=1&cursor=${byFile.next_cursor}`)).json()) as { items: { number: string }[]; next_cursor: string | null };
    expect(page2).toMatchObject({ items: [{ number: '1' }], next_cursor: null });
    const bad = await app.request('/api/v1/documents?kind=cheque&state=lost');
    expect(bad.status).toBe(400);
  });
});
