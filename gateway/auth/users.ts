// User administration and login rules: one-time initial passwords, change at first login, lock after three wrong passwords.
import { GatewayError } from '../core/errors.ts';
import type { Store } from '../store/db.ts';
import { SIGNATURE_RIGHTS, type SignatureRight } from '../store/schema.ts';
import { ANY_ACCOUNT, insertUser, normalizeLogin, requireUser, updateUser, type RightRow, type UserRow } from '../store/users-repo.ts';
import { hashPassword, initialPassword, verifyPassword } from './password.ts';

/** Wrong passwords in a row that lock an account (the product rule: three). */
export const MAX_FAILED_LOGINS = 3;

export interface PasswordParams {
  N: number;
  r: number;
  p: number;
}

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const KZ_IBAN = /^KZ\d{2}[0-9A-Z]{16}$/;

/** Parses `ACCOUNT=right` (account an IBAN or '*'); ':prepare' after 'none' lets the user prepare documents. */
export function parseRight(spec: string): RightRow {
  const m = /^\s*([^=\s]+)\s*=\s*([a-z]+)(:prepare)?\s*$/.exec(spec);
  const account = m?.[1]?.toUpperCase();
  const right = m?.[2] as SignatureRight | undefined;
  if (!m || !account || !right || !(SIGNATURE_RIGHTS as readonly string[]).includes(right) || (account !== ANY_ACCOUNT && !KZ_IBAN.test(account))) {
    throw new GatewayError('AUTH_BAD_INPUT', `right '${spec}' is not ACCOUNT=RIGHT with ACCOUNT a KZ IBAN or '*' and RIGHT one of ${SIGNATURE_RIGHTS.join(', ')} (e.g. KZ90601A861000012345=first, *=none:prepare)`);
  }
  if (m[3] && right !== 'none') throw new GatewayError('AUTH_BAD_INPUT', `':prepare' applies to right 'none' only (signers may prepare anyway): '${spec}'`);
  return { account, right, canPrepare: right !== 'none' || Boolean(m[3]) };
}

export async function addUser(store: Store, input: { login: string; name: string; rights: string[]; actor: string; params?: PasswordParams }): Promise<{ user: UserRow; password: string }> {
  const login = normalizeLogin(input.login);
  if (!LOGIN.test(login)) throw new GatewayError('AUTH_BAD_INPUT', `login '${input.login}' must be 2–64 letters a–z, digits, '.', '_' or '-', starting with a letter or digit`);
  if (!input.name.trim()) throw new GatewayError('AUTH_BAD_INPUT', 'name is empty');
  const rights = input.rights.map(parseRight);
  const accounts = rights.map((r) => r.account);
  if (new Set(accounts).size !== accounts.length) throw new GatewayError('AUTH_BAD_INPUT', `an account is given twice in the rights: ${accounts.join(', ')}`);
  const password = initialPassword();
  const user = insertUser(store, { login, name: input.name, passwordHash: await hashPassword(password, input.params), rights, actor: input.actor });
  return { user, password };
}

/** A new one-time password (the old one stops working), must be changed at next login; also unlocks. */
export async function resetPassword(store: Store, login: string, actor: string, params?: PasswordParams): Promise<string> {
  const u = requireUser(store, login);
  const password = initialPassword();
  updateUser(store, u.id, { passwordHash: await hashPassword(password, params), mustChangePassword: true, failedLogins: 0, locked: false }, { type: 'user.password-reset', actor });
  return password;
}

export function lockUser(store: Store, login: string, actor: string): void {
  const u = requireUser(store, login);
  updateUser(store, u.id, { locked: true }, { type: 'user.locked', actor, data: { reason: 'admin' } });
}

export function unlockUser(store: Store, login: string, actor: string): void {
  const u = requireUser(store, login);
  updateUser(store, u.id, { locked: false, failedLogins: 0 }, { type: 'user.unlocked', actor });
}

export type LoginResult =
  | { ok: true; user: UserRow; mustChangePassword: boolean }
  | { ok: false; reason: 'unknown' | 'wrong-password' | 'locked'; attemptsLeft?: number };

/** Checks a password; the third wrong one in a row locks the account (unlock: admin or reset). */
export async function login(store: Store, loginName: string, password: string): Promise<LoginResult> {
  let u: UserRow;
  try {
    u = requireUser(store, loginName);
  } catch {
    return { ok: false, reason: 'unknown' };
  }
  if (u.locked) return { ok: false, reason: 'locked' };
  if (await verifyPassword(password, u.passwordHash)) {
    if (u.failedLogins > 0) updateUser(store, u.id, { failedLogins: 0 }, { type: 'user.login', actor: u.login });
    return { ok: true, user: u, mustChangePassword: u.mustChangePassword };
  }
  const failed = u.failedLogins + 1;
  const locked = failed >= MAX_FAILED_LOGINS;
  updateUser(store, u.id, { failedLogins: failed, locked }, { type: locked ? 'user.locked' : 'user.login-failed', actor: u.login, data: { failedLogins: failed, ...(locked ? { reason: 'wrong passwords' } : {}) } });
  return locked ? { ok: false, reason: 'locked' } : { ok: false, reason: 'wrong-password', attemptsLeft: MAX_FAILED_LOGINS - failed };
}

/** Sets a new password after checking the current one; clears the one-time flag. */
export async function changePassword(store: Store, loginName: string, current: string, next: string, params?: PasswordParams): Promise<void> {
  const r = await login(store, loginName, current);
  if (!r.ok) throw new GatewayError('AUTH_BAD_INPUT', r.reason === 'locked' ? 'the account is locked' : 'the current password is wrong');
  if (next.length < 10) throw new GatewayError('AUTH_BAD_INPUT', 'the new password must have at least 10 characters');
  if (next === current) throw new GatewayError('AUTH_BAD_INPUT', 'the new password must differ from the current one');
  updateUser(store, r.user.id, { passwordHash: await hashPassword(next, params), mustChangePassword: false, failedLogins: 0 }, { type: 'user.password-changed', actor: r.user.login });
}
