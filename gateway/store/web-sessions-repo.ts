// Dashboard sessions and personal API tokens: random tokens handed out once, stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, SqlRow } from './sql/executor.ts';

export interface WebSessionRow {
  idHash: string;
  userId: string;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
/** 256 bits from the CSPRNG (ASVS 7.2.3 asks at least 128). */
const token = () => randomBytes(32).toString('base64url');

const SELECT_SESSION = 'SELECT id_hash AS "idHash", user_id AS "userId", csrf, created_at AS "createdAt", last_seen_at AS "lastSeenAt", ip, user_agent AS "userAgent" FROM web_sessions';
const SELECT_TOKEN = 'SELECT id_hash AS "idHash", user_id AS "userId", prefix, label, created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM api_tokens';

/** A new session (a new id at every login: ASVS 7.2.4); the token is returned once, for the cookie. */
export async function createSession(db: Db, userId: string, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<{ token: string; session: WebSessionRow }> {
  const t = token();
  const now = db.clock.now();
  const session: WebSessionRow = { idHash: hash(t), userId, csrf: token(), createdAt: now, lastSeenAt: now, ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null };
  await db.run('INSERT INTO web_sessions (id_hash, user_id, csrf, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    session.idHash,
    session.userId,
    session.csrf,
    session.createdAt,
    session.lastSeenAt,
    session.ip,
    session.userAgent,
  ]);
  return { token: t, session };
}

/** The live session of a cookie token; an idle or too old one is deleted and not returned. Touches last_seen_at. */
export async function findSession(db: Db, cookieToken: string, limits: SessionTimeouts): Promise<WebSessionRow | undefined> {
  const idHash = hash(cookieToken);
  const s = await db.get<WebSessionRow & SqlRow>(`${SELECT_SESSION} WHERE id_hash = $1`, [idHash]);
  if (!s) return undefined;
  const now = db.clock.now();
  if (now - s.lastSeenAt > limits.idleMs || now - s.createdAt > limits.absoluteMs) {
    await deleteSession(db, idHash);
    return undefined;
  }
  // One write per second at most: a page with many parallel requests does not write for each.
  if (now - s.lastSeenAt >= 1000) {
    await db.run('UPDATE web_sessions SET last_seen_at = $1 WHERE id_hash = $2', [now, idHash]);
    s.lastSeenAt = now;
  }
  return s;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.run('DELETE FROM web_sessions WHERE id_hash = $1', [idHash]);
}

/** Ends every session of a user (locked, password changed, or an admin's "end sessions"): ASVS 7.4.2/7.4.5. */
export async function deleteSessionsOf(db: Db, userId: string, except?: string): Promise<number> {
  return except
    ? (await db.run('DELETE FROM web_sessions WHERE user_id = $1 AND id_hash <> $2', [userId, except])).changes
    : (await db.run('DELETE FROM web_sessions WHERE user_id = $1', [userId])).changes;
}

export async function sessionsOf(db: Db, userId: string): Promise<WebSessionRow[]> {
  return db.all<WebSessionRow & SqlRow>(`${SELECT_SESSION} WHERE user_id = $1`, [userId]);
}

/** Live sessions per user: those still inside both timeouts (expired rows wait for the purge but do not count). */
export async function liveSessionCounts(db: Db, limits: SessionTimeouts): Promise<Map<string, number>> {
  const now = db.clock.now();
  const rows = await db.all<{ userId: string; n: number }>('SELECT user_id AS "userId", COUNT(*) AS n FROM web_sessions WHERE last_seen_at > $1 AND created_at > $2 GROUP BY user_id', [
    now - limits.idleMs,
    now - limits.absoluteMs,
  ]);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

/** Removes expired sessions (run now and then; expired ones are refused on lookup anyway). */
export async function purgeSessions(db: Db, limits: SessionTimeouts): Promise<number> {
  const now = db.clock.now();
  return (await db.run('DELETE FROM web_sessions WHERE last_seen_at < $1 OR created_at < $2', [now - limits.idleMs, now - limits.absoluteMs])).changes;
}

export interface ApiTokenRow {
  idHash: string;
  userId: string;
  prefix: string;
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A personal API token `bgt_…` (shown once); it carries the rights of its user. */
export async function createApiToken(db: Db, userId: string, label: string): Promise<{ token: string; row: ApiTokenRow }> {
  const t = `bgt_${token()}`;
  const row: ApiTokenRow = { idHash: hash(t), userId, prefix: t.slice(0, 10), label, createdAt: db.clock.now(), lastUsedAt: null };
  await db.run('INSERT INTO api_tokens (id_hash, user_id, prefix, label, created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6)', [row.idHash, row.userId, row.prefix, row.label, row.createdAt, row.lastUsedAt]);
  return { token: t, row };
}

export async function findApiToken(db: Db, bearer: string): Promise<ApiTokenRow | undefined> {
  const row = await db.get<ApiTokenRow & SqlRow>(`${SELECT_TOKEN} WHERE id_hash = $1`, [hash(bearer)]);
  if (!row) return undefined;
  const now = db.clock.now();
  // At most one write a minute per token: "last used" is for people, not an access log.
  if (!row.lastUsedAt || now - row.lastUsedAt >= 60_000) {
    await db.run('UPDATE api_tokens SET last_used_at = $1 WHERE id_hash = $2', [now, row.idHash]);
  }
  return row;
}

export async function apiTokensOf(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.all<ApiTokenRow & SqlRow>(`${SELECT_TOKEN} WHERE user_id = $1`, [userId]);
}

export async function deleteApiTokensOf(db: Db, userId: string): Promise<number> {
  return (await db.run('DELETE FROM api_tokens WHERE user_id = $1', [userId])).changes;
}
