// The mailboxes page and /api/v1/mailboxes over a real folder tree and store records: folder counts, waiting and
// claimed files, last received and exported files, errors with their .err report — names rendered as text.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issue, t as text } from '../../gateway/core/issue.ts';
import { recordReceivedFile, recordRejectedFile, setFileState } from '../../gateway/store/files-repo.ts';
import { tempDir } from '../store/helpers.ts';
import { webHarness } from './harness.ts';

const EVIL = '<svg onload=alert(1)>.txt';

function mailboxTree(): string {
  const root = path.join(tempDir(), 'exchange');
  const put = (rel: string, body = 'x') => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), body);
  };
  put('in/1c_to_kl_waiting.txt', 'abcdef');
  put('in/.processing/01JH0000000000000000000000__1c_to_kl_claimed.txt');
  put('out/status/2025-01-15_4711_doc.txt');
  put('out/kl_to_1c_KZ86125KZT5004100100_2025-01-15.txt');
  put('archive/2025-01-14/a.txt');
  put('archive/2025-01-15/b.txt');
  put('archive/2025-01-15/c.txt');
  put(`error/${EVIL}`);
  put(`error/${EVIL}.err`);
  put(`error/${EVIL}.err.json`);
  return root;
}

async function bench() {
  const root = mailboxTree();
  const h = webHarness({ mailboxes: { main: { root } } }, { mailboxRoots: new Map([['main', root]]) });
  const store = h.store;
  const ok = (await recordReceivedFile(store.sql, { mailbox: 'main', name: 'good.txt', claimId: 'c-1', sha256: '1'.repeat(64), size: 10, format: '1c.kz' }));
  (await setFileState(store.sql, ok.id, 'parsed'));
  (await recordRejectedFile(store.sql, { mailbox: 'main', name: EVIL, claimId: 'c-2', sha256: '2'.repeat(64), size: 5, issues: [issue('FMT_BAD_DATE', text({ en: 'ДатаДокумента 31.02.2025 is not a date', ru: 'ДатаДокумента 31.02.2025 — не дата', kk: 'ДатаДокумента 31.02.2025 — күн емес' }), { line: 12, field: 'ДатаДокумента' })] }));
  store.sqlite.prepare('INSERT INTO exports (key, mailbox, path, sha256, written_at) VALUES (?, ?, ?, ?, ?)').run('status:x:signed', 'main', path.join(root, 'out/status/2025-01-15_4711_doc.txt'), '3'.repeat(64), Date.UTC(2025, 0, 15, 10));
  store.sqlite.prepare('INSERT INTO exports (key, mailbox, path, sha256, written_at) VALUES (?, ?, ?, ?, ?)').run('other', 'elsewhere', '/tmp/elsewhere.txt', '4'.repeat(64), Date.UTC(2025, 0, 15, 11));
  const u = await h.user('olga', { rights: ['*=none'] });
  const c = h.client();
  await c.login(u.login, u.password);
  return { h, c, root };
}

describe('mailboxes page', () => {
  it('shows folders with counts, waiting and claimed files, last received and exported files, errors with their report — in kk, ru and en', async () => {
    const { c, root } = await bench();
    const res = await c.get('/mailboxes?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    const count = (folder: string) => new RegExp(`<td class="mono">${folder.replace('.', '\\.')}/</td><td>[^<]*</td><td class="num">(\\d+)</td>`).exec(html)?.[1];
    expect([count('in'), count('in/.processing'), count('out'), count('archive'), count('error')]).toEqual(['1', '1', '2', '3', '3']);
    expect(html).toContain(root);
    expect(html).toContain('1c_to_kl_waiting.txt');
    expect(html).toContain('6 bytes');
    // A claimed file shows its original name.
    expect(html).toContain('<td class="mono">1c_to_kl_claimed.txt</td>');
    expect(html).toContain('good.txt');
    expect(html).toContain('out/status/2025-01-15_4711_doc.txt');
    expect(html).not.toContain('elsewhere.txt');
    expect(html).toContain('FMT_BAD_DATE, line 12');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;.txt');
    expect(html).toContain('error/&lt;svg onload=alert(1)&gt;.txt.err');
    expect(html).not.toContain('<svg onload');
    for (const [lang, words] of [['ru', ['строка 12', '— не дата']], ['kk', ['12-жол', '— күн емес']]] as const) {
      const page = await (await c.get(`/mailboxes?lang=${lang}`)).text();
      expect(page).toContain(`<html lang="${lang}">`);
      for (const w of words) expect(page).toContain(w);
      expect(page).not.toContain('<svg onload');
    }
  });

  it('an unreachable mailbox folder is reported, not a failure', async () => {
    const missing = path.join(tempDir(), 'share-down');
    const h = webHarness({ mailboxes: { share: { root: missing } } });
    const u = await h.user('olga', { rights: ['*=none'] });
    const c = h.client();
    await c.login(u.login, u.password);
    const res = await c.get('/mailboxes?lang=en');
    expect(res.status).toBe(200);
    expect((await res.text()).match(/cannot be read \(ENOENT\)/g)?.length).toBe(5);
  });
});

describe('/api/v1/mailboxes', () => {
  it('answers the same facts as JSON, error details in the requested language', async () => {
    const { h } = await bench();
    const res = await h.app.request('/api/v1/mailboxes?lang=ru', { headers: { authorization: `Bearer ${await h.token('olga')}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { name: string; folders: { folder: string; files: number }[]; waiting: { name: string; claimed: boolean }[]; received: { name: string; state: string }[]; exported: { path: string }[]; errors: { name: string; code: string; line: number; message: string; report: string }[] }[] };
    const [m] = body.items;
    expect(m!.name).toBe('main');
    expect(Object.fromEntries(m!.folders.map((f) => [f.folder, f.files]))).toEqual({ in: 1, processing: 1, out: 2, archive: 3, error: 3 });
    expect(m!.waiting.map((w) => [w.name, w.claimed])).toEqual([['1c_to_kl_waiting.txt', false], ['1c_to_kl_claimed.txt', true]]);
    expect(m!.received.map((f) => [f.name, f.state])).toEqual([[EVIL, 'rejected'], ['good.txt', 'parsed']]);
    expect(m!.exported.map((x) => x.path)).toEqual(['out/status/2025-01-15_4711_doc.txt']);
    expect(m!.errors).toEqual([expect.objectContaining({ name: EVIL, code: 'FMT_BAD_DATE', line: 12, message: 'ДатаДокумента 31.02.2025 — не дата', report: `${EVIL}.err` })]);
    expect((await h.app.request('/api/v1/mailboxes')).status).toBe(401);
  });
});
