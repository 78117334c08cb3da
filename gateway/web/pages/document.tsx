/** @jsxImportSource hono/jsx */
// The document page (everyone signed in): requisites, employee list rows, validation issues in the reader's language,
// signatures with their certificates, the timeline from the file drop to the statement, and the source file.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Issue } from '../../core/issue.ts';
import type { CanonicalDocument, ListRow } from '../../core/model/document.ts';
import type { Party } from '../../core/model/party.ts';
import { appendEvent } from '../../store/sql/audit-log.ts';
import { getDocument } from '../../store/documents-repo.ts';
import { getFile } from '../../store/files-repo.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { documentDetail, issueText, type DocumentDetail } from '../documents/detail.ts';
import { formatDateTime, formatDay, formatMoney } from '../i18n/format.ts';
import { errorPage } from '../ui/error-page.tsx';
import { Page } from '../ui/layout.tsx';

const ID = /^[0-9A-Z]{26}$/;
/** A salary list can have thousands of rows: the page shows this many, the JSON API all. */
export const ROWS_SHOWN = 1000;

/** Where the file's original bytes are kept (the blob store, by SHA-256), when they are still there. */
export function sourcePath(d: WebDeps, sha256: string): string | null {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const p = path.join(d.config.data.dir, 'blobs', sha256.slice(0, 2), sha256);
  return existsSync(p) ? p : null;
}

function Req({ label, value, mono }: { label: string; value: string | null | undefined; mono?: boolean }) {
  if (value === undefined || value === null || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd class={mono ? 'mono' : undefined}>{value}</dd>
    </>
  );
}

function PartyReq({ c, label, p, code }: { c: WebContext; label: string; p: Party | undefined; code: 'kod' | 'kbe' }) {
  const t = c.get('t');
  if (!p) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <strong>{p.name}</strong>
        <dl class="req">
          <Req label={t('doc.r.bin')} value={p.binIin} mono />
          <Req label={t('doc.r.iban')} value={p.iban} mono />
          <Req label={t('doc.r.bic')} value={p.bic} mono />
          <Req label={t('doc.r.bank_name')} value={p.bankName} />
          <Req label={t(`doc.r.${code}`)} value={p.code} mono />
        </dl>
      </dd>
    </>
  );
}

function Requisites({ c, x }: { c: WebContext; x: DocumentDetail }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const doc: CanonicalDocument = x.row.document;
  const amount = x.row.amount ? formatMoney(x.row.amount.minor, x.row.amount.currency, lang) : null;
  const fileLine = x.file ? `${x.file.name} (${x.file.mailbox})${x.row.line !== null ? `, ${t('doc.line', { line: x.row.line })}` : ''}` : null;
  return (
    <dl class="req">
      <Req label={t('doc.r.kind')} value={t(`docs.kind.${doc.kind}`)} />
      <Req label={t('doc.r.number')} value={doc.number} />
      <Req label={t('doc.r.date')} value={formatDay(doc.date, lang)} />
      {'valueDate' in doc && doc.valueDate ? <Req label={t('doc.r.value_date')} value={formatDay(doc.valueDate, lang)} /> : null}
      <dt>{t('doc.r.state')}</dt>
      <dd>
        <span class={`state ${x.row.state}`}>{t(`docs.state.${x.row.state}`)}</span>
      </dd>
      <Req label={t('doc.r.amount')} value={amount} />
      {'payer' in doc ? <PartyReq c={c} label={t('doc.r.payer')} p={doc.payer} code="kod" /> : null}
      {'actualPayer' in doc ? <PartyReq c={c} label={t('doc.r.actual_payer')} p={doc.actualPayer} code="kod" /> : null}
      {'beneficiary' in doc ? <PartyReq c={c} label={t('doc.r.beneficiary')} p={doc.beneficiary} code="kbe" /> : null}
      {'actualBeneficiary' in doc ? <PartyReq c={c} label={t('doc.r.actual_beneficiary')} p={doc.actualBeneficiary} code="kbe" /> : null}
      {'knp' in doc ? <Req label={t('doc.r.knp')} value={doc.knp} mono /> : null}
      {doc.kind === 'budget' ? <Req label={t('doc.r.kbk')} value={doc.kbk} mono /> : null}
      {doc.kind === 'pension' || doc.kind === 'medical' ? <Req label={t('doc.r.scheme')} value={doc.scheme} /> : null}
      {doc.kind === 'fx-payment' ? (
        <>
          <Req label={t('doc.r.intermediary')} value={doc.intermediaryBic} mono />
          <Req label={t('doc.r.charges')} value={doc.charges} />
          <Req label={t('doc.r.contract')} value={doc.contractNumber} />
        </>
      ) : null}
      {doc.kind === 'fx-order' ? (
        <>
          <Req label={t('doc.r.direction')} value={t(`doc.r.direction.${doc.direction}`)} />
          <Req label={t('doc.r.from_iban')} value={doc.fromIban} mono />
          <Req label={t('doc.r.to_iban')} value={doc.toIban} mono />
          <Req label={t('doc.r.rate_limit')} value={doc.rateLimit} />
        </>
      ) : null}
      {doc.kind === 'letter' ? (
        <>
          <Req label={t('doc.r.subject')} value={doc.subject} />
          <Req label={t('doc.r.body')} value={doc.body} />
          <Req label={t('doc.r.attachments')} value={doc.attachments?.map((a) => a.name).join(', ')} />
        </>
      ) : null}
      {'purpose' in doc ? <Req label={t('doc.r.purpose')} value={doc.purpose} /> : null}
      {'priority' in doc ? <Req label={t('doc.r.priority')} value={doc.priority} /> : null}
      <Req label={t('doc.r.file')} value={fileLine} />
      <Req label={t('doc.r.created')} value={formatDateTime(x.row.createdAt, lang)} />
      <Req label={t('doc.r.id')} value={x.row.id} mono />
    </dl>
  );
}

