/** @jsxImportSource hono/jsx */
// Documents (everyone signed in may view them): filters and search as a GET form, newest first, keyset paging with a
// "next page" link carrying the cursor — no OFFSET and no total count over the table.
import { Hono } from 'hono';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../core/model/document.ts';
import { countedDocuments, listedAccounts, pageDocuments, type DocumentListItem, type DocumentPage } from '../../store/document-list.ts';
import { idTime } from '../../store/id-time.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { cursorSchema, FILTER_FIELDS, filterShape, toStoreFilter, withoutEmpty, type FilterField } from '../documents/filters.ts';
import { formatCount, formatDateTime, formatDay, formatMoney } from '../i18n/format.ts';
import { Notice, Page } from '../ui/layout.tsx';

export const PAGE_SIZE = 50;

const pageQuery = z.object({ ...filterShape, cursor: cursorSchema.optional() });
type PageQuery = z.output<typeof pageQuery>;

/** The list URL for these parameters (empty ones left out) and an optional cursor. */
function listHref(raw: Record<string, string>, cursor?: string): string {
  const p = new URLSearchParams();
  for (const f of FILTER_FIELDS) if (raw[f]) p.set(f, raw[f]);
  if (cursor) p.set('cursor', cursor);
  const q = p.toString();
  return q ? `/documents?${q}` : '/documents';
}

function Row({ c, d }: { c: WebContext; d: DocumentListItem }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const href = `/documents/${d.id}`;
  return (
    <tr>
      <td class="num">
        <a href={href}>{formatDay(d.docDate, lang)}</a>
      </td>
      <td>
        <a href={href}>{d.number}</a>
      </td>
      <td>{t(`docs.kind.${d.kind}`)}</td>
      <td class="mono">{d.payerAccount ?? t('common.none')}</td>
      <td>
        {d.beneficiaryName ?? t('common.none')}
        {d.beneficiaryBin ? <small class="muted mono"> {d.beneficiaryBin}</small> : null}
      </td>
      <td class="num">{d.amountMinor !== null && d.currency ? formatMoney(d.amountMinor, d.currency, lang) : t('common.none')}</td>
      <td>
        <span class={`state ${d.state}`}>{t(`docs.state.${d.state}`)}</span>
      </td>
      <td class="num">{d.issues > 0 ? <span class="state invalid">{formatCount(d.issues, lang)}</span> : ''}</td>
    </tr>
  );
}

function Field(p: { c: WebContext; name: FilterField; bad: Set<string>; value: string; type?: string; help: string; extra?: Record<string, string> }) {
  const t = p.c.get('t');
  return (
    <label data-help={`documents.${p.help}`}>
      {t(`docs.f.${p.name}`)}
      <input name={p.name} type={p.type ?? 'text'} value={p.value} data-help={`documents.${p.help}`} aria-invalid={p.bad.has(p.name) ? 'true' : undefined} {...p.extra} />
    </label>
  );
}

