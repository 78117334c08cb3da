// Signing in a real browser: two documents of a dropped 1C file signed in one batch on /signing with the PIN of a
// SoftHSM2 token key (a wrong PIN first signs nothing), then sent to the sandbox bank and accepted. Script payloads in a
// payment's purpose and beneficiary, in a refused value and in dropped file names stay text on every page.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tFor } from '../../gateway/web/i18n/translate.ts';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { dropFile, waitFor } from '../e2e/kill-harness.ts';
import { browserTestsRun, launchChromium, screenshot } from './chromium.ts';
import { firstLogin, submitAndWait } from './session.ts';
import { startSite, type Site } from './site.ts';
import { PAYLOADS, xssPayments } from './xss.ts';

const run = browserTestsRun();
const t = tFor('en');
type Doc = { id: string; number: string; state: string };

describe.skipIf(!run)('signing in Chromium with a SoftHSM2 token key; script payloads stay text', () => {
  let site: Site;
  let browser: Browser;
  let page: Page;
  /** Dialogs other than the signing form's own confirmation: a payload that ran would add one. */
  const strayDialogs: string[] = [];
  const docs = async () => (await site.api.json<{ items: Doc[] }>(site.url, '/api/v1/documents?limit=100')).items;
  const byNumber = async () => Object.fromEntries((await docs()).map((d) => [d.number, d]));

  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite([{ login: 'signer', name: 'Директоров Данияр', rights: ['*=single'] }]), launchChromium()]);
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.on('dialog', (d) => {
      if (d.type() === 'confirm' && d.message() === t('signing.confirm')) return void d.accept();
      strayDialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await dropFile(site.inbox, '1c_to_kl.txt', gen1cBytes({ firstNumber: 501, documents: 2 }));
    await dropFile(site.inbox, PAYLOADS.fileName, xssPayments(601));
    await dropFile(site.inbox, PAYLOADS.unknownFileName, Buffer.from('<script>alert(1)</script> not a payment file'));
    await waitFor('documents parsed', async () => {
      const d = await byNumber();
      return d['501']?.state === 'awaiting-signature' && d['502']?.state === 'awaiting-signature' && d['601']?.state === 'awaiting-signature' && d['602']?.state === 'invalid';
    }, 20_000, 100);
    await page.goto(`${site.url}/login?lang=en`);
    await firstLogin(page, site.url, 'signer', site.initial['signer']!, 'a long pass phrase for signing');
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** Ticks the checkboxes of these document numbers on /signing. */
  async function pick(numbers: string[]): Promise<void> {
    const d = await byNumber();
    for (const n of numbers) await page.check(`input[name="doc"][value^="${d[n]!.id}:"]`);
  }

  it('the documents list leads to a document page with its requisites, checks and timeline from the file drop', { timeout: 60_000 }, async () => {
    await page.goto(`${site.url}/documents`);
    expect(await page.textContent('h1')).toBe(t('docs.title'));
    for (const n of ['501', '502', '601', '602']) expect(await page.locator('main table a', { hasText: new RegExp(`^${n}$`) }).count(), n).toBe(1);
    await screenshot(page, 'documents');
    await Promise.all([page.waitForURL('**/documents/*'), page.click('main table a:text-is("501")')]);
    const id = (await byNumber())['501']!.id;
    expect(new URL(page.url()).pathname).toBe(`/documents/${id}`);
    expect(await page.textContent('h2#timeline')).toBe(t('doc.timeline'));
    expect(await page.textContent('main .state')).toBe(t('docs.state.awaiting-signature'));
    // The way so far: the file received and read, the document created from its line.
    for (const type of ['file.received', 'document.created']) expect(await page.locator(`table.timeline tr[data-type="${type}"]`).count(), type).toBe(1);
    expect(await page.textContent('table.timeline tr[data-type="file.received"]')).toContain('1c_to_kl.txt');
    await screenshot(page, 'document');
  });

  it('a wrong PIN signs nothing; the right one signs two documents in one batch; both go to the bank and are accepted', { timeout: 90_000 }, async () => {
    await page.goto(`${site.url}/signing`);
    expect(await page.textContent('h1')).toBe(t('nav.signing'));
    // What waits for me: the three valid documents, each with the SHA-256 of what is signed.
    expect(await page.locator('input[name="doc"]').count()).toBe(3);
    expect(await page.locator('td .mono', { hasText: /^SHA-256 [0-9a-f]{64}$/ }).count()).toBe(3);
    await screenshot(page, 'signing');
    // F1 in the PIN field opens that field's help.
    await page.focus('#pin');
    await Promise.all([page.waitForURL('**/help/signing.pin?**'), page.keyboard.press('F1')]);
    expect(await page.getAttribute('section.focus', 'id')).toBe('pin');
    await screenshot(page, 'help-signing-pin');
    await page.goto(`${site.url}/signing`);

    await pick(['501', '502']);
    await page.fill('#pin', '0000');
    await submitAndWait(page, 'form[action="/signing"] button[type="submit"]');
    expect(await page.textContent('.notice.error')).toContain('SIGN_PIN_INCORRECT');
    expect(await page.inputValue('#pin')).toBe('');
    expect((await byNumber())['501']!.state).toBe('awaiting-signature');

    // The selection is kept after the refusal; the right PIN, once for the batch.
    expect(await page.locator('input[name="doc"]:checked').count()).toBe(2);
    await page.fill('#pin', site.pin);
    await submitAndWait(page, 'form[action="/signing"] button[type="submit"]');
    expect(await page.locator('tr[data-result="signed"]').count()).toBe(2);
    expect(await page.textContent('[role="status"]')).toBe(t('signing.summary_line', { signed: 2, partial: 0, refused: 0, waiting: 0 }));
    await screenshot(page, 'signing-result');
    // Only the document with the payloads still waits.
    expect(await page.locator('input[name="doc"]').count()).toBe(1);

    const states = await waitFor('both accepted by the bank', async () => {
      const d = await byNumber();
      const done = ['501', '502'].every((n) => ['accepted', 'executed'].includes(d[n]!.state));
      return done ? ['501', '502'].map((n) => d[n]!.state) : undefined;
    }, 30_000, 200);
    expect(states.every((s) => s === 'accepted' || s === 'executed')).toBe(true);
    // Each document's own page: the signature with its certificate, then the bank's answer in the timeline.
    const d = await byNumber();
    for (const n of ['501', '502']) {
      await waitFor(`${n}: accepted on its page`, async () => {
        await page.goto(`${site.url}/documents/${d[n]!.id}`);
        return (await page.locator('table.timeline tr[data-type="bank.accepted"]').count()) === 1;
      }, 30_000, 300);
      expect(['accepted', 'executed'].map((st) => t(`docs.state.${st}`))).toContain(await page.textContent('main .state'));
      expect(await page.textContent('section[data-help="document.signatures"]')).toContain('ДИРЕКТОРОВ ДАНИЯР');
      for (const type of ['file.received', 'document.created', 'document.signed', 'bank.accepted']) {
        expect(await page.locator(`table.timeline tr[data-type="${type}"]`).count(), `${n} ${type}`).toBeGreaterThanOrEqual(1);
      }
      if (n === '501') await screenshot(page, 'document-accepted');
    }
    expect(strayDialogs).toEqual([]);
  });

  it('payloads in a purpose, a beneficiary, a refused value and file names render as text and never run', { timeout: 60_000 }, async () => {
    const d = await byNumber();
    const pages = ['/', '/documents', `/documents/${d['601']!.id}`, `/documents/${d['602']!.id}`, '/signing', '/mailboxes', '/queues', '/statements', '/keys'];
    for (const p of pages) {
      const res = await page.goto(`${site.url}${p}`);
      expect(res?.status(), p).toBe(200);
      await page.waitForLoadState('load');
      expect(await page.evaluate('typeof window.__xss'), p).toBe('undefined');
      // No element the payloads would have created exists in the page (the overview's own chart is an inline svg).
      expect(await page.locator('main img[src="x"], main [onerror], main [onload], main script').count(), p).toBe(0);
    }
    // The payloads are there, as text: the purpose and beneficiary on the document and signing pages, the refused BIN
    // in the issue that quotes it, the file name as the document's source.
    await page.goto(`${site.url}/documents/${d['601']!.id}`);
    const doc = await page.textContent('main');
    expect(doc).toContain(PAYLOADS.purpose);
    expect(doc).toContain(PAYLOADS.beneficiary);
    expect(doc).toContain(PAYLOADS.fileName);
    await page.goto(`${site.url}/documents/${d['602']!.id}`);
    // The issue quotes the value (JSON-quoted, shortened): its markup shows as characters.
    expect(await page.textContent('section[data-help="document.issues"]')).toContain('<svg onload=');
    await screenshot(page, 'document-invalid');
    await page.goto(`${site.url}/signing`);
    expect(await page.textContent('main')).toContain(PAYLOADS.beneficiary);
    await page.goto(`${site.url}/mailboxes`);
    expect(await page.textContent('main')).toContain(PAYLOADS.unknownFileName);
    await screenshot(page, 'mailboxes');
    await page.goto(`${site.url}/queues`);
    await screenshot(page, 'queues');
    expect(strayDialogs).toEqual([]);
  });
});
