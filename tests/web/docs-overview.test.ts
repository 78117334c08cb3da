// The Overview and its JSON API: counts from the counters, documents per hour, queue counts, the alerts (past the
// cut-off, signed but not sent, dead jobs, invalid files today), an unreachable bank; the new list filters of the
// documents API and the OpenAPI document listing the routes.
import { describe, expect, it } from 'vitest';
import type { RunningBank } from '../../gateway/bank/run.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { createMemoryQueue } from '../../gateway/queue/memory-queue.ts';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { recordReceivedFile, setFileState } from '../../gateway/store/files-repo.ts';
import { payment, sha } from '../store/helpers.ts';
import { webHarness } from './harness.ts';

const HOUR = 3_600_000;

describe('overview', () => {
  it('counts, hours, queues and every alert, on the page (ru plurals) and in GET /api/v1/overview', async () => {
    const queue = createMemoryQueue();
    // The bank does not answer: its diagnostic call fails as a connector's test() reports it.
    const bank = { session: { test: async () => ({ ok: false, details: { latencyMs: 3 }, error: 'CONN_UNREACHABLE: connect ECONNREFUSED 127.0.0.1:9' }) } } as unknown as RunningBank;
    // The clock starts at 14:00 in Almaty (09:00 UTC); the bank's cut-off is 15:00.
    const h = webHarness({ bank: { cutoff: '15:00', signed_alert_minutes: 30 } }, { queue, bank });
    const file = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: 'a.txt', claimId: 'a', sha256: sha('a'), size: 1 }));
    (await insertDocuments(h.store.sql, file.id, [
      { seq: 0, document: payment('1', 100n), state: 'awaiting-signature' },
      { seq: 1, document: payment('2', 200n), state: 'signed' },
      { seq: 2, document: payment('3', 300n), state: 'executed' },
    ]));
    h.store.clock.advance(2 * HOUR); // 16:00: past the cut-off, and the signed one is 2 hours old
    const late = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: 'b.txt', claimId: 'b', sha256: sha('b'), size: 1 }));
    (await insertDocuments(h.store.sql, late.id, [{ seq: 0, document: payment('4', 400n), state: 'awaiting-signature' }]));
    const broken = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: 'broken.txt', claimId: 'c', sha256: sha('c'), size: 1 }));
    (await setFileState(h.store.sql, broken.id, 'invalid', { issues: [issue('SRC_FILE_EMPTY', t({ en: 'empty', ru: 'пуст', kk: 'бос' }))] }));
    await queue.add('parse', 'parse', { fileId: 'x' }, { attempts: 1 });
    const worker = queue.process('parse', async () => {
      throw new Error('cannot read');
    });
    for (let i = 0; i < 100 && (await queue.counts('parse')).dead === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.close();

    const u = await h.user('olga', { rights: [] });
    const c = h.client();
    await c.login(u.login, u.password);
    const o = (await (await c.get('/api/v1/overview')).json()) as Record<string, unknown> & { per_hour: { hour: string; documents: number }[]; alerts: { code: string; count: number }[] };
    expect(o).toMatchObject({ counts: { 'awaiting-signature': 2, signed: 1, executed: 1, invalid: 0 }, total: 4, bank: { configured: true, reachable: false, error: expect.stringContaining('ECONNREFUSED') } });
    expect(o.per_hour).toHaveLength(24);
    expect(o.per_hour.at(-1)).toEqual({ hour: new Date(Math.floor(h.store.clock.now() / HOUR) * HOUR).toISOString(), documents: 1 });
    expect(o.per_hour.at(-3)!.documents).toBe(3);
    expect(o.alerts).toEqual([
      { code: 'past-cutoff', count: 2, cutoff: '15:00', href: '/documents?state=awaiting-signature' },
      { code: 'signed-not-sent', count: 1, minutes: 30, href: '/documents?state=signed' },
      { code: 'dead-jobs', count: 1, queues: ['parse'], href: '/queues' },
      { code: 'invalid-files-today', count: 1, href: '/mailboxes' },
    ]);
    const page = await (await c.get('/?lang=ru')).text();
    expect(page).toContain('2 документа всё ещё не приняты банком после окончания операционного дня (15:00).');
    expect(page).toContain('1 подписанный документ не отправлен в банк дольше 30 минут.');
    expect(page).toContain('Сегодня 1 файл отклонён как ошибочный.');
    expect(page).toContain('Недоступен');
    expect(page).toContain('href="/documents?state=signed"');
    expect(page).toMatch(/<rect [^>]*class="bar"><title>/);
    await queue.close();
  });

  it('shows no alerts and no bank when there is none; everyone signed in sees it', async () => {
    const h = webHarness();
    const u = await h.user('pavel', { rights: [] });
    const c = h.client();
    await c.login(u.login, u.password);
    const html = await (await c.get('/?lang=en')).text();
    expect(html).toContain('Nothing needs attention.');
    expect(html).toContain('No bank connection is configured');
  });
});

describe('documents API filters and the OpenAPI document', () => {
  it('filters by account, date and amount range, 1C number, beneficiary fragment and BIN', async () => {
    const h = webHarness();
    const file = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: 'f.txt', claimId: 'f', sha256: sha('f'), size: 1 }));
    const other = { ...payment('20', 7_500_000n), date: '2025-01-20', payer: { name: 'ТОО', binIin: '150140001239', iban: 'KZ27601A861000012345' }, beneficiary: { name: 'ЖШС «Алтын Дала»', binIin: '070440001234' } };
    (await insertDocuments(h.store.sql, file.id, [
      { seq: 0, document: payment('10', 123_456n), state: 'awaiting-signature' },
      { seq: 1, document: other, state: 'awaiting-signature' },
    ]));
    const token = await h.token((await h.user('api', { rights: [] })).login);
    const get = async (q: string) => {
      const res = await h.app.request(`/api/v1/documents?${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, q).toBe(200);
      return ((await res.json()) as { items: { number: string }[] }).items.map((d) => d.number);
    };
    expect(await get('account=KZ27601A861000012345')).toEqual(['20']);
    expect(await get('date_from=2025-01-16&date_to=2025-01-31')).toEqual(['20']);
    expect(await get('amount_from=1000&amount_to=1 234,56')).toEqual(['10']);
    expect(await get('amount_from=75000')).toEqual(['20']);
    expect(await get('number=10')).toEqual(['10']);
    expect(await get('beneficiary=алтын')).toEqual(['20']);
    expect(await get('bin=210987654321')).toEqual(['10']);
    const bad = await h.app.request('/api/v1/documents?amount_from=много&date_to=tomorrow', { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { problems: { param: string }[] } }).error.problems.map((p) => p.param).sort()).toEqual(['amount_from', 'date_to']);
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/documents', '/api/v1/documents/{id}', '/api/v1/files', '/api/v1/overview']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Document', 'DocumentDetail', 'TimelineEntry', 'File', 'Overview']));
  });
});
