/** @jsxImportSource hono/jsx */
// FX: purchase and sale orders (documents waiting for signatures like any other), the bank's deal confirmations and
// the files written for 1C, and the order form for users who may prepare documents (never administrators).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { FxConfirmation } from '../../core/connector.ts';
import { isUniqueViolation } from '../../store/db.ts';
import { storeFxOrder } from '../../pipeline/fx-order.ts';
import { clientIp, type WebContext, type WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { formatDateTime, formatDay } from '../i18n/format.ts';
import { auditRefusal, refuse } from '../security/refuse.ts';
import { canPrepareAny, canPrepareOn } from '../security/prepare-right.ts';
import { Csrf, Notice, Page } from '../ui/layout.tsx';
import { Amount, FieldError, Pager } from '../ui/widgets.tsx';
import { checkFxForm, fxValues, type FxFieldErrors, type FxFormValues } from '../views/fx-form.ts';
import { fxConfirmations, fxExports, fxOrders, type FxExportRow } from '../views/fx-view.ts';

const PAGE = 50;
const ID = /^[0-9A-Z]{26}$/;
const EMPTY: FxFormValues = { direction: 'buy', amount: '', currency: 'USD', fromIban: '', toIban: '', rateLimit: '', purpose: '', number: '' };

/** Form key: a form sent twice (double click, reload) records one order (the claim id of its source). */
const formKey = () => randomBytes(16).toString('base64url');

function OrderForm({ c, values, errors, keyValue }: { c: WebContext; values: FxFormValues; errors: FxFieldErrors; keyValue: string }) {
  const t = c.get('t');
  const field = (name: keyof FxFormValues, label: string, attrs: Record<string, string> = {}) => (
    <>
      <label for={`fx-${name}`}>{label}</label>
      <input id={`fx-${name}`} name={name} type="text" value={values[name]} data-help={`fx.${name.toLowerCase()}`} aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={errors[name] ? `fx-${name}-error` : undefined} {...attrs} />
      <FieldError id={`fx-${name}`} error={errors[name]} />
    </>
  );
  return (
    <form method="post" action="/fx" class="card">
      <Csrf c={c} />
      <input type="hidden" name="key" value={keyValue} />
      <fieldset data-help="fx.direction">
        <legend>{t('fx.direction')}</legend>
        <label class="inline-choice">
          <input type="radio" name="direction" value="buy" checked={values.direction !== 'sell'} /> {t('fx.buy')}
        </label>
        <label class="inline-choice">
          <input type="radio" name="direction" value="sell" checked={values.direction === 'sell'} /> {t('fx.sell')}
        </label>
        <FieldError id="fx-direction" error={errors.direction} />
      </fieldset>
      {field('amount', t('fx.amount'), { inputmode: 'decimal', autocomplete: 'off', required: '' })}
      {field('currency', t('fx.currency'), { maxlength: '3', required: '' })}
      {field('fromIban', t('fx.from'), { maxlength: '34', required: '' })}
      {field('toIban', t('fx.to'), { maxlength: '34', required: '' })}
      {field('rateLimit', t('fx.rate_limit'), { inputmode: 'decimal' })}
      {field('purpose', t('fx.purpose'))}
      {field('number', t('fx.number'), { maxlength: '20' })}
      <p class="muted">{t('fx.form_hint')}</p>
      <p>
        <button type="submit">{t('fx.submit')}</button>
      </p>
    </form>
  );
}

function Confirmations({ c, items, exported }: { c: WebContext; items: FxConfirmation[]; exported: Map<string, FxExportRow> }) {
  const t = c.get('t');
  const lang = c.get('lang');
  if (items.length === 0) return <p class="muted">{t('fx.no_confirmations')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('fx.col.deal')}</th>
          <th>{t('fx.col.trade_date')}</th>
          <th>{t('fx.col.direction')}</th>
          <th class="num">{t('fx.col.amount')}</th>
          <th class="num">{t('fx.col.counter_amount')}</th>
          <th class="num">{t('fx.col.rate')}</th>
          <th class="num">{t('fx.col.commission')}</th>
          <th>{t('fx.col.order')}</th>
          <th>{t('fx.col.file')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((x) => {
          const file = exported.get(x.dealId);
          return (
            <tr>
              <td class="mono">{x.dealId}</td>
              <td>
                {formatDay(x.tradeDate, lang)}
                {x.valueDate !== x.tradeDate ? <div class="muted">{t('fx.value_date', { date: formatDay(x.valueDate, lang) })}</div> : null}
              </td>
              <td>{x.direction === 'buy' ? t('fx.buy') : t('fx.sell')}</td>
              <td class="num">{`${x.amount} ${x.currency}`}</td>
              <td class="num">{`${x.counterAmount} ${x.counterCurrency}`}</td>
              <td class="num">{x.rate}</td>
              <td class="num">{`${x.commission} ${x.commissionCurrency}`}</td>
              <td>{ID.test(x.clientDocumentId) ? <a href={`/documents/${x.clientDocumentId}`}>{t('fx.open_order')}</a> : <span class="mono">{x.clientDocumentId}</span>}</td>
              <td class="mono">{file ? path.basename(file.path) : <span class="muted">{t('fx.not_written')}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ExportedOnly({ c, rows }: { c: WebContext; rows: FxExportRow[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  if (rows.length === 0) return <p class="muted">{t('fx.no_files')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('fx.col.deal')}</th>
          <th>{t('fx.col.file')}</th>
          <th>{t('fx.col.written')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td class="mono">{r.dealId}</td>
            <td class="mono">{path.basename(r.path)}</td>
            <td>{formatDateTime(r.writtenAt, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface FxPageProps {
  c: WebContext;
  d: WebDeps;
  conf: Awaited<ReturnType<typeof fxConfirmations>>;
  form?: { values: FxFormValues; errors: FxFieldErrors; key: string } | undefined;
  notice?: { kind: 'ok' | 'error' | 'info'; body: Child } | undefined;
}

async function FxPage({ c, d, conf, form, notice }: FxPageProps) {
  const t = c.get('t');
  const lang = c.get('lang');
  const user = c.get('user')!;
  const cursor = c.req.query('cursor');
  const orders = await fxOrders(d.store, PAGE, cursor && ID.test(cursor) ? cursor : undefined);
  const exported = await fxExports(d.store.sql);
  const byDeal = new Map(exported.map((e) => [e.dealId, e]));
  const mayPrepare = await canPrepareAny(d.store.sql, user);
  return (
    <Page c={c} title="fx.title" help="fx" nav="fx">
      {notice ? <Notice kind={notice.kind}>{notice.body}</Notice> : null}
      <h2>{t('fx.orders')}</h2>
      {orders.items.length === 0 ? (
        <p class="muted">{t('fx.no_orders')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('fx.col.number')}</th>
              <th>{t('fx.col.date')}</th>
              <th>{t('fx.col.direction')}</th>
              <th class="num">{t('fx.col.amount')}</th>
              <th>{t('fx.col.from')}</th>
              <th>{t('fx.col.to')}</th>
              <th class="num">{t('fx.col.rate_limit')}</th>
              <th>{t('fx.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.items.map((o) => (
              <tr>
                <td>
                  <a href={`/documents/${o.id}`}>{o.number}</a>
                </td>
                <td>{formatDay(o.docDate, lang)}</td>
                <td>{o.document.direction === 'buy' ? t('fx.buy') : t('fx.sell')}</td>
                <td class="num">
                  <Amount c={c} minor={o.amount?.minor} currency={o.amount?.currency} />
                </td>
                <td class="mono">{o.document.fromIban}</td>
                <td class="mono">{o.document.toIban}</td>
                <td class="num">{o.document.rateLimit ?? t('common.none')}</td>
                <td>
                  <span class={`state ${o.state}`}>{o.state}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager c={c} path="/fx" param="cursor" next={orders.nextCursor} />
      <h2>{t('fx.confirmations')}</h2>
      {conf.items ? (
        <Confirmations c={c} items={conf.items} exported={byDeal} />
      ) : (
        <>
          <Notice kind="info">{conf.bank ? t('fx.bank_unavailable', { error: conf.error ?? '' }) : t('fx.no_bank')}</Notice>
          <ExportedOnly c={c} rows={exported} />
        </>
      )}
      <h2>{t('fx.new_order')}</h2>
      {user.role === 'admin' ? (
        <p class="muted">{t('fx.admin_cannot')}</p>
      ) : mayPrepare ? (
        <OrderForm c={c} values={form?.values ?? EMPTY} errors={form?.errors ?? {}} keyValue={form?.key ?? formKey()} />
      ) : (
        <p class="muted">{t('fx.no_prepare_right')}</p>
      )}
    </Page>
  );
}

export function fxPage(d: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/fx', async (c) => {
    const created = c.req.query('created');
    const t = c.get('t');
    const notice = created && ID.test(created) ? { kind: 'ok' as const, body: <>{t('fx.created')} <a href={`/documents/${created}`}>{t('fx.open_order')}</a></> } : undefined;
    return c.html(<FxPage c={c} d={d} conf={await fxConfirmations(d)} notice={notice} />);
  });

  app.post('/fx', async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    // Administrators never create payment documents (separation of duties); viewers without ':prepare' neither.
    if (user.role === 'admin' || !(await canPrepareAny(d.store.sql, user))) return refuse(d.store, c, 'forbidden', { need: 'prepare', action: 'fx.order' });
    const body = await c.req.parseBody();
    const values = fxValues(body);
    const key = typeof body['key'] === 'string' && /^[\w-]{16,64}$/.test(body['key']) ? body['key'] : formKey();
    const again = async (errors: FxFieldErrors, status: 400 | 403 | 409) => c.html(<FxPage c={c} d={d} conf={await fxConfirmations(d)} form={{ values, errors, key }} notice={{ kind: 'error', body: t('fx.fix_fields') }} />, status);
    const check = checkFxForm(values, d.config, t, c.get('lang'), d.store.clock.now());
    if (!check.ok) return again(check.errors, 400);
    if (!(await canPrepareOn(d.store.sql, user, check.doc.fromIban))) {
      await auditRefusal(d.store, c, 'forbidden', { need: 'prepare', account: check.doc.fromIban, action: 'fx.order' });
      return again({ fromIban: t('fx.err.no_right', { account: check.doc.fromIban }) }, 403);
    }
    try {
      const { id } = await storeFxOrder(d.store, check.doc, check.issues, { mailbox: d.config.bank.statements.mailbox, claimId: `web-fx:${user.id}:${key}`, actor: user.login, format: 'web.fx-order' });
      d.logger.info({ documentId: id, login: user.login, ip: clientIp(c) }, 'FX order placed from the dashboard');
      return c.redirect(`/fx?created=${id}`, 303);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return again({ number: t('fx.err.duplicate') }, 409);
    }
  });
  return app;
}
