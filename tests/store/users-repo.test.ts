// Users repository on both databases: create with rights and its event, the refusals (taken login, rights for an
// admin, unknown user), lookups and ordering, rights per account, updates audited without secrets, the language.
import { expect, it } from 'vitest';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import {
  countUnlockedAdmins,
  findUserByLogin,
  getUser,
  insertUser,
  listUsers,
  removeRight,
  requireUser,
  rightOn,
  rightsOf,
  setRight,
  setUserLang,
  updateUser,
} from '../../gateway/store/users-repo.ts';
import { describeEachDialect, TEST_START } from './dialects.ts';

const IBAN = 'KZ90601A861000012345';
const input = (login: string, o: { admin?: boolean; rights?: { account: string; right: 'single' | 'first' | 'second' | 'none'; canPrepare: boolean }[] } = {}) => ({
  login,
  name: ` ${login} name `,
  passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA',
  rights: o.rights ?? [],
  actor: 'test',
  ...(o.admin ? { role: 'admin' as const } : {}),
});

describeEachDialect('users repository', (open) => {
  it('creates a user with rights and its event in one commit; lookups by login (any case) and id return the same row', async () => {
    const { db } = await open();
    const u = await insertUser(db, input('Aigerim.S', { rights: [{ account: '*', right: 'first', canPrepare: true }, { account: IBAN, right: 'single', canPrepare: true }] }));
    expect(u).toMatchObject({ login: 'aigerim.s', name: 'Aigerim.S name', role: 'user', mustChangePassword: true, locked: false, failedLogins: 0, createdAt: TEST_START, lockReason: null, totpSecret: null, lang: null });
    expect(await findUserByLogin(db, ' AIGERIM.S ')).toEqual(u);
    expect(await getUser(db, u.id)).toEqual(u);
    expect(await requireUser(db, 'aigerim.s')).toEqual(u);
    expect(await rightsOf(db, u.id)).toEqual([
      { account: '*', right: 'first', canPrepare: true },
      { account: IBAN, right: 'single', canPrepare: true },
    ]);
    expect(await listEntityEvents(db, 'user', u.id)).toMatchObject([{ type: 'user.created', actor: 'test', at: TEST_START, data: { login: 'aigerim.s', role: 'user', rights: [{ account: '*' }, { account: IBAN }] } }]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses a taken login (any case) with AUTH_USER_EXISTS and keeps nothing of the attempt', async () => {
    const { db } = await open();
    await insertUser(db, input('dana'));
    await expect(insertUser(db, input('DANA', { rights: [{ account: '*', right: 'none', canPrepare: false }] }))).rejects.toMatchObject({ code: 'AUTH_USER_EXISTS', message: "a user with login 'dana' already exists" });
    expect(await listUsers(db)).toHaveLength(1);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 1 });
    // Inside a caller's transaction the refusal rolls back only its own savepoint: the transaction goes on.
    const made = await db.transaction(async (tx) => {
      await expect(insertUser(tx, input('dana'))).rejects.toMatchObject({ code: 'AUTH_USER_EXISTS' });
      return insertUser(tx, input('dana2'));
    });
    expect(await getUser(db, made.id)).toEqual(made);
  });

  it('unknown users: undefined from the lookups, AUTH_UNKNOWN_USER from requireUser and updateUser', async () => {
    const { db } = await open();
    expect(await findUserByLogin(db, 'nobody')).toBeUndefined();
    expect(await getUser(db, 'nope')).toBeUndefined();
    await expect(requireUser(db, ' Nobody ')).rejects.toMatchObject({ code: 'AUTH_UNKNOWN_USER', message: "no user with login 'nobody'" });
    await expect(updateUser(db, 'nope', { failedLogins: 1 }, { type: 'user.login-failed', actor: 'x' })).rejects.toMatchObject({ code: 'AUTH_UNKNOWN_USER' });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 0 });
  });

  it('lists users by login in byte order and counts unlocked admins', async () => {
    const { db, clock } = await open();
    for (const l of ['zed', 'a_b', 'a.c', 'a-d', 'b1', 'root', 'root2']) await insertUser(db, input(l, { admin: l.startsWith('root') }));
    expect((await listUsers(db)).map((u) => u.login)).toEqual(['a-d', 'a.c', 'a_b', 'b1', 'root', 'root2', 'zed']);
    expect(await countUnlockedAdmins(db)).toBe(2);
    const root2 = (await findUserByLogin(db, 'root2'))!;
    clock.advance(1000);
    await updateUser(db, root2.id, { locked: true, lockReason: 'admin', lockedAt: clock.now() }, { type: 'user.locked', actor: 'test', data: { reason: 'admin' } });
    expect(await countUnlockedAdmins(db)).toBe(1);
    expect(await getUser(db, root2.id)).toMatchObject({ locked: true, lockReason: 'admin', lockedAt: TEST_START + 1000, updatedAt: TEST_START + 1000, lockedUntil: null });
  });

  it('sets, replaces and removes rights per account, audited; an admin holds none', async () => {
    const { db } = await open();
    const u = await insertUser(db, input('kanat'));
    await setRight(db, u.id, { account: '*', right: 'none', canPrepare: false }, 'root');
    await setRight(db, u.id, { account: IBAN, right: 'first', canPrepare: true }, 'root');
    await setRight(db, u.id, { account: IBAN, right: 'none', canPrepare: true }, 'root');
    const rights = await rightsOf(db, u.id);
    expect(rights).toEqual([
      { account: '*', right: 'none', canPrepare: false },
      { account: IBAN, right: 'none', canPrepare: true },
    ]);
    expect(rightOn(rights, 'KZ12009NPS0413609816')).toBe('none');
    expect(await removeRight(db, u.id, '*', 'root')).toBe(true);
    expect(await removeRight(db, u.id, '*', 'root')).toBe(false);
    expect((await rightsOf(db, u.id)).map((r) => r.account)).toEqual([IBAN]);
    expect((await listEntityEvents(db, 'user', u.id)).map((e) => [e.type, e.actor])).toEqual([
      ['user.created', 'test'],
      ['user.right-set', 'root'],
      ['user.right-set', 'root'],
      ['user.right-set', 'root'],
      ['user.right-removed', 'root'],
    ]);

    const admin = await insertUser(db, input('root', { admin: true }));
    await expect(setRight(db, admin.id, { account: '*', right: 'single', canPrepare: true }, 'root')).rejects.toMatchObject({ code: 'AUTH_ADMIN_NO_SIGNING' });
    expect(await rightsOf(db, admin.id)).toEqual([]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 6 });
  });

  it('updates only the given fields with their event; the data never carries the patch (hash, TOTP secret)', async () => {
    const { db, clock } = await open();
    const u = await insertUser(db, input('tom'));
    clock.advance(5000);
    await updateUser(db, u.id, { passwordHash: 'new-hash', mustChangePassword: false, totpSecret: 'JBSWY3DPEHPK3PXP', totpLastStep: 123 }, { type: 'user.password-changed', actor: 'tom' });
    const after = (await getUser(db, u.id))!;
    expect(after).toEqual({ ...u, passwordHash: 'new-hash', mustChangePassword: false, totpSecret: 'JBSWY3DPEHPK3PXP', totpLastStep: 123, updatedAt: TEST_START + 5000 });
    // null clears a column; a field left out stays.
    await updateUser(db, u.id, { totpSecret: null, totpLastStep: null }, { type: 'user.totp-removed', actor: 'root' });
    expect(await getUser(db, u.id)).toMatchObject({ passwordHash: 'new-hash', totpSecret: null, totpLastStep: null });
    const events = await listEntityEvents(db, 'user', u.id);
    expect(events.slice(1)).toMatchObject([
      { type: 'user.password-changed', actor: 'tom', at: TEST_START + 5000, data: {} },
      { type: 'user.totp-removed', actor: 'root', data: {} },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/new-hash|JBSWY3DPEHPK3PXP/);
  });

  it('remembers the language without an event', async () => {
    const { db } = await open();
    const u = await insertUser(db, input('lang'));
    await setUserLang(db, u.id, 'kk');
    expect(await getUser(db, u.id)).toMatchObject({ lang: 'kk', updatedAt: u.updatedAt });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 1 });
  });
});
