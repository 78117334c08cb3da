/** @jsxImportSource hono/jsx */
// Documents (everyone signed in may view them): filters and search as a GET form, newest first, keyset paging with a
// "next page" link carrying the cursor — no OFFSET and no total count over the table.
import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../core/model/document.ts';
import { countedDocuments, knownAccounts, pageDocuments, type DocumentListItem, type DocumentPage } from '../../store/document-list.ts';
import { idTime } from '../../store/id-time.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { cursorSchema, FILTER_FIELDS, filterShape, toStoreFilter, withoutEmpty, type FilterField } from '../documents/filters.ts';
import { formatCount, formatDateTime, formatDay } from '../i18n/format.ts';
import { formatMoneyFast } from '../i18n/money-fast.ts';
import { Notice, Page } from '../ui/layout.tsx';
import { safeHtml } from '../ui/safe-html.ts';

export const PAGE_SIZE = 50;

const pageQuery = z.object({ ...filterShape, cursor: cursorSchema.optional() });
type PageQuery = z.output<typeof pageQuery>;

/** The list URL for these parameters (empty ones left out) and an optional cursor. */
function listHref(query: Record<string, string>, cursor?: string): string {
  const p = new URLSearchParams();
  for (const f of FILTER_FIELDS) if (query[f]) p.set(f, query[f]);
  if (cursor) p.set('cursor', cursor);
  const q = p.toString();
  return q ? `/documents?${q}` : '/documents';
}

/*
 * The rows and the form are the hot part of the page (50 rows, 8 cells, 21 options): written with safeHtml``, which
 * escapes every interpolated value exactly like JSX and hono's html`` do, several times faster (measured on this page).
 */
type Html = HtmlEscapedString;
const h = safeHtml;

/** Kind and state cells are catalogue text: rendered once per language and value. */
const labelCache = new Map<string, Map<string, Html>>();
function label(c: WebContext, what: 'kind' | 'state', value: string): Html {
  const cacheKey = `${c.get('lang')}|${what}`;
  let byValue = labelCache.get(cacheKey);
  if (!byValue) labelCache.set(cacheKey, (byValue = new Map()));
  let l = byValue.get(value);
  if (!l) {
    const text = c.get('t')(`docs.${what}.${value}`);
    l = what === 'state' ? h`<span class="state ${value}">${text}</span>` : h`${text}`;
    byValue.set(value, l);
  }
  return l;
}

function rowsHtml(c: WebContext, items: DocumentListItem[]): Html {
  const lang = c.get('lang');
  const none = c.get('t')('common.none');
  return h`${items.map((d) => {
    const amount = d.amountMinor !== null && d.currency ? formatMoneyFast(d.amountMinor, d.currency, lang) : none;
    // Alignment and fonts of the cells come from table.docs in the stylesheet: fewer bytes per row.
    return h`<tr><td>${formatDay(d.docDate, lang)}</td><td><a href="/documents/${d.id}">${d.number}</a></td><td>${label(c, 'kind', d.kind)}</td><td>${d.payerAccount ?? none}</td><td>${d.beneficiaryName ?? none}${d.beneficiaryBin ? h` <small>${d.beneficiaryBin}</small>` : ''}</td><td>${amount}</td><td>${label(c, 'state', d.state)}</td><td>${d.issues > 0 ? h`<span class="state invalid">${formatCount(d.issues, lang)}</span>` : ''}</td></tr>`;
  })}`;
}

/** The options of a select, cached per language and choice: they are catalogue text only. */
const optionCache = new Map<string, Html>();
function options(c: WebContext, name: 'state' | 'kind', selected: string | undefined): Html {
  const lang = c.get('lang');
  const key = `${lang}|${name}|${selected ?? ''}`;
  let o = optionCache.get(key);
  if (!o) {
    const t = c.get('t');
    const values: readonly string[] = name === 'state' ? DOCUMENT_STATES : DOCUMENT_KINDS;
    o = h`<option value="">${t('docs.any')}</option>${values.map((v) => h`<option value="${v}"${v === selected ? raw(' selected') : ''}>${t(`docs.${name}.${v}`)}</option>`)}`;
    if (optionCache.size < 500) optionCache.set(key, o);
  }
  return o;
}

function field(c: WebContext, name: FilterField, help: string, query: Record<string, string>, bad: Set<string>, attrs: Html | '' = ''): Html {
  return h`<label data-help="documents.${help}">${c.get('t')(`docs.f.${name}`)}<input name="${name}" value="${query[name] ?? ''}" data-help="documents.${help}"${bad.has(name) ? raw(' aria-invalid="true"') : ''}${attrs}></label>`;
}

