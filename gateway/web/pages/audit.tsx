/** @jsxImportSource hono/jsx */
// Audit log (administrators only): newest events first, keyset pages by seq, filters; "verify chain" walks the whole
// hash chain (on its own thread) and shows OK with the last seq and hash, or the first broken seq and why.
import { Hono } from 'hono';
import { ENTITY_TYPES } from '../../store/schema.ts';
import { listUsers } from '../../store/users-repo.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatDateTime } from '../i18n/format.ts';
import { adminOnly } from '../security/guard.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { Pager } from '../ui/widgets.tsx';
import { recordedVerification, storeAuditSource, verifyChain, type VerifyOutcome } from '../audit/verify.ts';
import { auditEvents, auditFilter, type AuditFilter, type AuditRow } from '../views/audit-view.ts';

export const AUDIT_PAGE_SIZE = 100;
/** Data longer than this is folded (the whole text stays one click away). */
const SHORT = 240;

function EntityLink({ r, logins }: { r: AuditRow; logins: Map<string, string> }) {
  const label = `${r.entityType}:${r.entityId}`;
  if (r.entityType === 'document') return <a href={`/documents/${encodeURIComponent(r.entityId)}`}>{label}</a>;
  if (r.entityType === 'file') return <a href={`/documents?file=${encodeURIComponent(r.entityId)}`}>{label}</a>;
  if (r.entityType === 'user' && logins.has(r.entityId)) return <a href={`/users/${encodeURIComponent(logins.get(r.entityId)!)}`}>{`user:${logins.get(r.entityId)!}`}</a>;
  if (r.entityType === 'key') return <a href="/keys">{label}</a>;
  return <>{label}</>;
}

function VerifyResult({ c, r }: { c: WebContext; r: VerifyOutcome }) {
  const t = c.get('t');
  if (r.ok) return <Notice kind="ok">{t('audit.verify_ok', { count: r.count, seq: r.count, hash: r.lastHash })}</Notice>;
  return <Notice kind="error">{t('audit.verify_broken', { seq: r.firstBad.seq, reason: t(`audit.reason.${r.firstBad.reason}`), count: r.count, detail: r.firstBad.message })}</Notice>;
}

type AuditPageData = { f: AuditFilter; page: Awaited<ReturnType<typeof auditEvents>>; verified?: VerifyOutcome | undefined };

async function AuditPage({ c, d, data: { f, page, verified } }: { c: WebContext; d: WebDeps; data: AuditPageData }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const logins = new Map((await listUsers(d.store.sql)).map((u) => [u.id, u.login]));
  return (
    <Page c={c} title="audit.title" help="audit" nav="audit">
      {verified ? <VerifyResult c={c} r={verified} /> : null}
      <form method="post" action="/audit/verify" class="inline">
        <Csrf c={c} />
        <button type="submit" data-help="audit.verify">
          {t('audit.verify')}
        </button>
      </form>
      <form method="get" action="/audit" class="filters">
        <label>
          {t('audit.entity_type')}
          <select name="entity_type" data-help="audit.filters">
            <option value="">{t('audit.any')}</option>
            {ENTITY_TYPES.map((e) => (
              <option value={e} selected={f.entityType === e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.entity_id')}
          <input name="entity_id" value={f.entityId ?? ''} data-help="audit.filters" />
        </label>
        <label>
          {t('audit.type')}
          <input name="type" value={f.type ?? ''} placeholder="user." data-help="audit.filters" />
        </label>
        <label>
          {t('audit.actor')}
          <input name="actor" value={f.actor ?? ''} data-help="audit.filters" />
        </label>
        <label>
          {t('audit.from')}
          <input type="date" name="from" value={f.from ?? ''} data-help="audit.filters" />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" name="to" value={f.to ?? ''} data-help="audit.filters" />
        </label>
        <button type="submit">{t('common.filter')}</button> <a href="/audit">{t('common.reset')}</a>
      </form>
      {page.items.length === 0 ? (
        <p class="muted">{t('audit.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th class="num">{t('audit.col.seq')}</th>
              <th>{t('audit.col.time')}</th>
              <th>{t('audit.col.actor')}</th>
              <th>{t('audit.col.type')}</th>
              <th>{t('audit.col.entity')}</th>
              <th>{t('audit.col.data')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((r) => (
              <tr>
                <td class="num">{r.seq}</td>
                <td>{formatDateTime(r.at, lang)}</td>
                <td>{r.actor}</td>
                <td class="mono">{r.type}</td>
                <td class="mono">
                  <EntityLink r={r} logins={logins} />
                </td>
                <td class="mono">
                  {r.dataJson.length <= SHORT ? (
                    r.dataJson
                  ) : (
                    <details>
                      <summary>{`${r.dataJson.slice(0, SHORT)}…`}</summary>
                      {r.dataJson}
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager c={c} path="/audit" param="before" next={page.next === null ? null : String(page.next)} />
    </Page>
  );
}

export function auditPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/audit', adminOnly(d));
  app.use('/audit/*', adminOnly(d));
  app.get('/audit', async (c) => {
    const q = c.req.query();
    const v = q['verified'];
    const verified = v && /^\d{1,15}$/.test(v) ? await recordedVerification(d.store.sql, Number(v)) : null;
    const f = auditFilter(q);
    const before = q['before'] && /^\d{1,15}$/.test(q['before']) ? Number(q['before']) : undefined;
    const page = await auditEvents(d.store.sql, f, d.config.validation.time_zone, AUDIT_PAGE_SIZE, before);
    return c.html(<AuditPage c={c} d={d} data={{ f, page, verified: verified ?? undefined }} />);
  });
  // Post/redirect/get: a reload of the answer does not verify (and record) again.
  app.post('/audit/verify', async (c) => {
    const r = await verifyChain(d.store.sql, storeAuditSource(d.store), c.get('user')!.login);
    return c.redirect(`/audit?verified=${r.seq}`, 303);
  });
  return app;
}
