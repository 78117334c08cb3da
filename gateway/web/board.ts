// bull-board (the BullMQ community's queue UI, ecosystem.md 2.6) inside the dashboard when the queue backend is BullMQ:
// the full board for administrators at /queues/board (every action audited), a read-only one for everyone else at
// /queues/board-view. Both behind our login (boards exposed without one are a recurring finding: PatchMon#248).
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import type { BullmqJobQueue } from '../queue/bullmq-queue.ts';
import { appendEvent } from '../store/sql/audit-log.ts';
import type { WebEnv } from './context.ts';
import type { WebDeps } from './deps.ts';
import { adminOnly } from './security/guard.ts';
import { BOARD, BOARD_VIEW, XSRF_COOKIE } from './board-paths.ts';

function board(base: string, readOnly: boolean, queue: BullmqJobQueue) {
  const adapter = new HonoAdapter(serveStatic).setBasePath(base);
  const b = createBullBoard({ queues: [], serverAdapter: adapter, options: { uiConfig: { boardTitle: readOnly ? 'bankgate (view)' : 'bankgate', locale: { lng: 'ru-RU' } } } });
  const shown = new Set<string>();
  /** Queues appear in Redis as work arrives (a new key's sign queue): picked up on each visit. */
  const sync = async () => {
    for (const name of await queue.queues()) {
      if (shown.has(name)) continue;
      shown.add(name);
      b.addQueue(new BullMQAdapter(queue.bullQueue(name), { readOnlyMode: readOnly, allowRetries: !readOnly, displayName: name }));
    }
  };
  return { app: adapter.registerPlugin(), sync };
}

export function boardRoutes(d: WebDeps & { bullmq: BullmqJobQueue }): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const admin = board(BOARD, false, d.bullmq);
  const view = board(BOARD_VIEW, true, d.bullmq);
  const prepare = (which: typeof admin): MiddlewareHandler<WebEnv> => async (c, next) => {
    await which.sync();
    await next();
  };
  const withToken: MiddlewareHandler<WebEnv> = async (c, next) => {
    const csrf = c.get('session')?.csrf;
    if (csrf && c.req.method === 'GET') setCookie(c, XSRF_COOKIE, csrf, { path: BOARD, sameSite: 'Strict', secure: Boolean(d.tls), httpOnly: false });
    await next();
    // Every change through the board is the admin's act on the queues: recorded like our own queue page's.
    if (c.req.method !== 'GET' && c.res.status < 400) {
      await appendEvent(d.store.sql, { entityType: 'system', entityId: 'queue:board', type: 'queue.board_action', actor: c.get('user')!.login, data: { method: c.req.method, path: c.req.path.slice(BOARD.length) } });
    }
  };
  app.use(BOARD, adminOnly(d), withToken, prepare(admin));
  app.use(`${BOARD}/*`, adminOnly(d), withToken, prepare(admin));
  app.use(BOARD_VIEW, prepare(view));
  app.use(`${BOARD_VIEW}/*`, prepare(view));
  app.route(BOARD, admin.app);
  app.route(BOARD_VIEW, view.app);
  return app;
}
