// /api/v1/users (administrators): the same administration as the Users page — list, add (the one-time password is in
// this answer only), reset, lock (ends sessions), unlock, end sessions, set/remove a right, enrol/remove TOTP.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { addUser, enrolTotp, lockUser, parseRight, removeTotp, resetPassword, unlockUser } from '../../auth/users.ts';
import { isGatewayError, type GatewayError } from '../../core/errors.ts';
import { findUserByLogin, removeRight, setRight, type UserRow } from '../../store/users-repo.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { adminOnly } from '../security/guard.ts';
import { endSessions, rightText, userView, userViews, type UserView } from '../views/users-view.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const userSchema = z
  .object({
    login: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'user']),
    rights: z.array(z.string()).describe('ACCOUNT=right lines, as `users add --right` takes them'),
    locked: z.boolean(),
    lock_reason: z.enum(['admin', 'failed-logins']).nullable(),
    unlocks_at: z.string().nullable().describe('When a lock from wrong passwords ends by itself'),
    failed_logins: z.number().int(),
    totp: z.boolean(),
    must_change_password: z.boolean(),
    sessions: z.number().int().describe('Live dashboard sessions'),
    created_at: z.string(),
  })
  .meta({ id: 'User' });

const loginParam = z.object({ login: z.string().min(1).max(64) });
const secretSchema = z.object({ login: z.string(), one_time_password: z.string().describe('Shown in this answer only; must be changed at the first login') });
const notFound = json(apiErrorSchema, 'No such user (AUTH_UNKNOWN_USER)');
const conflict = json(apiErrorSchema, 'Refused: the last active administrator (AUTH_LAST_ADMIN), rights for an administrator (AUTH_ADMIN_NO_SIGNING), an existing login (AUTH_USER_EXISTS), TOTP already on/off (AUTH_TOTP_STATE)');

const action = <S extends z.ZodType>(path: string, summary: string, ok: S, okText: string) =>
  createRoute({ method: 'post', path, summary, security: API_SECURITY, request: { params: loginParam }, responses: { 200: json(ok, okText), 404: notFound, 409: conflict, ...API_ERRORS } });

const listRoute = createRoute({ method: 'get', path: '/api/v1/users', summary: 'Users with rights, lock state, TOTP and live sessions (administrators)', security: API_SECURITY, responses: { 200: json(z.object({ items: z.array(userSchema) }), 'Users'), ...API_ERRORS } });
const addRoute = createRoute({
  method: 'post',
  path: '/api/v1/users',
  summary: 'Add a user; the answer carries the one-time password, once',
  security: API_SECURITY,
  request: { body: { content: { 'application/json': { schema: z.object({ login: z.string().max(64), name: z.string().max(200), admin: z.boolean().default(false), rights: z.array(z.string().max(100)).max(100).default([]) }) } }, required: true } },
  responses: { 201: json(z.object({ user: userSchema, one_time_password: z.string() }), 'Added'), 409: conflict, ...API_ERRORS },
});
const resetRoute = action('/api/v1/users/{login}/reset', 'New one-time password (also unlocks and ends the user\'s sessions)', secretSchema, 'The new one-time password, once');
const lockRoute = action('/api/v1/users/{login}/lock', 'Lock the account and end its sessions', userSchema, 'Locked');
const unlockRoute = action('/api/v1/users/{login}/unlock', 'Unlock the account', userSchema, 'Unlocked');
const endRoute = action('/api/v1/users/{login}/end-sessions', 'End every session of the user', z.object({ sessions_ended: z.number().int() }), 'Ended');
const rightRoute = createRoute({
  method: 'post',
  path: '/api/v1/users/{login}/rights',
  summary: 'Set the right on one account (IBAN or *)',
  security: API_SECURITY,
  request: { params: loginParam, body: { content: { 'application/json': { schema: z.object({ account: z.string().max(40), right: z.enum(['single', 'first', 'second', 'none', 'none:prepare']) }) } }, required: true } },
  responses: { 200: json(userSchema, 'Set'), 404: notFound, 409: conflict, ...API_ERRORS },
});
const removeRightRoute = createRoute({
  method: 'delete',
  path: '/api/v1/users/{login}/rights/{account}',
  summary: 'Remove the right on one account',
  security: API_SECURITY,
  request: { params: loginParam.extend({ account: z.string().max(40) }) },
  responses: { 200: json(userSchema, 'Removed'), 404: json(apiErrorSchema, 'No such user or no right on that account'), ...API_ERRORS },
});
const totpRoute = action('/api/v1/users/{login}/totp', 'Turn on one-time codes: the otpauth URI and secret, once', z.object({ login: z.string(), uri: z.string(), secret: z.string() }), 'Enrolled');
const totpOffRoute = createRoute({ method: 'delete', path: '/api/v1/users/{login}/totp', summary: 'Turn off one-time codes', security: API_SECURITY, request: { params: loginParam }, responses: { 200: json(userSchema, 'Removed'), 404: notFound, 409: conflict, ...API_ERRORS } });

