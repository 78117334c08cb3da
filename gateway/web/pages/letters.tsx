/** @jsxImportSource hono/jsx */
// Letters with the bank: what the bank holds (both ways, the last 31 days) with the files written for the accountant,
// the letters sent from here (audit), and a form to write one with attachments (multipart, checked limits).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Hono } from 'hono';
import type { BankLetter } from '../../core/connector.ts';
import { errorInfo } from '../../core/error-codes.ts';
import { isGatewayError } from '../../core/errors.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatCount, formatDateTime } from '../i18n/format.ts';
import { LOCALE, type Lang } from '../i18n/langs.ts';
import type { Translate } from '../i18n/translate.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { FieldError } from '../ui/widgets.tsx';
import { checkLetter, draftFromForm, LETTER_LIMITS, type LetterProblem } from '../views/letter-draft.ts';
import { letterProblemText } from '../views/letter-problems.ts';
import { bankLetters, exportedLetters, sendLetter, sentLetters, type SentLetterEvent } from '../views/letters-view.ts';

const formKey = () => randomBytes(16).toString('base64url');
const KEY = /^[\w-]{16,64}$/;
const BANK_ID = /^[\w.:-]{1,100}$/;

interface ComposeState {
  subject: string;
  body: string;
  key: string;
  problems: LetterProblem[];
  /** The bank refused or could not be reached: its words, in the user's language where the code is known. */
  failure?: string;
}

/** Sizes as people read them (KB below a megabyte). */
function size(bytes: number, lang: Lang, t: Translate): string {
  return bytes < 1024 * 1024 ? t('letters.kb', { n: formatCount(Math.max(1, Math.ceil(bytes / 1024)), lang) }) : t('letters.mb', { n: new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024)) });
}

function ComposeForm({ c, s }: { c: WebContext; s: ComposeState }) {
  const t = c.get('t');
  const errs = (field: LetterProblem['field']) =>
    s.problems
      .filter((p) => p.field === field)
      .map((p) => letterProblemText(t, p))
      .join(' ') || undefined;
  return (
    <form method="post" action="/letters" enctype="multipart/form-data" class="card wide">
      <Csrf c={c} />
      <input type="hidden" name="key" value={s.key} />
      <label for="letter-subject">{t('letters.subject')}</label>
      <input id="letter-subject" name="subject" type="text" maxlength={LETTER_LIMITS.subjectChars} required value={s.subject} data-help="letters.subject" aria-invalid={errs('subject') ? 'true' : undefined} />
      <FieldError id="letter-subject" error={errs('subject')} />
      <label for="letter-body">{t('letters.body')}</label>
      <textarea id="letter-body" name="body" rows={8} maxlength={LETTER_LIMITS.bodyChars} data-help="letters.body">
        {s.body}
      </textarea>
      <FieldError id="letter-body" error={errs('body')} />
      <label for="letter-files">{t('letters.files')}</label>
      <input id="letter-files" name="files" type="file" multiple data-help="letters.attachments" aria-invalid={errs('attachments') ? 'true' : undefined} />
      <FieldError id="letter-files" error={errs('attachments')} />
      <p class="muted">{t('letters.limits', { files: LETTER_LIMITS.files, file: LETTER_LIMITS.fileBytes / (1024 * 1024), total: LETTER_LIMITS.totalBytes / (1024 * 1024) })}</p>
      <p>
        <button type="submit">{t('letters.send')}</button>
      </p>
    </form>
  );
}

