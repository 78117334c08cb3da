// /api/v1/fx: FX orders (documents of kind fx-order, newest first), the bank's deal confirmations, and placing an
// order like the page and `bankgate fx buy|sell` — amount a decimal string (never a JSON number), same rights.
import { randomBytes } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { formatDecimal } from '../../core/model/money.ts';
import { storeFxOrder } from '../../pipeline/fx-order.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { auditRefusal } from '../security/refuse.ts';
import { canPrepareAny, canPrepareOn } from '../security/prepare-right.ts';
import { checkFxForm, fxValues } from '../views/fx-form.ts';
import { fxConfirmations, fxOrders } from '../views/fx-view.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

const ID = /^[0-9A-Z]{26}$/;

const orderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    date: z.string(),
    direction: z.enum(['buy', 'sell']),
    amount: z.string(),
    currency: z.string(),
    from_iban: z.string(),
    to_iban: z.string(),
    rate_limit: z.string().nullable(),
    purpose: z.string(),
    state: z.string(),
  })
  .meta({ id: 'FxOrder' });

const confirmationSchema = z
  .object({
    deal_id: z.string(),
    order_bank_id: z.string(),
    client_document_id: z.string(),
    direction: z.enum(['buy', 'sell']),
    trade_date: z.string(),
    value_date: z.string(),
    pair: z.string(),
    amount: z.string(),
    currency: z.string(),
    counter_amount: z.string(),
    counter_currency: z.string(),
    rate: z.string(),
    kzt_equivalent: z.string(),
    debit_account: z.string(),
    credit_account: z.string(),
    commission: z.string(),
    commission_currency: z.string(),
    confirmed_at: z.string(),
  })
  .meta({ id: 'FxConfirmation' });

const newOrderSchema = z
  .object({
    direction: z.enum(['buy', 'sell']),
    amount: z.string().max(40).describe('Decimal string in the currency, e.g. "1000.00"'),
    currency: z.string().max(3),
    from_iban: z.string().max(40),
    to_iban: z.string().max(40),
    rate_limit: z.string().max(20).optional(),
    purpose: z.string().max(1000).optional(),
    number: z.string().max(40).optional(),
    key: z.string().regex(/^[\w-]{16,64}$/).optional().describe('Idempotency key: the same key records one order'),
  })
  .meta({ id: 'NewFxOrder' });

const problemsSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), problems: z.array(z.object({ field: z.string(), message: z.string() })) }) });

const ordersRoute = createRoute({
  method: 'get',
  path: '/api/v1/fx/orders',
  summary: 'FX purchase and sale orders, newest first',
  security: API_SECURITY,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().regex(ID, 'a next_cursor of a previous page').optional() }) },
  responses: { 200: json(z.object({ items: z.array(orderSchema), next_cursor: z.string().nullable() }), 'Orders'), ...API_ERRORS },
});
const confirmationsRoute = createRoute({
  method: 'get',
  path: '/api/v1/fx/confirmations',
  summary: 'Deal confirmations the bank gave in the last 31 days',
  security: API_SECURITY,
  responses: { 200: json(z.object({ bank_reachable: z.boolean(), error: z.string().nullable(), items: z.array(confirmationSchema) }), 'Confirmations (empty when the bank could not be asked)'), ...API_ERRORS },
});
const placeRoute = createRoute({
  method: 'post',
  path: '/api/v1/fx/orders',
  summary: 'Place an FX order: a document that waits for signatures (users with a right on the account debited)',
  security: API_SECURITY,
  request: { body: { content: { 'application/json': { schema: newOrderSchema } }, required: true } },
  responses: {
    201: json(z.object({ id: z.string(), state: z.string() }), 'Created, awaiting signatures'),
    400: json(problemsSchema, 'Fields that are wrong, each named (API_BAD_BODY)'),
    401: API_ERRORS[401],
    403: json(apiErrorSchema, 'Administrators, view-only users and users without a right on the account debited (AUTH_FORBIDDEN, audited)'),
    409: json(apiErrorSchema, 'An order with exactly these details exists (API_DUPLICATE)'),
  },
});

