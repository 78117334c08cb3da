// The Documents list, the document page and the Overview through app.request(): every page in kk, ru and en, HTML in
// payment data shown as text, viewing allowed to every signed-in user, 404 for unknown ids, filters named back when
// wrong, the bank's rejection reason translated, the source file download recorded.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issue, t } from '../../gateway/core/issue.ts';
import { listEntityEvents } from '../../gateway/store/sql/audit-log.ts';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { recordBankStatus, recordSendStarted } from '../../gateway/store/submissions-repo.ts';
import { payment, tempDir } from '../store/helpers.ts';
import { webHarness, type Harness } from './harness.ts';

const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", '</td></tr><iframe src=javascript:alert(4)>'];

async function signedIn(h: Harness, rights: string[] = ['*=single']) {
  const u = await h.user(`u${Math.floor(Math.random() * 1e9)}`, { rights });
  const c = h.client();
  expect((await c.login(u.login, u.password)).status).toBe(303);
  return c;
}

/** A file with a hostile name and a document whose beneficiary and purpose carry HTML; a valid one beside it. */
async function hostileDocuments(h: Harness, blobsDir?: string) {
  const bytes = Buffer.from('1CClientBankExchange\r\nКонецФайла\r\n');
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (blobsDir) {
    mkdirSync(path.join(blobsDir, sha.slice(0, 2)), { recursive: true });
    writeFileSync(path.join(blobsDir, sha.slice(0, 2), sha), bytes);
  }
  const file = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: `${XSS[0]}.txt`, claimId: 'x1', sha256: sha, size: bytes.length, format: '1c.kz' }));
  const bad = payment('<b>7</b>', 123456n);
  bad.beneficiary = { ...bad.beneficiary, name: XSS[1]! };
  bad.purpose = XSS.join(' ');
  const { ids } = (await insertDocuments(h.store.sql, file.id, [
    { seq: 0, line: 5, document: bad, state: 'invalid', issues: [issue('VAL_IBAN_CHECKSUM', t({ en: `wrong ${XSS[2]}`, ru: `неверно ${XSS[2]}`, kk: `қате ${XSS[2]}` }), { line: 9, field: 'ПолучательИИК' })] },
    { seq: 1, line: 30, document: payment('8', 500000n), state: 'awaiting-signature' },
  ]));
  return { file, ids };
}

function expectInert(html: string): void {
  for (const x of XSS) expect(html).not.toContain(x);
  expect(html).not.toMatch(/<script(?![^>]*nonce=)/i);
  expect(html).not.toMatch(/<(img|svg|iframe)\b/i);
  expect(html).toContain('&lt;');
}

