/** @jsxImportSource hono/jsx */
// Login, first-login password change and logout pages. A login always gets a new session id (ASVS 7.2.4); a
// password change ends the account's other sessions (7.4.3); logout deletes the session on the server (7.4.1).
import { Hono } from 'hono';
import { changePassword, login, type LoginResult } from '../../auth/users.ts';
import { GatewayError } from '../../core/errors.ts';
import { appendEvent, appendEventTx } from '../../store/sql/audit-log.ts';
import { createSession, deleteSession, deleteSessionsOf } from '../../store/web-sessions-repo.ts';
import { clientIp, type WebContext, type WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Translate } from '../i18n/translate.ts';
import { auditRefusal } from '../security/refuse.ts';
import type { Throttle } from '../security/throttle.ts';
import { clearSessionCookie, writeSessionCookie } from '../session/cookie.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';

/** Only a local path may be a return address (no open redirect to another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

function LoginForm(p: { c: WebContext; next: string; login?: string; error?: string; info?: string; askTotp?: boolean }) {
  const t = p.c.get('t');
  return (
    <Page c={p.c} title="login.title" help="login">
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      {p.info ? <Notice kind="info">{p.info}</Notice> : null}
      <form method="post" action="/login" class="card" autocomplete="on">
        <input type="hidden" name="next" value={p.next} />
        <label for="login" data-help="login.login">
          {t('login.login')}
        </label>
        <input id="login" name="login" type="text" autocomplete="username" required value={p.login ?? ''} data-help="login.login" autofocus={!p.login} />
        <label for="password">{t('login.password')}</label>
        {/* Paste and password managers allowed (ASVS 6.2.7): no autocomplete=off, no paste blocking. */}
        <input id="password" name="password" type="password" autocomplete="current-password" required data-help="login.password" autofocus={Boolean(p.login) && !p.askTotp} />
        {p.askTotp ? (
          <>
            <label for="totp">{t('login.totp')}</label>
            <input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" data-help="login.totp" autofocus />
          </>
        ) : null}
        <p>
          <button type="submit">{t('login.submit')}</button>
        </p>
      </form>
    </Page>
  );
}

function failureText(t: Translate, r: Extract<LoginResult, { ok: false }>, login: string, lang: Parameters<typeof formatDateTime>[1]): string {
  switch (r.reason) {
    case 'locked':
      return r.unlocksAt ? t('login.locked_until', { time: formatDateTime(r.unlocksAt, lang) }) : t('login.locked');
    case 'wrong-password':
      // The count is shown only after a right login name's wrong password… but 'unknown' gets the same words.
      return t('login.failed');
    case 'wrong-totp':
      return t('login.totp_wrong');
    case 'totp-required':
      return t('login.totp_required');
    case 'totp-enrolment-required':
      return t('login.totp_enrolment_required', { login });
    default:
      return t('login.failed');
  }
}

