// Every dashboard page area, mounted at the root; each area checks its own rights on the server.
import { Hono } from 'hono';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { overviewPage } from './overview.tsx';
import { documentsPage } from './documents.tsx';
import { documentPages } from './document.tsx';

export function dashboardPages(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.route('/', overviewPage(d));
  app.route('/', documentsPage(d));
  app.route('/', documentPages(d));
  return app;
}
