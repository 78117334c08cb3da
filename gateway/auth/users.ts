// User administration and login rules: one-time initial passwords, configurable lockout and self-unlock, roles, TOTP.
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../core/errors.ts';
import { SIGNATURE_RIGHTS, type SignatureRight } from '../store/schema.ts';
import type { Db } from '../store/sql/executor.ts';
import { ANY_ACCOUNT, countUnlockedAdmins, insertUser, normalizeLogin, requireUser, updateUser, type RightRow, type UserRow } from '../store/users-repo.ts';
import { authConfigSchema, LAST_ADMIN_LOCK_MINUTES, type AuthConfig } from './config.ts';
import { checkNewPassword } from './password-policy.ts';
import { DEFAULT_PASSWORD_PARAMS, hashPassword, initialPassword, needsRehash, verifyPassword, type PasswordParams } from './password.ts';
import { acceptTotp, newTotpSecret, totpUri } from './totp.ts';

export type { PasswordParams } from './password.ts';

/** The [auth] configuration and the argon2id cost of new hashes; defaults when absent (tests pass cheap params). */
export interface AuthOptions {
  config?: AuthConfig;
  params?: PasswordParams;
}

const configOf = (o: AuthOptions): AuthConfig => o.config ?? authConfigSchema.parse({});
const MINUTE = 60_000;
const UNLOCKED = { locked: false, failedLogins: 0, lockReason: null, lockedAt: null, lockedUntil: null } as const;

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

export async function addUser(db: Db, input: { login: string; name: string; rights: string[]; actor: string; params?: PasswordParams; admin?: boolean }): Promise<{ user: UserRow; password: string }> {
  const login = normalizeLogin(input.login);
  if (!LOGIN.test(login)) throw new GatewayError('AUTH_BAD_INPUT', `login '${input.login}' must be 2–64 letters a–z, digits, '.', '_' or '-', starting with a letter or digit`);
  if (!input.name.trim()) throw new GatewayError('AUTH_BAD_INPUT', 'name is empty');
  // Separation of duties: whoever administers users cannot also sign payments.
  if (input.admin && input.rights.length > 0) throw new GatewayError('AUTH_ADMIN_NO_SIGNING', `an admin gets no signature rights: drop --right (${input.rights.join(', ')}) or --admin`);
  const rights = input.rights.map(parseRight);
  const accounts = rights.map((r) => r.account);
  if (new Set(accounts).size !== accounts.length) throw new GatewayError('AUTH_BAD_INPUT', `an account is given twice in the rights: ${accounts.join(', ')}`);
  const password = initialPassword();
  const user = await insertUser(db, { login, name: input.name, passwordHash: await hashPassword(password, input.params), rights, actor: input.actor, role: input.admin ? 'admin' : 'user' });
  return { user, password };
}

/** A new one-time password (the old one stops working), must be changed at next login; also unlocks. */
export async function resetPassword(db: Db, login: string, actor: string, params?: PasswordParams): Promise<string> {
  const u = await requireUser(db, login);
  const password = initialPassword();
  await updateUser(db, u.id, { ...UNLOCKED, passwordHash: await hashPassword(password, params), mustChangePassword: true }, { type: 'user.password-reset', actor });
  return password;
}

/** Locks an account; the last unlocked admin is refused so user administration stays possible. */
export async function lockUser(db: Db, login: string, actor: string): Promise<void> {
  // Check and lock in one transaction: two admins locking each other at once cannot both pass the check.
  await db.transaction(async (tx) => {
    const u = await requireUser(tx, login);
    if (u.role === 'admin' && !u.locked && (await countUnlockedAdmins(tx)) <= 1) {
      throw new GatewayError('AUTH_LAST_ADMIN', `'${u.login}' is the last unlocked admin; add another admin (bankgate users add LOGIN --admin) before locking this one`);
    }
    await updateUser(tx, u.id, { locked: true, lockReason: 'admin', lockedAt: tx.clock.now(), lockedUntil: null }, { type: 'user.locked', actor, data: { reason: 'admin' } });
  });
}

