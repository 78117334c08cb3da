// Every menu page renders for the roles that may see it, in kk, ru and en (a missing message fails the render under
// vitest), with <html lang> set, and data carrying HTML/JS payloads (file names, purposes, names) shown as inert text.
import { describe, expect, it } from 'vitest';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { NAV } from '../../gateway/web/ui/layout.tsx';
import { LANGS } from '../../gateway/web/i18n/langs.ts';
import { payment, sha } from '../store/helpers.ts';
import { webHarness } from './harness.ts';

/** Classic XSS probes (OWASP cheat sheet style): none may reach the page as markup. */
export const XSS_PAYLOADS = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=1">',
  "'><svg onload=window.__xss=1>",
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '</textarea><script>window.__xss=1</script>',
  '<a href="javascript:window.__xss=1">x</a>',
];

/** The payload's markup must not appear unescaped anywhere in the page. */
function assertInert(html: string, where: string) {
  for (const p of ['<script>window.__xss', '<img src=x onerror', '<svg onload', '<iframe src="javascript', 'href="javascript:']) {
    expect(html.includes(p), `${where}: found raw ${p}`).toBe(false);
  }
}

async function seeded() {
  const h = webHarness();
  const admin = await h.user('root', { admin: true });
  const signer = await h.user('signer', { rights: ['*=single'] });
  for (const [i, p] of XSS_PAYLOADS.entries()) {
    const f = (await recordReceivedFile(h.store.sql, { mailbox: 'default', name: `${p}.txt`, claimId: `x${i}`, sha256: sha(String(i)), size: 10, format: '1c.kz' }));
    const doc = payment(`${i}${p}`.slice(0, 40), 1000n + BigInt(i));
    (await insertDocuments(h.store.sql, f.id, [{ seq: 1, line: 3, document: { ...doc, purpose: p, beneficiary: { ...doc.beneficiary, name: p } }, state: i % 2 ? 'awaiting-signature' : 'invalid' }]));
  }
  return { h, admin, signer };
}

describe('every page in every language', () => {
  it('renders each menu page for an admin and a signer, in kk, ru and en, with payloads as text', async () => {
    const { h, admin, signer } = await seeded();
    for (const [who, creds] of [['admin', admin], ['signer', signer]] as const) {
      const c = h.client();
      expect((await c.login(creds.login, creds.password)).status).toBe(303);
      for (const item of NAV) {
        const allowed = (!item.admin || who === 'admin') && (!item.signer || who !== 'admin');
        for (const lang of LANGS) {
          const res = await c.get(`${item.href}?lang=${lang}`);
          const where = `${who} ${item.href} ${lang}`;
          if (!allowed) {
            expect(res.status, where).toBe(403);
            continue;
          }
          expect(res.status, where).toBe(200);
          const html = await res.text();
          expect(html, where).toContain(`<html lang="${lang}">`);
          assertInert(html, where);
        }
      }
    }
  });

  it('document pages show the payloads as text', async () => {
    const { h, signer } = await seeded();
    const c = h.client();
    await c.login(signer.login, signer.password);
    const rows = h.store.sqlite.prepare(`SELECT id, json_extract(body_json, '$.purpose') AS purpose FROM documents`).all() as { id: string; purpose: string }[];
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const { id, purpose } of rows) {
      const res = await c.get(`/documents/${id}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      assertInert(html, `/documents/${id}`);
      // The payload is there, as text.
      expect(html).toContain(esc(purpose));
    }
  });
});
