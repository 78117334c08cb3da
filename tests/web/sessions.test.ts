// Session lifetime (ASVS 7.3.1/7.3.2, 7.4.2): idle and absolute timeouts, a locked user's session ends, ids are
// 256-bit random and only their hashes are stored, API tokens carry their user's state.
import { describe, expect, it } from 'vitest';
import { lockUser } from '../../gateway/auth/users.ts';
import { webHarness } from './harness.ts';

const MIN = 60_000;

describe('dashboard sessions', () => {
  it('end after the idle timeout, and after the absolute timeout however busy', async () => {
    const h = webHarness({ http: { session: { idle_minutes: 15, absolute_hours: 1 } } });
    const u = await h.user('idle', { rights: ['*=single'] });
    const c = h.client();
    await c.login('idle', u.password);
    h.store.clock.advance(14 * MIN);
    expect((await c.get('/')).status).toBe(200);
    h.store.clock.advance(16 * MIN);
    const res = await c.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login/);

    await c.login('idle', u.password);
    for (let i = 0; i < 6; i++) {
      h.store.clock.advance(10 * MIN);
      expect((await c.get('/')).status, `after ${(i + 1) * 10} min`).toBe(200);
    }
    h.store.clock.advance(1 * MIN);
    expect((await c.get('/')).status).toBe(303);
  });

  it('stores only a hash of the 256-bit session id; locking the user ends the session', async () => {
    const h = webHarness();
    const u = await h.user('lock-me', { rights: ['*=single'] });
    await h.user('boss', { admin: true });
    const c = h.client();
    await c.login('lock-me', u.password);
    const token = c.cookies.get('bankgate_session')!;
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const rows = h.store.sqlite.prepare('SELECT id_hash FROM web_sessions').pluck().all() as string[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toBe(token);
    await lockUser(h.store.sql, 'lock-me', 'boss');
    expect((await c.get('/')).status).toBe(303);
    expect(h.store.sqlite.prepare('SELECT count(*) FROM web_sessions').pluck().get()).toBe(0);
  });

  it('API tokens: Bearer works only on /api, not for pages, and stops with a lock', async () => {
    const h = webHarness();
    await h.user('script', { rights: ['*=none'] });
    await h.user('boss', { admin: true });
    const token = await h.token('script');
    const auth = { authorization: `Bearer ${token}` };
    const me = await h.app.request('/api/v1/session', { headers: auth });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ login: 'script', csrf_token: null });
    expect((await h.app.request('/', { headers: auth })).status).toBe(303);
    expect((await h.app.request('/api/v1/session', { headers: { authorization: 'Bearer bgt_not-a-real-token-aaaaaaaaaaaa' } })).status).toBe(401);
    await lockUser(h.store.sql, 'script', 'boss');
    expect((await h.app.request('/api/v1/session', { headers: auth })).status).toBe(401);
  });

  it('JSON login sets a session; writes need X-CSRF-Token and application/json', async () => {
    const h = webHarness();
    const u = await h.user('jsonuser', { rights: ['*=single'] });
    const c = h.client();
    const res = await c.request('/api/v1/session', { json: { login: 'jsonuser', password: u.password } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrf_token: string; login: string };
    expect(body.login).toBe('jsonuser');
    // DELETE without the token header is refused; with it the session ends.
    expect((await c.request('/api/v1/session', { method: 'DELETE', headers: { 'content-type': 'application/json' } })).status).toBe(403);
    expect((await c.request('/api/v1/session', { method: 'DELETE', headers: { 'content-type': 'text/plain', 'x-csrf-token': body.csrf_token } })).status).toBe(403);
    expect((await c.request('/api/v1/session', { method: 'DELETE', headers: { 'content-type': 'application/json', 'x-csrf-token': body.csrf_token } })).status).toBe(204);
    expect((await c.get('/api/v1/session')).status).toBe(401);
  });

  it('the OpenAPI document describes the API', async () => {
    const h = webHarness();
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/session');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['session', 'token']);
  });
});
