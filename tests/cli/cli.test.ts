// The CLI as a user runs it: config check (all problems at once), status, audit verify (tamper detection).
import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../gateway/store/db.ts';
import { recordReceivedFile, setFileState } from '../../gateway/store/files-repo.ts';
import { runCli } from '../e2e/gateway-process.ts';

const tmp = () => mkdtemp(path.join(tmpdir(), 'bankgate-cli-'));

describe('bankgate CLI', () => {
  it('config check reports three mistakes at once with their paths and exits 1', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'bankgate.toml'), '[http]\nport = 70000\nhots = "0.0.0.0"\n\n[mailboxes.default]\nroot = "x"\nuse_polling = "yes"\n');
    const r = await runCli(dir, ['config', 'check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('configuration has 3 problem(s)');
    expect(r.stderr).toMatch(/http\.port: expected number to be <=65535, got 70000/);
    expect(r.stderr).toMatch(/http: unknown key\(s\) 'hots'/);
    expect(r.stderr).toMatch(/mailboxes\.default\.use_polling: expected boolean, got "yes"/);
  });

  it('config check prints the effective configuration, as TOML or JSON', async () => {
    const dir = await tmp();
    const text = await runCli(dir, ['config', 'check'], { BANKGATE_HTTP_PORT: '9191' });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('embedded defaults');
    expect(text.stdout).toContain('overridden by environment: BANKGATE_HTTP_PORT');
    expect(text.stdout).toMatch(/\[http\][\s\S]*port = 9191/);
    const json = await runCli(dir, ['config', 'check', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, file: null, config: { mailboxes: { default: { root: path.join(dir, 'exchange/default') } } } });
  });

  it('status and audit verify say plainly when there is no database yet', async () => {
    const dir = await tmp();
    for (const cmd of [['status'], ['audit', 'verify']]) {
      const r = await runCli(dir, cmd);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`no gateway database at ${path.join(dir, 'data/bankgate.db')}`);
    }
  });

  it('status counts files by state; audit verify reports OK, then the first tampered row', async () => {
    const dir = await tmp();
    const store = openStore({ dataDir: path.join(dir, 'data') });
    for (let i = 0; i < 3; i++) {
      const f = (await recordReceivedFile(store.sql, { mailbox: 'default', name: `f${i}`, claimId: `c${i}`, sha256: String(i).repeat(64), size: 1, format: '1c.kz' }));
      if (i === 0) (await setFileState(store.sql, f.id, 'invalid'));
    }
    await store.close();

    const status = await runCli(dir, ['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ files: { received: 2, invalid: 1, parsed: 0, rejected: 0 }, documents: {}, audit: { events: 4 } });

    const ok = await runCli(dir, ['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit OK: 4 events/);

    // Someone with direct database access edits event 2 (the append-only triggers must be dropped first).
    const db = new Database(path.join(dir, 'data/bankgate.db'));
    db.exec('DROP TRIGGER IF EXISTS events_no_update');
    const triggers = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'`).all() as { name: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    db.prepare(`UPDATE events SET actor = 'mallory' WHERE seq = 2`).run();
    db.close();
    const bad = await runCli(dir, ['audit', 'verify', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, count: 1, firstBad: { seq: 2, reason: 'hash-mismatch' } });
  });
});
