// The session cookie: `__Host-` prefixed and Secure under TLS; always HttpOnly, SameSite=Strict, Path=/ (ASVS 3.3.1–3.3.4).
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * Browsers accept a `__Host-` cookie only with Secure, and Secure only over HTTPS; on plain loopback HTTP (the
 * default bind, the only plain-HTTP one the config allows without an override) the cookie goes without the prefix.
 */
export const sessionCookieName = (tls: boolean): string => (tls ? '__Host-bankgate_session' : 'bankgate_session');
export const LANG_COOKIE = 'bankgate_lang';

export function readSessionCookie(c: Context, tls: boolean): string | undefined {
  return getCookie(c, sessionCookieName(tls));
}

export function writeSessionCookie(c: Context, tls: boolean, token: string): void {
  // No Max-Age: the cookie ends with the browser; the server's idle and absolute timeouts end the session itself.
  setCookie(c, sessionCookieName(tls), token, { path: '/', httpOnly: true, secure: tls, sameSite: 'Strict' });
}

export function clearSessionCookie(c: Context, tls: boolean): void {
  deleteCookie(c, sessionCookieName(tls), { path: '/', secure: tls, httpOnly: true, sameSite: 'Strict' });
}

export function writeLangCookie(c: Context, tls: boolean, lang: string): void {
  setCookie(c, LANG_COOKIE, lang, { path: '/', secure: tls, sameSite: 'Strict', maxAge: 365 * 24 * 3600 });
}
