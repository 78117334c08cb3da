// Users and their signature rights per account: create, find, lock/unlock, count failed logins, with audit events.
import { and, asc, eq, sql } from 'drizzle-orm';
import { GatewayError } from '../core/errors.ts';
import { newId } from '../core/id.ts';
import { appendEvent } from './audit.ts';
import { isUniqueViolation, type Store } from './db.ts';
import { preparedOnce } from './prepared.ts';
import { userRights, users, type SignatureRight, type UserRole } from './schema.ts';

export interface UserRow {
  id: string;
  login: string;
  name: string;
  passwordHash: string;
  mustChangePassword: boolean;
  failedLogins: number;
  locked: boolean;
  createdAt: number;
  updatedAt: number;
  role: UserRole;
  lockReason: 'admin' | 'failed-logins' | null;
  lockedAt: number | null;
  lockedUntil: number | null;
  totpSecret: string | null;
  totpLastStep: number | null;
  lang: string | null;
}

export interface RightRow {
  account: string;
  right: SignatureRight;
  canPrepare: boolean;
}

/** Every account of the company. */
export const ANY_ACCOUNT = '*';

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export function insertUser(store: Store, u: { login: string; name: string; passwordHash: string; rights: RightRow[]; actor: string; role?: UserRole }): UserRow {
  const now = store.clock.now();
  const row: UserRow = {
    id: newId(now),
    login: normalizeLogin(u.login),
    name: u.name.trim(),
    passwordHash: u.passwordHash,
    mustChangePassword: true,
    failedLogins: 0,
    locked: false,
    createdAt: now,
    updatedAt: now,
    role: u.role ?? 'user',
    lockReason: null,
    lockedAt: null,
    lockedUntil: null,
    totpSecret: null,
    totpLastStep: null,
    lang: null,
  };
  try {
    store.transaction(() => {
      store.db.insert(users).values(row).run();
      for (const r of u.rights) store.db.insert(userRights).values({ userId: row.id, ...r }).run();
      appendEvent(store.sqlite, { entityType: 'user', entityId: row.id, type: 'user.created', actor: u.actor, at: now, data: { login: row.login, name: row.name, role: row.role, rights: u.rights } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new GatewayError('AUTH_USER_EXISTS', `a user with login '${row.login}' already exists`);
    throw e;
  }
  return row;
}

export function findUserByLogin(store: Store, login: string): UserRow | undefined {
  return store.db.select().from(users).where(eq(users.login, normalizeLogin(login))).get();
}

export function getUser(store: Store, id: string): UserRow | undefined {
  return preparedOnce(store, 'users.byId', (s) => s.db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function requireUser(store: Store, login: string): UserRow {
  const u = findUserByLogin(store, login);
  if (!u) throw new GatewayError('AUTH_UNKNOWN_USER', `no user with login '${normalizeLogin(login)}'`);
  return u;
}

/** Admins that are not locked: the last one must never be locked out for good. */
export function countUnlockedAdmins(store: Store): number {
  return store.db.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.role, 'admin'), eq(users.locked, false))).get()?.n ?? 0;
}

export function listUsers(store: Store): UserRow[] {
  return store.db.select().from(users).orderBy(asc(users.login)).all();
}

export function rightsOf(store: Store, userId: string): RightRow[] {
  return store.db.select({ account: userRights.account, right: userRights.right, canPrepare: userRights.canPrepare }).from(userRights).where(eq(userRights.userId, userId)).orderBy(asc(userRights.account)).all();
}

/** The user's right on one account: the exact account's entry wins over '*'; none when neither exists. */
export function rightOn(rights: readonly RightRow[], account: string): SignatureRight {
  const exact = rights.find((r) => r.account === account);
  return (exact ?? rights.find((r) => r.account === ANY_ACCOUNT))?.right ?? 'none';
}

export function setRight(store: Store, userId: string, r: RightRow, actor: string): void {
  if (getUser(store, userId)?.role === 'admin') throw new GatewayError('AUTH_ADMIN_NO_SIGNING', 'an admin cannot hold signature rights');
  store.transaction(() => {
    store.db.delete(userRights).where(and(eq(userRights.userId, userId), eq(userRights.account, r.account))).run();
    store.db.insert(userRights).values({ userId, ...r }).run();
    appendEvent(store.sqlite, { entityType: 'user', entityId: userId, type: 'user.right-set', actor, data: r });
  });
}

/** Removes the user's entry for one account (an IBAN or '*'); false when there was none. Audited. */
export function removeRight(store: Store, userId: string, account: string, actor: string): boolean {
  return store.transaction(() => {
    const removed = store.db.delete(userRights).where(and(eq(userRights.userId, userId), eq(userRights.account, account))).run().changes > 0;
    if (removed) appendEvent(store.sqlite, { entityType: 'user', entityId: userId, type: 'user.right-removed', actor, data: { account } });
    return removed;
  });
}

export function updateUser(store: Store, id: string, patch: Partial<Pick<UserRow, 'passwordHash' | 'mustChangePassword' | 'failedLogins' | 'locked' | 'lockReason' | 'lockedAt' | 'lockedUntil' | 'totpSecret' | 'totpLastStep' | 'lang'>>, event: { type: string; actor: string; data?: Record<string, unknown> }): void {
  store.transaction(() => {
    const now = store.clock.now();
    const changed = store.db.update(users).set({ ...patch, updatedAt: now }).where(eq(users.id, id)).run().changes;
    if (changed !== 1) throw new GatewayError('AUTH_UNKNOWN_USER', `no user with id ${id}`);
    // Never the password hash, TOTP secret or code in the audit data: only what changed.
    appendEvent(store.sqlite, { entityType: 'user', entityId: id, type: event.type, actor: event.actor, at: now, data: event.data ?? {} });
  });
}
