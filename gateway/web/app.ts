// The HTTP application (hono): health endpoints and the JSON API.
import { Hono } from 'hono';
import type { Logger } from '../core/logger.ts';
import { filesApi } from './api/files.ts';
import { filesView } from './files-view.ts';
import { documentsApi } from './api/documents.ts';
import type { Store } from '../store/db.ts';
import { runChecks, type ReadinessCheck } from './health.ts';
import { keysApi } from './api/keys.ts';
import type { Signers } from '../../signer/signers.ts';

export interface AppDeps {
  store: Store;
  readiness: Record<string, ReadinessCheck>;
  logger: Logger;
  version: string;
  signers?: Pick<Signers, 'list'>;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Liveness: the process answers and its event loop turns.
  app.get('/healthz', (c) => c.json({ status: 'pass', version: deps.version }, 200, { 'content-type': 'application/health+json' }));
  // Readiness: database writable, drop folders reachable, workers running.
  app.get('/readyz', async (c) => {
    const r = await runChecks(deps.readiness);
    return c.json({ ...r, version: deps.version }, r.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });
  });
  app.route('/api/v1/files', filesApi(filesView(deps.store)));
  app.route('/api/v1/documents', documentsApi(deps.store));
  app.route('/api/v1/keys', keysApi(deps.store, deps.signers ?? { list: async () => [] }));
  app.notFound((c) => c.json({ error: { code: 'API_NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    deps.logger.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: { code: 'BUG_UNEXPECTED', message: 'internal error' } }, 500);
  });
  return app;
}