function PasswordForm(p: { c: WebContext; d: WebDeps; error?: string; ok?: string }) {
  const t = p.c.get('t');
  const user = p.c.get('user')!;
  const rules = p.d.config.auth.password;
  return (
    <Page c={p.c} title="password.title" help="password">
      {user.mustChangePassword ? <Notice kind="info">{t('password.first_login')}</Notice> : null}
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      {p.ok ? <Notice kind="ok">{p.ok}</Notice> : null}
      <form method="post" action="/password" class="card">
        <Csrf c={p.c} />
        <input type="text" name="username" autocomplete="username" value={user.login} hidden />
        <label for="current">{t('password.current')}</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required data-help="password.current" autofocus />
        <label for="next">{t('password.new')}</label>
        <input id="next" name="next" type="password" autocomplete="new-password" required data-help="password.new" />
        <label for="repeat">{t('password.repeat')}</label>
        <input id="repeat" name="repeat" type="password" autocomplete="new-password" required data-help="password.new" />
        <p class="muted">{t('password.rules', { min: rules.min_length, max: rules.max_length })}</p>
        <p>
          <button type="submit">{t('password.submit')}</button>
        </p>
      </form>
    </Page>
  );
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function authPages(d: WebDeps, throttle: Throttle): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const tls = Boolean(d.tls);
  const authOpts = { config: d.config.auth, ...(d.passwordParams ? { params: d.passwordParams } : {}) };

  app.get('/login', (c) => {
    if (c.get('user') && c.get('session')) return c.redirect(safeNext(c.req.query('next')), 303);
    const info = c.req.query('ended') ? c.get('t')('login.session_ended') : c.req.query('out') ? c.get('t')('login.logged_out') : undefined;
    return c.html(<LoginForm c={c} next={safeNext(c.req.query('next'))} {...(info ? { info } : {})} />);
  });

  app.post('/login', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const name = str(body['login']).slice(0, 100);
    const next = safeNext(body['next']);
    const ip = clientIp(c);
    // Per-IP throttling comes before the account's counter: guessing from one machine cannot lock signers out.
    if (!throttle.take(ip, d.store.clock.now())) {
      await auditRefusal(d.store, c, 'throttled', { login: name });
      c.header('Retry-After', String(throttle.retryAfter(ip, d.store.clock.now())));
      return c.html(<LoginForm c={c} next={next} login={name} error={t('error.throttled')} />, 429);
    }
    const totp = str(body['totp']).trim();
    const r = await login(d.store.sql, name, str(body['password']).slice(0, 4096), { ...authOpts, ...(totp ? { totp } : {}) });
    if (!r.ok) {
      d.logger.warn({ login: name, ip, reason: r.reason }, 'dashboard login refused');
      if (r.reason === 'unknown') await appendEvent(d.store.sql, { entityType: 'system', entityId: 'web', type: 'web.login-failed', actor: `ip:${ip}`, data: { login: name, reason: 'unknown login', ip } });
      const askTotp = r.reason === 'totp-required' || r.reason === 'wrong-totp';
      return c.html(<LoginForm c={c} next={next} login={name} error={failureText(t, r, name, c.get('lang'))} askTotp={askTotp} />, askTotp && r.reason === 'totp-required' ? 200 : 401);
    }
    // A new session id at every login; an old cookie's session (if any) ends here.
    const old = c.get('session');
    const { token } = await d.store.sql.transaction(async (tx) => {
      if (old) await deleteSession(tx, old.idHash);
      const made = await createSession(tx, r.user.id, { ip, userAgent: c.req.header('user-agent') ?? null });
      await appendEventTx(tx, { entityType: 'user', entityId: r.user.id, type: 'web.login', actor: r.user.login, data: { ip } });
      return made;
    });
    writeSessionCookie(c, tls, token);
    d.logger.info({ login: r.user.login, ip }, 'dashboard login');
    return c.redirect(r.mustChangePassword ? '/password' : next, 303);
  });

  app.get('/password', (c) => c.html(<PasswordForm c={c} d={d} />));

  app.post('/password', async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const body = await c.req.parseBody();
    const current = str(body['current']);
    const next = str(body['next']);
    if (next !== str(body['repeat'])) return c.html(<PasswordForm c={c} d={d} error={t('password.mismatch')} />, 400);
    try {
      await changePassword(d.store.sql, user.login, current, next, authOpts);
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      const rules = d.config.auth.password;
      const rule = (e.details as { rule?: string } | undefined)?.rule;
      const msg =
        e.code === 'AUTH_PASSWORD_POLICY'
          ? rule === 'min-length'
            ? t('password.too_short', { min: rules.min_length })
            : rule === 'max-length'
              ? t('password.too_long', { max: rules.max_length })
              : rule === 'common'
                ? t('password.common')
                : rule === 'same'
                  ? t('password.same')
                  : t('password.contains_login')
          : t('password.wrong_current');
      return c.html(<PasswordForm c={c} d={d} error={msg} />, 400);
    }
    // Other sessions of the account end (ASVS 7.4.3); this one goes on under a fresh id.
    const session = c.get('session');
    const { token, session: fresh } = await d.store.sql.transaction(async (tx) => {
      await deleteSessionsOf(tx, user.id);
      return createSession(tx, user.id, { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
    });
    writeSessionCookie(c, tls, token);
    c.set('user', { ...user, mustChangePassword: false });
    c.set('session', fresh);
    void session;
    return c.html(<PasswordForm c={c} d={d} ok={t('password.changed')} />);
  });

  app.post('/logout', async (c) => {
    const s = c.get('session');
    const user = c.get('user');
    await d.store.sql.transaction(async (tx) => {
      if (s) await deleteSession(tx, s.idHash);
      if (user) await appendEventTx(tx, { entityType: 'user', entityId: user.id, type: 'web.logout', actor: user.login, data: {} });
    });
    clearSessionCookie(c, tls);
    return c.redirect('/login?out=1', 303);
  });
  return app;
}
