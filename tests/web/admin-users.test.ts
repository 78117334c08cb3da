// User administration in the dashboard: one-time password shown once and changed at first login, audited unlock,
// lock ends live sessions, the last admin stays, rights for admins refused, non-admins and cross-site posts refused.
import { describe, expect, it } from 'vitest';
import { findUserByLogin, rightsOf } from '../../gateway/store/users-repo.ts';
import { webHarness } from './harness.ts';

const events = (h: ReturnType<typeof webHarness>, type: string) => h.store.sqlite.prepare(`SELECT actor, data_json AS data FROM events WHERE type = ? ORDER BY seq`).all(type) as { actor: string; data: string }[];

describe('users administration', () => {
  it('an admin adds a user, sees the one-time password once; the user must change it at first login', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    const a = h.client();
    await a.login('root', root.password);
    const res = await a.request('/users?lang=en', { form: { login: 'Aliya', name: 'Алия <b>Сарсенова</b>', role: 'user', rights: 'KZ90601A861000012345=first\n*=none:prepare\n' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const password = /<dd class="mono secret">([^<]+)<\/dd>/.exec(html)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(html).toContain('Алия &lt;b&gt;Сарсенова&lt;/b&gt;');
    expect(html).toContain('shown only now');
    const u = (await findUserByLogin(h.store.sql, 'aliya'))!;
    expect((await rightsOf(h.store.sql, u.id)).map((r) => `${r.account}=${r.right}:${r.canPrepare}`)).toEqual(['*=none:true', 'KZ90601A861000012345=first:true']);
    expect(events(h, 'user.created').find((e) => JSON.parse(e.data).login === 'aliya')!.actor).toBe('root');
    // Shown once: neither the list nor the user's page carries it, and the store has only the hash.
    for (const page of ['/users', '/users/aliya']) expect(await (await a.get(page)).text()).not.toContain(password);
    expect(JSON.stringify(h.store.sqlite.prepare('SELECT * FROM users').all())).not.toContain(password);
    expect(JSON.stringify(h.store.sqlite.prepare('SELECT data_json FROM events').all())).not.toContain(password);

    const user = h.client();
    const login = await user.login('aliya', password);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/password');
    expect((await user.get('/statements')).headers.get('location')).toBe('/password');
    const changed = await user.request('/password', { form: { current: password, next: 'my own long pass phrase', repeat: 'my own long pass phrase' } });
    expect(changed.status).toBe(200);
    expect((await user.get('/statements')).status).toBe(200);
  });

  it('bad input is named per field; a duplicate login and rights for an admin are refused with clear messages', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    await h.user('bota', { rights: ['*=single'] });
    const a = h.client();
    await a.login('root', root.password);
    const bad = await a.request('/users?lang=ru', { form: { login: 'Я', name: '', role: 'user', rights: 'KZ123=boss' } });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Логин — от 2 до 64 символов');
    expect(text).toContain('Укажите имя сотрудника.');
    expect(text).toContain('Строка 1 «KZ123=boss»');
    const adminRights = await a.request('/users?lang=en', { form: { login: 'second', name: 'Second admin', role: 'admin', rights: '*=single' } });
    expect(adminRights.status).toBe(400);
    expect(await adminRights.text()).toContain('cannot hold signing rights');
    const dup = await a.request('/users?lang=en', { form: { login: 'bota', name: 'Again', role: 'user', rights: '' } });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('already exists');
    // Setting a right on an admin is refused too (AUTH_ADMIN_NO_SIGNING).
    const right = await a.request('/users/root/rights?lang=en', { form: { account: '*', right: 'single' } });
    expect(right.status).toBe(409);
    expect(await right.text()).toContain('cannot hold signing rights');
  });

  it('locking ends the user\'s live sessions; an audited unlock lets them log in again', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    const ermek = await h.user('ermek', { rights: ['*=second'] });
    const a = h.client();
    await a.login('root', root.password);
    const e1 = h.client();
    const e2 = h.client();
    await e1.login('ermek', ermek.password);
    await e2.login('ermek', ermek.password);
    expect((await e1.get('/statements')).status).toBe(200);
    expect(await (await a.get('/users/ermek?lang=en')).text()).toContain('End all 2 sessions');
    const lock = await a.request('/users/ermek/lock', { form: {} });
    expect(lock.status).toBe(303);
    expect(h.store.sqlite.prepare('SELECT count(*) FROM web_sessions WHERE user_id = ?').pluck().get((await findUserByLogin(h.store.sql, 'ermek'))!.id)).toBe(0);
    for (const c of [e1, e2]) expect((await c.get('/statements')).status).toBe(303);
    expect(events(h, 'user.locked').map((e) => e.actor)).toEqual(['root']);
    expect(JSON.parse(events(h, 'user.sessions-ended')[0]!.data)).toEqual({ sessions: 2, reason: 'locked' });
    expect((await h.client().login('ermek', ermek.password)).status).toBe(401);

    const unlock = await a.request('/users/ermek/unlock', { form: {} });
    expect(unlock.status).toBe(303);
    expect(await (await a.get(unlock.headers.get('location')! + '&lang=en')).text()).toContain('ermek is unlocked');
    expect(events(h, 'user.unlocked').map((e) => e.actor)).toEqual(['root']);
    expect((await h.client().login('ermek', ermek.password)).status).toBe(303);
  });

  it('unlocks a user locked by wrong passwords; ends sessions on demand; resets a password once', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    const gulnar = await h.user('gulnar', { rights: ['*=single'] });
    for (let i = 0; i < 3; i++) await h.client().login('gulnar', 'not her password at all');
    const a = h.client();
    await a.login('root', root.password);
    const list = await (await a.get('/users?lang=ru')).text();
    expect(list).toContain('заблокирован — после неверных паролей');
    expect((await a.request('/users/gulnar/unlock', { form: {} })).status).toBe(303);
    const g = h.client();
    expect((await g.login('gulnar', gulnar.password)).status).toBe(303);
    expect((await a.request('/users/gulnar/end-sessions', { form: {} })).status).toBe(303);
    expect((await g.get('/statements')).status).toBe(303);
    expect(JSON.parse(events(h, 'user.sessions-ended')[0]!.data)).toEqual({ sessions: 1, reason: 'admin' });
    const reset = await a.request('/users/gulnar/reset?lang=en', { form: {} });
    const fresh = /<dd class="mono secret">([^<]+)<\/dd>/.exec(await reset.text())![1]!;
    expect((await h.client().login('gulnar', gulnar.password)).status).toBe(401);
    const again = await h.client().login('gulnar', fresh);
    expect(again.headers.get('location')).toBe('/password');
  });

  it('the last admin cannot be locked; a second admin makes it possible', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    const a = h.client();
    await a.login('root', root.password);
    const res = await a.request('/users/root/lock?lang=en', { form: {} });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('last active administrator');
    expect((await findUserByLogin(h.store.sql, 'root'))!.locked).toBe(false);
    expect((await a.get('/users')).status).toBe(200);
    await h.user('backup', { admin: true });
    expect((await a.request('/users/backup/lock', { form: {} })).status).toBe(303);
    expect((await findUserByLogin(h.store.sql, 'backup'))!.locked).toBe(true);
  });

  it('sets and removes rights and one-time codes, each audited with the admin', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    await h.user('kanat', { rights: ['*=none'] });
    const a = h.client();
    await a.login('root', root.password);
    expect((await a.request('/users/kanat/rights', { form: { account: 'kz90601a861000012345', right: 'none:prepare' } })).status).toBe(303);
    const id = (await findUserByLogin(h.store.sql, 'kanat'))!.id;
    expect((await rightsOf(h.store.sql, id)).map((r) => `${r.account}=${r.right}:${r.canPrepare}`)).toEqual(['*=none:false', 'KZ90601A861000012345=none:true']);
    expect((await a.request('/users/kanat/rights/remove', { form: { account: '*' } })).status).toBe(303);
    expect((await rightsOf(h.store.sql, id)).map((r) => r.account)).toEqual(['KZ90601A861000012345']);
    expect(events(h, 'user.right-removed')).toEqual([{ actor: 'root', data: '{"account":"*"}' }]);
    const totp = await a.request('/users/kanat/totp?lang=en', { form: {} });
    const html = await totp.text();
    expect(totp.headers.get('cache-control')).toBe('no-store');
    expect(html).toMatch(/otpauth:\/\/totp\//);
    expect((await findUserByLogin(h.store.sql, 'kanat'))!.totpSecret).toBeTruthy();
    expect((await a.request('/users/kanat/totp?lang=en', { form: {} })).status).toBe(409);
    expect((await a.request('/users/kanat/totp/remove', { form: {} })).status).toBe(303);
    expect((await findUserByLogin(h.store.sql, 'kanat'))!.totpSecret).toBeNull();
    expect(events(h, 'user.totp-enrolled').map((e) => e.actor)).toEqual(['root']);
  });

  it('non-admins get 403 (audited) on /users, unlock, /audit and /settings; a cross-site unlock is refused', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    const u = await h.user('signer', { rights: ['*=single'] });
    await h.user('locked', { rights: ['*=none'] });
    h.store.sqlite.prepare('UPDATE users SET locked = 1, lock_reason = ? WHERE login = ?').run('admin', 'locked');
    const c = h.client();
    await c.login('signer', u.password);
    expect((await c.get('/users')).status).toBe(403);
    expect((await c.get('/users/locked')).status).toBe(403);
    expect((await c.request('/users/locked/unlock', { form: {} })).status).toBe(403);
    expect((await c.get('/audit')).status).toBe(403);
    expect((await c.request('/audit/verify', { form: {} })).status).toBe(403);
    expect((await c.get('/settings')).status).toBe(403);
    expect((await c.get('/api/v1/settings')).status).toBe(403);
    expect((await c.get('/api/v1/audit')).status).toBe(403);
    const refused = h.store.sqlite.prepare(`SELECT data_json FROM events WHERE type = 'web.refused'`).pluck().all() as string[];
    expect(refused).toHaveLength(8);
    expect(refused.every((r) => JSON.parse(r).reason === 'forbidden')).toBe(true);
    expect((await findUserByLogin(h.store.sql, 'locked'))!.locked).toBe(true);

    const a = h.client();
    await a.login('root', root.password);
    const evil = await a.request('/users/locked/unlock', { form: {}, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    const noToken = await a.request('/users/locked/unlock', { form: { _csrf: 'forged' } });
    expect(noToken.status).toBe(403);
    expect((await findUserByLogin(h.store.sql, 'locked'))!.locked).toBe(true);
    expect(h.store.sqlite.prepare(`SELECT count(*) FROM events WHERE type = 'user.unlocked'`).pluck().get()).toBe(0);
  });
});