const FIELD_NAMES: Record<string, string> = { fromIban: 'from_iban', toIban: 'to_iban', rateLimit: 'rate_limit' };

export function registerFxApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  api.openapi(ordersRoute, async (c) => {
    const q = c.req.valid('query');
    const page = await fxOrders(d.store, q.limit, q.cursor);
    return c.json(
      {
        items: page.items.map((o) => ({
          id: o.id,
          number: o.number,
          date: o.docDate,
          direction: o.document.direction,
          amount: formatDecimal(o.document.amount.minor, o.document.amount.currency),
          currency: o.document.amount.currency,
          from_iban: o.document.fromIban,
          to_iban: o.document.toIban,
          rate_limit: o.document.rateLimit ?? null,
          purpose: o.document.purpose,
          state: o.state,
        })),
        next_cursor: page.nextCursor,
      },
      200,
    );
  });

  api.openapi(confirmationsRoute, async (c) => {
    const r = await fxConfirmations(d);
    const items = (r.items ?? []).map((x) => ({
      deal_id: x.dealId,
      order_bank_id: x.orderBankId,
      client_document_id: x.clientDocumentId,
      direction: x.direction,
      trade_date: x.tradeDate,
      value_date: x.valueDate,
      pair: x.pair,
      amount: x.amount,
      currency: x.currency,
      counter_amount: x.counterAmount,
      counter_currency: x.counterCurrency,
      rate: x.rate,
      kzt_equivalent: x.kztEquivalent,
      debit_account: x.debitAccount,
      credit_account: x.creditAccount,
      commission: x.commission,
      commission_currency: x.commissionCurrency,
      confirmed_at: x.confirmedAt,
    }));
    return c.json({ bank_reachable: r.items !== null, error: r.error, items }, 200);
  });

  api.openapi(placeRoute, async (c) => {
    const user = c.get('user')!;
    if (user.role === 'admin' || !(await canPrepareAny(d.store.sql, user))) {
      await auditRefusal(d.store, c, 'forbidden', { need: 'prepare', action: 'fx.order' });
      return c.json({ error: { code: 'AUTH_FORBIDDEN', message: c.get('t')('error.forbidden') } }, 403);
    }
    const b = c.req.valid('json');
    const values = fxValues({ direction: b.direction, amount: b.amount, currency: b.currency, fromIban: b.from_iban, toIban: b.to_iban, rateLimit: b.rate_limit ?? '', purpose: b.purpose ?? '', number: b.number ?? '' });
    const check = checkFxForm(values, d.config, c.get('t'), c.get('lang'), d.store.clock.now());
    if (!check.ok) {
      const problems = Object.entries(check.errors).map(([field, message]) => ({ field: FIELD_NAMES[field] ?? field, message: message ?? '' }));
      return c.json({ error: { code: 'API_BAD_BODY', message: problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems } }, 400);
    }
    if (!(await canPrepareOn(d.store.sql, user, check.doc.fromIban))) {
      await auditRefusal(d.store, c, 'forbidden', { need: 'prepare', account: check.doc.fromIban, action: 'fx.order' });
      return c.json({ error: { code: 'AUTH_FORBIDDEN', message: c.get('t')('fx.err.no_right', { account: check.doc.fromIban }) } }, 403);
    }
    try {
      const r = await storeFxOrder(d.store, check.doc, check.issues, { mailbox: d.config.bank.statements.mailbox, claimId: `web-fx:${user.id}:${b.key ?? randomBytes(16).toString('base64url')}`, actor: user.login, format: 'web.fx-order' });
      return c.json({ id: r.id, state: r.state }, 201);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return c.json({ error: { code: 'API_DUPLICATE', message: c.get('t')('fx.err.duplicate') } }, 409);
    }
  });
}
