// Users as the administration page shows them: role, rights, lock state with its reason and end, failed logins,
// second factor, one-time password, and live sessions (counted within the idle and absolute timeouts).
import type { AuthConfig } from '../../auth/config.ts';
import type { GatewayConfig } from '../../../config/schema.ts';
import type { Store } from '../../store/db.ts';
import { listUsers, rightsOf, type RightRow, type UserRow } from '../../store/users-repo.ts';
import { appendEventTx } from '../../store/sql/audit-log.ts';
import { deleteSessionsOf } from '../../store/web-sessions-repo.ts';

export interface UserView {
  user: UserRow;
  rights: RightRow[];
  /** When a lock from wrong passwords ends by itself (ms); null: only an administrator unlocks. */
  unlocksAt: number | null;
  sessions: number;
}

const MINUTE = 60_000;

/** The self-unlock time of a lock from wrong passwords: [auth] auto_unlock_minutes, or the last admin's own end. */
export function unlocksAt(u: UserRow, auth: AuthConfig): number | null {
  if (!u.locked || u.lockReason !== 'failed-logins' || u.lockedAt === null) return null;
  const ends = [auth.auto_unlock_minutes === undefined ? null : u.lockedAt + auth.auto_unlock_minutes * MINUTE, u.lockedUntil].filter((t): t is number => t !== null);
  return ends.length ? Math.min(...ends) : null;
}

/** Live sessions per user: those still inside both timeouts (expired rows wait for the purge but do not count). */
export function liveSessionCounts(store: Store, cfg: GatewayConfig): Map<string, number> {
  const now = store.clock.now();
  const rows = store.sqlite
    .prepare('SELECT user_id AS userId, COUNT(*) AS n FROM web_sessions WHERE last_seen_at > ? AND created_at > ? GROUP BY user_id')
    .all(now - cfg.http.session.idle_minutes * MINUTE, now - cfg.http.session.absolute_hours * 60 * MINUTE) as { userId: string; n: number }[];
  return new Map(rows.map((r) => [r.userId, r.n]));
}

export function userViews(store: Store, cfg: GatewayConfig): UserView[] {
  const sessions = liveSessionCounts(store, cfg);
  return listUsers(store).map((user) => ({ user, rights: rightsOf(store, user.id), unlocksAt: unlocksAt(user, cfg.auth), sessions: sessions.get(user.id) ?? 0 }));
}

export function userView(store: Store, cfg: GatewayConfig, user: UserRow): UserView {
  return { user, rights: rightsOf(store, user.id), unlocksAt: unlocksAt(user, cfg.auth), sessions: liveSessionCounts(store, cfg).get(user.id) ?? 0 };
}

/** `ACCOUNT=right` as `users add --right` writes it ('none:prepare' for a preparer). */
export function rightText(r: RightRow): string {
  return `${r.account}=${r.right}${r.right === 'none' && r.canPrepare ? ':prepare' : ''}`;
}

/**
 * Ends every session of a user (ASVS 7.4.5, and 7.4.2 when the account is locked) with an audit event naming the
 * administrator; API tokens stay but are refused while the account is locked.
 */
export async function endSessions(store: Store, userId: string, actor: string, reason: 'admin' | 'locked' | 'password-reset'): Promise<number> {
  return store.sql.transaction(async (tx) => {
    const ended = deleteSessionsOf(store, userId);
    await appendEventTx(tx, { entityType: 'user', entityId: userId, type: 'user.sessions-ended', actor, data: { sessions: ended, reason } });
    return ended;
  });
}
