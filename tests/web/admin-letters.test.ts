// Letters page and API against the real sandbox bank: a letter with an attachment sent and audited (names, sizes,
// SHA-256, never content), the bank's letters read, oversize attachments refused with a clear error, HTML as text.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ORIGIN } from './harness.ts';
import { bankHarness } from './admin-helpers.ts';

/** A multipart POST the way a browser sends the letters form (the client adds cookies and Origin). */
function letterForm(csrf: string, fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[]): FormData {
  const f = new FormData();
  f.set('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  for (const x of files) f.append('files', new Blob([x.bytes as Uint8Array<ArrayBuffer>]), x.name);
  return f;
}

describe('letters', () => {
  it('a letter with an attachment goes to the bank, is audited without its content, and is listed', { timeout: 30_000 }, async () => {
    const h = await bankHarness();
    const u = await h.user('aigerim', { rights: ['*=single'] });
    const c = h.client();
    await c.login('aigerim', u.password);
    const page = await (await c.get('/letters')).text();
    const key = /name="key" value="([^"]+)"/.exec(page)![1]!;
    const pdf = new TextEncoder().encode('%PDF-1.4 contract copy');
    const res = await c.request('/letters', {
      method: 'POST',
      body: letterForm(c.csrf!, { key, subject: 'Справка об остатке <b>срочно</b>', body: 'Прошу выдать справку.\n<script>alert(1)</script>' }, [{ name: '..\\..\\C:\\temp\\договор.pdf', bytes: pdf }]),
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const sentId = new URL(res.headers.get('location')!, ORIGIN).searchParams.get('sent')!;
    expect(sentId).toBeTruthy();

    const ev = h.store.sqlite.prepare(`SELECT actor, data_json FROM events WHERE type = 'letter.sent'`).all() as { actor: string; data_json: string }[];
    expect(ev).toHaveLength(1);
    expect(ev[0]!.actor).toBe('aigerim');
    const data = JSON.parse(ev[0]!.data_json);
    expect(data).toMatchObject({ bankId: sentId, subject: 'Справка об остатке <b>срочно</b>', attachments: [{ name: 'договор.pdf', size: pdf.byteLength, sha256: createHash('sha256').update(pdf).digest('hex') }] });
    expect(ev[0]!.data_json).not.toContain('Прошу выдать');
    expect(ev[0]!.data_json).not.toContain(Buffer.from(pdf).toString('base64'));

    // The same form sent again (a double click) is the same letter: one at the bank, one audit event.
    const again = await c.request('/letters', { method: 'POST', body: letterForm(c.csrf!, { key, subject: 'Справка об остатке <b>срочно</b>', body: 'Прошу выдать справку.\n<script>alert(1)</script>' }, [{ name: 'договор.pdf', bytes: pdf }]) });
    expect(again.status).toBe(303);
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'letter.sent'`).pluck().get()).toBe(1);

    // The bank writes back; the page shows both letters, every text escaped.
    h.bank.bank.sandbox!.admin.sendLetter({ client_id: 'bankgate', subject: 'Ответ <img src=x onerror=alert(2)>', body: 'Справка во вложении', attachments: [{ name: 'spravka.txt', content_b64: Buffer.from('остаток 100').toString('base64') }] });
    const list = await (await c.get('/letters?lang=ru')).text();
    expect(list).toContain('Справка об остатке &lt;b&gt;срочно&lt;/b&gt;');
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).toContain('Ответ &lt;img src=x onerror=alert(2)&gt;');
    expect(list).not.toContain('<img src=x');
    expect(list).not.toContain('<script>alert');
    expect(list).toContain('договор.pdf');
    // The bank's attachment downloads as a file, never inline.
    const link = /href="(\/letters\/[^"]+\/attachments\/0)"[^>]*>spravka\.txt/.exec(list)![1]!;
    const file = await c.get(link);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(await file.text()).toBe('остаток 100');

    const api = (await (await c.get('/api/v1/letters')).json()) as { letters: { bank_id: string; direction: string; attachments: { name: string; size: number }[] }[]; bank_reachable: boolean };
    expect(api.bank_reachable).toBe(true);
    expect(api.letters.map((l) => l.direction).sort()).toEqual(['from-bank', 'to-bank']);
    expect(api.letters.find((l) => l.bank_id === sentId)!.attachments).toEqual([{ name: 'договор.pdf', size: pdf.byteLength, sha256: createHash('sha256').update(pdf).digest('hex') }]);
  });

  it('an attachment over 5 MB, or over 20 MB together, is refused with a clear error and nothing is sent', { timeout: 30_000 }, async () => {
    const h = await bankHarness();
    const u = await h.user('daniyar', { rights: ['*=none'] });
    const c = h.client();
    await c.login('daniyar', u.password);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    const res = await c.request('/letters?lang=ru', { method: 'POST', body: letterForm(c.csrf!, { subject: 'Большой файл' }, [{ name: 'scan.tif', bytes: big }]) });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('Файл «scan.tif» больше 5 МБ.');
    expect(html).toContain('value="Большой файл"');
    // Over the whole request cap: refused before the body is read.
    const huge = new Uint8Array(29 * 1024 * 1024);
    const whole = await c.request('/letters?lang=en', { method: 'POST', body: letterForm(c.csrf!, { subject: 'Huge' }, [{ name: 'a.bin', bytes: huge }]) });
    expect(whole.status).toBe(413);
    expect(await whole.text()).toContain('larger than 20 MB together');
    // The JSON API says the same in its own form.
    const json = await c.request('/api/v1/letters', { json: { subject: 'Большой файл', attachments: [{ name: 'scan.tif', content_b64: Buffer.from(big).toString('base64') }] } });
    expect(json.status).toBe(413);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('API_TOO_LARGE');
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'letter.sent'`).pluck().get()).toBe(0);
    const letters = (await (await c.get('/api/v1/letters')).json()) as { letters: unknown[] };
    expect(letters.letters).toEqual([]);
  });

  it('POST /api/v1/letters sends a JSON letter with a base64 attachment; a cross-site form is refused', { timeout: 30_000 }, async () => {
    const h = await bankHarness();
    const u = await h.user('vera', { rights: ['*=first'] });
    const c = h.client();
    await c.login('vera', u.password);
    const res = await c.request('/api/v1/letters', { json: { subject: 'Запрос', body: 'Текст', attachments: [{ name: 'a/b/список.csv', content_b64: Buffer.from('1;2;3').toString('base64') }] } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { bank_id: string; attachments: { name: string; size: number }[] };
    expect(body.attachments).toEqual([{ name: 'список.csv', size: 5, sha256: createHash('sha256').update('1;2;3').digest('hex') }]);
    const bad = await c.request('/api/v1/letters', { json: { subject: '   ', attachments: [{ name: 'x', content_b64: '***' }] } });
    expect(bad.status).toBe(400);
    const evil = await c.request('/letters', { method: 'POST', body: letterForm(c.csrf!, { subject: 'x' }, []), headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'letter.sent'`).pluck().get()).toBe(1);
  });
});
