// Debian's Chromium driven by playwright-core (no browser download): found or skipped with a reason, and launched
// offline — no sandbox as root, no background networking, component updates, sync or first-run work.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { softhsmMissing } from '../fixtures/softhsm.ts';
import { requirePart } from '../signer/providers/require.ts';

export const CHROMIUM = process.env['BANKGATE_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../artifacts/screenshots');

/** True when Debian's Chromium is here; see requirePart for the skip reason and REQUIRE_SERVICES. */
export function chromiumRuns(): boolean {
  return requirePart('Chromium', existsSync(CHROMIUM), `no browser at ${CHROMIUM} (Debian: apt-get install chromium; or set BANKGATE_CHROMIUM)`);
}

/** True when Chromium and SoftHSM2 are both here (these browser tests sign with a token). */
export function browserTestsRun(): boolean {
  const chromiumHere = chromiumRuns();
  const missing = softhsmMissing();
  const hsmHere = requirePart('SoftHSM2', missing.length === 0, `missing ${missing.join(', ')} (Debian: apt-get install softhsm2 opensc)`);
  return chromiumHere && hsmHere;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--disable-domain-reliability',
      '--no-first-run',
      '--no-default-browser-check',
      '--metrics-recording-only',
      '--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions',
      '--password-store=basic',
    ],
  });
}

/** A full-page PNG under tests/artifacts/screenshots/ (gitignored; CI keeps them as artifacts). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
