/** @jsxImportSource hono/jsx */
// Generic error pages in the user's language: no stack traces or internals (ASVS 16.5.1).
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebContext } from '../context.ts';
import type { Params } from '../i18n/translate.ts';
import { Notice, Page } from './layout.tsx';

export function errorPage(c: WebContext, status: ContentfulStatusCode, key: string, params?: Params): Response | Promise<Response> {
  return c.html(
    <Page c={c} title="error.title" help="index">
      <Notice kind="error">{c.get('t')(key, params)}</Notice>
      <p>
        <a href="/">{c.get('t')('nav.overview')}</a>
      </p>
    </Page>,
    status,
  );
}