function Rows({ c, rows }: { c: WebContext; rows: ListRow[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const shown = rows.slice(0, ROWS_SHOWN);
  return (
    <section data-help="document.rows">
      <h2 id="rows">{t('doc.rows')}</h2>
      {rows.length > shown.length ? <p class="muted">{t('doc.rows_shown', { shown: shown.length, count: rows.length })}</p> : null}
      <table>
        <thead>
          <tr>
            <th class="num">{t('doc.row.line')}</th>
            <th>{t('doc.row.iin')}</th>
            <th>{t('doc.row.name')}</th>
            <th>{t('doc.row.birth')}</th>
            <th>{t('doc.row.period')}</th>
            <th>{t('doc.row.account')}</th>
            <th class="num">{t('doc.row.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr>
              <td class="num">{r.line ?? ''}</td>
              <td class="mono">{r.iin}</td>
              <td>{[r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ')}</td>
              <td>{r.birthDate ? formatDay(r.birthDate, lang) : ''}</td>
              <td>{r.period ?? ''}</td>
              <td class="mono">{r.account ?? ''}</td>
              <td class="num">{formatMoney(r.amount.minor, r.amount.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Issues({ c, issues }: { c: WebContext; issues: Issue[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <section data-help="document.issues">
      <h2 id="issues">{t('doc.issues')}</h2>
      {issues.length === 0 ? (
        <p class="muted">{t('doc.no_issues')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('doc.issue.code')}</th>
              <th>{t('doc.issue.severity')}</th>
              <th class="num">{t('doc.issue.line')}</th>
              <th>{t('doc.issue.field')}</th>
              <th>{t('doc.issue.message')}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i) => {
              const x = issueText(i, lang);
              return (
                <tr>
                  <td class="mono">{i.code}</td>
                  <td>
                    <span class={`state ${i.severity === 'error' ? 'invalid' : 'held'}`}>{t(`doc.issue.${i.severity}`)}</span>
                  </td>
                  <td class="num">{i.line ?? ''}</td>
                  <td class="mono">{i.field ?? ''}</td>
                  <td>
                    {x.meaning ? <strong>{x.meaning}</strong> : null}
                    {x.meaning ? <br /> : null}
                    {x.message}
                    {x.expected ? (
                      <>
                        <br />
                        <small class="muted">{t('doc.issue.expected', { text: x.expected })}</small>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Signatures({ c, x }: { c: WebContext; x: DocumentDetail }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <section data-help="document.signatures">
      <h2 id="signatures">{t('doc.signatures')}</h2>
      {x.signatures.length === 0 ? (
        <p class="muted">{t('doc.no_signatures')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('doc.sig.who')}</th>
              <th>{t('doc.sig.when')}</th>
              <th>{t('doc.sig.role')}</th>
              <th>{t('doc.sig.certificate')}</th>
              <th>{t('doc.sig.serial')}</th>
              <th>{t('doc.sig.valid')}</th>
            </tr>
          </thead>
          <tbody>
            {x.signatures.map((s) => (
              <tr>
                <td>
                  {s.name} <small class="muted">({s.login})</small>
                </td>
                <td>{formatDateTime(s.signingTime, lang)}</td>
                <td>
                  {t(`doc.sig.role.${s.role === 'first' || s.role === 'second' ? s.role : 'single'}`)}
                  {s.automatic ? (
                    <>
                      <br />
                      <small class="muted">{t('doc.sig.automatic')}</small>
                    </>
                  ) : null}
                </td>
                <td>
                  {s.subject}
                  <br />
                  <small class="muted mono">SHA-256 {s.fingerprint.slice(0, 16)}…</small>
                </td>
                <td class="mono">{s.serial ?? ''}</td>
                <td>{t('doc.sig.valid_range', { from: formatDateTime(s.notBefore, lang), to: formatDateTime(s.notAfter, lang) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Timeline({ c, x }: { c: WebContext; x: DocumentDetail }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const who = (a: string | null) => (a === null ? '' : a === 'system' ? t('doc.tl.system') : a === 'bank' ? t('doc.tl.bank') : a);
  return (
    <section data-help="document.timeline">
      <h2 id="timeline">{t('doc.timeline')}</h2>
      <table class="timeline">
        <thead>
          <tr>
            <th>{t('doc.tl.when')}</th>
            <th>{t('doc.tl.what')}</th>
            <th>{t('doc.tl.who')}</th>
          </tr>
        </thead>
        <tbody>
          {x.timeline.map((e) => (
            <tr data-type={e.type}>
              <td class="num">{formatDateTime(e.at, lang)}</td>
              <td>{e.text}</td>
              <td>{who(e.actor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function DocumentPage({ c, x, source }: { c: WebContext; x: DocumentDetail; source: boolean }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const doc = x.row.document;
  return (
    <Page c={c} title="docs.title" heading={t('doc.title', { number: doc.number, date: formatDay(doc.date, lang) })} help="document" nav="documents">
      <p>
        <a href="/documents">← {t('docs.title')}</a>
      </p>
      <section data-help="document.requisites">
        <h2 id="requisites">{t('doc.requisites')}</h2>
        <Requisites c={c} x={x} />
        {source && x.file ? (
          <p>
            <a href={`/documents/${x.row.id}/source`} download={x.file.name}>
              {t('doc.download')}
            </a>{' '}
            <small class="muted">({x.file.name})</small>
          </p>
        ) : null}
      </section>
      {'rows' in doc && doc.rows.length > 0 ? <Rows c={c} rows={doc.rows} /> : null}
      <Issues c={c} issues={x.row.issues} />
      <Signatures c={c} x={x} />
      <Timeline c={c} x={x} />
    </Page>
  );
}

/** A name for Content-Disposition: ASCII fallback plus the exact UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function documentPages(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/documents/:id', async (c) => {
    const id = c.req.param('id');
    const x = ID.test(id) ? await documentDetail(d.store, id, c.get('t'), c.get('lang')) : undefined;
    if (!x) return errorPage(c, 404, 'error.not_found');
    return c.html(<DocumentPage c={c} x={x} source={x.file ? sourcePath(d, x.file.sha256) !== null : false} />);
  });
  // The original file as it was dropped (every document of it): recorded in the audit log, like every copy of payment data.
  app.get('/documents/:id/source', async (c) => {
    const id = c.req.param('id');
    const row = ID.test(id) ? await getDocument(d.store.sql, id) : undefined;
    const file = row ? await getFile(d.store.sql, row.fileId) : undefined;
    const p = file ? sourcePath(d, file.sha256) : null;
    if (!file || !p) return errorPage(c, 404, 'error.not_found');
    const user = c.get('user')!;
    await appendEvent(d.store.sql, { entityType: 'file', entityId: file.id, type: 'file.downloaded', actor: user.login, data: { documentId: id, name: file.name, sha256: file.sha256 } });
    return new Response(Readable.toWeb(createReadStream(p)) as ReadableStream, {
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': attachment(file.name), 'content-length': String(file.size), 'cache-control': 'no-store' },
    });
  });
  return app;
}
