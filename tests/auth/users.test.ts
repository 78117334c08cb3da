// Users: one-time initial password that must be changed, three wrong passwords lock, admin unlock/reset, rights parsing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, changePassword, lockUser, login, parseRight, resetPassword, unlockUser } from '../../gateway/auth/users.ts';
import { hashPassword, verifyPassword } from '../../gateway/auth/password.ts';
import { openStore, type Store } from '../../gateway/store/db.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { findUserByLogin, rightOn, rightsOf } from '../../gateway/store/users-repo.ts';

// Cheap argon2id parameters keep the test fast (and stop logins rehashing); production uses m=19 MiB, t=2.
const params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const opts = { params };
let store: Store | undefined;
const open = () => (store = openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'bankgate-auth-')) }));
afterEach(() => store?.close());

describe('users and login', () => {
  it('a new user gets a one-time password that works once and must be changed', async () => {
    const s = open();
    const { user, password } = await addUser(s.sql, { login: 'Aigerim.S', name: 'Айгерим Сапарова', rights: ['*=first', 'KZ90601A861000012345=single'], actor: 'test', params });
    expect(user.login).toBe('aigerim.s');
    expect(password).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
    expect((await findUserByLogin(s.sql, 'AIGERIM.S'))!.passwordHash).not.toContain(password);
    const r = await login(s.sql, 'aigerim.s', password, opts);
    expect(r).toMatchObject({ ok: true, mustChangePassword: true });
    await changePassword(s.sql, 'aigerim.s', password, 'a-longer-secret-2026', opts);
    expect(await login(s.sql, 'aigerim.s', 'a-longer-secret-2026', opts)).toMatchObject({ ok: true, mustChangePassword: false });
    expect((await login(s.sql, 'aigerim.s', password, opts)).ok).toBe(false);
    const rights = await rightsOf(s.sql, user.id);
    expect(rightOn(rights, 'KZ90601A861000012345')).toBe('single');
    expect(rightOn(rights, 'KZ12009NPS0413609816')).toBe('first');
  });

  it('three wrong passwords lock the account; the right password then fails; unlock or reset opens it', async () => {
    const s = open();
    const { password } = await addUser(s.sql, { login: 'bob', name: 'Bob', rights: [], actor: 'test', params });
    expect(await login(s.sql, 'bob', 'wrong-1', opts)).toEqual({ ok: false, reason: 'wrong-password', attemptsLeft: 2 });
    expect(await login(s.sql, 'bob', 'wrong-2', opts)).toEqual({ ok: false, reason: 'wrong-password', attemptsLeft: 1 });
    expect(await login(s.sql, 'bob', 'wrong-3', opts)).toEqual({ ok: false, reason: 'locked' });
    expect(await login(s.sql, 'bob', password, opts)).toEqual({ ok: false, reason: 'locked' });
    await unlockUser(s.sql, 'bob', 'admin');
    expect((await login(s.sql, 'bob', password, opts)).ok).toBe(true);
    await lockUser(s.sql, 'bob', 'admin');
    expect((await login(s.sql, 'bob', password, opts)).ok).toBe(false);
    const fresh = await resetPassword(s.sql, 'bob', 'admin', params);
    expect(await login(s.sql, 'bob', fresh, opts)).toMatchObject({ ok: true, mustChangePassword: true });
    const types = (await listEntityEvents(s.sql, 'user', (await findUserByLogin(s.sql, 'bob'))!.id)).map((e) => e.type);
    expect(types).toEqual(['user.created', 'user.login-failed', 'user.login-failed', 'user.locked', 'user.unlocked', 'user.locked', 'user.password-reset']);
    // No password or hash in the audit trail.
    expect(JSON.stringify(await listEntityEvents(s.sql, 'user', (await findUserByLogin(s.sql, 'bob'))!.id))).not.toMatch(/scrypt|argon2|wrong-|password":/);
    expect((await verifyAudit(s.sql)).ok).toBe(true);
  });

  it('a correct password resets the wrong-password count', async () => {
    const s = open();
    const { password } = await addUser(s.sql, { login: 'carl', name: 'Carl', rights: [], actor: 'test', params });
    await login(s.sql, 'carl', 'x', opts);
    await login(s.sql, 'carl', 'y', opts);
    expect((await login(s.sql, 'carl', password, opts)).ok).toBe(true);
    expect(await login(s.sql, 'carl', 'z', opts)).toMatchObject({ reason: 'wrong-password', attemptsLeft: 2 });
  });

  it('refuses duplicate logins, bad logins and bad rights with AUTH_ codes', async () => {
    const s = open();
    await addUser(s.sql, { login: 'dana', name: 'Dana', rights: [], actor: 'test', params });
    await expect(addUser(s.sql, { login: 'DANA', name: 'Dana 2', rights: [], actor: 'test', params })).rejects.toMatchObject({ code: 'AUTH_USER_EXISTS' });
    await expect(addUser(s.sql, { login: 'a b', name: 'x', rights: [], actor: 'test', params })).rejects.toMatchObject({ code: 'AUTH_BAD_INPUT' });
    expect(() => parseRight('KZ123=single')).toThrow(/ACCOUNT=RIGHT/);
    expect(() => parseRight('*=boss')).toThrow(/single, first, second, none/);
    expect(() => parseRight('*=first:prepare')).toThrow(/prepare/);
    expect(parseRight('*=none:prepare')).toEqual({ account: '*', right: 'none', canPrepare: true });
    expect(parseRight('kz90601a861000012345=second')).toEqual({ account: 'KZ90601A861000012345', right: 'second', canPrepare: true });
  });

  it('hashes with argon2id (PHC string) and verifies', async () => {
    const h = await hashPassword('секрет-Құпия', params);
    expect(h.startsWith('$argon2id$v=19$m=1024,t=1,p=1$')).toBe(true);
    expect(await verifyPassword('секрет-Құпия', h)).toBe(true);
    expect(await verifyPassword('секрет-құпия', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
