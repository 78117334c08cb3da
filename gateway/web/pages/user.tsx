/** @jsxImportSource hono/jsx */
// One user (administrators only): reset the password (a new one-time one, shown once), lock and unlock (a lock ends
// the user's sessions: ASVS 7.4.2), end all sessions (7.4.5), set or remove a right, enrol or remove TOTP. Every
// change is audited with the administrator's login by the functions that make it.
import { Hono } from 'hono';
import { enrolTotp, lockUser, parseRight, removeTotp, resetPassword, unlockUser } from '../../auth/users.ts';
import { isGatewayError } from '../../core/errors.ts';
import { findUserByLogin, removeRight, setRight, type UserRow } from '../../store/users-repo.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatDateTime } from '../i18n/format.ts';
import { adminOnly } from '../security/guard.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { Facts } from '../ui/widgets.tsx';
import { endSessions, rightText, userView, type UserView } from '../views/users-view.ts';
import { Envelope, UserState, userErrorText } from './users.tsx';

const DONE = ['locked', 'unlocked', 'sessions', 'right-set', 'right-removed', 'totp-removed'] as const;
const RIGHT_CHOICES = ['single', 'first', 'second', 'none', 'none:prepare'] as const;

function Action({ c, login, action, label, confirm, secondary }: { c: WebContext; login: string; action: string; label: string; confirm?: string; secondary?: boolean }) {
  return (
    <form method="post" action={`/users/${encodeURIComponent(login)}/${action}`} class="inline" data-confirm={confirm}>
      <Csrf c={c} />
      <button type="submit" class={secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}

function UserPage({ c, v, notice }: { c: WebContext; v: UserView; notice?: { kind: 'ok' | 'error'; text: string } | undefined }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const u = v.user;
  const self = c.get('user')!.id === u.id;
  return (
    <Page c={c} title="users.title" heading={t('users.user_heading', { login: u.login })} help="users" nav="users">
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <Facts
        rows={[
          [t('users.col.login'), <span class="mono">{u.login}</span>],
          [t('users.col.name'), u.name],
          [t('users.col.role'), t(`users.role.${u.role}`)],
          [t('users.col.state'), <UserState c={c} v={v} />],
          [t('users.col.failed'), String(u.failedLogins)],
          [t('users.col.totp'), u.totpSecret ? t('common.yes') : t('common.no')],
          [t('users.must_change'), u.mustChangePassword ? t('common.yes') : t('common.no')],
          [t('users.col.sessions'), String(v.sessions)],
          [t('users.created'), formatDateTime(u.createdAt, lang)],
        ]}
      />
      <h2>{t('users.actions')}</h2>
      <p class="actions">
        <Action c={c} login={u.login} action="reset" label={t('users.reset')} confirm={t('users.reset_confirm', { login: u.login })} />{' '}
        {u.locked ? <Action c={c} login={u.login} action="unlock" label={t('users.unlock')} /> : <Action c={c} login={u.login} action="lock" label={t('users.lock')} confirm={t(self ? 'users.lock_self_confirm' : 'users.lock_confirm', { login: u.login })} />}{' '}
        {v.sessions > 0 ? <Action c={c} login={u.login} action="end-sessions" label={t('users.end_sessions', { count: v.sessions })} confirm={t('users.end_sessions_confirm', { login: u.login })} secondary /> : null}{' '}
        {u.totpSecret ? <Action c={c} login={u.login} action="totp/remove" label={t('users.totp_remove')} confirm={t('users.totp_remove_confirm', { login: u.login })} secondary /> : <Action c={c} login={u.login} action="totp" label={t('users.totp_enrol')} secondary />}
      </p>
      <h2 data-help="users.rights">{t('users.col.rights')}</h2>
      {u.role === 'admin' ? (
        <p class="muted">{t('users.admin_no_rights')}</p>
      ) : (
        <>
          {v.rights.length === 0 ? <p class="muted">{t('users.no_rights')}</p> : null}
          <table class="narrow">
            <tbody>
              {v.rights.map((r) => (
                <tr>
                  <td class="mono">{rightText(r)}</td>
                  <td>
                    <form method="post" action={`/users/${encodeURIComponent(u.login)}/rights/remove`} class="inline">
                      <Csrf c={c} />
                      <input type="hidden" name="account" value={r.account} />
                      <button type="submit" class="secondary">
                        {t('users.right_remove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action={`/users/${encodeURIComponent(u.login)}/rights`} class="filters spaced">
            <Csrf c={c} />
            <label>
              {t('users.right_account')}
              <input name="account" type="text" required maxlength={34} placeholder="KZ… / *" data-help="users.rights" />
            </label>
            <label>
              {t('users.right_kind')}
              <select name="right" data-help="users.rights">
                {RIGHT_CHOICES.map((r) => (
                  <option value={r}>{t(`users.right.${r}`)}</option>
                ))}
              </select>
            </label>
            <button type="submit">{t('users.right_set')}</button>
          </form>
        </>
      )}
      <p>
        <a href="/users">{t('users.back_to_list')}</a>
      </p>
    </Page>
  );
}

export function userPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/users/*', adminOnly(d));
  const target = (c: WebContext) => findUserByLogin(d.store.sql, c.req.param('login') ?? '');
  const actor = (c: WebContext) => c.get('user')!.login;
  const done = (c: WebContext, login: string, what: (typeof DONE)[number]) => c.redirect(`/users/${encodeURIComponent(login)}?done=${what}`, 303);
  const failed = async (c: WebContext, user: UserRow, text: string, status: 400 | 409) => {
    const v = await userView(d.store.sql, d.config, (await findUserByLogin(d.store.sql, user.login)) ?? user);
    return c.html(<UserPage c={c} v={v} notice={{ kind: 'error', text }} />, status);
  };

  app.get('/users/:login', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    const what = c.req.query('done');
    const notice = (DONE as readonly string[]).includes(what ?? '') ? { kind: 'ok' as const, text: c.get('t')(`users.done.${what}`, { login: user.login }) } : undefined;
    return c.html(<UserPage c={c} v={await userView(d.store.sql, d.config, user)} notice={notice} />);
  });

  app.post('/users/:login/reset', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    const password = await resetPassword(d.store.sql, user.login, actor(c), d.passwordParams);
    // The old password stops working; sessions opened with it end too (the user starts again with the envelope).
    await endSessions(d.store.sql, user.id, actor(c), 'password-reset');
    c.header('Cache-Control', 'no-store');
    return c.html(
      <Page c={c} title="users.envelope.title" help="users" nav="users">
        <Envelope c={c} login={user.login} name={user.name} secret={password} kind="reset" />
      </Page>,
    );
  });

  app.post('/users/:login/lock', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    try {
      await lockUser(d.store.sql, user.login, actor(c));
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return failed(c, user, userErrorText(c, e), 409);
    }
    await endSessions(d.store.sql, user.id, actor(c), 'locked');
    return done(c, user.login, 'locked');
  });

  app.post('/users/:login/unlock', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    await unlockUser(d.store.sql, user.login, actor(c));
    return done(c, user.login, 'unlocked');
  });

  app.post('/users/:login/end-sessions', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    await endSessions(d.store.sql, user.id, actor(c), 'admin');
    return done(c, user.login, 'sessions');
  });

  app.post('/users/:login/rights', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    const body = await c.req.parseBody();
    const account = typeof body['account'] === 'string' ? body['account'].trim().toUpperCase() : '';
    const right = typeof body['right'] === 'string' ? body['right'] : '';
    if (!(RIGHT_CHOICES as readonly string[]).includes(right)) return failed(c, user, c.get('t')('users.err.right_line', { n: 1, line: `${account}=${right}` }), 400);
    try {
      await setRight(d.store.sql, user.id, parseRight(`${account}=${right}`), actor(c));
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return failed(c, user, e.code === 'AUTH_BAD_INPUT' ? c.get('t')('users.err.right_line', { n: 1, line: `${account}=${right}` }) : userErrorText(c, e), e.code === 'AUTH_ADMIN_NO_SIGNING' ? 409 : 400);
    }
    return done(c, user.login, 'right-set');
  });

  app.post('/users/:login/rights/remove', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    const body = await c.req.parseBody();
    const account = typeof body['account'] === 'string' ? body['account'] : '';
    if (!(await removeRight(d.store.sql, user.id, account, actor(c)))) return failed(c, user, c.get('t')('users.err.no_such_right', { account }), 400);
    return done(c, user.login, 'right-removed');
  });

  app.post('/users/:login/totp', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    let secret: { secret: string; uri: string };
    try {
      secret = await enrolTotp(d.store.sql, user.login, actor(c));
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return failed(c, user, userErrorText(c, e), 409);
    }
    const t = c.get('t');
    c.header('Cache-Control', 'no-store');
    return c.html(
      <Page c={c} title="users.totp_title" help="users" nav="users">
        <div class="card envelope" role="status">
          <p>{t('users.totp_enrolled', { login: user.login })}</p>
          <dl class="req">
            <dt>{t('users.totp_uri')}</dt>
            <dd class="mono secret">{secret.uri}</dd>
            <dt>{t('users.totp_secret')}</dt>
            <dd class="mono secret">{secret.secret}</dd>
          </dl>
          <p class="notice info">{t('users.totp_once')}</p>
          <p>
            <a href={`/users/${encodeURIComponent(user.login)}`}>{t('users.envelope.to_user')}</a>
          </p>
        </div>
      </Page>,
    );
  });

  app.post('/users/:login/totp/remove', async (c) => {
    const user = await target(c);
    if (!user) return c.notFound();
    try {
      await removeTotp(d.store.sql, user.login, actor(c));
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return failed(c, user, userErrorText(c, e), 409);
    }
    return done(c, user.login, 'totp-removed');
  });
  return app;
}
