// Which store a configuration opens, and the clear refusals on the way: PostgreSQL without the BullMQ queue, the
// variable holding its URL unset, a server that does not answer (the password never shown).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/load.ts';
import type { Store } from '../../gateway/store/db.ts';
import { openGatewayStore } from '../../gateway/store/open-store.ts';
import { migratedDatabase, postgresAvailable } from '../services/postgres.ts';

const opened: Store[] = [];
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of drops.splice(0)) await d();
});

function configIn(toml: string, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-open-'));
  writeFileSync(path.join(dir, 'bankgate.toml'), toml);
  return loadConfig({ configPath: path.join(dir, 'bankgate.toml'), env }).config;
}

const BULLMQ = '[queue]\nbackend = "bullmq"\nredis_url = "redis://127.0.0.1:6379/0"\n';

describe('openGatewayStore', () => {
  it('opens SQLite in [data] dir by default, and refuses to invent one for read-only callers', async () => {
    const cfg = configIn('');
    await expect(openGatewayStore(cfg, { mustExist: true })).rejects.toMatchObject({ code: 'CFG_INVALID', message: expect.stringContaining('no gateway database at') });
    const s = await openGatewayStore(cfg);
    opened.push(s);
    expect(s.dialect).toBe('sqlite');
    expect(s.location).toBe(path.join(cfg.data.dir, 'bankgate.db'));
  });

  it('refuses PostgreSQL with the embedded queue, and a URL carrying its password in the file', () => {
    let e: unknown;
    try {
      configIn('[data]\ndatabase_url = "postgres://bankgate@127.0.0.1/bankgate"\n');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).problems.map((p) => p.path)).toContain('queue.backend');
    expect(() => configIn(`[data]\ndatabase_url = "postgres://bankgate:secret@127.0.0.1/bankgate"\n${BULLMQ}`)).toThrow(/database_url_env/);
  });

  it('names the unset variable, and a server that does not answer without its password', async () => {
    const cfg = configIn(`[data]\ndatabase_url_env = "BG_TEST_DB"\n${BULLMQ}`);
    await expect(openGatewayStore(cfg, { env: {} })).rejects.toThrow(/BG_TEST_DB \(data\.database_url_env\) is not set/);
    const err = (await openGatewayStore(cfg, { env: { BG_TEST_DB: 'postgres://bankgate:s3cret@127.0.0.1:1/bankgate' } }).then(
      () => new Error('opened'),
      (x: unknown) => x,
    )) as Error;
    expect(err).toMatchObject({ code: 'CFG_INVALID' });
    expect(err.message).toContain('postgres://bankgate:***@127.0.0.1:1/bankgate');
    expect(err.message).not.toContain('s3cret');
  });

  it.skipIf(!postgresAvailable)('opens PostgreSQL from database_url_env: the same Store, the location without the password', async () => {
    const db = await migratedDatabase();
    drops.push(db.drop);
    const u = new URL(db.url);
    u.password = 'pw';
    const cfg = configIn(`[data]\ndatabase_url_env = "BG_TEST_DB"\n${BULLMQ}`);
    const s = await openGatewayStore(cfg, { env: { BG_TEST_DB: u.toString() } });
    opened.push(s);
    expect(s.dialect).toBe('postgres');
    expect(s.location).toContain(':***@');
    expect(await s.sql.get('SELECT count(*)::int AS n FROM files')).toEqual({ n: 0 });
  });
});
