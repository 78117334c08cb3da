// Acceptance: `bankgate start` on embedded defaults prints where to drop files and the HTTP address; a dropped
// file shows in GET /api/v1/files and in archive/ within 2 s; unknown files land in error/ with reports.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { apiViewer, spawnGateway } from './gateway-process.ts';
import { dropFile, listTree, waitFor } from './kill-harness.ts';

describe('bankgate start (embedded defaults)', () => {
  it('takes a dropped file into the API and archive/ within 2 s, and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-start-'));
    // No bankgate.toml: only the port is overridden so parallel runs do not collide on 8080. The demo profile (which
    // would sign and send these documents at once) is off here: this test is about intake; tests/e2e/demo.test.ts runs it.
    const api = await apiViewer(dir);
    const gw = spawnGateway(dir, ['start'], { BANKGATE_HTTP_PORT: '0', BANKGATE_DEMO: '0' });
    const url = await gw.ready;
    const inbox = path.join(dir, 'exchange/default/in');
    expect(gw.output()).toContain(`drop files for mailbox 'default' into ${inbox}`);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const started = Date.now();
    await dropFile(inbox, '1c_to_kl.txt', gen1cBytes({ firstNumber: 1, documents: 2 }));
    type Item = { name: string; state: string; mailbox: string };
    const item = await waitFor(
      'the file in the API and in archive/',
      async () => {
        const body = (await api.json(url, `/api/v1/files`)) as { items: Item[] };
        const found = body.items.find((i) => i.name === '1c_to_kl.txt');
        const archived = (await listTree(path.join(dir, 'exchange/default/archive'))).some((p) => p.endsWith('1c_to_kl.txt'));
        return found && archived ? found : undefined;
      },
      5_000,
      25,
    );
    const elapsed = Date.now() - started;
    console.log(`dropped file visible in API and archive after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2_000);
    expect(item.mailbox).toBe('default');
    await waitFor('parsed', async () => ((await api.json(url, `/api/v1/files?state=parsed`)) as { items: Item[] }).items.length === 1, 5_000, 25);
    // Its documents are stored (valid ones await signature) and its result report is in out/ for 1C.
    const docs = (await api.json(url, `/api/v1/documents`)) as { items: { number: string; state: string; kind: string }[] };
    expect(docs.items.map((d) => [d.number, d.kind, d.state]).sort()).toEqual([
      ['1', 'payment', 'awaiting-signature'],
      ['2', 'payment', 'awaiting-signature'],
    ]);
    const result = JSON.parse(await readFile(path.join(dir, 'exchange/default/out/1c_to_kl.txt.result.json'), 'utf8'));
    expect(result).toMatchObject({ file: '1c_to_kl.txt', format: '1c.kz', encoding: 'utf-8', accepted: true, summary: { documents: 2, valid: 2, invalid: 0 } });
    expect(existsSync(path.join(dir, 'exchange/default/out/1c_to_kl.txt.err'))).toBe(false);

    await dropFile(inbox, 'readme.txt', new TextEncoder().encode('not a payment file'));
    await waitFor('readme.txt in error/', async () => existsSync(path.join(dir, 'exchange/default/error/readme.txt')), 5_000, 25);
    expect(await readFile(path.join(dir, 'exchange/default/error/readme.txt.err'), 'utf8')).toMatch(/^\uFEFF301, Строка 0, Формат файла не распознан/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    expect(await gw.kill('SIGTERM')).toBe(0);
    expect(gw.output()).toContain('bankgate: stopped');
  });
});
