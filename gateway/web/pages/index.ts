// Every dashboard page area, mounted at the root; each area checks its own rights on the server.
import { Hono } from 'hono';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { mailboxesPage } from './mailboxes.tsx';
import { overviewPage } from './overview.tsx';
import { queuesPage } from './queues.tsx';
import { signingPage } from './signing.tsx';

export function dashboardPages(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.route('/', overviewPage(d));
  app.route('/', signingPage(d));
  app.route('/', queuesPage(d));
  app.route('/', mailboxesPage(d));
  return app;
}
