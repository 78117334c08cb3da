// Logging in through the real pages, as a person does: the login form, then (one-time password) the password form.
import type { Page } from 'playwright-core';

/** Clicks and waits for the page that the form's POST answers with (the URL may stay the same). */
export async function submitAndWait(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

export async function submitLogin(page: Page, url: string, login: string, password: string): Promise<void> {
  if (!page.url().startsWith(`${url}/login`)) await page.goto(`${url}/login`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await submitAndWait(page, 'form[action="/login"] button[type="submit"]');
}

/** Logs in with the one-time password and replaces it: afterwards the page shows the password-changed notice. */
export async function firstLogin(page: Page, url: string, login: string, initial: string, chosen: string): Promise<void> {
  await submitLogin(page, url, login, initial);
  await page.waitForURL('**/password');
  await page.fill('#current', initial);
  await page.fill('#next', chosen);
  await page.fill('#repeat', chosen);
  await submitAndWait(page, 'form[action="/password"] button[type="submit"]');
  await page.locator('.notice.ok').waitFor();
}