async function BankLetters({ c, d, items }: { c: WebContext; d: WebDeps; items: BankLetter[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const exported = await exportedLetters(d.store.sql);
  if (items.length === 0) return <p class="muted">{t('letters.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('letters.col.date')}</th>
          <th>{t('letters.col.direction')}</th>
          <th>{t('letters.col.subject')}</th>
          <th>{t('letters.col.attachments')}</th>
          <th>{t('letters.col.file')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((l) => {
          const file = exported.get(l.bankId);
          const at = Date.parse(l.createdAt);
          return (
            <tr>
              <td>{Number.isFinite(at) ? formatDateTime(at, lang) : l.createdAt}</td>
              <td>{l.direction === 'from-bank' ? t('letters.from_bank') : t('letters.to_bank')}</td>
              <td>
                <details>
                  <summary>{l.subject}</summary>
                  <div class="letter-body">{l.body}</div>
                  <div class="muted mono">{t('letters.bank_id', { id: l.bankId })}</div>
                </details>
              </td>
              <td>
                {l.attachments.length === 0 ? <span class="muted">{t('common.none')}</span> : null}
                {l.attachments.map((a, i) => (
                  <div>
                    <a href={`/letters/${encodeURIComponent(l.bankId)}/attachments/${i}`}>{a.name}</a> <span class="muted">({size(a.content.byteLength, lang, t)})</span>
                  </div>
                ))}
              </td>
              <td class="mono">{l.direction === 'from-bank' ? (file ? path.basename(file.path) : <span class="muted">{t('letters.not_written')}</span>) : <span class="muted">{t('common.none')}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SentByUs({ c, rows }: { c: WebContext; rows: SentLetterEvent[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  if (rows.length === 0) return <p class="muted">{t('letters.none_sent')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('letters.col.date')}</th>
          <th>{t('letters.col.sender')}</th>
          <th>{t('letters.col.subject')}</th>
          <th>{t('letters.col.attachments')}</th>
          <th>{t('letters.col.bank_id')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{formatDateTime(r.at, lang)}</td>
            <td>{r.actor}</td>
            <td>{r.subject}</td>
            <td>
              {r.attachments.length === 0 ? <span class="muted">{t('common.none')}</span> : null}
              {r.attachments.map((a) => (
                <div title={`SHA-256 ${a.sha256}`}>
                  {a.name} <span class="muted">({size(a.size, lang, t)})</span>
                </div>
              ))}
            </td>
            <td class="mono">{r.bankId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function render(c: WebContext, d: WebDeps, s: ComposeState, status: 200 | 400 | 409 | 413 | 502 = 200, sent?: string) {
  const t = c.get('t');
  const letters = await bankLetters(d);
  const sentRows = await sentLetters(d.store.sql);
  return c.html(
    <Page c={c} title="letters.title" help="letters" nav="letters">
      {sent ? <Notice kind="ok">{t('letters.sent', { id: sent })}</Notice> : null}
      {s.failure ? <Notice kind="error">{s.failure}</Notice> : null}
      {s.problems.length ? <Notice kind="error">{t('letters.not_sent_fix')}</Notice> : null}
      <h2>{t('letters.with_bank')}</h2>
      {letters.items ? <BankLetters c={c} d={d} items={letters.items} /> : <Notice kind="info">{letters.bank ? t('letters.bank_unavailable', { error: letters.error ?? '' }) : t('letters.no_bank')}</Notice>}
      <h2>{t('letters.sent_from_here')}</h2>
      <SentByUs c={c} rows={sentRows} />
      <h2>{t('letters.write')}</h2>
      {d.bank ? <ComposeForm c={c} s={s} /> : <p class="muted">{t('letters.no_bank')}</p>}
    </Page>,
    status,
  );
}

export function lettersPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/letters', (c) => {
    const sent = c.req.query('sent');
    return render(c, d, { subject: '', body: '', key: formKey(), problems: [] }, 200, sent && BANK_ID.test(sent) ? sent : undefined);
  });

  // Users and admins alike may write to the bank (letters move no money); the bank answers to the company.
  app.post('/letters', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const draft = await draftFromForm(body);
    const rawKey = body['key'];
    const key = typeof rawKey === 'string' && KEY.test(rawKey) ? rawKey : formKey();
    const state: ComposeState = { subject: draft.subject, body: draft.body, key, problems: checkLetter(draft) };
    if (state.problems.length) return render(c, d, state, state.problems.some((p) => p.code === 'total-too-large' || p.code === 'file-too-large') ? 413 : 400);
    if (!d.bank) return render(c, d, { ...state, failure: t('letters.no_bank') }, 409);
    try {
      const sent = await sendLetter({ ...d, bank: d.bank }, c.get('user')!, draft, key, 'web');
      return c.redirect(`/letters?sent=${encodeURIComponent(sent.bankId)}`, 303);
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      d.logger.warn({ code: e.code, err: e.message }, 'letter to the bank not sent');
      return render(c, d, { ...state, failure: t('letters.bank_refused', { reason: errorInfo(e.code)[c.get('lang')], detail: e.message }) }, 502);
    }
  });

  // An attachment as a download: never shown inline (it is the bank's file, not ours to render).
  app.get('/letters/:bankId/attachments/:n', async (c) => {
    const bankId = c.req.param('bankId');
    const n = Number(c.req.param('n'));
    if (!BANK_ID.test(bankId) || !Number.isInteger(n) || n < 0) return c.notFound();
    const letters = await bankLetters(d);
    const a = letters.items?.find((l) => l.bankId === bankId)?.attachments[n];
    if (!a) return c.notFound();
    const ascii = a.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(a.content as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`,
      'cache-control': 'no-store',
    });
  });
  return app;
}
