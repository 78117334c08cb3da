// /api/v1/session: log in with JSON (a cookie session, for scripts that prefer it to a token), who am I + the
// CSRF token, log out. Same rules as the login page: throttling per IP, lockout, one-time password.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { login } from '../../auth/users.ts';
import { appendEventTx } from '../../store/sql/audit-log.ts';
import type { Db } from '../../store/sql/executor.ts';
import type { UserRow } from '../../store/users-repo.ts';
import { rightsOf } from '../../store/users-repo.ts';
import { createSession, deleteSession } from '../../store/web-sessions-repo.ts';
import { clientIp, type WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { auditRefusal } from '../security/refuse.ts';
import type { Throttle } from '../security/throttle.ts';
import { clearSessionCookie, writeSessionCookie } from '../session/cookie.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const meSchema = z
  .object({
    login: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'user']),
    must_change_password: z.boolean(),
    lang: z.string().nullable(),
    rights: z.array(z.object({ account: z.string(), right: z.enum(['single', 'first', 'second', 'none']), can_prepare: z.boolean() })),
    csrf_token: z.string().nullable().describe('Send as X-CSRF-Token on every POST/PUT/DELETE of this session (null for API tokens)'),
  })
  .meta({ id: 'Me' });

async function me(db: Db, u: UserRow, csrf: string | null): Promise<z.infer<typeof meSchema>> {
  return {
    login: u.login,
    name: u.name,
    role: u.role,
    must_change_password: u.mustChangePassword,
    lang: u.lang,
    rights: (await rightsOf(db, u.id)).map((r) => ({ account: r.account, right: r.right, can_prepare: r.canPrepare })),
    csrf_token: csrf,
  };
}

const loginRoute = createRoute({
  method: 'post',
  path: '/api/v1/session',
  summary: 'Log in (sets the session cookie)',
  request: { body: { content: { 'application/json': { schema: z.object({ login: z.string().max(100), password: z.string().max(4096), totp: z.string().max(10).optional() }) } }, required: true } },
  responses: {
    200: json(meSchema, 'Logged in; must_change_password means only the password page and logout work until it is changed'),
    401: json(apiErrorSchema, 'Wrong login or password (AUTH_LOGIN_FAILED), code needed (AUTH_TOTP_REQUIRED) or the account is locked (AUTH_LOCKED)'),
    429: json(apiErrorSchema, 'Too many attempts from this address (AUTH_THROTTLED)'),
    400: API_ERRORS[400],
    403: API_ERRORS[403],
  },
});
const meRoute = createRoute({ method: 'get', path: '/api/v1/session', summary: 'The signed-in user, rights and CSRF token', security: API_SECURITY, responses: { 200: json(meSchema, 'Signed in'), ...API_ERRORS } });
const logoutRoute = createRoute({ method: 'delete', path: '/api/v1/session', summary: 'Log out (the session ends on the server)', security: API_SECURITY, responses: { 204: { description: 'Logged out' }, ...API_ERRORS } });

export function registerSessionApi(api: OpenAPIHono<WebEnv>, d: WebDeps, throttle: Throttle): void {
  const tls = Boolean(d.tls);
  api.openapi(loginRoute, async (c) => {
    const body = c.req.valid('json');
    const ip = clientIp(c);
    if (!throttle.take(ip, d.store.clock.now())) {
      await auditRefusal(d.store, c, 'throttled', { login: body.login });
      return c.json({ error: { code: 'AUTH_THROTTLED', message: c.get('t')('error.throttled') } }, 429);
    }
    const r = await login(d.store.sql, body.login, body.password, { config: d.config.auth, ...(d.passwordParams ? { params: d.passwordParams } : {}), ...(body.totp ? { totp: body.totp } : {}) });
    if (!r.ok) {
      const code = r.reason === 'locked' ? 'AUTH_LOCKED' : r.reason === 'totp-required' ? 'AUTH_TOTP_REQUIRED' : 'AUTH_LOGIN_FAILED';
      return c.json({ error: { code, message: r.reason === 'locked' ? c.get('t')('login.locked') : c.get('t')('login.failed') } }, 401);
    }
    const old = c.get('session');
    const { token, session } = await d.store.sql.transaction(async (tx) => {
      if (old) await deleteSession(tx, old.idHash);
      const made = await createSession(tx, r.user.id, { ip, userAgent: c.req.header('user-agent') ?? null });
      await appendEventTx(tx, { entityType: 'user', entityId: r.user.id, type: 'web.login', actor: r.user.login, data: { ip, via: 'api' } });
      return made;
    });
    writeSessionCookie(c, tls, token);
    return c.json(await me(d.store.sql, r.user, session.csrf), 200);
  });
  api.openapi(meRoute, async (c) => c.json(await me(d.store.sql, c.get('user')!, c.get('session')?.csrf ?? null), 200));
  api.openapi(logoutRoute, async (c) => {
    const s = c.get('session');
    if (s) await deleteSession(d.store.sql, s.idHash);
    clearSessionCookie(c, tls);
    return c.body(null, 204);
  });
}
