/** @jsxImportSource hono/jsx */
// Users (administrators only): the list with lock state, second factor and live sessions, and adding a user — whose
// one-time password is shown once, on the answer to the form, like a PIN envelope (never stored in clear).
import { Hono } from 'hono';
import { addUser, parseRight } from '../../auth/users.ts';
import { errorInfo } from '../../core/error-codes.ts';
import { isGatewayError, type GatewayError } from '../../core/errors.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatDateTime } from '../i18n/format.ts';
import { adminOnly } from '../security/guard.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { FieldError } from '../ui/widgets.tsx';
import { rightText, userViews, type UserView } from '../views/users-view.ts';

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** A refusal from the user functions in the admin's language; the technical detail only where it helps. */
export function userErrorText(c: WebContext, e: GatewayError): string {
  const t = c.get('t');
  switch (e.code) {
    case 'AUTH_LAST_ADMIN':
      return t('users.err.last_admin');
    case 'AUTH_ADMIN_NO_SIGNING':
      return t('users.err.admin_no_rights');
    case 'AUTH_USER_EXISTS':
      return t('users.err.exists');
    case 'AUTH_TOTP_STATE':
      return t('users.err.totp_state');
    default:
      return `${errorInfo(e.code)[c.get('lang')]}: ${e.message}`;
  }
}

/** The status of an account in a few words: locked (why, until when), one-time password, or active. */
export function UserState({ c, v }: { c: WebContext; v: UserView }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const u = v.user;
  if (u.locked) {
    const why = u.lockReason === 'admin' ? t('users.lock.admin') : t('users.lock.failed');
    return (
      <span class="state rejected" title={u.lockedAt ? formatDateTime(u.lockedAt, lang) : undefined}>
        {t('users.locked')} — {why}
        {v.unlocksAt ? `, ${t('users.lock.until', { time: formatDateTime(v.unlocksAt, lang) })}` : ''}
      </span>
    );
  }
  return u.mustChangePassword ? <span class="state">{t('users.one_time_pending')}</span> : <span class="state executed">{t('users.active')}</span>;
}

/** The one-time password, shown once: the page is not cached and the password is not stored in clear anywhere. */
export function Envelope({ c, login, name, secret, kind }: { c: WebContext; login: string; name: string; secret: string; kind: 'created' | 'reset' }) {
  const t = c.get('t');
  return (
    <div class="card envelope" role="status">
      <p>{kind === 'created' ? t('users.envelope.created', { login }) : t('users.envelope.reset', { login })}</p>
      <dl class="req">
        <dt>{t('users.col.login')}</dt>
        <dd class="mono">{login}</dd>
        <dt>{t('users.col.name')}</dt>
        <dd>{name}</dd>
        <dt>{t('users.envelope.password')}</dt>
        <dd class="mono secret">{secret}</dd>
      </dl>
      <p class="notice info">{t('users.envelope.once')}</p>
      <p>
        <a href={`/users/${encodeURIComponent(login)}`}>{t('users.envelope.to_user')}</a> · <a href="/users">{t('users.back_to_list')}</a>
      </p>
    </div>
  );
}

interface AddForm {
  login: string;
  name: string;
  admin: boolean;
  rights: string;
  errors: Partial<Record<'login' | 'name' | 'rights', string>>;
  failure?: string;
}

const EMPTY: AddForm = { login: '', name: '', admin: false, rights: '', errors: {} };

function AddUserForm({ c, f }: { c: WebContext; f: AddForm }) {
  const t = c.get('t');
  return (
    <form method="post" action="/users" class="card">
      <Csrf c={c} />
      <label for="u-login">{t('users.col.login')}</label>
      <input id="u-login" name="login" type="text" value={f.login} required maxlength={64} autocomplete="off" data-help="users.login" />
      <FieldError id="u-login" error={f.errors.login} />
      <label for="u-name">{t('users.col.name')}</label>
      <input id="u-name" name="name" type="text" value={f.name} required maxlength={200} data-help="users.login" />
      <FieldError id="u-name" error={f.errors.name} />
      <fieldset data-help="users.rights">
        <legend>{t('users.col.role')}</legend>
        <label class="inline-choice">
          <input type="radio" name="role" value="user" checked={!f.admin} /> {t('users.role.user')}
        </label>
        <label class="inline-choice">
          <input type="radio" name="role" value="admin" checked={f.admin} /> {t('users.role.admin')}
        </label>
      </fieldset>
      <label for="u-rights">{t('users.rights_lines')}</label>
      <textarea id="u-rights" name="rights" rows={4} data-help="users.rights" placeholder="*=single">
        {f.rights}
      </textarea>
      <FieldError id="u-rights" error={f.errors.rights} />
      <p class="muted">{t('users.rights_hint')}</p>
      <p>
        <button type="submit">{t('users.add')}</button>
      </p>
    </form>
  );
}

