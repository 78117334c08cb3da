// Login rules of issue 6: argon2id and rehash, configurable lockout, self-unlock, last admin, password policy, TOTP.
import { mkdtempSync } from 'node:fs';
import { randomBytes, scryptSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authConfigSchema, type AuthConfig } from '../../gateway/auth/config.ts';
import { isCommonPassword } from '../../gateway/auth/password-policy.ts';
import { needsRehash, verifyPassword } from '../../gateway/auth/password.ts';
import { totpCode } from '../../gateway/auth/totp.ts';
import { addUser, changePassword, enrolTotp, lockUser, login, removeTotp, unlockUser } from '../../gateway/auth/users.ts';
import { createFixedClock } from '../../gateway/core/clock.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { openStore, type Store } from '../../gateway/store/db.ts';
import { findUserByLogin, setRight, updateUser } from '../../gateway/store/users-repo.ts';

const params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const MIN = 60_000;
let store: Store | undefined;
const clock = () => createFixedClock(Date.UTC(2026, 2, 2, 9, 0, 0));
const open = (c = clock()) => ({ s: (store = openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'bankgate-login-')), clock: c })), c });
afterEach(() => store?.close());
const cfg = (raw: Record<string, unknown> = {}): AuthConfig => authConfigSchema.parse(raw);
const events = async (s: Store, login: string) => (await listEntityEvents(s.sql, 'user', (await findUserByLogin(s.sql, login))!.id));

/** A legacy hash as the seed wrote it: 'scrypt$N$r$p$salt$hash'. */
function scryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('argon2id', () => {
  it('new hashes are argon2id PHC strings with the OWASP parameters by default', async () => {
    const { s } = open();
    const { password } = await addUser(s.sql, { login: 'eve', name: 'Eve', rights: [], actor: 'test' });
    const h = (await findUserByLogin(s.sql, 'eve'))!.passwordHash;
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(password, h)).toBe(true);
    expect(needsRehash(h)).toBe(false);
  });

  it('a scrypt hash still verifies and is rehashed with argon2id at the next good login, audited without secrets', async () => {
    const { s } = open();
    const { user } = await addUser(s.sql, { login: 'old', name: 'Old', rights: [], actor: 'test', params });
    await updateUser(s.sql, user.id, { passwordHash: scryptHash('legacy-pass-1') }, { type: 'user.migrated', actor: 'test' });
    expect((await login(s.sql, 'old', 'nope', { params })).ok).toBe(false);
    expect((await findUserByLogin(s.sql, 'old'))!.passwordHash.startsWith('scrypt$')).toBe(true);
    expect((await login(s.sql, 'old', 'legacy-pass-1', { params })).ok).toBe(true);
    const h = (await findUserByLogin(s.sql, 'old'))!.passwordHash;
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect((await login(s.sql, 'old', 'legacy-pass-1', { params })).ok).toBe(true);
    const ev = await events(s, 'old');
    expect(ev.filter((e) => e.type === 'user.password-rehashed')).toHaveLength(1);
    expect(JSON.stringify(ev)).not.toMatch(/legacy-pass|\$argon2id\$|scrypt\$/);
    expect((await verifyAudit(s.sql)).ok).toBe(true);
  });

  it('a hash with cheaper parameters than configured is rehashed', async () => {
    const { s } = open();
    const { password } = await addUser(s.sql, { login: 'weak', name: 'Weak', rights: [], actor: 'test', params });
    expect((await login(s.sql, 'weak', password, { params: { ...params, memoryCost: 2048 } })).ok).toBe(true);
    expect((await findUserByLogin(s.sql, 'weak'))!.passwordHash).toMatch(/m=2048,t=1,p=1/);
  });
});

describe('lockout', () => {
  it('max_failed_logins sets the count', async () => {
    const { s } = open();
    const { password } = await addUser(s.sql, { login: 'five', name: 'Five', rights: [], actor: 'test', params });
    const config = cfg({ max_failed_logins: 5 });
    for (let left = 4; left >= 1; left--) expect(await login(s.sql, 'five', 'bad', { params, config })).toEqual({ ok: false, reason: 'wrong-password', attemptsLeft: left });
    expect(await login(s.sql, 'five', 'bad', { params, config })).toEqual({ ok: false, reason: 'locked' });
    expect(await login(s.sql, 'five', password, { params, config })).toEqual({ ok: false, reason: 'locked' });
    expect(authConfigSchema.safeParse({ max_failed_logins: 0 }).success).toBe(false);
    expect(authConfigSchema.safeParse({ max_failed_logins: 21 }).success).toBe(false);
  });

  it('auto_unlock_minutes: a lock from wrong passwords ends by itself, audited by system; an admin lock does not', async () => {
    const { s, c } = open();
    const { password } = await addUser(s.sql, { login: 'gul', name: 'Gul', rights: [], actor: 'test', params });
    const config = cfg({ auto_unlock_minutes: 10 });
    for (let i = 0; i < 3; i++) await login(s.sql, 'gul', 'bad', { params, config });
    const until = c.now() + 10 * MIN;
    c.advance(9 * MIN);
    expect(await login(s.sql, 'gul', password, { params, config })).toEqual({ ok: false, reason: 'locked', unlocksAt: until });
    c.advance(MIN);
    expect((await login(s.sql, 'gul', password, { params, config })).ok).toBe(true);
    expect((await events(s, 'gul')).filter((e) => e.type === 'user.unlocked').map((e) => e.actor)).toEqual(['system']);
    // Without the setting only an admin unlocks.
    for (let i = 0; i < 3; i++) await login(s.sql, 'gul', 'bad', { params });
    c.advance(24 * 60 * MIN);
    expect(await login(s.sql, 'gul', password, { params })).toEqual({ ok: false, reason: 'locked' });
    await unlockUser(s.sql, 'gul', 'admin');
    await lockUser(s.sql, 'gul', 'admin');
    c.advance(24 * 60 * MIN);
    expect(await login(s.sql, 'gul', password, { params, config })).toEqual({ ok: false, reason: 'locked' });
  });
});

