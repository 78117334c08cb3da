/** @jsxImportSource hono/jsx */
// Small pieces the admin and bank pages share: a field's error line, money, a "next page" link, a date-range form.
import type { Child } from 'hono/jsx';
import type { WebContext } from '../context.ts';
import { formatMoney } from '../i18n/format.ts';

/** The error under a form field (announced to screen readers); nothing when the field is fine. */
export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  return error ? (
    <span class="field-error" id={`${id}-error`} role="alert">
      {error}
    </span>
  ) : null;
}

/** Money from minor units with its currency in the page's language; '—' when unknown. */
export function Amount({ c, minor, currency }: { c: WebContext; minor: string | bigint | null | undefined; currency: string | null | undefined }) {
  return <>{minor === null || minor === undefined || !currency ? c.get('t')('common.none') : formatMoney(minor, currency, c.get('lang'))}</>;
}

/**
 * Keyset paging: a link to the page after this one (the query with the cursor set), and back to the first. `path` is
 * the list's own address (a page rendered as the answer to a POST lives at another one).
 */
export function Pager({ c, path, param, next }: { c: WebContext; path: string; param: string; next: string | null }) {
  const t = c.get('t');
  const url = new URL(c.req.url);
  url.pathname = path;
  const hasCursor = url.searchParams.has(param);
  if (!next && !hasCursor) return null;
  const first = new URL(url);
  first.searchParams.delete(param);
  const after = new URL(url);
  if (next) after.searchParams.set(param, next);
  return (
    <p class="pager">
      {hasCursor ? <a href={`${first.pathname}${first.search}`}>{t('common.first_page')}</a> : null} {next ? <a href={`${after.pathname}${after.search}`}>{t('common.next_page')}</a> : null}
    </p>
  );
}

/** A definition list of label → value rows (requisites style). */
export function Facts({ rows }: { rows: [label: string, value: Child][] }) {
  return (
    <dl class="req">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}
