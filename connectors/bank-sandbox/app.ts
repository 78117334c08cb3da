// The sandbox bank's hono app (@hono/zod-openapi): client API v1 and admin routes declared with zod schemas,
// the OpenAPI document at GET /openapi.json, fault knobs, auth and lazy execution as middleware.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { API_VERSION } from '../bank-api/contract.ts';
import type { SandboxAdmin } from './admin.ts';
import type { SandboxCore } from './core.ts';
import { executeDue } from './execute.ts';
import { reason } from './reasons.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { adminAuth, clientAuth } from './routes/auth.ts';
import { registerClientRoutes } from './routes/client.ts';
import { faultsAfterStore, faultsBefore, type Hangs } from './routes/faults.ts';
import { errorBody, type SandboxEnv } from './routes/http.ts';

const ADMIN_PREFIX = '/v1/sandbox/';
/** Requests that store something: the after-store fault knobs apply to them. */
const STORING = new Set(['/v1/documents', '/v1/documents/batch', '/v1/fx/orders', '/v1/letters']);

function clientOnly(mw: MiddlewareHandler<SandboxEnv>): MiddlewareHandler<SandboxEnv> {
  return (c, next) => (c.req.path.startsWith(ADMIN_PREFIX) ? next() : mw(c, next));
}

export function createSandboxApp(core: SandboxCore, admin: SandboxAdmin, hangs: Hangs): OpenAPIHono<SandboxEnv> {
  const app = new OpenAPIHono<SandboxEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const message = result.error.issues.map((i) => `${[result.target, ...i.path].join('.')}: ${i.message}`).join('; ');
      return c.json(errorBody('MALFORMED', message, reason('MALFORMED', { en: message, ru: message, kk: message })), 400);
    },
  });

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    core.logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - t0) }, 'sandbox request');
  });
  app.use('/v1/*', clientOnly(faultsBefore(core.faults)));
  app.use('/v1/*', clientOnly(clientAuth(core.db)));
  // Lazy execution: a read never shows a document as accepted when its time has come, tick or no tick.
  app.use('/v1/*', clientOnly(async (_c, next) => {
    executeDue(core);
    await next();
  }));
  const afterStore = faultsAfterStore(core.faults, hangs);
  app.use('/v1/*', clientOnly((c, next) => (c.req.method === 'POST' && STORING.has(c.req.path) ? afterStore(c, next) : next())));
  app.use(`${ADMIN_PREFIX}*`, adminAuth(admin.token));

  registerClientRoutes(app, core);
  registerAdminRoutes(app, admin);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: "The client's token" });
  app.openAPIRegistry.registerComponent('securitySchemes', 'admin', { type: 'http', scheme: 'bearer', description: 'The sandbox admin token (dataDir/admin-token)' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: `${core.config.bank.name} — bank API ${API_VERSION} (bankgate sandbox)`, version: API_VERSION, description: 'Money is a decimal string, dates YYYY-MM-DD, instants ISO 8601 UTC; every mutating request carries an Idempotency-Key.' },
  });

  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((e, c) => {
    core.logger.error({ err: e, path: c.req.path }, 'sandbox request failed');
    return c.json(errorBody('INTERNAL', 'internal error'), 500);
  });
  return app;
}
