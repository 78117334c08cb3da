/** @jsxImportSource hono/jsx */
// The mailboxes page: for each configured mailbox its folders with file counts, files waiting in in/, the last
// files received and written back to 1C, and the latest errors with their .err report. Everyone signed in may look.
import { Hono } from 'hono';
import { ERROR_CODES } from '../../core/error-codes.ts';
import type { Issue } from '../../core/issue.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatCount, formatDateTime } from '../i18n/format.ts';
import type { FolderCount } from '../mailboxes/folders.ts';
import { mailboxViews, type MailboxView } from '../mailboxes/view.ts';
import { Page } from '../ui/layout.tsx';

/** "FMT_BAD_DATE, line 12: …" with the details in the reader's language. */
export function issueText(c: WebContext, i: Issue): string {
  const lang = c.get('lang');
  const where = i.line ? `, ${c.get('t')('mailboxes.line', { line: i.line })}` : '';
  const details = lang === 'en' ? i.message : (i.text?.[lang] ?? i.message);
  const meaning = i.code in ERROR_CODES ? ERROR_CODES[i.code][lang] : '';
  return `${i.code}${where}: ${meaning}${meaning && details ? ' — ' : ''}${details}`;
}

function FolderRow({ c, f }: { c: WebContext; f: FolderCount }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <tr>
      <td class="mono">{`${f.path}/`}</td>
      <td>{t(`mailboxes.folder.${f.folder}`)}</td>
      <td class="num">{f.error ? <span class="state rejected">{t('mailboxes.unreadable', { code: f.error })}</span> : f.capped ? t('mailboxes.at_least', { count: formatCount(f.files, lang) }) : formatCount(f.files, lang)}</td>
    </tr>
  );
}

function Mailbox({ c, m }: { c: WebContext; m: MailboxView }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const state = (s: string) => <span class={`state ${s}`}>{t(`mailboxes.file_state.${s}`)}</span>;
  return (
    <section data-mailbox={m.name}>
      <h2>{t('mailboxes.title', { name: m.name })}</h2>
      <p class="mono muted">{t('mailboxes.root', { root: m.root })}</p>
      <table data-help="mailboxes.folders">
        <thead>
          <tr>
            <th>{t('mailboxes.col.folder')}</th>
            <th>{t('mailboxes.col.meaning')}</th>
            <th class="num">{t('mailboxes.col.files')}</th>
          </tr>
        </thead>
        <tbody>
          {m.folders.map((f) => (
            <FolderRow c={c} f={f} />
          ))}
        </tbody>
      </table>

      <h3>{t('mailboxes.waiting')}</h3>
      {m.waiting.length === 0 ? (
        <p class="muted">{t('mailboxes.waiting_none')}</p>
      ) : (
        <table data-help="mailboxes.waiting">
          <thead>
            <tr>
              <th>{t('mailboxes.col.name')}</th>
              <th class="num">{t('mailboxes.col.size')}</th>
              <th>{t('mailboxes.col.modified')}</th>
              <th>{t('mailboxes.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {m.waiting.map((w) => (
              <tr>
                <td class="mono">{w.name}</td>
                <td class="num">{t('mailboxes.bytes', { count: w.size })}</td>
                <td>{formatDateTime(w.modifiedAt, lang)}</td>
                <td>{t(w.claimed ? 'mailboxes.claimed' : 'mailboxes.not_claimed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.waitingMore ? <p class="muted">{t('mailboxes.waiting_more')}</p> : null}

      <h3>{t('mailboxes.received')}</h3>
      {m.received.length === 0 ? (
        <p class="muted">{t('mailboxes.received_none')}</p>
      ) : (
        <table data-help="mailboxes.received">
          <thead>
            <tr>
              <th>{t('mailboxes.col.name')}</th>
              <th>{t('mailboxes.col.received_at')}</th>
              <th>{t('mailboxes.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {m.received.map((f) => (
              <tr>
                <td class="mono">{f.name}</td>
                <td>{formatDateTime(f.receivedAt, lang)}</td>
                <td>{state(f.state)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('mailboxes.exported')}</h3>
      {m.exported.length === 0 ? (
        <p class="muted">{t('mailboxes.exported_none')}</p>
      ) : (
        <table data-help="mailboxes.out">
          <thead>
            <tr>
              <th>{t('mailboxes.col.name')}</th>
              <th>{t('mailboxes.col.written_at')}</th>
            </tr>
          </thead>
          <tbody>
            {m.exported.map((x) => (
              <tr>
                <td class="mono">{x.path}</td>
                <td>{formatDateTime(x.writtenAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('mailboxes.errors')}</h3>
      {m.errors.length === 0 ? (
        <p class="muted">{t('mailboxes.errors_none')}</p>
      ) : (
        <table data-help="mailboxes.errors">
          <thead>
            <tr>
              <th>{t('mailboxes.col.name')}</th>
              <th>{t('mailboxes.col.received_at')}</th>
              <th>{t('mailboxes.col.state')}</th>
              <th>{t('mailboxes.col.error')}</th>
              <th>{t('mailboxes.col.report')}</th>
            </tr>
          </thead>
          <tbody>
            {m.errors.map((e) => (
              <tr>
                <td class="mono">{e.name}</td>
                <td>{formatDateTime(e.receivedAt, lang)}</td>
                <td>{state(e.state)}</td>
                <td>{e.issue ? issueText(c, e.issue) : t('common.none')}</td>
                <td class="mono">{e.report ? `error/${e.report}` : t('mailboxes.no_report')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function mailboxesPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/mailboxes', async (c) => {
    const views = await mailboxViews(d);
    return c.html(
      <Page c={c} title="nav.mailboxes" help="mailboxes" nav="mailboxes">
        <p class="muted">{c.get('t')('mailboxes.intro')}</p>
        {views.map((m) => (
          <Mailbox c={c} m={m} />
        ))}
      </Page>,
    );
  });
  return app;
}
