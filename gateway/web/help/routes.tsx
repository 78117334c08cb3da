/** @jsxImportSource hono/jsx */
// F1 help: /help/<page>[.<field>] shows docs/help/<lang>/<page>.md in the current language, scrolled to the field's
// section; /help lists every topic. Reachable without login (the login page has help too).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import type { Lang } from '../i18n/langs.ts';
import { Notice, Page } from '../ui/layout.tsx';
import { renderHelp } from './markdown.ts';

export const DEFAULT_HELP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/help');
const TOPIC = /^[a-z0-9-]+(\.[a-z0-9_-]+)?$/;

export function helpFile(dir: string, lang: Lang, page: string): string | null {
  const f = path.join(dir, lang, `${page}.md`);
  return existsSync(f) ? f : null;
}

export function helpRoutes(d: WebDeps): Hono<WebEnv> {
  const dir = d.helpDir ?? DEFAULT_HELP_DIR;
  const app = new Hono<WebEnv>();
  app.get('/', (c) => {
    const lang = c.get('lang');
    const t = c.get('t');
    const langDir = path.join(dir, lang);
    const topics = existsSync(langDir)
      ? readdirSync(langDir)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => ({ id: f.slice(0, -3), title: renderHelp(readFileSync(path.join(langDir, f), 'utf8')).title }))
      : [];
    return c.html(
      <Page c={c} title="help.index" help="index">
        <ul>
          {topics.map((x) => (
            <li>
              <a href={`/help/${x.id}?lang=${lang}`}>{x.title || x.id}</a>
            </li>
          ))}
        </ul>
        {topics.length === 0 ? <Notice kind="info">{t('help.missing')}</Notice> : null}
      </Page>,
    );
  });
  app.get('/:topic', (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const topic = c.req.param('topic');
    if (!TOPIC.test(topic)) return c.notFound();
    const [page, field] = topic.split('.') as [string, string | undefined];
    const file = helpFile(dir, lang, page);
    const from = c.req.query('from');
    const back = from && /^\/(?![/\\])/.test(from) ? from : null;
    if (!file) {
      return c.html(
        <Page c={c} title="help.index" help="index">
          <Notice kind="info">{t('help.missing')}</Notice>
          <p>
            <a href={`/help?lang=${lang}`}>{t('help.index')}</a>
          </p>
        </Page>,
        404,
      );
    }
    const doc = renderHelp(readFileSync(file, 'utf8'), field);
    const nonce = c.get('secureHeadersNonce');
    return c.html(
      <Page c={c} title="help.index" heading={t('help.title', { topic: doc.title || page })} help={page}>
        <article class="help-body" data-topic={page} data-field={field ?? ''}>
          {raw(doc.html)}
        </article>
        <p>
          {back ? <a href={back}>{t('help.back')}</a> : null} · <a href={`/help?lang=${lang}`}>{t('help.index')}</a>
        </p>
        {field && doc.sections.includes(field) ? <script nonce={nonce}>{raw(`document.getElementById(${JSON.stringify(field)}).scrollIntoView();`)}</script> : null}
      </Page>,
    );
  });
  return app;
}
