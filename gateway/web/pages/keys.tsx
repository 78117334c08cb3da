/** @jsxImportSource hono/jsx */
// Keys: everyone sees the signing keys (certificate, validity with a warning under 30 days, bound user, token
// present / unlocked, automatic signing, sign-queue counts); administrators bind a recorded key to a user or unbind it
// (audited as key.bound / key.unbound, like `bankgate keys bind`).
import { Hono } from 'hono';
import type { KeyView } from '../../../signer/signers.ts';
import { isGatewayError } from '../../core/errors.ts';
import { getKey, unbindKey } from '../../store/keys-repo.ts';
import { findUserByLogin, listUsers, type UserRow } from '../../store/users-repo.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatDateTime, formatDay } from '../i18n/format.ts';
import { adminOnly } from '../security/guard.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { daysLeft, EXPIRY_WARNING_DAYS, keyViews, rebindKey } from '../views/keys-view.ts';
import { userErrorText } from './users.tsx';

function Validity({ c, k }: { c: WebContext; k: KeyView }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const left = daysLeft(k.notAfter, Date.now());
  return (
    <>
      {formatDay(k.notBefore.slice(0, 10), lang)} — {formatDay(k.notAfter.slice(0, 10), lang)}
      {left < 0 ? <div class="state rejected">{t('keys.expired')}</div> : left < EXPIRY_WARNING_DAYS ? <div class="state held">{t('keys.expires_in', { count: left })}</div> : null}
    </>
  );
}

function Token({ c, k }: { c: WebContext; k: KeyView }) {
  const t = c.get('t');
  if (!k.served) return <span class="muted">{t('keys.not_served')}</span>;
  return (
    <>
      <div>{k.present ? t('keys.present') : t('keys.absent')}</div>
      <div>{k.unlocked ? t('keys.unlocked') : t('keys.locked')}</div>
      {k.presenceError ? <div class="state rejected">{k.presenceError}</div> : null}
      {k.lastSignedAt ? <div class="muted">{t('keys.last_signed', { time: formatDateTime(k.lastSignedAt, c.get('lang')) })}</div> : null}
    </>
  );
}

function BindForms({ c, k, signers }: { c: WebContext; k: KeyView; signers: UserRow[] }) {
  const t = c.get('t');
  return (
    <>
      <form method="post" action="/keys/bind" class="inline">
        <Csrf c={c} />
        <input type="hidden" name="key" value={k.keyId} />
        <select name="login" aria-label={t('keys.bind_to')} data-help="keys.binding">
          {signers.map((u) => (
            <option value={u.login} selected={u.id === k.boundUserId}>
              {`${u.login} — ${u.name}`}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{t('keys.bind')}</button>
      </form>
      {k.boundUserId ? (
        <form method="post" action="/keys/unbind" class="inline" data-confirm={t('keys.unbind_confirm')}>
          <Csrf c={c} />
          <input type="hidden" name="key" value={k.keyId} />
          <button type="submit" class="secondary">
            {t('keys.unbind')}
          </button>
        </form>
      ) : null}
    </>
  );
}

async function KeysPage({ c, d, notice }: { c: WebContext; d: WebDeps; notice?: { kind: 'ok' | 'error'; text: string } | undefined }) {
  const t = c.get('t');
  const keys = await keyViews(d);
  const users = await listUsers(d.store.sql);
  const byId = new Map(users.map((u) => [u.id, u]));
  const admin = c.get('user')!.role === 'admin';
  const signers = users.filter((u) => u.role !== 'admin' && !u.locked);
  return (
    <Page c={c} title="keys.title" help="keys" nav="keys">
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {keys.length === 0 ? (
        <Notice kind="info">{t('keys.none')}</Notice>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('keys.col.key')}</th>
              <th>{t('keys.col.subject')}</th>
              <th>{t('keys.col.validity')}</th>
              <th>{t('keys.col.user')}</th>
              <th>{t('keys.col.token')}</th>
              <th>{t('keys.col.automatic')}</th>
              <th class="num">{t('keys.col.queue')}</th>
              {admin ? <th>{t('keys.col.binding')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const user = k.boundUserId ? byId.get(k.boundUserId) : undefined;
              return (
                <tr>
                  <td>
                    <div>{k.label}</div>
                    <div class="muted mono">{k.keyId}</div>
                    <div class="muted">
                      {k.provider}
                      {k.tokenLabel ? `, ${t('keys.token', { label: k.tokenLabel })}` : ''}
                      {k.tokenSerial ? ` (${k.tokenSerial})` : ''}
                    </div>
                  </td>
                  <td>
                    <div>{k.subject}</div>
                    {k.iin ? <div class="muted mono">{t('keys.iin', { value: k.iin })}</div> : null}
                    {k.bin ? <div class="muted mono">{t('keys.bin', { value: k.bin })}</div> : null}
                  </td>
                  <td>
                    <Validity c={c} k={k} />
                  </td>
                  <td>{user ? `${user.login} — ${user.name}` : <span class="muted">{t('keys.unbound')}</span>}</td>
                  <td>
                    <Token c={c} k={k} />
                  </td>
                  <td>{k.automatic ? <span class="state held">{t('keys.automatic_on')}</span> : t('common.no')}</td>
                  <td class="num">{k.queue ? t('keys.queue', { waiting: k.queue.waiting + k.queue.delayed, active: k.queue.active, dead: k.queue.dead }) : t('common.none')}</td>
                  {admin ? (
                    <td>
                      <BindForms c={c} k={k} signers={signers} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {admin ? <p class="muted">{t('keys.bind_hint')}</p> : null}
    </Page>
  );
}

export function keysPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/keys', async (c) => {
    const done = c.req.query('done');
    const login = c.req.query('login') ?? '';
    const t = c.get('t');
    const notice = done === 'bound' && /^[a-z0-9._-]{1,64}$/.test(login) ? { kind: 'ok' as const, text: t('keys.done.bound', { login }) } : done === 'unbound' ? { kind: 'ok' as const, text: t('keys.done.unbound') } : undefined;
    return c.html(<KeysPage c={c} d={d} notice={notice} />);
  });

  app.post('/keys/bind', adminOnly(d), async (c) => {
    const body = await c.req.parseBody();
    const keyId = typeof body['key'] === 'string' ? body['key'] : '';
    const user = (await findUserByLogin(d.store.sql, typeof body['login'] === 'string' ? body['login'] : ''));
    if (!user || !(await getKey(d.store.sql, keyId))) return c.html(<KeysPage c={c} d={d} notice={{ kind: 'error', text: c.get('t')('keys.err.unknown') }} />, 400);
    try {
      await rebindKey(d.store.sql, keyId, user, c.get('user')!.login);
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      return c.html(<KeysPage c={c} d={d} notice={{ kind: 'error', text: userErrorText(c, e) }} />, 409);
    }
    return c.redirect(`/keys?done=bound&login=${encodeURIComponent(user.login)}`, 303);
  });

  app.post('/keys/unbind', adminOnly(d), async (c) => {
    const body = await c.req.parseBody();
    const keyId = typeof body['key'] === 'string' ? body['key'] : '';
    if (!(await getKey(d.store.sql, keyId))) return c.html(<KeysPage c={c} d={d} notice={{ kind: 'error', text: c.get('t')('keys.err.unknown') }} />, 400);
    await unbindKey(d.store.sql, keyId, c.get('user')!.login);
    return c.redirect('/keys?done=unbound', 303);
  });
  return app;
}
