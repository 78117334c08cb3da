/** @jsxImportSource hono/jsx */
// Pieces of the queues page: the table of queues with counts per state, a table of jobs, the dead-job buttons.
import { JOB_STATES } from '../../queue/port.ts';
import type { WebContext } from '../context.ts';
import { formatCount, formatDateTime, formatDay, formatMoney } from '../i18n/format.ts';
import type { JobView, QueueSummary } from '../queues/view.ts';
import { Csrf } from '../ui/layout.tsx';

export function queueTitle(c: WebContext, q: QueueSummary): string {
  const t = c.get('t');
  if (q.kind === 'parse') return t('queues.name.parse');
  if (q.kind === 'submit') return t('queues.name.submit');
  if (q.kind === 'sign' && q.key) return q.key.user ? t('queues.name.sign', { key: q.key.label, user: q.key.user }) : t('queues.name.sign_unbound', { key: q.key.label });
  return q.name;
}

const jobsHref = (queue: string, state: string) => `/queues?queue=${encodeURIComponent(queue)}&state=${state}`;

export function QueuesTable({ c, queues }: { c: WebContext; queues: QueueSummary[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <table>
      <thead>
        <tr>
          <th>{t('queues.col.queue')}</th>
          <th>{t('queues.col.paused')}</th>
          {JOB_STATES.map((s) => (
            <th class="num">{t(`queues.state.${s}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr>
            <td>
              {queueTitle(c, q)}
              <div class="mono muted">{q.name}</div>
            </td>
            <td>{q.paused ? <span class="state held">{t('queues.paused')}</span> : t('common.no')}</td>
            {JOB_STATES.map((s) => (
              <td class="num">{q.counts[s] > 0 ? <a href={jobsHref(q.name, s)}>{formatCount(q.counts[s], lang)}</a> : '0'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function subjectText(c: WebContext, v: JobView): string {
  const t = c.get('t');
  const lang = c.get('lang');
  const s = v.subject;
  switch (s.kind) {
    case 'file':
      return s.name === null ? t('queues.subject.file_missing', { id: s.fileId }) : t('queues.subject.file', { name: s.name, mailbox: s.mailbox ?? '' });
    case 'document':
      if (s.number === null) return t('queues.subject.document_missing', { id: s.documentId });
      if (!s.amount) return t('queues.subject.document_no_amount', { number: s.number, date: s.date ? formatDay(s.date, lang) : '' });
      return t('queues.subject.document', { number: s.number, date: s.date ? formatDay(s.date, lang) : '', amount: formatMoney(s.amount.minor, s.amount.currency, lang) });
    case 'sign': {
      const text = t('queues.subject.sign', { count: s.documents, user: s.user ?? '?', numbers: `${s.numbers.join(', ')}${s.documents > s.numbers.length ? ', …' : ''}` });
      return s.automatic ? `${text} (${t('queues.subject.sign_auto')})` : text;
    }
    default:
      return t('queues.subject.unknown', { name: v.name });
  }
}

function DeadActions({ c, v }: { c: WebContext; v: JobView }) {
  const t = c.get('t');
  return (
    <>
      <form method="post" action="/queues/retry" class="inline" data-confirm={t('queues.confirm_retry')}>
        <Csrf c={c} />
        <input type="hidden" name="queue" value={v.queue} />
        <input type="hidden" name="id" value={v.id} />
        <button type="submit" data-help="queues.retry">
          {t('queues.retry')}
        </button>
      </form>{' '}
      <form method="post" action="/queues/discard" class="inline" data-confirm={t('queues.confirm_discard')}>
        <Csrf c={c} />
        <input type="hidden" name="queue" value={v.queue} />
        <input type="hidden" name="id" value={v.id} />
        <button type="submit" class="secondary" data-help="queues.discard">
          {t('queues.discard')}
        </button>
      </form>
    </>
  );
}

export function JobsTable({ c, jobs, showQueue }: { c: WebContext; jobs: JobView[]; showQueue?: boolean }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const admin = c.get('user')?.role === 'admin';
  const anyDead = jobs.some((j) => j.state === 'dead');
  return (
    <table>
      <thead>
        <tr>
          <th>{t('queues.col.job')}</th>
          {showQueue ? <th>{t('queues.col.queue')}</th> : null}
          <th>{t('queues.col.state')}</th>
          <th>{t('queues.col.created')}</th>
          <th class="num">{t('queues.col.attempts')}</th>
          <th>{t('queues.col.when')}</th>
          <th>{t('queues.col.what')}</th>
          <th>{t('queues.col.error')}</th>
          {admin && anyDead ? <th>{t('queues.col.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {jobs.map((v) => (
          <tr data-job={v.id}>
            <td class="mono">{v.id}</td>
            {showQueue ? <td class="mono">{v.queue}</td> : null}
            <td>
              <span class={`state ${v.state}`}>{t(`queues.state.${v.state}`)}</span>
            </td>
            <td>{formatDateTime(v.createdAt, lang)}</td>
            <td class="num">{`${v.attempt} / ${v.maxAttempts}`}</td>
            <td>{v.finishedAt !== null ? formatDateTime(v.finishedAt, lang) : formatDateTime(v.runAt, lang)}</td>
            <td>{subjectText(c, v)}</td>
            <td class="mono">{v.lastError ?? t('common.none')}</td>
            {admin && anyDead ? <td>{v.state === 'dead' ? <DeadActions c={c} v={v} /> : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
