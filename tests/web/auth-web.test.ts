// Dashboard login security through app.request(): lockout, forced change, session rotation, logout, CSRF, throttling.
import { describe, expect, it } from 'vitest';
import { webHarness } from './harness.ts';

describe('dashboard login', () => {
  it('pages redirect to the login page; the login page renders in kk, ru and en with <html lang>', async () => {
    const h = webHarness();
    const c = h.client();
    const res = await c.get('/documents?state=signed');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments%3Fstate%3Dsigned');
    for (const [lang, word] of [['kk', 'Кіру'], ['ru', 'Вход'], ['en', 'Log in']] as const) {
      const page = await c.get(`/login?lang=${lang}`);
      const html = await page.text();
      expect(html.startsWith('<!DOCTYPE html><html lang=')).toBe(true);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(word);
    }
  });

  it('three wrong passwords lock the account; the right password then fails too', async () => {
    const h = webHarness();
    const u = await h.user('anna', { rights: ['*=single'] });
    const c = h.client();
    for (let i = 0; i < 3; i++) expect((await c.login('anna', 'wrong password here')).status).toBe(401);
    const res = await c.login('anna', u.password);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('заблокирована');
  });

  it('a one-time password must be changed first; the session id changes at login and after the change', async () => {
    const h = webHarness();
    const u = await h.user('boris', { rights: ['*=first'], keepInitial: true });
    const c = h.client();
    await c.get('/login');
    const res = await c.login('boris', u.password);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/password');
    const first = c.cookies.get('bankgate_session');
    expect(first).toBeTruthy();
    // Everything else sends back to the password page.
    expect((await c.get('/')).headers.get('location')).toBe('/password');
    expect((await c.get('/api/v1/documents')).status).toBe(403);
    const weak = await c.request('/password', { form: { current: u.password, next: 'password', repeat: 'password' } });
    expect(weak.status).toBe(400);
    const ok = await c.request('/password', { form: { current: u.password, next: 'a long pass phrase of mine', repeat: 'a long pass phrase of mine' } });
    expect(ok.status).toBe(200);
    expect(c.cookies.get('bankgate_session')).not.toBe(first);
    expect((await c.get('/')).status).toBe(200);
  });

  it('logout kills the session on the server: the old cookie no longer works', async () => {
    const h = webHarness();
    const u = await h.user('vera', { rights: ['*=single'] });
    const c = h.client();
    await c.login('vera', u.password);
    const stolen = c.cookies.get('bankgate_session')!;
    expect((await c.get('/')).status).toBe(200);
    expect((await c.request('/logout', { form: {} })).status).toBe(303);
    const other = h.client();
    other.cookies.set('bankgate_session', stolen);
    expect((await other.get('/')).status).toBe(303);
  });

  it('cross-site POSTs are refused and audited; a missing CSRF token is refused', async () => {
    const h = webHarness();
    const u = await h.user('gleb', { rights: ['*=single'] });
    const c = h.client();
    await c.login('gleb', u.password);
    const evil = await c.request('/logout', { form: {}, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    const noToken = await c.request('/logout', { form: { _csrf: 'nope' } });
    expect(noToken.status).toBe(403);
    const fetchSite = await c.request('/logout', { form: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchSite.status).toBe(403);
    const refused = h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'web.refused'`).pluck().get();
    expect(refused).toBe(3);
    expect((await c.get('/')).status).toBe(200);
  });

  it('per-IP throttling answers 429 before any account counter moves', async () => {
    const h = webHarness({ http: { login_attempts_per_ip_per_minute: 2 } });
    const u = await h.user('dana', { rights: ['*=single'] });
    const c = h.client();
    expect((await c.login('dana', 'x1')).status).toBe(401);
    expect((await c.login('dana', 'x2')).status).toBe(401);
    expect((await c.login('dana', u.password)).status).toBe(429);
    expect(h.store.sqlite.prepare(`SELECT failed_logins FROM users WHERE login = 'dana'`).pluck().get()).toBe(2);
  });

  it('security headers: CSP with a nonce, object-src none, base-uri none, nosniff, frame-ancestors none', async () => {
    const h = webHarness();
    const res = await h.client().get('/login');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const nonce = /nonce-([^']+)'/.exec(csp)![1]!;
    expect(await res.text()).toContain(`<script nonce="${nonce}">`);
  });
});
