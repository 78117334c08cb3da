// Users and their signature rights per account: create, find, lock/unlock, count failed logins, with audit events.
import { GatewayError } from '../core/errors.ts';
import { newId } from '../core/id.ts';
import { isUniqueViolation } from './db.ts';
import type { SignatureRight, UserRole } from './schema.ts';
import { appendEventTx } from './sql/audit-log.ts';
import type { Db, SqlRow, SqlValue } from './sql/executor.ts';

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

/** UserRow's fields and their columns, in the order of the table. */
const USER_COLUMNS = {
  id: 'id',
  login: 'login',
  name: 'name',
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
  failedLogins: 'failed_logins',
  locked: 'locked',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  role: 'role',
  lockReason: 'lock_reason',
  lockedAt: 'locked_at',
  lockedUntil: 'locked_until',
  totpSecret: 'totp_secret',
  totpLastStep: 'totp_last_step',
  lang: 'lang',
} as const satisfies Record<keyof UserRow, string>;
const USER_FIELDS = Object.keys(USER_COLUMNS) as (keyof UserRow)[];
const SELECT_USER = `SELECT ${USER_FIELDS.map((f) => `${USER_COLUMNS[f]} AS "${f}"`).join(', ')} FROM users`;

/** Booleans come back as 0/1 from SQLite. */
const toUser = (r: UserRow): UserRow => ({ ...r, mustChangePassword: Boolean(r.mustChangePassword), locked: Boolean(r.locked) });
const toRight = (r: RightRow): RightRow => ({ ...r, canPrepare: Boolean(r.canPrepare) });


// "right" is a keyword in both dialects (RIGHT JOIN): always quoted.
const INSERT_RIGHT = 'INSERT INTO user_rights (user_id, account, "right", can_prepare) VALUES ($1, $2, $3, $4)';

export async function insertUser(db: Db, u: { login: string; name: string; passwordHash: string; rights: RightRow[]; actor: string; role?: UserRole }): Promise<UserRow> {
  const now = db.clock.now();
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
    // The whole transaction (or savepoint, inside a caller's) is given up on a taken login: nothing to keep after it.
    await db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO users (${USER_FIELDS.map((f) => USER_COLUMNS[f]).join(', ')}) VALUES (${USER_FIELDS.map((_, i) => `$${i + 1}`).join(', ')})`,
        USER_FIELDS.map((f) => row[f] as SqlValue),
      );
      for (const r of u.rights) await tx.run(INSERT_RIGHT, [row.id, r.account, r.right, r.canPrepare]);
      await appendEventTx(tx, { entityType: 'user', entityId: row.id, type: 'user.created', actor: u.actor, at: now, data: { login: row.login, name: row.name, role: row.role, rights: u.rights } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new GatewayError('AUTH_USER_EXISTS', `a user with login '${row.login}' already exists`);
    throw e;
  }
  return row;
}

export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const r = await db.get<UserRow & SqlRow>(`${SELECT_USER} WHERE login = $1`, [normalizeLogin(login)]);
  return r && toUser(r);
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  const r = await db.get<UserRow & SqlRow>(`${SELECT_USER} WHERE id = $1`, [id]);
  return r && toUser(r);
}

export async function requireUser(db: Db, login: string): Promise<UserRow> {
  const u = await findUserByLogin(db, login);
  if (!u) throw new GatewayError('AUTH_UNKNOWN_USER', `no user with login '${normalizeLogin(login)}'`);
  return u;
}

/** Admins that are not locked: the last one must never be locked out for good. */
export async function countUnlockedAdmins(db: Db): Promise<number> {
  return (await db.get<{ n: number }>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND locked = $1`, [false]))?.n ?? 0;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return (await db.all<UserRow & SqlRow>(`${SELECT_USER} ORDER BY login`)).map(toUser);
}

export async function rightsOf(db: Db, userId: string): Promise<RightRow[]> {
  const rows = await db.all<RightRow & SqlRow>(`SELECT account, "right" AS "right", can_prepare AS "canPrepare" FROM user_rights WHERE user_id = $1 ORDER BY account`, [userId]);
  return rows.map(toRight);
}

/** The user's right on one account: the exact account's entry wins over '*'; none when neither exists. */
export function rightOn(rights: readonly RightRow[], account: string): SignatureRight {
  const exact = rights.find((r) => r.account === account);
  return (exact ?? rights.find((r) => r.account === ANY_ACCOUNT))?.right ?? 'none';
}

export async function setRight(db: Db, userId: string, r: RightRow, actor: string): Promise<void> {
  if ((await getUser(db, userId))?.role === 'admin') throw new GatewayError('AUTH_ADMIN_NO_SIGNING', 'an admin cannot hold signature rights');
  await db.transaction(async (tx) => {
    await tx.run('DELETE FROM user_rights WHERE user_id = $1 AND account = $2', [userId, r.account]);
    await tx.run(INSERT_RIGHT, [userId, r.account, r.right, r.canPrepare]);
    await appendEventTx(tx, { entityType: 'user', entityId: userId, type: 'user.right-set', actor, data: r });
  });
}

/** Removes the user's entry for one account (an IBAN or '*'); false when there was none. Audited. */
export async function removeRight(db: Db, userId: string, account: string, actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = (await tx.run('DELETE FROM user_rights WHERE user_id = $1 AND account = $2', [userId, account])).changes > 0;
    if (removed) await appendEventTx(tx, { entityType: 'user', entityId: userId, type: 'user.right-removed', actor, data: { account } });
    return removed;
  });
}

export type UserPatch = Partial<Pick<UserRow, 'passwordHash' | 'mustChangePassword' | 'failedLogins' | 'locked' | 'lockReason' | 'lockedAt' | 'lockedUntil' | 'totpSecret' | 'totpLastStep' | 'lang'>>;

export async function updateUser(db: Db, id: string, patch: UserPatch, event: { type: string; actor: string; data?: Record<string, unknown> }): Promise<void> {
  await db.transaction(async (tx) => {
    const now = tx.clock.now();
    const set = { ...patch, updatedAt: now } as Partial<UserRow>;
    const fields = (Object.keys(set) as (keyof UserRow)[]).filter((f) => set[f] !== undefined);
    const sql = `UPDATE users SET ${fields.map((f, i) => `${USER_COLUMNS[f]} = $${i + 1}`).join(', ')} WHERE id = $${fields.length + 1}`;
    const changed = (await tx.run(sql, [...fields.map((f) => set[f] as SqlValue), id])).changes;
    if (changed !== 1) throw new GatewayError('AUTH_UNKNOWN_USER', `no user with id ${id}`);
    // Never the password hash, TOTP secret or code in the audit data: only what changed.
    await appendEventTx(tx, { entityType: 'user', entityId: id, type: event.type, actor: event.actor, at: now, data: event.data ?? {} });
  });
}

/** Remembers the dashboard language the user chose (not audited: a preference, like the cookie). */
export async function setUserLang(db: Db, id: string, lang: string): Promise<void> {
  await db.run('UPDATE users SET lang = $1 WHERE id = $2', [lang, id]);
}
