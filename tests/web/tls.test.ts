// [http] TLS and the non-loopback guard: plain HTTP off-loopback refuses to start; over HTTPS the session cookie is
// `__Host-` + Secure and HSTS is sent.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateTls } from '../../connectors/bank-sandbox/tls.ts';
import { configSchema } from '../../config/schema.ts';
import { startServer } from '../../gateway/web/server.ts';
import { webHarness } from './harness.ts';

function get(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('[http] TLS', () => {
  it('refuses a non-loopback address without TLS, naming the way out', () => {
    const r = configSchema.safeParse({ http: { host: '0.0.0.0' } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/not a loopback address.*\[http\.tls\].*allow_insecure_non_loopback/);
    expect(configSchema.safeParse({ http: { host: '0.0.0.0', allow_insecure_non_loopback: true } }).success).toBe(true);
    expect(configSchema.safeParse({ http: { host: '0.0.0.0', tls: { cert_file: 'c.pem', key_file: 'k.pem' } } }).success).toBe(true);
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(configSchema.safeParse({ http: { host } }).success, host).toBe(true);
  });

  it('serves HTTPS with HSTS and a __Host- Secure session cookie', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-tls-'));
    const id = await loadOrCreateTls(dir, '127.0.0.1');
    writeFileSync(path.join(dir, 'cert.pem'), id.certPem);
    writeFileSync(path.join(dir, 'key.pem'), id.keyPem);
    const tls = { cert_file: path.join(dir, 'cert.pem'), key_file: path.join(dir, 'key.pem') };
    const h = webHarness({ http: { tls } }, { tls: true });
    const u = await h.user('tanya', { rights: ['*=single'] });
    const server = await startServer(h.app, '127.0.0.1', 0, tls);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const page = await get(`${server.url}/login`);
      expect(page.status).toBe(200);
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const body = new URLSearchParams({ login: 'tanya', password: u.password }).toString();
      const res = await get(`${server.url}/login`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url } });
      expect(res.status).toBe(303);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-bankgate_session='))!;
      expect(cookie).toBeTruthy();
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await server.close();
    }
  });
});
