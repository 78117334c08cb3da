// The dashboard in a real browser (Debian's Chromium through playwright-core) against a real gateway process: the
// one-time password leads to the password page and the new password to the overview; the header switches the language
// (<html lang> and texts follow); F1 opens the help of the page or of the focused field in the current language; three
// wrong passwords lock the account, after which the right one fails too. Screenshots go to tests/artifacts/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tFor } from '../../gateway/web/i18n/translate.ts';
import { browserTestsRun, launchChromium, screenshot } from './chromium.ts';
import { firstLogin, submitAndWait, submitLogin } from './session.ts';
import { startSite, type Site } from './site.ts';

const run = browserTestsRun();
const CHOSEN = 'a long pass phrase for the browser test';

describe.skipIf(!run)('dashboard in Chromium: first login, languages, F1 help, lockout', () => {
  let site: Site;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [site, browser] = await Promise.all([
      startSite([
        { login: 'signer', name: 'Директоров Данияр', rights: ['*=single'] },
        { login: 'viewer', name: 'Viewer Vera', rights: ['*=none'] },
        { login: 'admin', name: 'Admin Adil', admin: true },
      ]),
      launchChromium(),
    ]);
    ctx = await browser.newContext({ locale: 'ru-RU' });
    page = await ctx.newPage();
    // Any script error or CSP violation on our pages fails the test at the end.
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A 4xx page (a refused password is answered 400) is logged as a failed resource: that is not a page error.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('the one-time password leads to the password page; after the change the overview opens', { timeout: 60_000 }, async () => {
    const t = tFor('ru');
    await page.goto(`${site.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.textContent('h1')).toBe(t('login.title'));
    await screenshot(page, 'login');

    await submitLogin(page, site.url, 'signer', site.initial['signer']!);
    expect(new URL(page.url()).pathname).toBe('/password');
    expect(await page.textContent('.notice.info')).toBe(t('password.first_login'));
    // Until the password is changed, the menu is hidden and other pages send back here.
    expect(await page.locator('nav.menu').count()).toBe(0);
    await page.goto(`${site.url}/`);
    expect(new URL(page.url()).pathname).toBe('/password');
    await screenshot(page, 'password');

    // A weak password is refused with the rule's words; then the real one.
    await page.fill('#current', site.initial['signer']!);
    await page.fill('#next', 'short');
    await page.fill('#repeat', 'short');
    await submitAndWait(page, 'form[action="/password"] button[type="submit"]');
    expect(await page.textContent('.notice.error')).toBe(t('password.too_short', { min: 8 }));

    await page.fill('#current', site.initial['signer']!);
    await page.fill('#next', CHOSEN);
    await page.fill('#repeat', CHOSEN);
    await submitAndWait(page, 'form[action="/password"] button[type="submit"]');
    expect(await page.textContent('.notice.ok')).toBe(t('password.changed'));
    await page.click(`nav.menu a[href="/"]`);
    await page.waitForURL(`${site.url}/`);
    expect(await page.textContent('h1')).toBe(t('nav.overview'));
    expect(await page.textContent('header .who')).toContain(t('header.signed_in_as', { name: 'Директоров Данияр' }));
    await screenshot(page, 'overview');
  });

  it('the language links switch <html lang> and the texts, and the choice is remembered', { timeout: 60_000 }, async () => {
    for (const lang of ['kk', 'en', 'ru'] as const) {
      const t = tFor(lang);
      await Promise.all([page.waitForNavigation(), page.click(`nav.langs a[hreflang="${lang}"]`)]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(new URL(page.url()).searchParams.get('lang')).toBe(lang);
      expect(await page.textContent('h1')).toBe(t('nav.overview'));
      expect(await page.textContent('nav.menu a[href="/"]')).toBe(t('nav.overview'));
      expect(await page.textContent('#help-link')).toBe(`${t('help.button')} (F1)`);
      expect(await page.textContent('nav.langs strong')).toBe(lang);
      if (lang === 'kk') await screenshot(page, 'overview-kk');
    }
    // Remembered for the account: a page without ?lang= comes in the last choice.
    await page.click('nav.langs a[hreflang="kk"]');
    await page.goto(`${site.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
  });

  it('F1 opens the help of the page, and of the focused field, in the current language', { timeout: 60_000 }, async () => {
    // The page: nothing focused on the overview (kk from the previous step).
    await page.goto(`${site.url}/?lang=kk`);
    await page.locator('h1').click();
    await Promise.all([page.waitForURL('**/help/overview?**'), page.keyboard.press('F1')]);
    const onPage = new URL(page.url());
    expect(onPage.searchParams.get('lang')).toBe('kk');
    expect(onPage.searchParams.get('from')).toBe('/?lang=kk');
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    expect(await page.getAttribute('article.help-body', 'data-topic')).toBe('overview');
    expect(await page.textContent('h1')).toBe(tFor('kk')('help.title', { topic: 'Шолу' }));
    await screenshot(page, 'help-overview-kk');
    // "Back" returns to the page F1 was pressed on.
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/?lang=kk"]`)]);
    expect(new URL(page.url()).pathname).toBe('/');

    // A field: the new-password field of the password page, in Russian.
    await page.goto(`${site.url}/password?lang=ru`);
    await page.focus('#next');
    await Promise.all([page.waitForURL('**/help/password.new?**'), page.keyboard.press('F1')]);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ru');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.getAttribute('article.help-body', 'data-field')).toBe('new');
    expect(await page.textContent('h1')).toBe(tFor('ru')('help.title', { topic: 'Смена пароля' }));
    // The field's own section is the one marked and scrolled to.
    expect(await page.getAttribute('section.focus', 'id')).toBe('new');
    expect(await page.textContent('section.focus h2')).toBe('Новый пароль');
    await screenshot(page, 'help-password-field-ru');

    // The Help link in the header does the same as F1 (here: the page's topic in English).
    await page.goto(`${site.url}/?lang=en`);
    await Promise.all([page.waitForURL('**/help/overview?**'), page.click('#help-link')]);
    expect(await page.textContent('h1')).toBe(tFor('en')('help.title', { topic: 'Overview' }));
  });

  it('an administrator sees every page in each language, the admin pages included, and cannot sign', { timeout: 90_000 }, async () => {
    const adminCtx = await browser.newContext({ locale: 'kk-KZ' });
    const p = await adminCtx.newPage();
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    try {
      await p.goto(`${site.url}/login`);
      await firstLogin(p, site.url, 'admin', site.initial['admin']!, CHOSEN);
      const pages = ['/', '/documents', '/queues', '/mailboxes', '/statements', '/fx', '/letters', '/users', '/keys', '/audit', '/settings'];
      // The menu offers exactly these to an admin: signing is not among them (admins cannot sign).
      const menu = await p.locator('nav.menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(menu.sort()).toEqual([...pages].sort());
      for (const lang of ['kk', 'ru', 'en'] as const) {
        for (const path of pages) {
          const res = await p.goto(`${site.url}${path}?lang=${lang}`);
          expect(res?.status(), `${path} ${lang}`).toBe(200);
          expect(await p.getAttribute('html', 'lang')).toBe(lang);
          expect(await p.textContent('nav.menu a[aria-current="page"]'), `${path} ${lang}`).toBeTruthy();
          if (lang === 'en') await screenshot(p, `admin-${path === '/' ? 'overview' : path.slice(1)}`);
        }
      }
      const signing = await p.goto(`${site.url}/signing`);
      expect(signing?.status()).toBe(403);
    } finally {
      await adminCtx.close();
    }
  });

  it('three wrong passwords lock the account; the right password then fails too', { timeout: 60_000 }, async () => {
    const t = tFor('en');
    const other = await browser.newContext({ locale: 'en-GB' });
    const p = await other.newPage();
    try {
      await p.goto(`${site.url}/login?lang=en`);
      await firstLogin(p, site.url, 'viewer', site.initial['viewer']!, CHOSEN);
      await Promise.all([p.waitForNavigation(), p.click('header form[action="/logout"] button')]);
      expect(await p.textContent('.notice.info')).toBe(t('login.logged_out'));
      for (let i = 1; i <= 3; i++) {
        await submitLogin(p, site.url, 'viewer', `wrong password number ${i}`);
        expect(new URL(p.url()).pathname).toBe('/login');
        expect(await p.textContent('.notice.error')).toBe(i < 3 ? t('login.failed') : t('login.locked'));
      }
      await submitLogin(p, site.url, 'viewer', CHOSEN);
      expect(new URL(p.url()).pathname).toBe('/login');
      expect(await p.textContent('.notice.error')).toBe(t('login.locked'));
      await screenshot(p, 'login-locked');
      // Nothing behind the login opens.
      await p.goto(`${site.url}/`);
      expect(new URL(p.url()).pathname).toBe('/login');
    } finally {
      await other.close();
    }
    expect(errors).toEqual([]);
  });
});