export async function unlockUser(db: Db, login: string, actor: string): Promise<void> {
  const u = await requireUser(db, login);
  await updateUser(db, u.id, UNLOCKED, { type: 'user.unlocked', actor });
}

/** Enrols the TOTP second factor: returns the secret and otpauth:// URI to show once (never log them). */
export async function enrolTotp(db: Db, login: string, actor: string): Promise<{ secret: string; uri: string }> {
  const u = await requireUser(db, login);
  // Replacing silently would let a second enrolment take over a working factor: remove it first, on purpose.
  if (u.totpSecret) throw new GatewayError('AUTH_TOTP_STATE', `'${u.login}' already has one-time codes; remove them first (bankgate users totp ${u.login} --off)`);
  const secret = newTotpSecret();
  await updateUser(db, u.id, { totpSecret: secret, totpLastStep: null }, { type: 'user.totp-enrolled', actor });
  return { secret, uri: totpUri(u.login, secret) };
}

export async function removeTotp(db: Db, login: string, actor: string): Promise<void> {
  const u = await requireUser(db, login);
  if (!u.totpSecret) throw new GatewayError('AUTH_TOTP_STATE', `'${u.login}' has no one-time codes to remove`);
  await updateUser(db, u.id, { totpSecret: null, totpLastStep: null }, { type: 'user.totp-removed', actor });
}

export type LoginResult =
  | { ok: true; user: UserRow; mustChangePassword: boolean }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'wrong-password' | 'wrong-totp'; attemptsLeft: number }
  /** unlocksAt: when the lock ends by itself (ms since epoch); absent: only an admin unlocks. */
  | { ok: false; reason: 'locked'; unlocksAt?: number }
  /** The password was right; ask for the one-time code and call again with it. */
  | { ok: false; reason: 'totp-required' }
  /** The password was right, but [auth] admin_totp_required and this admin has no TOTP: offer enrolment only. */
  | { ok: false; reason: 'totp-enrolment-required' };

type Failure = Extract<LoginResult, { ok: false }>;

/** When a lock from wrong passwords ends by itself: the configured time, or the last admin's guaranteed end. */
function selfUnlockAt(u: UserRow, cfg: AuthConfig): number | null {
  if (!u.locked || u.lockReason !== 'failed-logins' || u.lockedAt === null) return null;
  const ends = [cfg.auto_unlock_minutes === undefined ? null : u.lockedAt + cfg.auto_unlock_minutes * MINUTE, u.lockedUntil].filter((t): t is number => t !== null);
  return ends.length ? Math.min(...ends) : null;
}

/** Counts a wrong password or code; the configured count locks (the last admin only for a while). */
async function recordFailure(db: Db, u: UserRow, cfg: AuthConfig, factor: 'password' | 'totp'): Promise<Failure> {
  const failed = u.failedLogins + 1;
  const factorData = factor === 'totp' ? { factor } : {};
  if (failed < cfg.max_failed_logins) {
    await updateUser(db, u.id, { failedLogins: failed }, { type: 'user.login-failed', actor: u.login, data: { failedLogins: failed, ...factorData } });
    return { ok: false, reason: factor === 'totp' ? 'wrong-totp' : 'wrong-password', attemptsLeft: cfg.max_failed_logins - failed };
  }
  const now = db.clock.now();
  // Never lock the last admin for good (reliability-security.md 7): nobody else could unlock anyone. Counted and
  // locked in one transaction, so two admins locked at once cannot both count the other as unlocked.
  const patch = await db.transaction(async (tx) => {
    const lastAdmin = u.role === 'admin' && (await countUnlockedAdmins(tx)) <= 1;
    const lockedUntil = lastAdmin ? now + (cfg.auto_unlock_minutes ?? LAST_ADMIN_LOCK_MINUTES) * MINUTE : null;
    const p = { failedLogins: failed, locked: true, lockReason: 'failed-logins', lockedAt: now, lockedUntil } as const;
    await updateUser(tx, u.id, p, { type: 'user.locked', actor: u.login, data: { failedLogins: failed, reason: 'wrong passwords', ...factorData, ...(lastAdmin ? { lastAdmin: true } : {}) } });
    return p;
  });
  const at = selfUnlockAt({ ...u, ...patch }, cfg);
  return at === null ? { ok: false, reason: 'locked' } : { ok: false, reason: 'locked', unlocksAt: at };
}

