// GET /api/v1/settings (administrators): the effective configuration with secrets masked and where it came from.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { adminOnly } from '../security/guard.ts';
import { settingsView } from '../views/settings-view.ts';
import { API_ERRORS, API_SECURITY, json } from './openapi.ts';

const settingsSchema = z
  .object({
    version: z.string(),
    config_file: z.string().nullable().describe('null: embedded defaults'),
    env_overrides: z.array(z.string()),
    demo: z.boolean().nullable(),
    data_dir: z.string(),
    tls: z.boolean(),
    session: z.object({ idle_minutes: z.number().int(), absolute_hours: z.number().int() }),
    login: z.object({ max_failed_logins: z.number().int(), auto_unlock_minutes: z.number().int().nullable(), admin_totp_required: z.boolean(), password_min_length: z.number().int(), password_max_length: z.number().int(), attempts_per_ip_per_minute: z.number().int() }),
    config: z.record(z.string(), z.unknown()).describe('The whole configuration; *_env keys show the variable name and whether it is set, never a value'),
  })
  .meta({ id: 'Settings' });

const route = createRoute({ method: 'get', path: '/api/v1/settings', summary: 'Effective configuration, secrets masked (administrators)', security: API_SECURITY, responses: { 200: json(settingsSchema, 'Settings'), ...API_ERRORS } });

export function registerSettingsApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.use('/api/v1/settings', adminOnly(d));
  api.openapi(route, (c) => {
    const s = settingsView(d);
    return c.json(
      {
        version: s.version,
        config_file: s.source?.file ?? null,
        env_overrides: [...(s.source?.envOverrides ?? [])],
        demo: s.source?.demo ?? null,
        data_dir: s.dataDir,
        tls: s.http.tls,
        session: { idle_minutes: s.session.idleMinutes, absolute_hours: s.session.absoluteHours },
        login: { max_failed_logins: s.login.maxFailedLogins, auto_unlock_minutes: s.login.autoUnlockMinutes, admin_totp_required: s.login.adminTotpRequired, password_min_length: s.login.passwordMin, password_max_length: s.login.passwordMax, attempts_per_ip_per_minute: s.login.attemptsPerIpPerMinute },
        config: s.masked,
      },
      200,
    );
  });
}
