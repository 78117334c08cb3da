// Admin route handlers: thin wrappers over SandboxAdmin; an AdminError becomes its status with the contract's error body.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AdminError, type SandboxAdmin } from '../admin.ts';
import { errorBody, type SandboxEnv } from './http.ts';
import {
  getAccountsRoute,
  getClockRoute,
  getFaultsRoute,
  getRatesRoute,
  postAccountRoute,
  postBankLetterRoute,
  postCertificateRoute,
  postIncomingRoute,
  postTickRoute,
  putClientRoute,
  putClockRoute,
  putFaultsRoute,
  putPolicyRoute,
  putRatesRoute,
} from './admin-specs.ts';

function run<T extends object>(c: Context<SandboxEnv>, fn: () => T) {
  try {
    return c.json(fn() as T, 200);
  } catch (e) {
    if (!(e instanceof AdminError)) throw e;
    const b = errorBody(e.code, e.message);
    return e.status === 404 ? c.json(b, 404) : e.status === 409 ? c.json(b, 409) : c.json(b, 400);
  }
}

export function registerAdminRoutes(app: OpenAPIHono<SandboxEnv>, admin: SandboxAdmin): void {
  app.openapi(putClientRoute, (c) => run(c, () => admin.upsertClient({ ...c.req.valid('json'), client_id: c.req.valid('param').client_id })));
  app.openapi(putPolicyRoute, (c) => run(c, () => admin.setPolicy(c.req.valid('param').client_id, c.req.valid('json'))));
  app.openapi(postAccountRoute, (c) => run(c, () => admin.openAccount(c.req.valid('json'))));
  app.openapi(getAccountsRoute, (c) => run(c, () => admin.accounts(c.req.valid('query').client_id)));
  app.openapi(postCertificateRoute, (c) => run(c, () => admin.registerCertificate(c.req.valid('json'))));
  app.openapi(postIncomingRoute, (c) => run(c, () => admin.incomingPayment(c.req.valid('json'))));
  app.openapi(getFaultsRoute, (c) => run(c, () => admin.faults()));
  app.openapi(putFaultsRoute, (c) => run(c, () => admin.setFaults(c.req.valid('json'))));
  app.openapi(getClockRoute, (c) => run(c, () => admin.clock()));
  app.openapi(putClockRoute, (c) => run(c, () => admin.setClock(c.req.valid('json'))));
  app.openapi(getRatesRoute, (c) => run(c, () => admin.fxRates()));
  app.openapi(putRatesRoute, (c) => run(c, () => admin.setFxRates(c.req.valid('json'))));
  app.openapi(postBankLetterRoute, (c) => run(c, () => admin.sendLetter(c.req.valid('json'))));
  app.openapi(postTickRoute, (c) => run(c, () => admin.tick()));
}
