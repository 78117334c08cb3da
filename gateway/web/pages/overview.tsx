/** @jsxImportSource hono/jsx */
// Overview: documents per state (more tiles come with the overview work of issue 6).
import { Hono } from 'hono';
import { countDocumentsByState } from '../../store/documents-repo.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatCount } from '../i18n/format.ts';
import { Page } from '../ui/layout.tsx';

export function overviewPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/', (c) => {
    const counts = countDocumentsByState(d.store);
    const lang = c.get('lang');
    return c.html(
      <Page c={c} title="nav.overview" help="overview" nav="overview">
        <div class="grid">
          {Object.entries(counts).map(([state, n]) => (
            <div class="tile">
              <div class="n">{formatCount(n, lang)}</div>
              <span class={`state ${state}`}>{state}</span>
            </div>
          ))}
        </div>
      </Page>,
    );
  });
  return app;
}
