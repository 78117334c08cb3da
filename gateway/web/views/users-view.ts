// Users as the administration page shows them: role, rights, lock state with its reason and end, failed logins,
// second factor, one-time password, and live sessions (counted within the idle and absolute timeouts).
import type { AuthConfig } from '../../auth/config.ts';
import type { GatewayConfig } from '../../../config/schema.ts';
import { appendEventTx } from '../../store/sql/audit-log.ts';
import type { Db } from '../../store/sql/executor.ts';
import { listUsers, rightsOf, type RightRow, type UserRow } from '../../store/users-repo.ts';
import { deleteSessionsOf, liveSessionCounts as liveSessionCountsOf, type SessionTimeouts } from '../../store/web-sessions-repo.ts';

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

/** The dashboard's session timeouts from the configuration. */
function sessionLimits(cfg: GatewayConfig): SessionTimeouts {
  return { idleMs: cfg.http.session.idle_minutes * MINUTE, absoluteMs: cfg.http.session.absolute_hours * 60 * MINUTE };
}

/** Live sessions per user: those still inside both timeouts (expired rows wait for the purge but do not count). */
export function liveSessionCounts(db: Db, cfg: GatewayConfig): Promise<Map<string, number>> {
  return liveSessionCountsOf(db, sessionLimits(cfg));
}

export async function userViews(db: Db, cfg: GatewayConfig): Promise<UserView[]> {
  const sessions = await liveSessionCounts(db, cfg);
  const users = await listUsers(db);
  const views: UserView[] = [];
  for (const user of users) views.push({ user, rights: await rightsOf(db, user.id), unlocksAt: unlocksAt(user, cfg.auth), sessions: sessions.get(user.id) ?? 0 });
  return views;
}

export async function userView(db: Db, cfg: GatewayConfig, user: UserRow): Promise<UserView> {
  return { user, rights: await rightsOf(db, user.id), unlocksAt: unlocksAt(user, cfg.auth), sessions: (await liveSessionCounts(db, cfg)).get(user.id) ?? 0 };
}

/** `ACCOUNT=right` as `users add --right` writes it ('none:prepare' for a preparer). */
export function rightText(r: RightRow): string {
  return `${r.account}=${r.right}${r.right === 'none' && r.canPrepare ? ':prepare' : ''}`;
}

/**
 * Ends every session of a user (ASVS 7.4.5, and 7.4.2 when the account is locked) with an audit event naming the
 * administrator; API tokens stay but are refused while the account is locked.
 */
export async function endSessions(db: Db, userId: string, actor: string, reason: 'admin' | 'locked' | 'password-reset'): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await deleteSessionsOf(tx, userId);
    await appendEventTx(tx, { entityType: 'user', entityId: userId, type: 'user.sessions-ended', actor, data: { sessions: ended, reason } });
    return ended;
  });
}
