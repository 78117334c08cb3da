// bank-http configuration: defaults, URL and pin rules (plain HTTP only to loopback without a pin), the token from
// the environment, and the token never reaching a log line.
import { describe, expect, it } from 'vitest';
import { bankHttpConfigSchema, bankHttpConnector } from '../../../connectors/bank-http/index.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import type { Logger } from '../../../gateway/core/logger.ts';

const PIN = 'a1'.repeat(32);

function problems(input: unknown): string[] {
  const r = bankHttpConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

/** A logger that keeps every line as JSON text. */
function recordingLogger(lines: string[], bindings: Record<string, unknown> = {}): Logger {
  const put = (o: object | string, msg?: string) => void lines.push(JSON.stringify({ ...bindings, o, msg }));
  return { debug: put, info: put, warn: put, error: put, child: (b) => recordingLogger(lines, { ...bindings, ...b }) };
}

async function openError(config: unknown, env: Record<string, string> = { BANK_TOKEN: 't' }): Promise<GatewayError> {
  const e = await bankHttpConnector.open(config as never, { logger: recordingLogger([]), env }).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

describe('bankHttpConfigSchema', () => {
  it('fills the defaults', () => {
    expect(bankHttpConfigSchema.parse({ url: 'https://bank.example.kz/api', token_env: 'BANK_TOKEN' })).toEqual({
      url: 'https://bank.example.kz/api',
      token_env: 'BANK_TOKEN',
      timeout_ms: 10_000,
      connections: 8,
      retry: { attempts: 4, base_ms: 200, max_ms: 5_000 },
      breaker: { threshold: 5, half_open_after_ms: 30_000 },
    });
  });

  it('normalises the fingerprint (colons, case) and refuses anything but 32 bytes of hex', () => {
    const colons = PIN.toUpperCase().match(/../g)!.join(':');
    expect(bankHttpConfigSchema.parse({ url: 'https://b.kz', token_env: 'T', tls_fingerprint: colons }).tls_fingerprint).toBe(PIN);
    expect(problems({ url: 'https://b.kz', token_env: 'T', tls_fingerprint: 'abc' })).toEqual([expect.stringMatching(/^tls_fingerprint: a SHA-256 fingerprint/)]);
    expect(problems({ url: 'https://b.kz', token_env: 'T', tls_fingerprint: 'g'.repeat(64) })).toHaveLength(1);
  });

  it('plain http only to a loopback host and without a pin', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:1/x', 'http://[::1]:9000']) expect(problems({ url, token_env: 'T' }), url).toEqual([]);
    expect(problems({ url: 'http://bank.example.kz', token_env: 'T' })).toEqual([expect.stringMatching(/^url: http:\/\/ is allowed only for a loopback host/)]);
    expect(problems({ url: 'http://10.0.0.5', token_env: 'T' })).toHaveLength(1);
    expect(problems({ url: 'http://127.0.0.1:8080', token_env: 'T', tls_fingerprint: PIN })).toEqual([expect.stringMatching(/^tls_fingerprint: a pinned fingerprint needs an https/)]);
  });

  it('refuses other schemes, credentials in the URL, bad env names, unknown keys, max below base', () => {
    expect(problems({ url: 'ftp://b.kz', token_env: 'T' })).toEqual(['url: the URL must start with https://']);
    expect(problems({ url: 'https://user:pw@b.kz', token_env: 'T' })).toEqual([expect.stringMatching(/^url: credentials/)]);
    expect(problems({ url: 'not a url', token_env: 'T' })).toEqual(['url: not a URL']);
    expect(problems({ url: 'https://b.kz', token_env: 'MY-TOKEN' })).toHaveLength(1);
    expect(problems({ url: 'https://b.kz', token_env: 'T', token: 'inline' })).toHaveLength(1);
    expect(problems({ url: 'https://b.kz', token_env: 'T', retry: { base_ms: 500, max_ms: 100 } })).toEqual(['retry.max_ms: max_ms must be at least base_ms']);
  });
});

describe('bankHttpConnector.open', () => {
  it('declares token_env as its secret', () => {
    expect(bankHttpConnector.name).toBe('bank-http');
    expect(bankHttpConnector.secrets).toEqual(['token_env']);
  });

  it('an invalid config → CONN_CONFIG listing every problem', async () => {
    const e = await openError({ url: 'http://bank.example.kz', token_env: 'bad-name' });
    expect(e.code).toBe('CONN_CONFIG');
    expect(e.details?.problems).toHaveLength(2);
  });

  it('the token variable unset or empty → CONN_CONFIG', async () => {
    expect((await openError({ url: 'https://b.kz', token_env: 'MISSING' })).code).toBe('CONN_CONFIG');
    expect((await openError({ url: 'https://b.kz', token_env: 'EMPTY' }, { EMPTY: '' })).code).toBe('CONN_CONFIG');
  });

  it('logs the config with token_env masked and never the token', async () => {
    const lines: string[] = [];
    const s = await bankHttpConnector.open({ url: 'https://127.0.0.1:9', token_env: 'BANK_TOKEN', tls_fingerprint: PIN, retry: { attempts: 1 } }, { logger: recordingLogger(lines), env: { BANK_TOKEN: 'super-secret-token-value' } });
    expect((await s.test()).ok).toBe(false);
    await s.close();
    const all = lines.join('\n');
    expect(all).toContain('bank-http session opened');
    expect(all).not.toContain('super-secret-token-value');
    expect(all).not.toContain('BANK_TOKEN');
  });
});