function filtersHtml(c: WebContext, q: Record<string, string>, bad: Set<string>, accounts: string[]): Html {
  const t = c.get('t');
  const invalid = (f: string) => (bad.has(f) ? raw(' aria-invalid="true"') : '');
  return h`<form method="get" action="/documents" class="filters" role="search" aria-label="${t('docs.filters')}">
<label data-help="documents.state">${t('docs.f.state')}<select name="state" data-help="documents.state"${invalid('state')}>${options(c, 'state', q['state'])}</select></label>
<label data-help="documents.kind">${t('docs.f.kind')}<select name="kind" data-help="documents.kind"${invalid('kind')}>${options(c, 'kind', q['kind'])}</select></label>
${field(c, 'account', 'account', q, bad, raw(' list="accounts" size="24" autocomplete="off"'))}<datalist id="accounts">${accounts.map((a) => h`<option value="${a}">`)}</datalist>
${field(c, 'date_from', 'date', q, bad, raw(' type="date"'))}${field(c, 'date_to', 'date', q, bad, raw(' type="date"'))}
${field(c, 'amount_from', 'amount', q, bad, raw(' inputmode="decimal" size="12"'))}${field(c, 'amount_to', 'amount', q, bad, raw(' inputmode="decimal" size="12"'))}
${field(c, 'number', 'number', q, bad, raw(' size="10"'))}${field(c, 'beneficiary', 'beneficiary', q, bad, raw(' size="22"'))}${field(c, 'bin', 'bin', q, bad, raw(' inputmode="numeric" size="13" maxlength="12"'))}
<button type="submit">${t('docs.f.apply')}</button> <a href="/documents">${t('common.reset')}</a></form>`;
}

export function DocumentsPage(p: { c: WebContext; query: Record<string, string>; bad: Set<string>; page: DocumentPage; accounts: string[]; cursor: string | undefined; count: number | null }) {
  const { c, query, page } = p;
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <Page c={c} title="docs.title" help="documents" nav="documents">
      {filtersHtml(c, query, p.bad, p.accounts)}
      {p.bad.size ? <Notice kind="error">{t('docs.bad_filter', { fields: [...p.bad].map((f) => t(`docs.f.${f}`)).join(', ') })}</Notice> : null}
      {p.count !== null ? <p class="muted">{t('ov.total', { count: p.count, n: formatCount(p.count, lang) })}</p> : null}
      {page.items.length ? (
        <table class="docs">
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
          <tbody>{rowsHtml(c, page.items)}</tbody>
        </table>
      ) : p.bad.size ? null : (
        <p class="muted">{page.partial ? '' : t('docs.empty')}</p>
      )}
      {page.partial && page.nextCursor ? <Notice kind="info">{t('docs.partial', { time: formatDateTime(idTime(page.nextCursor) ?? 0, lang) })}</Notice> : null}
      <p class="pager">
        {p.cursor ? <a href={listHref(query)}>{t('common.first_page')}</a> : null}
        {page.nextCursor ? (
          <a href={listHref(query, page.nextCursor)} rel="next">
            {page.partial ? t('docs.search_on') : t('common.next_page')} →
          </a>
        ) : null}
      </p>
      <p class="muted">{t('docs.view_note')}</p>
    </Page>
  );
}

/** Parses the form; bad fields are named back to the user (and the list is not run on a half-understood filter). */
export function parseListQuery(params: Record<string, string>): { query: Record<string, string>; bad: Set<string>; q: PageQuery | null } {
  const query = withoutEmpty(params);
  const parsed = pageQuery.safeParse(query);
  if (parsed.success) return { query, bad: new Set(), q: parsed.data };
  return { query, bad: new Set(parsed.error.issues.map((i) => String(i.path[0] ?? ''))), q: null };
}

export function documentsPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/documents', async (c) => {
    const { query, bad, q } = parseListQuery(c.req.query());
    const accounts = await knownAccounts(d.store.sql);
    if (!q) return c.html(<DocumentsPage c={c} query={query} bad={bad} page={{ items: [], nextCursor: null, partial: false }} accounts={accounts} cursor={undefined} count={null} />, 400);
    const filter = toStoreFilter(q);
    const page = await pageDocuments(d.store.sql, { ...filter, limit: PAGE_SIZE, cursor: q.cursor });
    // A total is cheap only from the counters: shown when the filter is by state and/or kind alone.
    const onlyCounted = Object.keys(query).every((k) => k === 'state' || k === 'kind' || k === 'cursor' || k === 'lang');
    const count = onlyCounted ? await countedDocuments(d.store.sql, { state: filter.state, kind: filter.kind }) : null;
    return c.html(<DocumentsPage c={c} query={query} bad={bad} page={page} accounts={accounts} cursor={q.cursor} count={count} />);
  });
  return app;
}
