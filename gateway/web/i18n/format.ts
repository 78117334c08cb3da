// Dates in Asia/Almaty and amounts with currency and grouping in the chosen locale; money stays a decimal string.
import { currencyExponent, formatDecimal } from '../../core/model/money.ts';
import { LOCALE, type Lang } from './langs.ts';

/** Kazakhstan's single zone since 1 March 2024 (UTC+5); tzdata 2024a or later. */
export const TIME_ZONE = 'Asia/Almaty';

const dt = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, kind: 'datetime' | 'date' | 'time'): Intl.DateTimeFormat {
  const k = `${lang}:${kind}`;
  let f = dt.get(k);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'datetime' ? { dateStyle: 'medium', timeStyle: 'short' } : kind === 'date' ? { dateStyle: 'medium' } : { timeStyle: 'medium' };
    dt.set(k, (f = new Intl.DateTimeFormat(LOCALE[lang], { ...opts, timeZone: TIME_ZONE })));
  }
  return f;
}

export const formatDateTime = (ms: number, lang: Lang): string => fmt(lang, 'datetime').format(ms);
export const formatTime = (ms: number, lang: Lang): string => fmt(lang, 'time').format(ms);
const days = new Map<Lang, Intl.DateTimeFormat>();
const dayTexts = new Map<string, string>();
/**
 * A business date 'YYYY-MM-DD' (no time zone: it is a calendar day). The formatter is built once per language (~30 µs)
 * and the few dates a page shows are remembered (a list repeats them; Intl's format costs ~3 µs a call).
 */
export function formatDay(day: string, lang: Lang): string {
  const key = `${lang}${day}`;
  const known = dayTexts.get(key);
  if (known !== undefined) return known;
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  let f = days.get(lang);
  if (!f) days.set(lang, (f = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'UTC' })));
  const text = f.format(Date.UTC(y, m - 1, d));
  if (dayTexts.size >= 5000) dayTexts.clear();
  dayTexts.set(key, text);
  return text;
}

const money = new Map<string, Intl.NumberFormat>();
/**
 * Minor units (decimal digits of a bigint, e.g. '123456' = 1 234,56) as currency text. Intl.NumberFormat formats a
 * decimal *string* exactly (ECMA-402 NumberFormat v3), so no amount ever passes through a float.
 */
export function formatMoney(minor: string | bigint, currency: string, lang: Lang): string {
  const k = `${lang}:${currency}`;
  let f = money.get(k);
  if (!f) {
    const digits = currencyExponent(currency);
    money.set(k, (f = new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })));
  }
  // Intl's type says number, but ECMA-402 accepts a string decimal and formats it exactly.
  return f.format(formatDecimal(BigInt(minor), currency) as unknown as number);
}

const counts = new Map<Lang, Intl.NumberFormat>();
export function formatCount(n: number, lang: Lang): string {
  let f = counts.get(lang);
  if (!f) counts.set(lang, (f = new Intl.NumberFormat(LOCALE[lang])));
  return f.format(n);
}