describe('roles and the last admin', () => {
  it('admins have no signature rights', async () => {
    const { s } = open();
    await expect(addUser(s.sql, { login: 'root', name: 'Root', rights: ['*=single'], actor: 'test', params, admin: true })).rejects.toMatchObject({ code: 'AUTH_ADMIN_NO_SIGNING' });
    const { user } = await addUser(s.sql, { login: 'root', name: 'Root', rights: [], actor: 'test', params, admin: true });
    expect(user.role).toBe('admin');
    await expect(setRight(s.sql, user.id, { account: '*', right: 'single', canPrepare: true }, 'test')).rejects.toThrow(/admin/);
  });

  it('wrong passwords lock the last unlocked admin only for 15 minutes (or auto_unlock_minutes)', async () => {
    const { s, c } = open();
    const { password } = await addUser(s.sql, { login: 'root', name: 'Root', rights: [], actor: 'test', params, admin: true });
    for (let i = 0; i < 2; i++) await login(s.sql, 'root', 'bad', { params });
    expect(await login(s.sql, 'root', 'bad', { params })).toEqual({ ok: false, reason: 'locked', unlocksAt: c.now() + 15 * MIN });
    c.advance(15 * MIN);
    expect((await login(s.sql, 'root', password, { params })).ok).toBe(true);
    for (let i = 0; i < 3; i++) await login(s.sql, 'root', 'bad', { params, config: cfg({ auto_unlock_minutes: 5 }) });
    c.advance(5 * MIN);
    expect((await login(s.sql, 'root', password, { params })).ok).toBe(true);
  });

  it('a second admin can be locked for good; users lock of the last unlocked admin is refused', async () => {
    const { s } = open();
    await addUser(s.sql, { login: 'root', name: 'Root', rights: [], actor: 'test', params, admin: true });
    await addUser(s.sql, { login: 'root2', name: 'Root 2', rights: [], actor: 'test', params, admin: true });
    for (let i = 0; i < 3; i++) await login(s.sql, 'root2', 'bad', { params });
    expect((await findUserByLogin(s.sql, 'root2'))!.lockedUntil).toBeNull();
    await expect(lockUser(s.sql, 'root', 'cli:test')).rejects.toThrow(expect.objectContaining({ code: 'AUTH_LAST_ADMIN' }));
    await unlockUser(s.sql, 'root2', 'cli:test');
    await lockUser(s.sql, 'root', 'cli:test');
    expect((await findUserByLogin(s.sql, 'root'))!.locked).toBe(true);
  });
});

