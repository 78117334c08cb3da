// Web sessions and personal API tokens on both databases: only hashes stored, idle and absolute timeouts, the touch
// at most once a second, ending a user's sessions, the purge; tokens issued, found, listed and revoked with events.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { issueApiToken, listApiTokens, MAX_TOKEN_LABEL, revokeApiTokens } from '../../gateway/auth/api-tokens.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { insertUser, updateUser } from '../../gateway/store/users-repo.ts';
import {
  apiTokensOf,
  createApiToken,
  createSession,
  deleteApiTokensOf,
  deleteSession,
  deleteSessionsOf,
  findApiToken,
  findSession,
  liveSessionCounts,
  purgeSessions,
  sessionsOf,
} from '../../gateway/store/web-sessions-repo.ts';
import { describeEachDialect, TEST_START } from './dialects.ts';

const MIN = 60_000;
const limits = { idleMs: 15 * MIN, absoluteMs: 60 * MIN };
const sha = (t: string) => createHash('sha256').update(t).digest('base64url');
const user = async (db: Db, login: string) => (await insertUser(db, { login, name: login, passwordHash: 'x', rights: [], actor: 'test' }));

describeEachDialect('web sessions repository', (open) => {
  it('creates a session whose 256-bit token is stored only as its hash, and finds it by the token', async () => {
    const { db } = await open();
    const u = await user(db, 'anna');
    const { token, session } = await createSession(db, u.id, { ip: '10.0.0.1', userAgent: 'x'.repeat(400) });
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(session).toMatchObject({ idHash: sha(token), userId: u.id, createdAt: TEST_START, lastSeenAt: TEST_START, ip: '10.0.0.1' });
    expect(session.userAgent).toHaveLength(300);
    expect(session.csrf).not.toBe(token);
    expect(await sessionsOf(db, u.id)).toEqual([session]);
    expect(await findSession(db, token, limits)).toEqual(session);
    expect(await findSession(db, `${token}x`, limits)).toBeUndefined();
    const bare = await createSession(db, u.id);
    expect(bare.session).toMatchObject({ ip: null, userAgent: null });
    expect(await findSession(db, bare.token, limits)).toEqual(bare.session);
  });

  it('touches last_seen_at at most once a second; ends idle and too old sessions on sight', async () => {
    const { db, clock } = await open();
    const u = await user(db, 'idle');
    const { token, session } = await createSession(db, u.id);
    clock.advance(500);
    expect((await findSession(db, token, limits))?.lastSeenAt).toBe(TEST_START);
    clock.advance(14 * MIN);
    expect((await findSession(db, token, limits))?.lastSeenAt).toBe(TEST_START + 500 + 14 * MIN);
    expect((await sessionsOf(db, u.id))[0]?.lastSeenAt).toBe(TEST_START + 500 + 14 * MIN);
    clock.advance(15 * MIN + 1);
    expect(await findSession(db, token, limits)).toBeUndefined();
    expect(await sessionsOf(db, u.id)).toEqual([]);
    void session;

    // Busy but too old: the absolute timeout ends it.
    const busy = await createSession(db, u.id);
    for (let i = 0; i < 6; i++) {
      clock.advance(10 * MIN);
      expect(await findSession(db, busy.token, limits)).toBeDefined();
    }
    clock.advance(MIN);
    expect(await findSession(db, busy.token, limits)).toBeUndefined();
    expect(await sessionsOf(db, u.id)).toEqual([]);
  });

  it('deletes one session, every session of a user (but one), and purges expired rows', async () => {
    const { db, clock } = await open();
    const a = await user(db, 'a');
    const b = await user(db, 'b');
    const s1 = await createSession(db, a.id);
    const s2 = await createSession(db, a.id);
    const s3 = await createSession(db, a.id);
    const other = await createSession(db, b.id);
    await deleteSession(db, s1.session.idHash);
    await deleteSession(db, s1.session.idHash);
    expect((await sessionsOf(db, a.id)).map((s) => s.idHash).sort()).toEqual([s2.session.idHash, s3.session.idHash].sort());
    expect(await deleteSessionsOf(db, a.id, s3.session.idHash)).toBe(1);
    expect((await sessionsOf(db, a.id)).map((s) => s.idHash)).toEqual([s3.session.idHash]);
    expect(await deleteSessionsOf(db, a.id)).toBe(1);
    expect(await deleteSessionsOf(db, a.id)).toBe(0);
    expect(await sessionsOf(db, b.id)).toEqual([other.session]);

    const fresh = await createSession(db, a.id);
    expect(Object.fromEntries(await liveSessionCounts(db, limits))).toEqual({ [a.id]: 1, [b.id]: 1 });
    clock.advance(10 * MIN);
    await findSession(db, fresh.token, limits);
    clock.advance(10 * MIN);
    // b's session is idle for 20 minutes: no longer live, and purged; a's was seen 10 minutes ago.
    expect(Object.fromEntries(await liveSessionCounts(db, limits))).toEqual({ [a.id]: 1 });
    expect(await purgeSessions(db, limits)).toBe(1);
    expect(await purgeSessions(db, limits)).toBe(0);
    expect(await sessionsOf(db, b.id)).toEqual([]);
    expect(await sessionsOf(db, a.id)).toHaveLength(1);
  });

  it('API tokens: bgt_ tokens stored as hashes, found by the bearer, last use written at most once a minute', async () => {
    const { db, clock } = await open();
    const u = await user(db, 'script');
    const { token, row } = await createApiToken(db, u.id, '1C');
    expect(token).toMatch(/^bgt_[A-Za-z0-9_-]{43}$/);
    expect(row).toEqual({ idHash: sha(token), userId: u.id, prefix: token.slice(0, 10), label: '1C', createdAt: TEST_START, lastUsedAt: null });
    expect(await findApiToken(db, token)).toEqual(row);
    expect(await findApiToken(db, 'bgt_nothing')).toBeUndefined();
    expect((await apiTokensOf(db, u.id))[0]?.lastUsedAt).toBe(TEST_START);
    clock.advance(30_000);
    await findApiToken(db, token);
    expect((await apiTokensOf(db, u.id))[0]?.lastUsedAt).toBe(TEST_START);
    clock.advance(30_000);
    await findApiToken(db, token);
    expect((await apiTokensOf(db, u.id))[0]?.lastUsedAt).toBe(TEST_START + 60_000);
    await createApiToken(db, u.id, 'second');
    expect(await deleteApiTokensOf(db, u.id)).toBe(2);
    expect(await deleteApiTokensOf(db, u.id)).toBe(0);
    expect(await findApiToken(db, token)).toBeUndefined();
  });

  it('issues, lists (oldest first) and revokes tokens by login, audited by prefix, never the token; refuses a locked user', async () => {
    const { db, clock } = await open();
    const u = await user(db, 'onec');
    const first = await issueApiToken(db, 'ONEC', '  1C exchange  ', 'cli:test');
    clock.advance(1000);
    const second = await issueApiToken(db, 'onec', '', 'cli:test');
    expect(first.row.label).toBe('1C exchange');
    expect((await listApiTokens(db, 'onec')).map((r) => r.prefix)).toEqual([first.row.prefix, second.row.prefix]);
    await expect(issueApiToken(db, 'onec', 'x'.repeat(MAX_TOKEN_LABEL + 1), 'cli:test')).rejects.toMatchObject({ code: 'AUTH_BAD_INPUT' });
    await expect(issueApiToken(db, 'nobody', '', 'cli:test')).rejects.toMatchObject({ code: 'AUTH_UNKNOWN_USER' });
    await expect(listApiTokens(db, 'nobody')).rejects.toMatchObject({ code: 'AUTH_UNKNOWN_USER' });
    expect(await revokeApiTokens(db, 'onec', 'cli:test')).toBe(2);
    expect(await revokeApiTokens(db, 'onec', 'cli:test')).toBe(0);
    expect(await listApiTokens(db, 'onec')).toEqual([]);
    const events = await listEntityEvents(db, 'user', u.id);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['user.created', expect.anything()],
      ['user.token-created', { prefix: first.row.prefix, label: '1C exchange' }],
      ['user.token-created', { prefix: second.row.prefix, label: '' }],
      ['user.tokens-revoked', { count: 2 }],
      ['user.tokens-revoked', { count: 0 }],
    ]);
    expect(JSON.stringify(events)).not.toContain(first.token);

    await updateUser(db, u.id, { locked: true, lockReason: 'admin', lockedAt: clock.now() }, { type: 'user.locked', actor: 'root' });
    await expect(issueApiToken(db, 'onec', '', 'cli:test')).rejects.toMatchObject({ code: 'AUTH_BAD_INPUT', message: expect.stringMatching(/is locked/) });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 6 });
  });
});
