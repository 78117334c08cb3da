// The HTTP application (hono): security headers, sessions and CSRF, the dashboard pages, F1 help, the JSON API
// (OpenAPI at /api/openapi.json) and the health endpoints.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { registerFilesApi } from './api/files.ts';
import { registerDocumentsApi } from './api/documents.ts';
import { registerOverviewApi } from './api/overview.ts';
import { runChecks } from './health.ts';
import type { WebEnv } from './context.ts';
import type { WebDeps } from './deps.ts';
import { securityHeaders } from './security/headers.ts';
import { sessionMiddleware } from './session/middleware.ts';
import { csrfMiddleware } from './security/csrf.ts';
import { authPages } from './pages/auth.tsx';
import { helpRoutes } from './help/routes.tsx';
import { isApi } from './security/refuse.ts';
import { errorPage } from './ui/error-page.tsx';
import { tFor } from './i18n/translate.ts';
import { dashboardPages } from './pages/index.ts';
import { registerSessionApi } from './api/session.ts';
import { registerSigningApi } from './api/signing.ts';
import { registerQueuesApi } from './api/queues.ts';
import { registerMailboxesApi } from './api/mailboxes.ts';
import { registerLettersApi } from './api/letters.ts';
import { registerStatementsApi } from './api/statements.ts';
import { registerAuditApi } from './api/audit.ts';
import { registerKeysApi } from './api/keys.ts';
import { registerSettingsApi } from './api/settings.ts';
import { registerFxApi } from './api/fx.ts';
import { registerUsersApi } from './api/users.ts';
import { registerInboxApi } from './api/inbox.ts';
import { isInboxUpload } from './inbox/request.ts';
import { createApiApp, serveOpenApi } from './api/openapi.ts';
import { createThrottle } from './security/throttle.ts';
import { letterBodyLimit } from './security/letter-body-limit.ts';
import { boardRoutes } from './board.ts';

export type { WebDeps } from './deps.ts';

/** The largest request body accepted at all (a letter with its attachments). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export function createApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  // Liveness and readiness answer before sessions are looked at: monitors have no login.
  app.get('/healthz', (c) => c.json({ status: 'pass', version: deps.version }, 200, { 'content-type': 'application/health+json' }));
  app.get('/readyz', async (c) => {
    const r = await runChecks(deps.readiness);
    return c.json({ ...r, version: deps.version }, r.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });
  });
  app.use('*', securityHeaders(Boolean(deps.tls)));
  // No request body may exhaust memory (ASVS 5.2.1); letters with attachments are the largest legitimate ones. A file
  // posted to the HTTP inbox is streamed to disk (never buffered) under its mailbox's own max_bytes, which may be larger.
  const cap = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: { code: 'API_BODY_TOO_LARGE', message: `request body over ${MAX_BODY_BYTES} bytes` } }, 413) });
  app.use('*', (c, next) => (isInboxUpload(c.req.path, c.req.header('content-type')) ? next() : cap(c, next)));
  app.use('*', sessionMiddleware(deps));
  // Uploads are capped before the CSRF check reads the form.
  app.use('/letters', letterBodyLimit());
  app.use('/api/v1/letters', letterBodyLimit());
  app.use('*', csrfMiddleware(deps));
  // One per-IP login budget shared by the login page and the JSON login.
  const throttle = createThrottle(deps.config.http.login_attempts_per_ip_per_minute);
  app.route('/', authPages(deps, throttle));
  app.route('/help', helpRoutes(deps));
  const api = createApiApp();
  registerSessionApi(api, deps, throttle);
  registerSigningApi(api, deps);
  registerQueuesApi(api, deps);
  registerMailboxesApi(api, deps);
  registerLettersApi(api, deps);
  registerStatementsApi(api, deps);
  registerAuditApi(api, deps);
  registerKeysApi(api, deps);
  registerSettingsApi(api, deps);
  registerFxApi(api, deps);
  registerUsersApi(api, deps);
  registerFilesApi(api, deps);
  registerInboxApi(api, deps);
  registerDocumentsApi(api, deps);
  registerOverviewApi(api, deps);
  serveOpenApi(api, deps.version);
  app.route('/', api);
  if (deps.bullmq) app.route('/', boardRoutes({ ...deps, bullmq: deps.bullmq }));
  app.route('/', dashboardPages(deps));
  app.notFound((c) => {
    if (isApi(c as never)) return c.json({ error: { code: 'API_NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
    if (!c.get('t')) return c.text('not found', 404);
    return errorPage(c, 404, 'error.not_found');
  });
  app.onError((err, c) => {
    const time = new Date().toISOString();
    deps.logger.error({ err, path: c.req.path, method: c.req.method, time }, 'request failed');
    if (isApi(c as never) || !c.get('t')) return c.json({ error: { code: 'BUG_UNEXPECTED', message: 'internal error' } }, 500);
    c.set('t', c.get('t') ?? tFor('en'));
    return errorPage(c, 500, 'error.internal', { time });
  });
  return app;
}