function Filters({ c, raw, bad, accounts }: { c: WebContext; raw: Record<string, string>; bad: Set<string>; accounts: string[] }) {
  const t = c.get('t');
  const v = (f: FilterField) => raw[f] ?? '';
  return (
    <form method="get" action="/documents" class="filters" role="search" aria-label={t('docs.filters')}>
      <label data-help="documents.state">
        {t('docs.f.state')}
        <select name="state" data-help="documents.state" aria-invalid={bad.has('state') ? 'true' : undefined}>
          <option value="">{t('docs.any')}</option>
          {DOCUMENT_STATES.map((s) => (
            <option value={s} selected={raw['state'] === s}>
              {t(`docs.state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label data-help="documents.kind">
        {t('docs.f.kind')}
        <select name="kind" data-help="documents.kind" aria-invalid={bad.has('kind') ? 'true' : undefined}>
          <option value="">{t('docs.any')}</option>
          {DOCUMENT_KINDS.map((k) => (
            <option value={k} selected={raw['kind'] === k}>
              {t(`docs.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <Field c={c} name="account" help="account" bad={bad} value={v('account')} extra={{ list: 'accounts', size: '24', autocomplete: 'off' }} />
      <datalist id="accounts">
        {accounts.map((a) => (
          <option value={a} />
        ))}
      </datalist>
      <Field c={c} name="date_from" help="date" type="date" bad={bad} value={v('date_from')} />
      <Field c={c} name="date_to" help="date" type="date" bad={bad} value={v('date_to')} />
      <Field c={c} name="amount_from" help="amount" bad={bad} value={v('amount_from')} extra={{ inputmode: 'decimal', size: '12' }} />
      <Field c={c} name="amount_to" help="amount" bad={bad} value={v('amount_to')} extra={{ inputmode: 'decimal', size: '12' }} />
      <Field c={c} name="number" help="number" bad={bad} value={v('number')} extra={{ size: '10' }} />
      <Field c={c} name="beneficiary" help="beneficiary" bad={bad} value={v('beneficiary')} extra={{ size: '22' }} />
      <Field c={c} name="bin" help="bin" bad={bad} value={v('bin')} extra={{ inputmode: 'numeric', size: '13', maxlength: '12' }} />
      <button type="submit">{t('docs.f.apply')}</button>
      <a href="/documents">{t('common.reset')}</a>
    </form>
  );
}

export function DocumentsPage(p: { c: WebContext; raw: Record<string, string>; bad: Set<string>; page: DocumentPage; accounts: string[]; cursor: string | undefined; count: number | null }) {
  const { c, raw, page } = p;
  const t = c.get('t');
  const lang = c.get('lang');
  const last = page.items[page.items.length - 1];
  return (
    <Page c={c} title="docs.title" help="documents" nav="documents">
      <Filters c={c} raw={raw} bad={p.bad} accounts={p.accounts} />
      {p.bad.size ? <Notice kind="error">{t('docs.bad_filter', { fields: [...p.bad].map((f) => t(`docs.f.${f}`)).join(', ') })}</Notice> : null}
      {p.count !== null ? <p class="muted">{t('ov.total', { count: p.count, n: formatCount(p.count, lang) })}</p> : null}
      {page.items.length ? (
        <table>
          <thead>
            <tr>
              <th class="num">{t('docs.c.date')}</th>
              <th>{t('docs.c.number')}</th>
              <th>{t('docs.c.kind')}</th>
              <th>{t('docs.c.account')}</th>
              <th>{t('docs.c.beneficiary')}</th>
              <th class="num">{t('docs.c.amount')}</th>
              <th>{t('docs.c.state')}</th>
              <th class="num">{t('docs.c.issues')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((d) => (
              <Row c={c} d={d} />
            ))}
          </tbody>
        </table>
      ) : p.bad.size ? null : (
        <p class="muted">{page.partial ? '' : t('docs.empty')}</p>
      )}
      {page.partial && page.nextCursor ? <Notice kind="info">{t('docs.partial', { time: formatDateTime(idTime(page.nextCursor) ?? (last?.createdAt ?? 0), lang) })}</Notice> : null}
      <p class="pager">
        {p.cursor ? <a href={listHref(raw)}>{t('common.first_page')}</a> : null}
        {page.nextCursor ? (
          <a href={listHref(raw, page.nextCursor)} rel="next">
            {page.partial ? t('docs.search_on') : t('common.next_page')} →
          </a>
        ) : null}
      </p>
      <p class="muted">{t('docs.view_note')}</p>
    </Page>
  );
}

/** Parses the form; bad fields are named back to the user (and the list is not run on a half-understood filter). */
export function parseListQuery(query: Record<string, string>): { raw: Record<string, string>; bad: Set<string>; q: PageQuery | null } {
  const raw = withoutEmpty(query);
  const parsed = pageQuery.safeParse(raw);
  if (parsed.success) return { raw, bad: new Set(), q: parsed.data };
  return { raw, bad: new Set(parsed.error.issues.map((i) => String(i.path[0] ?? ''))), q: null };
}

export function documentsPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/documents', (c) => {
    const { raw, bad, q } = parseListQuery(c.req.query());
    const accounts = listedAccounts(d.store);
    if (!q) return c.html(<DocumentsPage c={c} raw={raw} bad={bad} page={{ items: [], nextCursor: null, partial: false }} accounts={accounts} cursor={undefined} count={null} />, 400);
    const filter = toStoreFilter(q);
    const page = pageDocuments(d.store, { ...filter, limit: PAGE_SIZE, cursor: q.cursor });
    // A total is cheap only from the counters: shown when the filter is by state and/or kind alone.
    const onlyCounted = Object.keys(raw).every((k) => k === 'state' || k === 'kind' || k === 'cursor' || k === 'lang');
    const count = onlyCounted ? countedDocuments(d.store, { state: filter.state, kind: filter.kind }) : null;
    return c.html(<DocumentsPage c={c} raw={raw} bad={bad} page={page} accounts={accounts} cursor={q.cursor} count={count} />);
  });
  return app;
}
