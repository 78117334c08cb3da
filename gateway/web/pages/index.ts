// Every dashboard page area, mounted at the root; each area checks its own rights on the server.
import { Hono } from 'hono';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { mailboxesPage } from './mailboxes.tsx';
import { overviewPage } from './overview.tsx';
import { queuesPage } from './queues.tsx';
import { signingPage } from './signing.tsx';
import { settingsPage } from './settings.tsx';
import { keysPage } from './keys.tsx';
import { auditPage } from './audit.tsx';
import { usersPage } from './users.tsx';
import { userPage } from './user.tsx';
import { lettersPage } from './letters.tsx';
import { fxPage } from './fx.tsx';
import { statementsPage } from './statements.tsx';
import { documentsPage } from './documents.tsx';
import { documentPages } from './document.tsx';

export function dashboardPages(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.route('/', overviewPage(d));
  app.route('/', signingPage(d));
  app.route('/', queuesPage(d));
  app.route('/', mailboxesPage(d));
  app.route('/', statementsPage(d));
  app.route('/', fxPage(d));
  app.route('/', lettersPage(d));
  app.route('/', usersPage(d));
  app.route('/', userPage(d));
  app.route('/', auditPage(d));
  app.route('/', keysPage(d));
  app.route('/', settingsPage(d));
  app.route('/', documentsPage(d));
  app.route('/', documentPages(d));
  return app;
}