describe('password policy', () => {
  const set = async (s: Store, next: string, config?: AuthConfig) => {
    const { user, password } = await addUser(s.sql, { login: `u${randomBytes(3).toString('hex')}`, name: 'U', rights: [], actor: 'test', params });
    return changePassword(s.sql, user.login, password, next, { params, ...(config ? { config } : {}) });
  };

  it('default: 8..128 characters, no common password, not the login, not the current one', async () => {
    const { s } = open();
    await expect(set(s, 'short-7')).rejects.toMatchObject({ code: 'AUTH_PASSWORD_POLICY', message: expect.stringMatching(/7 characters; at least 8/) });
    await expect(set(s, 'x'.repeat(129))).rejects.toMatchObject({ code: 'AUTH_PASSWORD_POLICY', message: expect.stringMatching(/at most 128/) });
    await expect(set(s, 'Password1')).rejects.toMatchObject({ code: 'AUTH_PASSWORD_POLICY', message: expect.stringMatching(/common passwords/) });
    await expect(set(s, 'йцукенгшщз')).rejects.toMatchObject({ message: expect.stringMatching(/common/) });
    await expect(set(s, 'тау-көл-бұлақ')).resolves.toBeUndefined();
    await expect(set(s, 'x'.repeat(128))).resolves.toBeUndefined();
    const { password } = await addUser(s.sql, { login: 'nurlan.k', name: 'N', rights: [], actor: 'test', params });
    await expect(changePassword(s.sql, 'nurlan.k', password, 'Nurlan.K', { params })).rejects.toMatchObject({ message: expect.stringMatching(/login name/) });
    await expect(changePassword(s.sql, 'nurlan.k', password, password, { params })).rejects.toMatchObject({ message: expect.stringMatching(/differ from the current/) });
    expect(isCommonPassword('qwerty123')).toBe(true);
    expect(isCommonPassword('1q2w3e4r')).toBe(true);
  });

  it('configured lengths and the seed preset (6–10)', async () => {
    const { s } = open();
    const seed = cfg({ password: { preset: 'seed' } });
    expect(seed.password).toEqual({ preset: 'seed', min_length: 6, max_length: 10 });
    await expect(set(s, 'bx7-kq', seed)).resolves.toBeUndefined();
    await expect(set(s, 'bx7-kq-z9pm1', seed)).rejects.toMatchObject({ message: expect.stringMatching(/12 characters; at most 10/) });
    await expect(set(s, 'bx7-kq-z9pm1', cfg({ password: { min_length: 15 } }))).rejects.toMatchObject({ message: expect.stringMatching(/at least 15/) });
    expect(authConfigSchema.safeParse({ password: { min_length: 6 } }).success).toBe(false);
    expect(authConfigSchema.safeParse({ password: { max_length: 32 } }).success).toBe(false);
    expect(authConfigSchema.safeParse({ password: { min_length: 100, max_length: 64 } }).success).toBe(false);
  });
});

describe('TOTP', () => {
  it('enrol, verify, refuse replay, wrong code counts as a failure, remove; no secret or code in the audit', async () => {
    const { s, c } = open();
    const { password } = await addUser(s.sql, { login: 'tom', name: 'Tom', rights: [], actor: 'test', params });
    const { secret, uri } = await enrolTotp(s.sql, 'tom', 'cli:test');
    expect(uri).toMatch(/^otpauth:\/\/totp\/bankgate:tom\?/);
    expect(uri).toContain(`secret=${secret}`);
    await expect(enrolTotp(s.sql, 'tom', 'cli:test')).rejects.toThrow(expect.objectContaining({ code: 'AUTH_TOTP_STATE' }));
    expect(await login(s.sql, 'tom', password, { params })).toEqual({ ok: false, reason: 'totp-required' });
    const code = totpCode(secret, c.now());
    expect((await login(s.sql, 'tom', password, { params, totp: code })).ok).toBe(true);
    // The same code again, even within its 30 s window: refused and counted.
    expect(await login(s.sql, 'tom', password, { params, totp: code })).toEqual({ ok: false, reason: 'wrong-totp', attemptsLeft: 2 });
    // One step late is still accepted (±1 step), once.
    c.advance(30_000);
    const next = totpCode(secret, c.now());
    c.advance(30_000);
    expect((await login(s.sql, 'tom', password, { params, totp: next })).ok).toBe(true);
    const wrong = String((Number(totpCode(secret, c.now())) + 1) % 1_000_000).padStart(6, '0');
    expect(await login(s.sql, 'tom', password, { params, totp: wrong })).toMatchObject({ reason: 'wrong-totp', attemptsLeft: 2 });
    await login(s.sql, 'tom', password, { params, totp: wrong });
    expect(await login(s.sql, 'tom', password, { params, totp: wrong })).toEqual({ ok: false, reason: 'locked' });
    await unlockUser(s.sql, 'tom', 'cli:test');
    await removeTotp(s.sql, 'tom', 'cli:test');
    expect((await login(s.sql, 'tom', password, { params })).ok).toBe(true);
    const audit = JSON.stringify(await events(s, 'tom'));
    expect(audit).not.toContain(secret);
    expect(audit).not.toContain(code);
    expect((await events(s, 'tom')).map((e) => e.type)).toEqual(expect.arrayContaining(['user.totp-enrolled', 'user.totp-removed']));
  });

  it('admin_totp_required: an admin without TOTP is told to enrol; with TOTP the admin logs in', async () => {
    const { s, c } = open();
    const config = cfg({ admin_totp_required: true });
    const { password } = await addUser(s.sql, { login: 'root', name: 'Root', rights: [], actor: 'test', params, admin: true });
    const { password: userPw } = await addUser(s.sql, { login: 'clerk', name: 'Clerk', rights: [], actor: 'test', params });
    expect(await login(s.sql, 'root', password, { params, config })).toEqual({ ok: false, reason: 'totp-enrolment-required' });
    expect((await login(s.sql, 'clerk', userPw, { params, config })).ok).toBe(true);
    const { secret } = await enrolTotp(s.sql, 'root', 'cli:test');
    expect((await login(s.sql, 'root', password, { params, config, totp: totpCode(secret, c.now()) })).ok).toBe(true);
  });
});
