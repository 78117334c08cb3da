// Every page of the admin and bank area renders in kk, ru and en (a missing message fails the render under vitest),
// settings mask secrets and say where the configuration came from, HTML in data is text, and the OpenAPI document
// describes the new endpoints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../gateway/web/help/markdown.ts';
import { DEFAULT_HELP_DIR } from '../../gateway/web/help/routes.tsx';
import { appendEvent } from '../../gateway/store/sql/audit-log.ts';
import { webHarness } from './harness.ts';

const PAGES = ['/statements', '/fx', '/letters', '/users', '/users/root', '/keys', '/audit', '/settings'];
const XSS = '<img src=x onerror=alert(1)>';

describe('admin and bank pages', () => {
  it('render in kk, ru and en with <html lang> and the right help topic', async () => {
    const h = webHarness({}, { configSource: { file: '/etc/bankgate/bankgate.toml', envOverrides: ['BANKGATE_HTTP_PORT'], demo: false } });
    const root = await h.user('root', { admin: true });
    const c = h.client();
    await c.login('root', root.password);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      for (const page of PAGES) {
        const res = await c.get(`${page}?lang=${lang}`);
        expect(res.status, `${page} ${lang}`).toBe(200);
        const html = await res.text();
        expect(html).toContain(`<html lang="${lang}">`);
        expect(html).toContain(`data-help="${page.split('/')[1]}"`);
      }
    }
    // A user sees the bank pages and keys too (without the admin forms).
    const u = await h.user('signer', { rights: ['*=single'] });
    const s = h.client();
    await s.login('signer', u.password);
    for (const lang of ['kk', 'ru', 'en'] as const) for (const page of ['/statements', '/fx', '/letters', '/keys']) expect((await s.get(`${page}?lang=${lang}`)).status).toBe(200);
  });

  it('every help topic and field section the pages point to exists in kk, ru and en', async () => {
    const h = webHarness({}, { bank: null });
    const root = await h.user('root', { admin: true });
    const prep = await h.user('prep', { rights: ['*=none:prepare'] });
    const topics = new Set<string>();
    for (const [login, password, pages] of [
      ['root', root.password, PAGES],
      ['prep', prep.password, ['/fx']],
    ] as const) {
      const c = h.client();
      await c.login(login, password);
      for (const page of pages) for (const m of (await (await c.get(`${page}?lang=en`)).text()).matchAll(/data-help="([a-z0-9.-]+)"/g)) topics.add(m[1]!);
    }
    // Shown only with a bank connected (the letters form, fetch now): their sections must exist all the same.
    for (const x of ['letters.subject', 'letters.body', 'letters.attachments', 'statements.fetch']) topics.add(x);
    expect([...topics].filter((x) => x.startsWith('fx.'))).toEqual(expect.arrayContaining(['fx.amount', 'fx.fromiban', 'fx.ratelimit']));
    for (const topic of topics) {
      const [page, field] = topic.split('.') as [string, string | undefined];
      for (const lang of ['kk', 'ru', 'en'] as const) {
        const md = readFileSync(path.join(DEFAULT_HELP_DIR, lang, `${page}.md`), 'utf8');
        const doc = renderHelp(md);
        expect(doc.title, `${lang}/${page}.md`).toBeTruthy();
        if (field) expect(doc.sections, `${lang}/${page}.md #${field}`).toContain(field);
      }
      const res = await h.app.request(`http://127.0.0.1:8080/help/${topic}?lang=kk`);
      expect(res.status, topic).toBe(200);
    }
    // The users topic explains rights, locking, one-time passwords and TOTP in every language.
    for (const lang of ['kk', 'ru', 'en'] as const) {
      expect(renderHelp(readFileSync(path.join(DEFAULT_HELP_DIR, lang, 'users.md'), 'utf8')).sections).toEqual(expect.arrayContaining(['rights', 'locking', 'one-time-passwords', 'totp']));
    }
  });

  it('settings show the source and mask secrets: env variable names only, never their values', async () => {
    process.env['BANKGATE_TEST_BANK_TOKEN'] = 'super-secret-token-value';
    try {
      const h = webHarness(
        { bank: { connector: 'http', http: { url: 'https://bank.example.kz/api', token_env: 'BANKGATE_TEST_BANK_TOKEN', tls_fingerprint: 'AB'.repeat(32) } }, auth: { max_failed_logins: 5, auto_unlock_minutes: 30 } },
        { configSource: { file: '/etc/bankgate/bankgate.toml', envOverrides: [], demo: false } },
      );
      const root = await h.user('root', { admin: true });
      const c = h.client();
      await c.login('root', root.password);
      const html = await (await c.get('/settings?lang=en')).text();
      expect(html).toContain('/etc/bankgate/bankgate.toml');
      expect(html).toContain('BANKGATE_TEST_BANK_TOKEN (set, value hidden)');
      expect(html).not.toContain('super-secret-token-value');
      expect(html).toContain('30 minutes');
      const api = (await (await c.get('/api/v1/settings')).json()) as { config_file: string; login: { max_failed_logins: number }; config: { bank: { http: { token_env: string } } } };
      expect(api.config_file).toBe('/etc/bankgate/bankgate.toml');
      expect(api.login.max_failed_logins).toBe(5);
      expect(api.config.bank.http.token_env).toBe('BANKGATE_TEST_BANK_TOKEN (set, value hidden)');
      expect(JSON.stringify(api)).not.toContain('super-secret-token-value');
    } finally {
      delete process.env['BANKGATE_TEST_BANK_TOKEN'];
    }
  });

  it('HTML in a user name, an audit entry or a letter subject renders as text', async () => {
    const h = webHarness();
    const root = await h.user('root', { admin: true });
    h.store.sqlite.prepare('UPDATE users SET name = ? WHERE login = ?').run(`Root ${XSS}`, 'root');
    await appendEvent(h.store.sql, { entityType: 'system', entityId: 'letters', type: 'letter.sent', actor: 'root', data: { bankId: 'L1', subject: `Тема ${XSS}`, attachments: [{ name: `${XSS}.pdf`, size: 3, sha256: '0'.repeat(64) }] } });
    const c = h.client();
    await c.login('root', root.password);
    for (const page of ['/users', '/users/root', '/audit', '/letters']) {
      const html = await (await c.get(`${page}?lang=en`)).text();
      expect(html, page).not.toContain('<img src=x');
      expect(html, page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('the OpenAPI document lists the new endpoints', async () => {
    const h = webHarness();
    const doc = (await (await h.app.request('http://127.0.0.1:8080/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/api/v1/letters', 'get'],
      ['/api/v1/letters', 'post'],
      ['/api/v1/audit', 'get'],
      ['/api/v1/audit/verify', 'post'],
      ['/api/v1/settings', 'get'],
      ['/api/v1/keys', 'get'],
      ['/api/v1/statements', 'get'],
      ['/api/v1/statements/accounts', 'get'],
      ['/api/v1/statements/fetch', 'post'],
      ['/api/v1/fx/orders', 'get'],
      ['/api/v1/fx/orders', 'post'],
      ['/api/v1/fx/confirmations', 'get'],
      ['/api/v1/users', 'get'],
      ['/api/v1/users', 'post'],
      ['/api/v1/users/{login}/lock', 'post'],
      ['/api/v1/users/{login}/unlock', 'post'],
      ['/api/v1/users/{login}/end-sessions', 'post'],
      ['/api/v1/users/{login}/rights/{account}', 'delete'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
    }
  });
});
