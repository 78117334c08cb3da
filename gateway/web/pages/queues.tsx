/** @jsxImportSource hono/jsx */
// The queues page: every queue's counts and pause flag, the jobs in a chosen state, a search by document number,
// file name or amount, and retry / discard of dead jobs (administrators; audited). Everyone signed in may look.
import { Hono } from 'hono';
import { JOB_STATES, type JobState } from '../../queue/port.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { actOnDeadJob, type DeadJobAction } from '../queues/actions.ts';
import { searchJobs } from '../queues/search.ts';
import { jobsIn, queueSummaries } from '../queues/view.ts';
import { adminOnly } from '../security/guard.ts';
import { Notice, Page } from '../ui/layout.tsx';
import { BOARD, BOARD_VIEW } from '../board-paths.ts';
import { JobsTable, queueTitle, QueuesTable } from './queues-parts.tsx';

/** Jobs listed for one queue and state. */
const LIST_LIMIT = 100;
const DONE = { retried: 'queues.done.retried', discarded: 'queues.done.discarded', 'not-dead': 'queues.done.not_dead', 'not-found': 'queues.done.not_found' } as const;

const isState = (v: unknown): v is JobState => typeof v === 'string' && (JOB_STATES as readonly string[]).includes(v);

async function render(c: WebContext, d: WebDeps): Promise<Response> {
  const t = c.get('t');
  const queue = d.queue;
  if (!queue) {
    return c.html(
      <Page c={c} title="nav.queues" help="queues" nav="queues">
        <Notice kind="info">{t('queues.unavailable')}</Notice>
      </Page>,
    );
  }
  const queues = await queueSummaries(d.store, queue);
  const chosen = queues.find((q) => q.name === c.req.query('queue'));
  const state: JobState = isState(c.req.query('state')) ? (c.req.query('state') as JobState) : 'dead';
  const jobs = chosen ? await jobsIn(d.store, queue, chosen.name, state, LIST_LIMIT) : [];
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const found = q ? await searchJobs(d.store, queue, q) : [];
  const done = c.req.query('done');
  const doneKey = done && done in DONE ? DONE[done as keyof typeof DONE] : null;
  return c.html(
    <Page c={c} title="nav.queues" help="queues" nav="queues">
      {doneKey ? <Notice kind={done === 'retried' || done === 'discarded' ? 'ok' : 'error'}>{t(doneKey)}</Notice> : null}
      <p class="muted">{t('queues.intro')}</p>
      {d.bullmq ? (
        <p>
          {t('queues.board')} <a href={c.get('user')?.role === 'admin' ? BOARD : BOARD_VIEW}>{t('queues.board_open')}</a>
        </p>
      ) : null}
      <form method="get" action="/queues" class="filters" role="search">
        <label>
          {t('queues.search')}
          <input type="search" name="q" value={q} placeholder={t('queues.search_example')} maxlength={200} data-help="queues.search" />
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      {q ? (
        <section>
          <h2>{t('queues.search_results', { q })}</h2>
          {found.length ? <JobsTable c={c} jobs={found} showQueue /> : <Notice kind="info">{t('queues.search_none', { q })}</Notice>}
        </section>
      ) : null}
      <QueuesTable c={c} queues={queues} />
      {chosen ? (
        <section>
          <h2>{t('queues.jobs_in', { queue: queueTitle(c, chosen), state: t(`queues.state.${state}`) })}</h2>
          <p class="muted">{t('queues.oldest_first', { max: LIST_LIMIT })}</p>
          {state === 'dead' && c.get('user')?.role !== 'admin' && jobs.length ? <p class="muted">{t('queues.admin_only')}</p> : null}
          {jobs.length ? <JobsTable c={c} jobs={jobs} /> : <Notice kind="info">{t('queues.no_jobs')}</Notice>}
        </section>
      ) : null}
    </Page>,
  );
}

export function queuesPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/queues', (c) => render(c, d));
  for (const action of ['retry', 'discard'] as const satisfies DeadJobAction[]) {
    app.use(`/queues/${action}`, adminOnly(d));
    app.post(`/queues/${action}`, async (c) => {
      if (!d.queue) return c.redirect('/queues', 303);
      const body = await c.req.parseBody();
      const name = typeof body['queue'] === 'string' ? body['queue'].slice(0, 300) : '';
      const id = typeof body['id'] === 'string' ? body['id'].slice(0, 300) : '';
      const r = await actOnDeadJob(d.store, d.queue, action, name, id, c.get('user')!.login);
      const done = r.ok ? (action === 'retry' ? 'retried' : 'discarded') : r.reason;
      return c.redirect(`/queues?queue=${encodeURIComponent(name)}&state=dead&done=${done}`, 303);
    });
  }
  return app;
}
