// The effective configuration for the Settings page and API: where it came from, the facts an administrator checks
// first (TLS, sessions, login rules), and the whole of it as TOML with secrets masked (only env variable names
// appear, with whether they are set — never a value).
import { maskSecrets, renderConfigToml } from '../../../config/print.ts';
import type { WebDeps } from '../deps.ts';

export interface SettingsView {
  version: string;
  source: { file: string | null; envOverrides: readonly string[]; demo: boolean } | null;
  dataDir: string;
  http: { host: string; port: number; tls: boolean; certFile: string | null; insecureNonLoopback: boolean };
  session: { idleMinutes: number; absoluteHours: number };
  login: { maxFailedLogins: number; autoUnlockMinutes: number | null; adminTotpRequired: boolean; passwordMin: number; passwordMax: number; passwordPreset: string | null; attemptsPerIpPerMinute: number };
  bank: string;
  masked: Record<string, unknown>;
  toml: string;
}

export function settingsView(d: WebDeps, env: NodeJS.ProcessEnv = process.env): SettingsView {
  const c = d.config;
  return {
    version: d.version,
    source: d.configSource ?? null,
    dataDir: c.data.dir,
    http: { host: c.http.host, port: c.http.port, tls: Boolean(d.tls), certFile: c.http.tls?.cert_file ?? null, insecureNonLoopback: c.http.allow_insecure_non_loopback },
    session: { idleMinutes: c.http.session.idle_minutes, absoluteHours: c.http.session.absolute_hours },
    login: {
      maxFailedLogins: c.auth.max_failed_logins,
      autoUnlockMinutes: c.auth.auto_unlock_minutes ?? null,
      adminTotpRequired: c.auth.admin_totp_required,
      passwordMin: c.auth.password.min_length,
      passwordMax: c.auth.password.max_length,
      passwordPreset: c.auth.password.preset ?? null,
      attemptsPerIpPerMinute: c.http.login_attempts_per_ip_per_minute,
    },
    bank: c.bank.connector,
    masked: maskSecrets(c, env),
    toml: renderConfigToml(c, env),
  };
}
