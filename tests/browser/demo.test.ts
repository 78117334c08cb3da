// The README's demo walk-through in a real browser (issue 6 "Done when"): `bankgate start` without a configuration
// prints one-time passwords and the demo key's PIN; the signer logs in with the printed password, changes it, the demo
// file is dropped, both valid payments are signed in one batch with the printed PIN, and they reach the bank and the
// account statement.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tFor } from '../../gateway/web/i18n/translate.ts';
import { parseStatement1c } from '../../plugins/format-1c-kz/index.ts';
import { dropFile, waitFor } from '../e2e/kill-harness.ts';
import { REPO, spawnGateway, type GatewayProcess } from '../e2e/gateway-process.ts';
import { chromiumRuns, launchChromium, screenshot } from './chromium.ts';
import { firstLogin, submitAndWait } from './session.ts';

const run = chromiumRuns();
const t = tFor('ru');

describe.skipIf(!run)('the demo walk-through in Chromium', () => {
  let dir: string;
  let gw: GatewayProcess;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bankgate-demo-browser-'));
    gw = spawnGateway(dir, ['start'], { BANKGATE_HTTP_PORT: '0', BANKGATE_BANK_STATEMENTS_SCHEDULE: '*/2 * * * * *' });
    [url, browser] = await Promise.all([gw.ready, launchChromium()]);
    page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
    page.on('dialog', (d) => void (d.type() === 'confirm' ? d.accept() : d.dismiss()));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('log in with the printed password, change it, drop the demo file, sign both payments with the printed PIN, see them executed and in the statement', { timeout: 120_000 }, async () => {
    const banner = await waitFor('first-start block', async () => (gw.output().includes('running — press Ctrl+C') ? gw.output() : undefined), 10_000, 50);
    const password = /^ {4}demo {3}(\S+) {3}\(signer/m.exec(banner)?.[1];
    const pin = /PIN of the demo key \(asked when you sign\): (\S+)/.exec(banner)?.[1];
    expect(password, banner).toBeDefined();
    expect(pin, banner).toBeDefined();

    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/login');
    await firstLogin(page, url, 'demo', password!, 'демо пароль для проверки');
    await Promise.all([page.waitForURL(`${url}/`), page.click('nav.menu a[href="/"]')]);

    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', new Uint8Array(readFileSync(path.join(REPO, 'samples/demo/1c_to_kl.txt'))));
    // The signing page lists the two valid payments once the file is read (the invalid third never waits).
    await waitFor('two payments on the signing page', async () => {
      await page.goto(`${url}/signing`);
      return (await page.locator('input[name="doc"]').count()) === 2;
    }, 20_000, 300);
    await page.check('input[data-select-all="doc"]');
    expect(await page.locator('input[name="doc"]:checked').count()).toBe(2);
    await page.fill('#pin', pin!);
    await submitAndWait(page, 'form[action="/signing"] button[type="submit"]');
    expect(await page.locator('tr[data-result="signed"]').count()).toBe(2);
    expect(await page.textContent('[role="status"]')).toBe(t('signing.summary_line', { signed: 2, partial: 0, refused: 0, waiting: 0 }));
    await screenshot(page, 'demo-signed');

    // Watched in the browser: the documents list, then each payment's timeline until the bank executed it and the
    // statement booked it (the statement schedule runs every 2 s here, every minute in the real demo).
    await page.goto(`${url}/documents`);
    const links = Object.fromEntries(
      await Promise.all(['9001', '9002', '9003'].map(async (n) => [n, await page.locator('main table a', { hasText: new RegExp(`^${n}$`) }).getAttribute('href')] as const)),
    );
    for (const n of ['9001', '9002']) {
      await waitFor(`${n}: executed and in the statement, on its page`, async () => {
        await page.goto(`${url}${links[n]}`);
        const seen = await Promise.all(['bank.executed', 'statement.entry'].map((type) => page.locator(`table.timeline tr[data-type="${type}"]`).count()));
        return seen.every((k) => k >= 1);
      }, 40_000, 500);
      expect(await page.textContent('main .state')).toBe(t('docs.state.executed'));
      if (n === '9001') await screenshot(page, 'demo-document-executed');
    }
    await page.goto(`${url}${links['9003']}`);
    expect(await page.textContent('main .state')).toBe(t('docs.state.invalid'));
    expect(await page.textContent('section[data-help="document.issues"]')).toContain('VAL_IBAN_CHECKSUM');
    await page.goto(`${url}/documents`);
    await screenshot(page, 'demo-documents');

    // The Statements page: the payer account's operations include both payments, each linked to its document.
    await waitFor('both payments on the Statements page', async () => {
      await page.goto(`${url}/statements?account=KZ90601A861000012345`);
      const numbers = await page.locator('main table tbody tr td:nth-child(2)').allTextContents();
      return numbers.includes('9001') && numbers.includes('9002');
    }, 30_000, 500);
    expect(await page.locator(`main table a[href="${links['9001']}"]`).count()).toBe(1);
    await screenshot(page, 'statements');

    // The statement for 1C in out/ has both payments too.
    const out = path.join(dir, 'exchange/default/out');
    await waitFor('statement with both payments in out/', async () => {
      for (const n of (await readdir(out)).filter((f) => f.startsWith('kl_to_1c_KZ90601A861000012345_'))) {
        const numbers = (await parseStatement1c(new Uint8Array(readFileSync(path.join(out, n))))).statement?.operations.map((o) => o.number) ?? [];
        if (numbers.includes('9001') && numbers.includes('9002')) return true;
      }
      return false;
    }, 30_000, 500);
  });
});
