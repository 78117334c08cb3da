// Keys page and GET /api/v1/keys: everyone sees the keys with the expiry warning; only admins bind and unbind
// (audited with their login), never to an administrator; the API keeps the shape scripts and tests/e2e read.
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../signer/certificate.ts';
import { bindKey, getKey } from '../../gateway/store/keys-repo.ts';
import { findUserByLogin } from '../../gateway/store/users-repo.ts';
import { makeTestCert } from '../fixtures/pki.ts';
import { webHarness } from './harness.ts';

async function recordKey(h: ReturnType<typeof webHarness>, id: string, login: string, days: number, cn: string) {
  const cert = await makeTestCert({ cn, iin: '880101300123', bin: '150140001239', notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + days * 86_400_000 + 3_600_000) });
  const info = parseCertificate(cert.der);
  await bindKey(h.store.sql, { id, provider: 'software', label: `${cn} key`, tokenLabel: null, tokenSerial: null, certificate: cert.der, fingerprint: info.fingerprint, subject: info.subject, iin: info.iin, bin: info.bin, notBefore: info.notBefore, notAfter: info.notAfter }, (await findUserByLogin(h.store.sql, login))!.id, 'test');
}

describe('keys', () => {
  it('lists keys with holder, IIN/BIN, validity warning under 30 days and bound user; the API keeps its shape', async () => {
    const h = webHarness();
    const u = await h.user('dana', { rights: ['*=single'] });
    await recordKey(h, 'software:aaa', 'dana', 12, 'ДАНА <script>x</script>');
    await recordKey(h, 'software:bbb', 'dana', 400, 'ЕРЛАН');
    const c = h.client();
    await c.login('dana', u.password);
    const html = await (await c.get('/keys?lang=ru')).text();
    expect(html).toContain('ДАНА &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('ИИН 880101300123');
    expect(html).toContain('истекает через 12 дней');
    expect(html).not.toContain('истекает через 400');
    expect(html).toContain('dana — User dana');
    expect(html).not.toContain('action="/keys/bind"');
    const api = (await (await c.get('/api/v1/keys')).json()) as { items: Record<string, unknown>[] };
    expect(api.items.map((k) => k['id'])).toEqual(['software:aaa', 'software:bbb']);
    expect(Object.keys(api.items[0]!).sort()).toEqual(['automatic', 'bin', 'id', 'iin', 'label', 'last_signed_at', 'not_after', 'not_before', 'presence_error', 'provider', 'queue', 'running', 'served', 'subject', 'token_label', 'token_present', 'token_serial', 'unlocked', 'user'].sort());
    expect(api.items[0]).toMatchObject({ user: 'dana', served: false, token_present: false, iin: '880101300123', bin: '150140001239' });
    // A user is refused binding (audited), the key stays as it was.
    expect((await c.request('/keys/unbind', { form: { key: 'software:aaa' } })).status).toBe(403);
    expect((await getKey(h.store.sql, 'software:aaa'))!.userId).toBe((await findUserByLogin(h.store.sql, 'dana'))!.id);
  });

  it('an admin binds a key to another user and unbinds it, audited; binding to an admin is refused', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    await h.user('dana', { rights: ['*=single'] });
    await h.user('erlan', { rights: ['*=second'] });
    await recordKey(h, 'pkcs11:01:ab', 'dana', 200, 'ДАНА');
    const c = h.client();
    await c.login('root', root.password);
    expect(await (await c.get('/keys?lang=en')).text()).toContain('action="/keys/bind"');
    const bind = await c.request('/keys/bind', { form: { key: 'pkcs11:01:ab', login: 'erlan' } });
    expect(bind.status).toBe(303);
    expect(await (await c.get(bind.headers.get('location')! + '&lang=en')).text()).toContain('The key is now bound to erlan.');
    expect((await getKey(h.store.sql, 'pkcs11:01:ab'))!.userId).toBe((await findUserByLogin(h.store.sql, 'erlan'))!.id);
    const toAdmin = await c.request('/keys/bind?lang=en', { form: { key: 'pkcs11:01:ab', login: 'root' } });
    expect(toAdmin.status).toBe(409);
    expect(await toAdmin.text()).toContain('cannot hold signing rights');
    expect((await c.request('/keys/unbind', { form: { key: 'pkcs11:01:ab' } })).status).toBe(303);
    expect((await getKey(h.store.sql, 'pkcs11:01:ab'))!.userId).toBeNull();
    const ev = h.store.sqlite.prepare(`SELECT type, actor FROM events WHERE entity_type = 'key' ORDER BY seq`).all();
    expect(ev).toEqual([
      { type: 'key.bound', actor: 'test' },
      { type: 'key.bound', actor: 'root' },
      { type: 'key.unbound', actor: 'root' },
    ]);
  });
});
