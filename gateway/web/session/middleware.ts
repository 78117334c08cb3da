// Resolves who is asking (session cookie or Bearer API token) and the language, and keeps pages behind login:
// no session → the login page (API: 401); a one-time password → the password page first (ASVS 6.4.1).
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { getUser, setUserLang } from '../../store/users-repo.ts';
import { deleteSession, findApiToken, findSession } from '../../store/web-sessions-repo.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { chooseLang, isLang } from '../i18n/langs.ts';
import { tFor } from '../i18n/translate.ts';
import { isApi } from '../security/refuse.ts';
import { clearSessionCookie, LANG_COOKIE, readSessionCookie, writeLangCookie } from './cookie.ts';

/** Reachable without a session. */
const PUBLIC = [/^\/login$/, /^\/help(\/|$)/, /^\/healthz$/, /^\/readyz$/, /^\/api\/openapi\.json$/, /^\/favicon\.ico$/];
/** Reachable with a one-time password still unchanged. */
const BEFORE_PASSWORD_CHANGE = [/^\/password$/, /^\/logout$/, /^\/api\/v1\/session$/];

export function sessionMiddleware(d: WebDeps): MiddlewareHandler<WebEnv> {
  const tls = Boolean(d.tls);
  const limits = { idleMs: d.config.http.session.idle_minutes * 60_000, absoluteMs: d.config.http.session.absolute_hours * 3_600_000 };
  return async (c, next) => {
    let user;
    let session;
    let viaToken = false;
    const bearer = /^Bearer\s+(bgt_[A-Za-z0-9_-]{20,})$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer && isApi(c)) {
      const tok = await findApiToken(d.store.sql, bearer);
      const u = tok ? await getUser(d.store.sql, tok.userId) : undefined;
      // A locked user's tokens stop working with the lock (ASVS 7.4.2).
      if (u && !u.locked) {
        user = u;
        viaToken = true;
      }
    } else {
      const cookie = readSessionCookie(c, tls);
      if (cookie) {
        const s = await findSession(d.store.sql, cookie, limits);
        const u = s ? await getUser(d.store.sql, s.userId) : undefined;
        if (s && u && !u.locked) {
          session = s;
          user = u;
        } else {
          if (s) await deleteSession(d.store.sql, s.idHash);
          clearSessionCookie(c, tls);
        }
      }
    }
    const query = c.req.query('lang');
    const lang = chooseLang({ query, user: user?.lang, cookie: getCookie(c, LANG_COOKIE), acceptLanguage: c.req.header('accept-language') });
    // ?lang= is remembered: in the cookie for everyone, and on the account for a signed-in user.
    if (isLang(query)) {
      if (getCookie(c, LANG_COOKIE) !== query) writeLangCookie(c, tls, query);
      if (user && user.lang !== query && !viaToken) {
        await setUserLang(d.store.sql, user.id, query);
        user = { ...user, lang: query };
      }
    }
    c.set('lang', lang);
    c.set('t', tFor(lang));
    c.set('user', user);
    c.set('session', session);
    c.set('viaToken', viaToken);

    const path = c.req.path;
    if (PUBLIC.some((r) => r.test(path)) || (c.req.method === 'POST' && path === '/api/v1/session')) return next();
    if (!user) {
      if (isApi(c)) return c.json({ error: { code: 'AUTH_NOT_SIGNED_IN', message: c.get('t')('login.session_ended') } }, 401);
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(path + (new URL(c.req.url).search || ''))}` : '';
      return c.redirect(`/login${back}`, 303);
    }
    // The one-time password gates password logins; a personal API token was handed out on purpose by an admin
    // (`bankgate users token`), so an integration account that never logs in works with it.
    if (user.mustChangePassword && !viaToken && !BEFORE_PASSWORD_CHANGE.some((r) => r.test(path))) {
      if (isApi(c)) return c.json({ error: { code: 'AUTH_PASSWORD_CHANGE_REQUIRED', message: c.get('t')('password.first_login') } }, 403);
      return c.redirect('/password', 303);
    }
    return next();
  };
}
