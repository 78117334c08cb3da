/** @jsxImportSource hono/jsx */
// The signing page (signers only): what waits for me, select many, the PIN once for the batch, the result per
// document. A plain form POST, so it works with JavaScript off; every document is re-checked on the server.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { signersOnly } from '../security/guard.ts';
import { MAX_BATCH, signBatch, type DocumentResult } from '../signing/batch.ts';
import { myKeys, signingPolicy, type MyKey } from '../signing/keys.ts';
import { waitingFor } from '../signing/waiting.ts';
import { errorPage } from '../ui/error-page.tsx';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { KeyAndPin, reasonText, ResultsTable, WaitingTable } from './signing-parts.tsx';

/** A checkbox value: the document id and the SHA-256 shown beside it ("what you see is what you sign"). */
const DOC_VALUE = /^([0-9A-Za-z_-]{1,64}):([0-9a-f]{64})$/;

interface ViewState {
  error?: string;
  results?: DocumentResult[];
  selected?: ReadonlySet<string>;
  keyId?: string;
}

async function render(c: WebContext, d: WebDeps, s: ViewState, status: ContentfulStatusCode = 200): Promise<Response> {
  const t = c.get('t');
  const user = c.get('user')!;
  const keys: MyKey[] = await myKeys(d, user.id);
  const { items, more } = await waitingFor(d.store, signingPolicy(d), user);
  return c.html(
    <Page c={c} title="nav.signing" help="signing" nav="signing">
      {s.error ? <Notice kind="error">{s.error}</Notice> : null}
      {s.results ? <ResultsTable c={c} results={s.results} /> : null}
      {s.results ? <h2>{t('signing.still_waiting')}</h2> : <p class="muted">{t('signing.intro')}</p>}
      {keys.length === 0 ? <Notice kind="info">{t('signing.no_key')}</Notice> : null}
      {items.length === 0 ? (
        <Notice kind="info">{t('signing.nothing')}</Notice>
      ) : (
        <form method="post" action="/signing" data-confirm={t('signing.confirm')}>
          <Csrf c={c} />
          <WaitingTable c={c} items={items} selected={s.selected ?? new Set()} />
          {more ? <Notice kind="info">{t('signing.more', { count: items.length })}</Notice> : null}
          {keys.length > 0 ? <KeyAndPin c={c} keys={keys} keyId={s.keyId} /> : null}
        </form>
      )}
    </Page>,
    status,
  );
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export function signingPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/signing', signersOnly(d));
  app.get('/signing', (c) => render(c, d, {}));
  app.post('/signing', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const picked = list(body['doc']).map((v) => DOC_VALUE.exec(str(v)));
    const documents = picked.flatMap((m) => (m ? [{ id: m[1]!, sha256: m[2]! }] : []));
    const selected = new Set(documents.map((x) => x.id));
    const keyId = str(body['key']).slice(0, 300);
    const pin = str(body['pin']);
    const again = (error: string) => render(c, d, { error, selected, keyId }, 400);
    if (documents.length !== picked.length) return again(t('signing.bad_selection'));
    if (documents.length === 0) return again(t('signing.none_selected'));
    if (documents.length > MAX_BATCH) return again(t('signing.too_many', { max: MAX_BATCH }));
    if (!keyId) return again(t('signing.key_missing'));
    if (!pin || pin.length > 1024) return again(t('signing.pin_missing'));
    const out = await signBatch(d, c, { keyId, pin, documents });
    if (!out.ok) {
      // Someone else's key: already audited by signBatch, answered like every refusal.
      if (out.reason === 'forbidden-key') return errorPage(c, 403, 'error.forbidden');
      if (out.reason === 'not-served') return render(c, d, { error: t('signing.not_served'), selected, keyId }, 409);
      return render(c, d, { error: t('signing.unlock_failed', { reason: reasonText(c, out.code) }), selected, keyId }, 400);
    }
    // Every selected document refused for lack of a right: the request as a whole was a forbidden action.
    const forbidden = out.results.every((r) => r.status === 'refused' && r.code === 'SIGN_NO_RIGHT');
    return render(c, d, { results: out.results, keyId }, forbidden ? 403 : 200);
  });
  return app;
}
