// The JSON API through app.request(): health, readiness, and GET /api/v1/files filters and pagination.
import { describe, expect, it } from 'vitest';
import { authedApp } from './harness.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { recordReceivedFile, recordRejectedFile } from '../../gateway/store/files-repo.ts';
import { sha, tempStore } from '../store/helpers.ts';

function appWith(readyOk = true) {
  const store = tempStore();
  const app = authedApp({
    store,
    logger: silentLogger,
    version: 'test',
    readiness: { database: () => ({ status: 'pass' }), mailboxes: () => (readyOk ? { status: 'pass' } : { status: 'fail', output: 'mailbox default: ENOENT' }) },
  });
  return { app, store };
}

describe('HTTP API', () => {
  it('/healthz answers pass; /readyz is 503 with the failing check', async () => {
    const { app } = appWith(false);
    const h = await app.request('/healthz');
    expect(h.status).toBe(200);
    expect(h.headers.get('content-type')).toContain('application/health+json');
    const r = await app.request('/readyz');
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ status: 'fail', checks: { database: { status: 'pass' }, mailboxes: { status: 'fail', output: 'mailbox default: ENOENT' } } });
  });

  it('lists files newest first with the documented fields, filters by state, pages by cursor', async () => {
    const { app, store } = appWith();
    for (let i = 0; i < 5; i++) {
      store.clock.advance(1000);
      (await recordReceivedFile(store.sql, { mailbox: 'default', name: `f${i}.txt`, claimId: `c${i}`, sha256: sha(String(i)), size: 100 + i, format: '1c.kz' }));
    }
    (await recordRejectedFile(store.sql, { mailbox: 'default', name: 'dup.txt', claimId: 'cd', sha256: sha('0'), size: 100, issues: [issue('SRC_DUPLICATE_FILE', t({ en: 'identical to f0.txt', ru: 'совпадает с f0.txt', kk: 'f0.txt файлымен бірдей' }))] }));

    const all = (await (await app.request('/api/v1/files')).json()) as { items: Record<string, unknown>[]; next_cursor: string | null };
    expect(all.items.map((i) => i.name)).toEqual(['dup.txt', 'f4.txt', 'f3.txt', 'f2.txt', 'f1.txt', 'f0.txt']);
    expect(Object.keys(all.items[1]!).sort()).toEqual(['duplicate_of', 'error', 'format', 'id', 'mailbox', 'name', 'received_at', 'sha256', 'size', 'state'].sort());
    expect(all.items[0]).toMatchObject({ state: 'rejected', error: [{ code: 'SRC_DUPLICATE_FILE', message: 'identical to f0.txt', line: null }] });
    expect(all.items[1]).toMatchObject({ state: 'received', error: null, size: 104, received_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/) });
    expect(all.next_cursor).toBeNull();

    const rejected = (await (await app.request('/api/v1/files?state=rejected')).json()) as { items: { name: string }[] };
    expect(rejected.items.map((i) => i.name)).toEqual(['dup.txt']);

    const seen: string[] = [];
    let url = '/api/v1/files?state=received&limit=2';
    for (;;) {
      const page = (await (await app.request(url)).json()) as { items: { name: string }[]; next_cursor: string | null };
      seen.push(...page.items.map((i) => i.name));
      if (!page.next_cursor) break;
      url = `/api/v1/files?state=received&limit=2&cursor=${page.next_cursor}`;
    }
    expect(seen).toEqual(['f4.txt', 'f3.txt', 'f2.txt', 'f1.txt', 'f0.txt']);
  });

  it('refuses bad query parameters with 400 naming each one', async () => {
    const { app } = appWith();
    const r = await app.request('/api/v1/files?state=lost&limit=0&cursor=..%2Fetc&sort=x');
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; problems: { param: string }[] } };
    expect(body.error.code).toBe('API_BAD_QUERY');
    expect(body.error.problems.map((p) => p.param).sort()).toEqual(['cursor', 'limit', 'sort', 'state']);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { app } = appWith();
    const r = await app.request('/api/v1/nothing');
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ error: { code: 'API_NOT_FOUND' } });
  });
});