describe('dashboard pages: documents, document, overview', () => {
  it('render in kk, ru and en with every message present and <html lang>', async () => {
    const h = webHarness();
    const { ids } = (await hostileDocuments(h));
    const c = await signedIn(h);
    for (const [lang, words] of [
      ['kk', ['Құжаттар', 'Қол қоюды күтуде', 'Деректемелер', 'Тарихы', 'Құжаттар күйлері бойынша']],
      ['ru', ['Документы', 'Ожидает подписи', 'Реквизиты', 'История', 'Документы по состояниям']],
      ['en', ['Documents', 'Awaiting signature', 'Requisites', 'Timeline', 'Documents by state']],
    ] as const) {
      const list = await c.get(`/documents?lang=${lang}`);
      const listHtml = await list.text();
      expect(list.status).toBe(200);
      expect(listHtml).toContain(`<html lang="${lang}">`);
      expect(listHtml).toContain(words[0]);
      expect(listHtml).toContain(words[1]);
      const doc = await (await c.get(`/documents/${ids[0]}?lang=${lang}`)).text();
      expect(doc).toContain(words[2]);
      expect(doc).toContain(words[3]);
      const overview = await (await c.get(`/?lang=${lang}`)).text();
      expect(overview).toContain(words[4]);
      expect(overview).toContain('<svg class="chart"');
      // Every filter field names its help section.
      for (const f of ['state', 'kind', 'account', 'date', 'amount', 'number', 'beneficiary', 'bin']) expect(listHtml).toContain(`data-help="documents.${f}"`);
    }
  });

  it('shows HTML in a payment purpose, beneficiary name, issue text and file name as inert text', async () => {
    const h = webHarness();
    const { ids } = (await hostileDocuments(h));
    const c = await signedIn(h);
    const list = await (await c.get('/documents?lang=en')).text();
    expect(list).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expectInert(list);
    const doc = await (await c.get(`/documents/${ids[0]}?lang=ru`)).text();
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.txt');
    expect(doc).toContain('неверно');
    expectInert(doc);
    const search = await (await c.get(`/documents?beneficiary=${encodeURIComponent('<img src=x')}`)).text();
    expect(search).toContain('value="&lt;img src=x"');
    expectInert(search);
  });

  it('lets a user with no right on any account view the documents (viewing is for everyone signed in)', async () => {
    const h = webHarness();
    const { ids } = (await hostileDocuments(h));
    const c = await signedIn(h, []);
    const list = await c.get('/documents');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`/documents/${ids[1]}`);
    expect((await c.get(`/documents/${ids[1]}`)).status).toBe(200);
    expect((await c.get('/')).status).toBe(200);
    expect((await c.get('/api/v1/documents')).status).toBe(200);
  });

  it('answers 404 for an unknown or malformed id, and names wrong filters back with 400', async () => {
    const h = webHarness();
    const c = await signedIn(h);
    expect((await c.get('/documents/01JPCTR6W02KBFWA5HVV9AYZCD')).status).toBe(404);
    expect((await c.get('/documents/..%2F..%2Fetc')).status).toBe(404);
    expect((await c.get('/documents/01JPCTR6W02KBFWA5HVV9AYZCD/source')).status).toBe(404);
    const api = await c.get('/api/v1/documents/01JPCTR6W02KBFWA5HVV9AYZCD');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'API_NOT_FOUND' } });
    const bad = await c.get('/documents?lang=en&bin=12ab&date_from=2025-13-40&amount_to=lots');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Not understood: Date from, Amount to, BIN/IIN');
    expect(html).toContain('name="bin" value="12ab" data-help="documents.bin" aria-invalid="true"');
  });

  it('pages by cursor with a next-page link and no total count over the table', async () => {
    const h = webHarness();
    const file = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: 'many.txt', claimId: 'm', sha256: 'e'.repeat(64), size: 1 }));
    (await insertDocuments(h.store.sql, file.id, Array.from({ length: 120 }, (_, i) => ({ seq: i, document: payment(String(i + 1), BigInt(100 + i)), state: 'awaiting-signature' as const }))));
    const c = await signedIn(h);
    const seen: string[] = [];
    let url = '/documents?state=awaiting-signature&lang=en';
    for (let page = 0; page < 5; page++) {
      const html = await (await c.get(url)).text();
      seen.push(...[...html.matchAll(/href="\/documents\/([0-9A-Z]{26})"/g)].map((m) => m[1]!));
      const next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      if (!next) break;
      expect(next).toMatch(/cursor=[0-9A-Z]{26}/);
      url = next;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('translates the bank’s rejection reason on the timeline and in the API', async () => {
    const h = webHarness();
    const { ids } = (await hostileDocuments(h));
    const id = ids[1]!;
    h.store.sqlite.prepare(`UPDATE documents SET state = 'signed' WHERE id = ?`).run(id);
    await recordSendStarted(h.store.sql, { documentId: id, connector: 'bank-sandbox', idempotencyKey: `bankgate-${id}`, payloadSha256: 'p', fromState: 'signed' });
    h.store.clock.advance(2000);
    await recordBankStatus(h.store.sql, id, { bankId: 'BNK-1', idempotencyKey: `bankgate-${id}`, state: 'rejected', reason: { code: 'INSUFFICIENT_FUNDS', ru: 'На счёте недостаточно средств', kk: 'Шотта қаражат жеткіліксіз', en: 'Not enough money on the account' }, executionDate: null, entryBankId: null }, 'submit');
    const c = await signedIn(h);
    const ru = await (await c.get(`/documents/${id}?lang=ru`)).text();
    expect(ru).toContain('Банк отклонил документ: INSUFFICIENT_FUNDS — Недостаточно средств: На счёте недостаточно средств');
    const kk = await (await c.get(`/documents/${id}?lang=kk`)).text();
    expect(kk).toContain('Қаражат жеткіліксіз');
    const api = (await (await c.get(`/api/v1/documents/${id}?lang=en`)).json()) as { bank: { reason: string; reason_code: string }; timeline: { type: string }[] };
    expect(api.bank).toMatchObject({ reason_code: 'INSUFFICIENT_FUNDS', reason: 'INSUFFICIENT_FUNDS — Insufficient funds: Not enough money on the account' });
    expect(api.timeline.map((e) => e.type)).toEqual(['file.received', 'document.created', 'document.queued', 'bank.rejected']);
  });

  it('has help topics in kk, ru and en with a section for every field and part that names one', async () => {
    const h = webHarness();
    const { ids } = (await hostileDocuments(h));
    const c = await signedIn(h);
    const used = new Set<string>();
    for (const url of ['/documents', `/documents/${ids[0]}`, '/']) {
      const html = await (await c.get(url)).text();
      for (const m of html.matchAll(/data-help="([a-z-]+(?:\.[a-z_-]+)?)"/g)) used.add(m[1]!);
    }
    expect([...used].filter((u) => !u.includes('.'))).toEqual(expect.arrayContaining(['documents', 'document', 'overview']));
    for (const lang of ['kk', 'ru', 'en']) {
      for (const topic of used) {
        const [page, field] = topic.split('.');
        const res = await c.get(`/help/${topic}?lang=${lang}`);
        expect(res.status, `${lang} ${topic}`).toBe(200);
        const html = await res.text();
        expect(html).toContain(`data-topic="${page}"`);
        if (field) expect(html, `${lang} ${topic}`).toContain(`<section id="${field}" class="focus"`);
      }
    }
  });

  it('downloads the original source file and records who did', async () => {
    const data = tempDir();
    const h = webHarness({ data: { dir: data } });
    const { file, ids } = (await hostileDocuments(h, path.join(data, 'blobs')));
    const c = await signedIn(h);
    const page = await (await c.get(`/documents/${ids[1]}?lang=en`)).text();
    expect(page).toContain(`href="/documents/${ids[1]}/source"`);
    const res = await c.get(`/documents/${ids[1]}/source`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(file.name)}`);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toContain('1CClientBankExchange');
    expect((await listEntityEvents(h.store.sql, 'file', file.id)).map((e) => e.type)).toContain('file.downloaded');
  });
});
