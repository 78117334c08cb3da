// The demo's first start: the console shows a framed block with one-time passwords for `demo` (signer) and `admin`
// and the demo key's PIN; the printed password logs in (and must be changed), documents wait for a signature instead
// of being signed automatically, and a second start prints how to get a new password instead of any secret.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

const ENV = { BANKGATE_HTTP_PORT: '0' };

async function jsonLogin(url: string, login: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
}

describe('demo first start', () => {
  it('prints one-time passwords and the PIN once; they work; documents wait for the signer; later starts print no secret', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-demo-first-'));
    let gw = spawnGateway(dir, ['start'], ENV);
    const url = await gw.ready;
    const banner = await waitFor('first-start block', async () => (gw.output().includes('running — press Ctrl+C') ? gw.output() : undefined), 10_000, 50);
    expect(banner).toContain('bankgate DEMO — first start');
    expect(banner).toContain(`Open ${url} in a browser`);
    expect(banner).toContain('documents wait for the signer demo on the Signing page');
    const demoPassword = /^ {4}demo {3}(\S{4}-\S{4}-\S{4}) {3}\(signer/m.exec(banner)?.[1];
    const adminPassword = /^ {4}admin {2}(\S{4}-\S{4}-\S{4}) {3}\(administrator/m.exec(banner)?.[1];
    expect(demoPassword, banner).toBeDefined();
    expect(adminPassword, banner).toBeDefined();
    const pin = readFileSync(path.join(dir, 'data/demo/demo-signer.password'), 'utf8').trim();
    expect(banner).toContain(`PIN of the demo key (asked when you sign): ${pin}`);
    // Secrets go to the console only, never into the JSON log lines on stdout.
    const logLines = gw.output().split('\n').filter((l) => l.startsWith('{'));
    for (const secret of [demoPassword!, adminPassword!, pin]) expect(logLines.join('\n')).not.toContain(secret);

    const demo = await jsonLogin(url, 'demo', demoPassword!);
    expect(demo.status).toBe(200);
    expect(await demo.json()).toMatchObject({ login: 'demo', role: 'user', must_change_password: true, rights: [{ account: '*', right: 'single' }] });
    const admin = await jsonLogin(url, 'admin', adminPassword!);
    expect(await admin.json()).toMatchObject({ login: 'admin', role: 'admin', must_change_password: true });
    expect((await jsonLogin(url, 'demo', 'not-the-password')).status).toBe(401);

    // Without BANKGATE_DEMO_AUTOSIGN the valid documents wait for the signer.
    await gw.kill('SIGTERM');
    const api = await apiViewer(dir);
    gw = spawnGateway(dir, ['start'], ENV);
    const url2 = await gw.ready;
    const later = await waitFor('later-start line', async () => (gw.output().includes('running — press Ctrl+C') ? gw.output() : undefined), 10_000, 50);
    expect(later).not.toContain('first start');
    expect(later).toContain('a forgotten password: node bin/bankgate.js users reset demo');
    for (const secret of [demoPassword!, adminPassword!, pin]) expect(later).not.toContain(secret);
    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', new Uint8Array(readFileSync(path.join(REPO, 'samples/demo/1c_to_kl.txt'))));
    type Doc = { number: string; state: string };
    const docs = await waitFor('documents parsed', async () => {
      const items = (await api.json<{ items: Doc[] }>(url2, '/api/v1/documents')).items;
      return items.length === 3 ? Object.fromEntries(items.map((d) => [d.number, d.state])) : undefined;
    }, 15_000, 100);
    // A moment for an automatic signer that should not be there.
    await new Promise((r) => setTimeout(r, 1500));
    const after = Object.fromEntries((await api.json<{ items: Doc[] }>(url2, '/api/v1/documents')).items.map((d) => [d.number, d.state]));
    expect(after).toEqual({ ...docs, '9001': 'awaiting-signature', '9002': 'awaiting-signature', '9003': 'invalid' });
    await gw.kill('SIGTERM');

    // `users reset demo` prints a new one-time password; the old one stops working.
    const reset = await runCli(dir, ['users', 'reset', 'demo']);
    const fresh = /^password: (\S+)$/m.exec(reset.stdout)?.[1];
    expect(fresh).toBeDefined();
    gw = spawnGateway(dir, ['start'], ENV);
    const url3 = await gw.ready;
    expect((await jsonLogin(url3, 'demo', fresh!)).status).toBe(200);
    expect((await jsonLogin(url3, 'demo', demoPassword!)).status).toBe(401);
    expect(await gw.kill('SIGTERM')).toBe(0);
  });
});
