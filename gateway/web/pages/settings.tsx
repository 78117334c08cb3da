/** @jsxImportSource hono/jsx */
// Settings (administrators only, read-only): where the configuration came from, version, data folder, TLS, session
// timeouts and login rules, then the effective configuration as TOML with secrets masked. Changes go into the file.
import { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { adminOnly } from '../security/guard.ts';
import { Notice, Page } from '../ui/layout.tsx';
import { Facts } from '../ui/widgets.tsx';
import { settingsView } from '../views/settings-view.ts';

function SettingsPage({ c, d }: { c: WebContext; d: WebDeps }) {
  const t = c.get('t');
  const s = settingsView(d);
  const yes = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  const src = s.source;
  return (
    <Page c={c} title="settings.title" help="settings" nav="settings">
      {!s.http.tls ? <Notice kind="info">{t('settings.no_tls')}</Notice> : null}
      <h2 data-help="settings.source">{t('settings.source')}</h2>
      <Facts
        rows={[
          [t('settings.file'), src ? (src.file ? <span class="mono">{src.file}</span> : t('settings.defaults')) : <span class="muted">{t('settings.unknown')}</span>],
          [t('settings.env_overrides'), src && src.envOverrides.length ? <span class="mono">{src.envOverrides.join(', ')}</span> : t('common.none')],
          [t('settings.demo'), src ? yes(src.demo) : t('common.none')],
          [t('settings.version'), <span class="mono">{s.version}</span>],
          [t('settings.data_dir'), <span class="mono">{s.dataDir}</span>],
          [t('settings.bank'), <span class="mono">{s.bank}</span>],
        ]}
      />
      <h2 data-help="settings.security">{t('settings.security')}</h2>
      <Facts
        rows={[
          [t('settings.address'), <span class="mono">{`${s.http.host}:${s.http.port}`}</span>],
          [t('settings.tls'), s.http.tls ? t('settings.tls_on', { file: s.http.certFile ?? '' }) : t('settings.tls_off')],
          [t('settings.insecure'), yes(s.http.insecureNonLoopback)],
          [t('settings.idle'), t('settings.minutes', { count: s.session.idleMinutes })],
          [t('settings.absolute'), t('settings.hours', { count: s.session.absoluteHours })],
          [t('settings.max_failed'), String(s.login.maxFailedLogins)],
          [t('settings.auto_unlock'), s.login.autoUnlockMinutes === null ? t('settings.admin_unlocks') : t('settings.minutes', { count: s.login.autoUnlockMinutes })],
          [t('settings.admin_totp'), yes(s.login.adminTotpRequired)],
          [t('settings.password'), t('settings.password_rule', { min: s.login.passwordMin, max: s.login.passwordMax }) + (s.login.passwordPreset ? ` (${t('settings.preset', { preset: s.login.passwordPreset })})` : '')],
          [t('settings.per_ip'), String(s.login.attemptsPerIpPerMinute)],
        ]}
      />
      <h2 data-help="settings.effective">{t('settings.effective')}</h2>
      <p class="muted">{t('settings.masked_hint')}</p>
      <pre class="config">{s.toml}</pre>
    </Page>
  );
}

export function settingsPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/settings', adminOnly(d));
  app.get('/settings', (c) => c.html(<SettingsPage c={c} d={d} />));
  return app;
}
