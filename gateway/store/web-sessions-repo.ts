// Dashboard sessions and personal API tokens: random tokens handed out once, stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Store } from './db.ts';
import { preparedOnce } from './prepared.ts';
import { apiTokens, webSessions } from './schema.ts';

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

/** A new session (a new id at every login: ASVS 7.2.4); the token is returned once, for the cookie. */
export function createSession(store: Store, userId: string, meta: { ip?: string | null; userAgent?: string | null } = {}): { token: string; session: WebSessionRow } {
  const t = token();
  const now = store.clock.now();
  const session: WebSessionRow = { idHash: hash(t), userId, csrf: token(), createdAt: now, lastSeenAt: now, ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null };
  store.db.insert(webSessions).values(session).run();
  return { token: t, session };
}

/** The live session of a cookie token; an idle or too old one is deleted and not returned. Touches last_seen_at. */
export function findSession(store: Store, cookieToken: string, limits: SessionTimeouts): WebSessionRow | undefined {
  const idHash = hash(cookieToken);
  const s = preparedOnce(store, 'webSessions.byId', (st) => st.db.select().from(webSessions).where(eq(webSessions.idHash, sql.placeholder('id'))).prepare()).get({ id: idHash });
  if (!s) return undefined;
  const now = store.clock.now();
  if (now - s.lastSeenAt > limits.idleMs || now - s.createdAt > limits.absoluteMs) {
    deleteSession(store, idHash);
    return undefined;
  }
  // One write per second at most: a page with many parallel requests does not write for each.
  if (now - s.lastSeenAt >= 1000) {
    preparedOnce(store, 'webSessions.touch', (st) => st.sqlite.prepare('UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ?')).run(now, idHash);
    s.lastSeenAt = now;
  }
  return s;
}

export function deleteSession(store: Store, idHash: string): void {
  store.db.delete(webSessions).where(eq(webSessions.idHash, idHash)).run();
}

/** Ends every session of a user (locked, password changed, or an admin's "end sessions"): ASVS 7.4.2/7.4.5. */
export function deleteSessionsOf(store: Store, userId: string, except?: string): number {
  const where = except ? and(eq(webSessions.userId, userId), sql`${webSessions.idHash} <> ${except}`) : eq(webSessions.userId, userId);
  return store.db.delete(webSessions).where(where).run().changes;
}

export function sessionsOf(store: Store, userId: string): WebSessionRow[] {
  return store.db.select().from(webSessions).where(eq(webSessions.userId, userId)).all();
}

/** Removes expired sessions (run now and then; expired ones are refused on lookup anyway). */
export function purgeSessions(store: Store, limits: SessionTimeouts): number {
  const now = store.clock.now();
  return store.db
    .delete(webSessions)
    .where(or(lt(webSessions.lastSeenAt, now - limits.idleMs), lt(webSessions.createdAt, now - limits.absoluteMs)))
    .run().changes;
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
export function createApiToken(store: Store, userId: string, label: string): { token: string; row: ApiTokenRow } {
  const t = `bgt_${token()}`;
  const row: ApiTokenRow = { idHash: hash(t), userId, prefix: t.slice(0, 10), label, createdAt: store.clock.now(), lastUsedAt: null };
  store.db.insert(apiTokens).values(row).run();
  return { token: t, row };
}

export function findApiToken(store: Store, bearer: string): ApiTokenRow | undefined {
  const row = preparedOnce(store, 'apiTokens.byId', (st) => st.db.select().from(apiTokens).where(eq(apiTokens.idHash, sql.placeholder('id'))).prepare()).get({ id: hash(bearer) });
  if (!row) return undefined;
  const now = store.clock.now();
  if (!row.lastUsedAt || now - row.lastUsedAt >= 60_000) {
    store.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.idHash, row.idHash)).run();
  }
  return row;
}

export function apiTokensOf(store: Store, userId: string): ApiTokenRow[] {
  return store.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).all();
}

export function deleteApiTokensOf(store: Store, userId: string): number {
  return store.db.delete(apiTokens).where(eq(apiTokens.userId, userId)).run().changes;
}