function userJson(v: UserView): z.infer<typeof userSchema> {
  const u = v.user;
  return {
    login: u.login,
    name: u.name,
    role: u.role,
    rights: v.rights.map(rightText),
    locked: u.locked,
    lock_reason: u.locked ? u.lockReason : null,
    unlocks_at: v.unlocksAt === null ? null : new Date(v.unlocksAt).toISOString(),
    failed_logins: u.failedLogins,
    totp: u.totpSecret !== null,
    must_change_password: u.mustChangePassword,
    sessions: v.sessions,
    created_at: new Date(u.createdAt).toISOString(),
  };
}

/** A refusal of the user functions as an API error: bad input 400, a rule of the accounts 409. */
function refusedStatus(e: GatewayError): 400 | 409 {
  return e.code === 'AUTH_BAD_INPUT' ? 400 : 409;
}

export function registerUsersApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.use('/api/v1/users', adminOnly(d));
  api.use('/api/v1/users/*', adminOnly(d));
  const actor = (c: WebContext) => c.get('user')!.login;
  const target = (c: WebContext) => findUserByLogin(d.store.sql, c.req.param('login') ?? '');
  const fresh = async (u: UserRow) => userJson(await userView(d.store.sql, d.config, (await findUserByLogin(d.store.sql, u.login))!));
  const unknown = (login: string) => ({ error: { code: 'AUTH_UNKNOWN_USER', message: `no user with login '${login}'` } });
  const refusal = (e: unknown) => {
    if (!isGatewayError(e)) throw e;
    return { body: { error: { code: e.code, message: e.message } }, status: refusedStatus(e) };
  };

  api.openapi(listRoute, async (c) => c.json({ items: (await userViews(d.store.sql, d.config)).map(userJson) }, 200));

  api.openapi(addRoute, async (c) => {
    const b = c.req.valid('json');
    try {
      const { user, password } = await addUser(d.store.sql, { login: b.login, name: b.name, rights: b.rights, admin: b.admin, actor: actor(c), ...(d.passwordParams ? { params: d.passwordParams } : {}) });
      c.header('Cache-Control', 'no-store');
      return c.json({ user: await fresh(user), one_time_password: password }, 201);
    } catch (e) {
      const r = refusal(e);
      return r.status === 400 ? c.json(r.body, 400) : c.json(r.body, 409);
    }
  });

  api.openapi(resetRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    const password = await resetPassword(d.store.sql, u.login, actor(c), d.passwordParams);
    await endSessions(d.store.sql, u.id, actor(c), 'password-reset');
    c.header('Cache-Control', 'no-store');
    return c.json({ login: u.login, one_time_password: password }, 200);
  });

  api.openapi(lockRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    try {
      await lockUser(d.store.sql, u.login, actor(c));
    } catch (e) {
      return c.json(refusal(e).body, 409);
    }
    await endSessions(d.store.sql, u.id, actor(c), 'locked');
    return c.json(await fresh(u), 200);
  });

  api.openapi(unlockRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    await unlockUser(d.store.sql, u.login, actor(c));
    return c.json(await fresh(u), 200);
  });

  api.openapi(endRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    return c.json({ sessions_ended: await endSessions(d.store.sql, u.id, actor(c), 'admin') }, 200);
  });

  api.openapi(rightRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    const b = c.req.valid('json');
    try {
      await setRight(d.store.sql, u.id, parseRight(`${b.account.trim()}=${b.right}`), actor(c));
    } catch (e) {
      const r = refusal(e);
      return r.status === 400 ? c.json(r.body, 400) : c.json(r.body, 409);
    }
    return c.json(await fresh(u), 200);
  });

  api.openapi(removeRightRoute, async (c) => {
    const { login, account } = c.req.valid('param');
    const u = await target(c);
    if (!u) return c.json(unknown(login), 404);
    if (!(await removeRight(d.store.sql, u.id, account.toUpperCase(), actor(c)))) return c.json({ error: { code: 'API_NOT_FOUND', message: `${u.login} has no right on ${account}` } }, 404);
    return c.json(await fresh(u), 200);
  });

  api.openapi(totpRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    try {
      const { uri, secret } = await enrolTotp(d.store.sql, u.login, actor(c));
      c.header('Cache-Control', 'no-store');
      return c.json({ login: u.login, uri, secret }, 200);
    } catch (e) {
      return c.json(refusal(e).body, 409);
    }
  });

  api.openapi(totpOffRoute, async (c) => {
    const u = await target(c);
    if (!u) return c.json(unknown(c.req.valid('param').login), 404);
    try {
      await removeTotp(d.store.sql, u.login, actor(c));
    } catch (e) {
      return c.json(refusal(e).body, 409);
    }
    return c.json(await fresh(u), 200);
  });
}
