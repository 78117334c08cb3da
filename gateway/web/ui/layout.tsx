/** @jsxImportSource hono/jsx */
// The page frame: <html lang>, header (user, language switch, help, logout), navigation by role, F1 help script.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { WebContext } from '../context.ts';
import { LANGS } from '../i18n/langs.ts';
import { STYLES } from './styles.ts';
import { HELP_SCRIPT } from './help-script.ts';

export interface PageProps {
  c: WebContext;
  /** Message key of the page title. */
  title: string;
  /** A title that is data, not a message (a document number, a help topic's own title). */
  heading?: string;
  /** Help topic of the page (docs/help/<lang>/<topic>.md); fields name their own with data-help. */
  help: string;
  /** Navigation entry to highlight. */
  nav?: string;
  children?: Child;
}

interface NavItem {
  key: string;
  href: string;
  admin?: boolean;
  signer?: boolean;
}
/** Pages in the menu; admin-only ones are hidden from others (and refused on the server anyway). */
export const NAV: NavItem[] = [
  { key: 'overview', href: '/' },
  { key: 'documents', href: '/documents' },
  { key: 'signing', href: '/signing', signer: true },
  { key: 'queues', href: '/queues' },
  { key: 'mailboxes', href: '/mailboxes' },
  { key: 'statements', href: '/statements' },
  { key: 'fx', href: '/fx' },
  { key: 'letters', href: '/letters' },
  { key: 'users', href: '/users', admin: true },
  { key: 'keys', href: '/keys' },
  { key: 'audit', href: '/audit', admin: true },
  { key: 'settings', href: '/settings', admin: true },
];

/** The current URL with ?lang= replaced: the switch keeps the user on the same page. */
function withLang(c: WebContext, lang: string): string {
  const u = new URL(c.req.url);
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

export function Page(p: PageProps) {
  const { c } = p;
  const t = c.get('t');
  const lang = c.get('lang');
  const user = c.get('user');
  const session = c.get('session');
  const nonce = c.get('secureHeadersNonce');
  const helpHref = `/help/${p.help}?lang=${lang}`;
  return (
    <>
      {/* Standards mode: without the doctype browsers lay the page out in quirks mode. */}
      {raw('<!DOCTYPE html>')}
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.heading ?? t(p.title)} — ${t('app.name')}`}</title>
        <style nonce={nonce}>{raw(STYLES)}</style>
      </head>
      <body data-help={p.help} data-lang={lang}>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('app.name')} <small>{t('app.tagline')}</small>
          </a>
          <nav class="langs" aria-label={t('header.language')}>
            {LANGS.map((l) => (l === lang ? <strong>{l}</strong> : <a href={withLang(c, l)} hreflang={l}>{l}</a>))}
          </nav>
          <a class="help" id="help-link" href={helpHref} title={t('help.f1_hint')}>
            {t('help.button')} (F1)
          </a>
          {user && session ? (
            <div class="who">
              <span>{t('header.signed_in_as', { name: user.name })}</span> <small>({t(`header.role.${user.role}`)})</small>{' '}
              <a href="/password">{t('header.change_password')}</a>
              <form method="post" action="/logout" class="inline">
                <input type="hidden" name="_csrf" value={session.csrf} />
                <button type="submit">{t('header.logout')}</button>
              </form>
            </div>
          ) : null}
        </header>
        {user && session && !user.mustChangePassword ? (
          <nav class="menu">
            {NAV.filter((n) => (!n.admin || user.role === 'admin') && (!n.signer || user.role !== 'admin')).map((n) => (
              <a href={n.href} class={p.nav === n.key ? 'active' : undefined} aria-current={p.nav === n.key ? 'page' : undefined}>
                {t(`nav.${n.key}`)}
              </a>
            ))}
          </nav>
        ) : null}
        <main id="main">
          <h1>{p.heading ?? t(p.title)}</h1>
          {p.children}
        </main>
        <script nonce={nonce}>{raw(HELP_SCRIPT)}</script>
      </body>
    </html>
    </>
  );
}

/** A hidden CSRF field for forms of a signed-in page. */
export function Csrf({ c }: { c: WebContext }) {
  return <input type="hidden" name="_csrf" value={c.get('session')?.csrf ?? ''} />;
}

/** A message box: 'error' ones are announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'info' | 'ok'; children?: Child }) {
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