async function UsersPage({ c, d, form }: { c: WebContext; d: WebDeps; form: AddForm }) {
  const t = c.get('t');
  const rows = await userViews(d.store.sql, d.config);
  return (
    <Page c={c} title="users.title" help="users" nav="users">
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <table>
        <thead>
          <tr>
            <th>{t('users.col.login')}</th>
            <th>{t('users.col.name')}</th>
            <th>{t('users.col.role')}</th>
            <th>{t('users.col.rights')}</th>
            <th>{t('users.col.state')}</th>
            <th class="num">{t('users.col.failed')}</th>
            <th>{t('users.col.totp')}</th>
            <th class="num">{t('users.col.sessions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr>
              <td class="mono">
                <a href={`/users/${encodeURIComponent(v.user.login)}`}>{v.user.login}</a>
              </td>
              <td>{v.user.name}</td>
              <td>{t(`users.role.${v.user.role}`)}</td>
              <td class="mono">{v.user.role === 'admin' ? <span class="muted">{t('users.admin_no_rights')}</span> : v.rights.length ? v.rights.map((r) => <div>{rightText(r)}</div>) : <span class="muted">{t('users.no_rights')}</span>}</td>
              <td>
                <UserState c={c} v={v} />
              </td>
              <td class="num">{v.user.failedLogins}</td>
              <td>{v.user.totpSecret ? t('common.yes') : t('common.no')}</td>
              <td class="num">{v.sessions}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('users.add_title')}</h2>
      <AddUserForm c={c} f={form} />
    </Page>
  );
}

/** Each line checked on its own, so the answer names the bad one. */
function checkRightLines(c: WebContext, lines: string[]): string | undefined {
  for (const [i, line] of lines.entries()) {
    try {
      parseRight(line);
    } catch {
      return c.get('t')('users.err.right_line', { n: i + 1, line });
    }
  }
  return undefined;
}

export function usersPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/users', adminOnly(d));
  app.use('/users/*', adminOnly(d));
  app.get('/users', (c) => c.html(<UsersPage c={c} d={d} form={EMPTY} />));

  app.post('/users', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const f: AddForm = { login: str('login').trim().toLowerCase(), name: str('name').trim(), admin: str('role') === 'admin', rights: str('rights'), errors: {} };
    const lines = f.rights
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (!LOGIN.test(f.login)) f.errors.login = t('users.err.login');
    if (!f.name) f.errors.name = t('users.err.name');
    if (f.admin && lines.length) f.errors.rights = t('users.err.admin_no_rights');
    else f.errors.rights = checkRightLines(c, lines);
    if (!f.errors.rights) delete f.errors.rights;
    if (Object.keys(f.errors).length) return c.html(<UsersPage c={c} d={d} form={{ ...f, failure: t('users.err.fix_fields') }} />, 400);
    try {
      const admin = c.get('user')!;
      const { user, password } = await addUser(d.store.sql, { login: f.login, name: f.name, rights: lines, actor: admin.login, admin: f.admin, ...(d.passwordParams ? { params: d.passwordParams } : {}) });
      d.logger.info({ login: user.login, by: admin.login, role: user.role }, 'user added from the dashboard');
      c.header('Cache-Control', 'no-store');
      return c.html(
        <Page c={c} title="users.envelope.title" help="users" nav="users">
          <Envelope c={c} login={user.login} name={user.name} secret={password} kind="created" />
        </Page>,
        201,
      );
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return c.html(<UsersPage c={c} d={d} form={{ ...f, failure: userErrorText(c, e) }} />, e.code === 'AUTH_USER_EXISTS' ? 409 : 400);
    }
  });
  return app;
}