describe('users API', () => {
  it('adds a user (password in that answer only), locks (sessions end), unlocks, sets rights; non-admins get 403', async () => {
    const h = webHarness();
    await h.user('root', { admin: true });
    const a = h.client();
    await a.login('root', `Correct horse root battery`);
    const add = await a.request('/api/v1/users', { json: { login: 'Serik', name: 'Серік', rights: ['*=first'] } });
    expect(add.status).toBe(201);
    const added = (await add.json()) as { user: { login: string; rights: string[]; must_change_password: boolean }; one_time_password: string };
    expect(added.user).toMatchObject({ login: 'serik', rights: ['*=first'], must_change_password: true });
    const s = h.client();
    expect((await s.login('serik', added.one_time_password)).headers.get('location')).toBe('/password');
    const list = (await (await a.get('/api/v1/users')).json()) as { items: { login: string; sessions: number }[] };
    expect(JSON.stringify(list)).not.toContain(added.one_time_password);
    expect(list.items.find((u) => u.login === 'serik')!.sessions).toBe(1);
    const locked = (await (await a.request('/api/v1/users/serik/lock', { json: {} })).json()) as { locked: boolean; sessions: number; lock_reason: string };
    expect(locked).toMatchObject({ locked: true, sessions: 0, lock_reason: 'admin' });
    expect((await a.request('/api/v1/users/root/lock', { json: {} })).status).toBe(409);
    expect(((await (await a.request('/api/v1/users/serik/unlock', { json: {} })).json()) as { locked: boolean }).locked).toBe(false);
    const right = await a.request('/api/v1/users/serik/rights', { json: { account: 'KZ90601A861000012345', right: 'second' } });
    expect(((await right.json()) as { rights: string[] }).rights).toEqual(['*=first', 'KZ90601A861000012345=second']);
    expect((await a.request('/api/v1/users/serik/rights/*', { method: 'DELETE', json: {} })).status).toBe(200);
    expect((await a.request('/api/v1/users/root/rights', { json: { account: '*', right: 'single' } })).status).toBe(409);
    expect((await a.request('/api/v1/users/nobody/unlock', { json: {} })).status).toBe(404);
    const token = await h.token('serik');
    h.store.sqlite.prepare('UPDATE users SET must_change_password = 0 WHERE login = ?').run('serik');
    const refused = await h.app.request('http://127.0.0.1:8080/api/v1/users', { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
  });
});
