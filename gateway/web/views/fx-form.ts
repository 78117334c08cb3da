// The FX order form (and its JSON twin) read and checked: every field's problem named in the user's language; the
// amount is a decimal string turned into bigint minor units of the currency, never a float.
import type { Issue } from '../../core/issue.ts';
import type { FxOrderDocument } from '../../core/model/document.ts';
import { currencyExponent, parseDecimal } from '../../core/model/money.ts';
import { buildFxOrder } from '../../pipeline/fx-order.ts';
import { checkIban, createValidationContext, todayIn, validateDocument } from '../../validate/index.ts';
import type { GatewayConfig } from '../../../config/schema.ts';
import type { Lang } from '../i18n/langs.ts';
import type { Translate } from '../i18n/translate.ts';

export const FX_FIELDS = ['direction', 'amount', 'currency', 'fromIban', 'toIban', 'rateLimit', 'purpose', 'number'] as const;
export type FxField = (typeof FX_FIELDS)[number];
export type FxFormValues = Record<FxField, string>;
export type FxFieldErrors = Partial<Record<FxField, string>>;

const RATE = /^\d{1,7}([.,]\d{1,6})?$/;
const NUMBER = /^[\p{L}\p{N}_/-]{1,20}$/u;

/** The form's text values (missing ones empty, trimmed, accounts and currency upper-case). */
export function fxValues(body: Record<string, unknown>): FxFormValues {
  const v = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  return {
    direction: v('direction'),
    amount: v('amount').replace(/\s/g, ''),
    currency: v('currency').toUpperCase(),
    fromIban: v('fromIban').replace(/\s/g, '').toUpperCase(),
    toIban: v('toIban').replace(/\s/g, '').toUpperCase(),
    rateLimit: v('rateLimit'),
    purpose: v('purpose'),
    number: v('number'),
  };
}

/** Which form field a validation issue belongs to. */
function fieldOf(i: Issue): FxField {
  const f = i.field ?? '';
  if (f.startsWith('amount.currency')) return 'currency';
  if (f.startsWith('amount')) return 'amount';
  return (FX_FIELDS as readonly string[]).includes(f) ? (f as FxField) : 'number';
}

const issueText = (i: Issue, lang: Lang) => (lang === 'en' ? i.message : (i.text?.[lang] ?? i.message));

export type FxCheck = { ok: true; doc: FxOrderDocument; issues: Issue[] } | { ok: false; errors: FxFieldErrors };

/** Checks the fields, then the Kazakhstan rules on the order built from them (the same ones a CLI order gets). */
export function checkFxForm(values: FxFormValues, cfg: GatewayConfig, t: Translate, lang: Lang, now: number): FxCheck {
  const errors: FxFieldErrors = {};
  const direction = values.direction === 'buy' || values.direction === 'sell' ? values.direction : null;
  if (!direction) errors.direction = t('fx.err.direction');
  const currency = values.currency;
  if (!/^[A-Z]{3}$/.test(currency) || currency === 'KZT') errors.currency = t('fx.err.currency');
  // With a bad currency the amount is still checked for its shape (two decimals, the common case).
  const unit = errors.currency ? 'USD' : currency;
  const minor = parseDecimal(values.amount, unit);
  if (!values.amount) errors.amount = t('fx.err.amount_empty');
  else if (minor === null || minor <= 0n) errors.amount = t('fx.err.amount', { digits: currencyExponent(unit) });
  if (values.rateLimit && !RATE.test(values.rateLimit)) errors.rateLimit = t('fx.err.rate');
  if (values.number && !NUMBER.test(values.number)) errors.number = t('fx.err.number');
  // Accounts are checked here too, so one answer names every bad field (the rules below run only on a whole order).
  for (const k of ['fromIban', 'toIban'] as const) {
    if (!values[k]) errors[k] = t('fx.err.account_empty');
    else {
      const r = checkIban(values[k]);
      if (!r.ok) errors[k] = lang === 'en' ? r.reason : r.text[lang];
    }
  }
  if (!errors.toIban && values.fromIban === values.toIban) errors.toIban = t('fx.err.same_account');
  if (Object.keys(errors).length || !direction || minor === null) return { ok: false, errors };
  const today = todayIn(cfg.validation.time_zone, now);
  const doc = buildFxOrder({ direction, minor, currency, fromIban: values.fromIban, toIban: values.toIban, rateLimit: values.rateLimit.replace(',', '.') || undefined, purpose: values.purpose || undefined, number: values.number || undefined }, today, now);
  const issues = validateDocument(doc, createValidationContext({ config: cfg.validation, today }), {});
  for (const i of issues) {
    if (i.severity !== 'error') continue;
    const f = fieldOf(i);
    errors[f] = errors[f] ? `${errors[f]}; ${issueText(i, lang)}` : issueText(i, lang);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, doc, issues };
}
