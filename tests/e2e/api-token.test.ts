// Personal API tokens through the real CLI beside a running gateway: `users token` prints one once, it opens /api/v1/*
// with the user's rights (401 without it), `users tokens` lists prefix, label and last use, `--revoke` ends them all;
// the audit chain records both events without the token.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, spawnGateway } from './gateway-process.ts';

describe('bankgate users token | tokens', () => {
  it('a printed token opens the API until it is revoked; list and audit never show the token', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-api-token-'));
    const env = { BANKGATE_HTTP_PORT: '0', BANKGATE_DEMO: '0' };
    expect((await runCli(dir, ['users', 'add', 'onec', '--name', '1C exchange', '--right', '*=none'], env)).code).toBe(0);
    const made = await runCli(dir, ['users', 'token', 'onec', '--label', '1C exchange'], env);
    expect(made.code, made.stderr).toBe(0);
    const token = /^token: (bgt_[A-Za-z0-9_-]{43})$/m.exec(made.stdout)?.[1];
    expect(token, made.stdout).toBeDefined();
    expect(made.stdout).toContain('Shown only now');
    const json = JSON.parse((await runCli(dir, ['users', 'token', 'onec', '--json'], env)).stdout) as { token: string; prefix: string; label: string };
    expect(json.token.startsWith(json.prefix)).toBe(true);
    expect(json.token).not.toBe(token);

    const gw = spawnGateway(dir, ['start'], env);
    const url = await gw.ready;
    const get = (t?: string) => fetch(`${url}/api/v1/files`, t ? { headers: { authorization: `Bearer ${t}` } } : {});
    expect((await get()).status).toBe(401);
    expect((await get(`${token!.slice(0, -1)}x`)).status).toBe(401);
    // The account's one-time password is still unchanged: that gates password logins, not a token handed out on purpose.
    const ok = await get(token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ items: [] });

    const listed = JSON.parse((await runCli(dir, ['users', 'tokens', 'onec', '--json'], env)).stdout) as { tokens: { prefix: string; label: string; createdAt: string; lastUsedAt: string | null }[] };
    expect(listed.tokens.map((t) => [t.prefix, t.label])).toEqual([
      [token!.slice(0, 10), '1C exchange'],
      [json.prefix, ''],
    ]);
    expect(listed.tokens[0]!.lastUsedAt).not.toBeNull();
    expect(listed.tokens[1]!.lastUsedAt).toBeNull();
    const text = await runCli(dir, ['users', 'tokens', 'onec'], env);
    expect(text.stdout).toMatch(new RegExp(`^${token!.slice(0, 10)}…\\s+1C exchange\\s+created \\S+\\s+last used \\d{4}-`, 'm'));
    expect(text.stdout + text.stderr).not.toContain(token);

    const revoked = await runCli(dir, ['users', 'token', 'onec', '--revoke'], env);
    expect(revoked.stdout).toContain('onec: 2 API tokens revoked');
    expect((await get(token)).status).toBe(401);
    expect((await get(json.token)).status).toBe(401);
    expect((await runCli(dir, ['users', 'tokens', 'onec'], env)).stdout).toContain('onec: no API tokens');
    expect((await runCli(dir, ['users', 'token', 'nobody'], env)).code).toBe(1);
    expect(await gw.kill('SIGTERM')).toBe(0);

    const db = new Database(path.join(dir, 'data/bankgate.db'), { readonly: true });
    const events = db.prepare(`SELECT type, data_json FROM events WHERE type LIKE 'user.token%' ORDER BY seq`).all() as { type: string; data_json: string }[];
    const all = (db.prepare('SELECT group_concat(data_json) FROM events').pluck().get() as string) + (db.prepare('SELECT group_concat(actor) FROM events').pluck().get() as string);
    db.close();
    expect(events.map((e) => e.type)).toEqual(['user.token-created', 'user.token-created', 'user.tokens-revoked']);
    expect(JSON.parse(events[0]!.data_json)).toEqual({ prefix: token!.slice(0, 10), label: '1C exchange' });
    expect(JSON.parse(events[2]!.data_json)).toEqual({ count: 2 });
    expect(all).not.toContain(token!.slice(10));
    expect(all).not.toContain(json.token.slice(10));
    expect((await runCli(dir, ['audit', 'verify'], env)).code).toBe(0);
  });
});
