/** @jsxImportSource hono/jsx */
// Overview (everyone signed in): alerts, documents per state (from the maintained counters) linking to the list,
// documents per hour for the last 24 hours, queue counts, tokens per key and whether the bank answers.
import { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatCount, formatTime } from '../i18n/format.ts';
import { overview, type Alert, type Overview, type QueueView } from '../overview/data.ts';
import { HourChart } from '../ui/hour-chart.tsx';
import { Page } from '../ui/layout.tsx';

function alertText(c: WebContext, a: Alert): string {
  const t = c.get('t');
  // count picks the plural form, n is the number as the locale writes it.
  const n = { count: a.count, n: formatCount(a.count, c.get('lang')) };
  switch (a.code) {
    case 'past-cutoff':
      return t('ov.a.past-cutoff', { ...n, cutoff: a.cutoff });
    case 'signed-not-sent':
      return t('ov.a.signed-not-sent', { ...n, minutes: a.minutes });
    case 'dead-jobs':
      return t('ov.a.dead-jobs', { ...n, queues: a.queues.join(', ') });
    case 'invalid-files-today':
      return t('ov.a.invalid-files-today', n);
  }
}

function queueName(c: WebContext, q: QueueView): string {
  const t = c.get('t');
  if (q.name === 'parse') return t('ov.q.parse');
  if (q.name === 'submit') return t('ov.q.submit');
  return t('ov.q.sign', { key: q.keyLabel ?? q.name });
}

function BankLine({ c, o }: { c: WebContext; o: Overview }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const b = o.bank;
  if (!b.configured) return <p class="muted">{t('ov.b.none')}</p>;
  if (b.ok === null || b.checkedAt === null) return <p class="muted">{t('ov.b.checking')}</p>;
  const time = formatTime(b.checkedAt, lang);
  if (b.ok) return <p><span class="state executed">OK</span> {t('ov.b.ok', { bank: b.bank ?? '—', date: b.businessDate ?? '—', ms: b.latencyMs ?? 0, time })}</p>;
  return <p><span class="state rejected">!</span> {t('ov.b.down', { time, error: b.error ?? '—' })}</p>;
}

export function OverviewPage({ c, o }: { c: WebContext; o: Overview }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <Page c={c} title="nav.overview" help="overview" nav="overview">
      <h2 id="alerts">{t('ov.alerts')}</h2>
      {o.alerts.length ? (
        <ul class="alerts" role="status">
          {o.alerts.map((a) => (
            <li>
              {alertText(c, a)} <a href={a.href}>{t('ov.a.open')}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('ov.no_alerts')}</p>
      )}
      <h2 id="states">{t('ov.states')}</h2>
      <p class="muted">{t('ov.total', { count: o.total, n: formatCount(o.total, lang) })}</p>
      <div class="grid">
        {o.counts
          .filter((s) => s.n > 0)
          .map((s) => (
            <a class="tile" href={`/documents?state=${s.state}`}>
              <div class="n">{formatCount(s.n, lang)}</div>
              <span class={`state ${s.state}`}>{t(`docs.state.${s.state}`)}</span>
            </a>
          ))}
      </div>
      <h2 id="per-hour">{t('ov.per_hour')}</h2>
      <HourChart c={c} hours={o.perHour} />
      <h2 id="queues">{t('ov.queues')}</h2>
      {o.queues.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('ov.q.name')}</th>
              <th class="num">{t('ov.q.waiting')}</th>
              <th class="num">{t('ov.q.active')}</th>
              <th class="num">{t('ov.q.delayed')}</th>
              <th class="num">{t('ov.q.dead')}</th>
              <th class="num">{t('ov.q.completed')}</th>
            </tr>
          </thead>
          <tbody>
            {o.queues.map((q) => (
              <tr>
                <td>
                  {queueName(c, q)} <small class="mono muted">{q.name}</small>
                </td>
                <td class="num">{formatCount(q.counts.waiting, lang)}</td>
                <td class="num">{formatCount(q.counts.active, lang)}</td>
                <td class="num">{formatCount(q.counts.delayed, lang)}</td>
                <td class="num">{q.counts.dead > 0 ? <span class="state dead">{formatCount(q.counts.dead, lang)}</span> : '0'}</td>
                <td class="num">{formatCount(q.counts.completed, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('ov.no_queue')}</p>
      )}
      <h2 id="keys">{t('ov.keys')}</h2>
      {o.keys.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('ov.k.key')}</th>
              <th>{t('ov.k.token')}</th>
              <th>{t('ov.k.session')}</th>
            </tr>
          </thead>
          <tbody>
            {o.keys.map((k) => (
              <tr>
                <td>
                  {k.label}
                  <br />
                  <small class="muted">{k.subject}</small>
                </td>
                <td>
                  {!k.served ? t('ov.k.not_served') : k.present ? <span class="state executed">{t('ov.k.present')}</span> : <span class="state held">{t('ov.k.absent')}</span>}
                  {k.presenceError ? <small class="muted"> {k.presenceError}</small> : null}
                </td>
                <td>
                  {k.unlocked ? t('ov.k.unlocked') : t('ov.k.locked')}
                  {k.running ? `, ${t('ov.k.running')}` : ''}
                  {k.automatic ? `, ${t('ov.k.automatic')}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('ov.no_keys')}</p>
      )}
      <h2 id="bank">{t('ov.bank')}</h2>
      <BankLine c={c} o={o} />
    </Page>
  );
}

export function overviewPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/', async (c) => c.html(<OverviewPage c={c} o={await overview(d)} />));
  return app;
}