let dummy: Promise<string> | undefined;
/** A hash of a random password with the default cost, made once: unknown logins are checked against it. */
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('base64url')));

/** The password step shared by login and password change: lock state, self-unlock, failure counting. */
async function checkPassword(db: Db, loginName: string, password: string, cfg: AuthConfig): Promise<{ user: UserRow } | Failure> {
  let u: UserRow;
  try {
    u = await requireUser(db, loginName);
  } catch {
    // Spend the time a real check takes, so the answer's timing does not tell which logins exist.
    await verifyPassword(password, await dummyHash());
    return { ok: false, reason: 'unknown' };
  }
  if (u.locked) {
    const at = selfUnlockAt(u, cfg);
    if (at === null) return { ok: false, reason: 'locked' };
    if (db.clock.now() < at) return { ok: false, reason: 'locked', unlocksAt: at };
    await updateUser(db, u.id, UNLOCKED, { type: 'user.unlocked', actor: 'system', data: { reason: 'lock time over' } });
    u = { ...u, ...UNLOCKED };
  }
  if (!(await verifyPassword(password, u.passwordHash))) return recordFailure(db, u, cfg, 'password');
  return { user: u };
}

/**
 * Checks a password and, when the user has TOTP, the one-time code. `max_failed_logins` wrong passwords or
 * codes in a row lock the account (unlock: admin, reset, or auto_unlock_minutes). A good login with an old
 * or cheaper hash rehashes the password with argon2id.
 */
export async function login(db: Db, loginName: string, password: string, opts: AuthOptions & { totp?: string } = {}): Promise<LoginResult> {
  const cfg = configOf(opts);
  const checked = await checkPassword(db, loginName, password, cfg);
  if (!('user' in checked)) return checked;
  let u = checked.user;
  let step: number | null = null;
  if (u.totpSecret) {
    if (opts.totp === undefined) return { ok: false, reason: 'totp-required' };
    step = acceptTotp(u.totpSecret, opts.totp, db.clock.now(), u.totpLastStep);
    if (step === null) return recordFailure(db, u, cfg, 'totp');
  } else if (cfg.admin_totp_required && u.role === 'admin') {
    return { ok: false, reason: 'totp-enrolment-required' };
  }
  if (u.failedLogins > 0 || step !== null) {
    await updateUser(db, u.id, { failedLogins: 0, ...(step !== null ? { totpLastStep: step } : {}) }, { type: 'user.login', actor: u.login, data: step !== null ? { factor: 'totp' } : {} });
    u = { ...u, failedLogins: 0, totpLastStep: step ?? u.totpLastStep };
  }
  const params = opts.params ?? DEFAULT_PASSWORD_PARAMS;
  if (needsRehash(u.passwordHash, params)) {
    const from = u.passwordHash.startsWith('scrypt$') ? 'scrypt' : 'argon2id (cheaper parameters)';
    const passwordHash = await hashPassword(password, params);
    await updateUser(db, u.id, { passwordHash }, { type: 'user.password-rehashed', actor: 'system', data: { from, to: 'argon2id' } });
    u = { ...u, passwordHash };
  }
  return { ok: true, user: u, mustChangePassword: u.mustChangePassword };
}

/**
 * Sets a new password after checking the current one (ASVS 6.2.3) against the [auth.password] rules;
 * clears the one-time flag. The second factor belongs to the session that asks for the change.
 */
export async function changePassword(db: Db, loginName: string, current: string, next: string, opts: AuthOptions = {}): Promise<void> {
  const cfg = configOf(opts);
  const r = await checkPassword(db, loginName, current, cfg);
  if (!('user' in r)) throw new GatewayError('AUTH_BAD_INPUT', r.reason === 'locked' ? 'the account is locked' : 'the current password is wrong');
  checkNewPassword(cfg.password, next, { login: r.user.login, current });
  await updateUser(db, r.user.id, { passwordHash: await hashPassword(next, opts.params), mustChangePassword: false, failedLogins: 0 }, { type: 'user.password-changed', actor: r.user.login });
}
