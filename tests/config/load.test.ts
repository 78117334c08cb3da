// Config loading: defaults, the example file, env overrides, and every problem reported at once.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/load.ts';
import { renderConfigToml } from '../../config/print.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'bankgate-cfg-'));

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults when there is no bankgate.toml', () => {
    const dir = tmp();
    const { config, file } = loadConfig({ cwd: dir, env: {} });
    expect(file).toBeNull();
    expect(config.data.dir).toBe(path.join(dir, 'data'));
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, allow_insecure_non_loopback: false, session: { idle_minutes: 15, absolute_hours: 8 }, login_attempts_per_ip_per_minute: 10 });
    expect(Object.keys(config.mailboxes)).toEqual(['default']);
    expect(config.mailboxes.default!.root).toBe(path.join(dir, 'exchange/default'));
    expect(Object.isFrozen(config.mailboxes.default)).toBe(true);
  });

  it('the example file documents exactly the defaults', () => {
    const example = loadConfig({ configPath: path.join(REPO, 'config/bankgate.example.toml'), env: {} });
    const defaults = loadConfig({ cwd: path.join(REPO, 'config'), env: {} });
    expect(example.file).not.toBeNull();
    expect(defaults.file).toBeNull();
    expect(example.config).toEqual(defaults.config);
  });

  it('finds bankgate.toml in the working folder and resolves paths against it', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bankgate.toml'), '[data]\ndir = "state"\n[mailboxes.acme]\nroot = "drop/acme"\nmax_bytes = 1000\n');
    const { config, file } = loadConfig({ cwd: dir, env: {} });
    expect(file).toBe(path.join(dir, 'bankgate.toml'));
    expect(config.data.dir).toBe(path.join(dir, 'state'));
    expect(Object.keys(config.mailboxes)).toEqual(['acme']);
    expect(config.mailboxes.acme).toMatchObject({ root: path.join(dir, 'drop/acme'), max_bytes: 1000, stable_ms: 150 });
  });

  it('applies BANKGATE_<PATH> overrides with the type of the key they replace', () => {
    const dir = tmp();
    const { config, envOverrides } = loadConfig({
      cwd: dir,
      env: { BANKGATE_HTTP_PORT: '9090', BANKGATE_MAILBOXES_DEFAULT_MAX_BYTES: '2048', BANKGATE_MAILBOXES_DEFAULT_USE_POLLING: 'true', BANKGATE_MAILBOXES_DEFAULT_IGNORE: '*.tmp,*.bak', OTHER: 'x' },
    });
    expect(config.http.port).toBe(9090);
    expect(config.mailboxes.default).toMatchObject({ root: path.join(dir, 'exchange/default'), max_bytes: 2048, use_polling: true, ignore: ['*.tmp', '*.bak'] });
    expect(envOverrides.sort()).toEqual(['BANKGATE_HTTP_PORT', 'BANKGATE_MAILBOXES_DEFAULT_IGNORE', 'BANKGATE_MAILBOXES_DEFAULT_MAX_BYTES', 'BANKGATE_MAILBOXES_DEFAULT_USE_POLLING']);
  });

  it('reports three mistakes at once, each with its path', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.toml');
    writeFileSync(file, '[http]\nport = "eighty"\n\n[queue]\nbackend = "redis"\n\n[mailboxes.default]\nroot = "x"\nstable_ms = -5\n');
    const problems = problemsOf(() => loadConfig({ configPath: file, env: {} }));
    expect(problems.map((p) => p.path)).toEqual(['http.port', 'queue.backend', 'mailboxes.default.stable_ms']);
    expect(problems[0]!.message).toMatch(/expected number, got "eighty"/);
    expect(problems[1]!.message).toMatch(/"sqlite", "bullmq", got "redis"/);
    expect(problems.every((p) => p.source === file)).toBe(true);
  });

  it('names unknown keys and env variables that match nothing, and points secrets to *_env keys', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bankgate.toml'), '[queue]\npassword = "hunter2"\n');
    const problems = problemsOf(() => loadConfig({ cwd: dir, env: { BANKGATE_HTTP_PROT: '1' } }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ path: 'BANKGATE_HTTP_PROT', source: 'environment' });
    expect(problems[1]!.message).toMatch(/unknown key\(s\) 'password'.*_env/);
  });

  it('an env override with a bad value is blamed on the env variable', () => {
    const problems = problemsOf(() => loadConfig({ cwd: tmp(), env: { BANKGATE_HTTP_PORT: '99999' } }));
    expect(problems).toEqual([expect.objectContaining({ path: 'http.port', source: 'env BANKGATE_HTTP_PORT' })]);
  });

  it('asks a bullmq queue for its Redis, and keeps a password out of the file', () => {
    const dir = tmp();
    const file = path.join(dir, 'q.toml');
    writeFileSync(file, '[queue]\nbackend = "bullmq"\n');
    expect(problemsOf(() => loadConfig({ configPath: file, env: {} }))).toEqual([expect.objectContaining({ path: 'queue.redis_url', message: expect.stringMatching(/needs redis_url/) })]);
    writeFileSync(file, '[queue]\nbackend = "bullmq"\nredis_url = "redis://:s3cret@127.0.0.1:6379"\n');
    expect(problemsOf(() => loadConfig({ configPath: file, env: {} }))).toEqual([expect.objectContaining({ path: 'queue.redis_url', message: expect.stringMatching(/url_env/) })]);
    writeFileSync(file, '[queue]\nbackend = "bullmq"\nredis_url = "http://127.0.0.1:6379"\n');
    expect(problemsOf(() => loadConfig({ configPath: file, env: {} }))[0]).toMatchObject({ path: 'queue.redis_url', message: expect.stringMatching(/redis:\/\//) });
    writeFileSync(file, '[queue]\nbackend = "bullmq"\nredis_url = "redis://127.0.0.1:6379/2"\n');
    expect(loadConfig({ configPath: file, env: {} }).config.queue).toMatchObject({ backend: 'bullmq', redis_url: 'redis://127.0.0.1:6379/2', prefix: 'bankgate', reconcile_seconds: 30 });
  });

  it('reports TOML syntax errors with line and column', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bankgate.toml'), '[http]\nport = 80\n[mailboxes\n');
    const problems = problemsOf(() => loadConfig({ cwd: dir, env: {} }));
    expect(problems[0]!.message).toMatch(/not valid TOML at line 3/);
  });

  it('prints secrets as the env name and whether it is set, never the value', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bankgate.toml'), '[queue]\nurl_env = "QUEUE_URL"\n');
    const { config } = loadConfig({ cwd: dir, env: {} });
    const text = renderConfigToml(config, { QUEUE_URL: 'redis://user:pa55@host' });
    expect(text).toContain('QUEUE_URL (set, value hidden)');
    expect(text).not.toContain('pa55');
  });
});

describe('environment variables that are not overrides', () => {
  it('leaves BANKGATE_DEMO and secrets named by *_env keys alone', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-cfg-env-'));
    writeFileSync(path.join(dir, 'bankgate.toml'), '[bank]\nconnector = "http"\n[bank.http]\nurl = "https://bank.example.kz/api"\ntoken_env = "BANKGATE_BANK_TOKEN"\n');
    const { config } = loadConfig({ cwd: dir, env: { BANKGATE_DEMO: '0', BANKGATE_BANK_TOKEN: 'secret-token', BANKGATE_HTTP_PORT: '9091' } });
    expect(config.http.port).toBe(9091);
    expect(config.bank.http?.token_env).toBe('BANKGATE_BANK_TOKEN');
    expect(() => loadConfig({ cwd: dir, env: { BANKGATE_NO_SUCH_KEY: '1' } })).toThrow(ConfigError);
  });
});
