// Audit page and API: keyset pages by seq lose and repeat nothing, filters use the entity index, verification reports
// OK with the last seq and hash, and after tampering (through a second connection, triggers dropped) the broken seq.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendEvent, appendEventTx, auditHead } from '../../gateway/store/sql/audit-log.ts';
import { webHarness } from './harness.ts';

async function adminClient(h: ReturnType<typeof webHarness>) {
  const root = await h.user('root', { admin: true });
  const c = h.client();
  await c.login('root', root.password);
  return c;
}

describe('audit log', () => {
  it('pages newest first by seq without losing or repeating rows; filters by entity, type prefix and actor', async () => {
    const h = webHarness();
    await h.store.sql.transaction(async (tx) => {
      for (let i = 0; i < 250; i++) await appendEventTx(tx, { entityType: i % 2 ? 'document' : 'file', entityId: `E${i % 7}`, type: i % 3 ? 'document.signed' : 'file.received', actor: i % 5 ? 'system' : 'ainur', data: { i, note: '<script>alert(1)</script>' } });
    });
    const c = await adminClient(h);
    const total = h.store.sqlite.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const seqs: number[] = [];
    let url: string | null = '/audit?lang=en';
    while (url) {
      const html: string = await (await c.get(url)).text();
      expect(html).not.toContain('<script>alert(1)');
      for (const m of html.matchAll(/<tr><td class="num">(\d+)<\/td>/g)) seqs.push(Number(m[1]));
      const next: RegExpExecArray | null = /<a href="([^"]+)">Next page<\/a>/.exec(html);
      url = next ? next[1]!.replaceAll('&amp;', '&') : null;
    }
    // Browsing appends nothing: every seq once, newest first.
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => total - i));

    const api = async (q: string) => (await (await c.get(`/api/v1/audit?${q}`)).json()) as { items: { seq: number; entity_id: string; type: string; actor: string; data: { i: number } }[]; next_before: number | null };
    const entity = await api('entity_type=document&entity_id=E3&limit=5');
    expect(entity.items.every((e) => e.entity_id === 'E3')).toBe(true);
    const all: number[] = [];
    for (let p = entity; ; p = await api(`entity_type=document&entity_id=E3&limit=5&before=${p.next_before}`)) {
      all.push(...p.items.map((e) => e.data.i));
      if (p.next_before === null) break;
    }
    expect(all).toEqual(Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 2 === 1 && i % 7 === 3).reverse());
    const byType = await api('type=file.&actor=ainur&limit=1000');
    expect(byType.items.length).toBe(Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 5 === 0).length);
    expect(byType.items.every((e) => e.type === 'file.received' && e.actor === 'ainur')).toBe(true);
    const page = await (await c.get('/audit?entity_type=document&entity_id=E3&lang=en')).text();
    expect(page).toContain('href="/documents/E3"');
  });

  it('verify reports OK with the last seq and hash, and the first broken seq after tampering', async () => {
    const h = webHarness();
    for (let i = 0; i < 20; i++) await appendEvent(h.store.sql, { entityType: 'system', entityId: 'x', type: 'test.event', actor: 'system', data: { i } });
    const c = await adminClient(h);
    const head = await auditHead(h.store.sql);
    const ok = await c.request('/audit/verify', { form: {} });
    expect(ok.status).toBe(303);
    expect(await (await c.get(`${ok.headers.get('location')!}&lang=en`)).text()).toContain(`The chain is intact: ${head.seq} events verified. Last seq ${head.seq}, hash ${head.hash}.`);
    const recorded = h.store.sqlite.prepare(`SELECT actor, data_json FROM events WHERE type = 'audit.verified'`).get() as { actor: string; data_json: string };
    expect(recorded.actor).toBe('root');
    expect(JSON.parse(recorded.data_json)).toMatchObject({ ok: true, count: head.seq, lastHash: head.hash });

    // Someone with the database file edits event 7 (the triggers that refuse it dropped on a second connection).
    const db = new Database(h.store.dbPath);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare(`UPDATE events SET data_json = '{"i":700}' WHERE seq = 7`).run();
    db.close();
    const broken = await c.request('/audit/verify', { form: {} });
    const html = await (await c.get(`${broken.headers.get('location')!}&lang=ru`)).text();
    expect(html).toContain('Цепочка НАРУШЕНА на номере 7: событие изменено после записи. До него проверено событий: 6.');
    const api = (await (await c.request('/api/v1/audit/verify', { method: 'POST', json: {} })).json()) as { ok: boolean; first_bad: { seq: number; reason: string } };
    expect(api).toMatchObject({ ok: false, first_bad: { seq: 7, reason: 'hash-mismatch' } });
  });
});

describe('audit day filters', () => {
  it('from/to are business days in Asia/Almaty (UTC+5), inclusive', async () => {
    const h = webHarness();
    const at = (iso: string) => Date.parse(iso);
    // 14 Jan 23:30 in Almaty is 18:30 UTC; 15 Jan 00:10 in Almaty is 14 Jan 19:10 UTC.
    await appendEvent(h.store.sql, { entityType: 'system', entityId: 'd', type: 'test.day', actor: 'system', at: at('2025-01-14T18:30:00Z'), data: { day: 14 } });
    await appendEvent(h.store.sql, { entityType: 'system', entityId: 'd', type: 'test.day', actor: 'system', at: at('2025-01-14T19:10:00Z'), data: { day: 15 } });
    await appendEvent(h.store.sql, { entityType: 'system', entityId: 'd', type: 'test.day', actor: 'system', at: at('2025-01-15T18:59:59Z'), data: { day: 15 } });
    await appendEvent(h.store.sql, { entityType: 'system', entityId: 'd', type: 'test.day', actor: 'system', at: at('2025-01-15T19:00:00Z'), data: { day: 16 } });
    const c = await adminClient(h);
    const r = (await (await c.get('/api/v1/audit?type=test.day&from=2025-01-15&to=2025-01-15')).json()) as { items: { data: { day: number } }[] };
    expect(r.items.map((e) => e.data.day)).toEqual([15, 15]);
  });
});
