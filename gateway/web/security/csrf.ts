// CSRF defence on every state-changing request (ASVS 3.5.1–3.5.3): the browser must say it is same-origin
// (Sec-Fetch-Site / Origin), and the body must carry the session's anti-forgery token — a `_csrf` form field, or
// for JSON an `X-CSRF-Token` header with `Content-Type: application/json` (which cross-site forms cannot send). A raw
// upload (the HTTP inbox: the body is the file) carries the token in `X-CSRF-Token` too — no cross-site form sets it.
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { isInboxUpload } from '../inbox/request.ts';
import { refuse } from './refuse.ts';
import { BOARD } from '../board-paths.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Logins: before a session exists there is no token; they rely on the origin checks alone (login CSRF). */
const isLogin = (method: string, path: string) => method === 'POST' && (path === '/login' || path === '/api/v1/session');

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function csrfMiddleware(d: WebDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || c.get('viaToken')) return next();
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return refuse(d.store, c, 'csrf', { check: 'sec-fetch-site', value: site });
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    if (origin && origin !== own) return refuse(d.store, c, 'csrf', { check: 'origin', value: origin.slice(0, 200) });
    const expectedToken = c.get('session')?.csrf;
    // bull-board's own UI (admin board, board.ts) sends our token back from the XSRF-TOKEN cookie as X-XSRF-TOKEN,
    // with bodiless PUTs: the same token, the same origin checks above, no content-type rule.
    if (c.req.path.startsWith(`${BOARD}/`)) {
      const given = c.req.header('x-xsrf-token');
      if (!expectedToken || typeof given !== 'string' || !same(given, expectedToken)) return refuse(d.store, c, 'csrf', { check: 'token' });
      return next();
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const json = type === 'application/json';
    const form = type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
    const raw = isInboxUpload(c.req.path, type);
    if (!json && !form && !raw) return refuse(d.store, c, 'csrf', { check: 'content-type', value: type.slice(0, 100) });
    if (isLogin(c.req.method, c.req.path)) return next();
    const expected = expectedToken;
    let given: unknown;
    if (json || raw) given = c.req.header('x-csrf-token');
    else given = (await c.req.parseBody({ all: true }))['_csrf'];
    if (!expected || typeof given !== 'string' || !same(given, expected)) return refuse(d.store, c, 'csrf', { check: 'token' });
    return next();
  };
}
