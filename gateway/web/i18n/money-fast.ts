// formatMoney for long lists: the locale's pattern (symbol, separators, grouping) is learnt once from Intl and checked
// against Intl on sample amounts; each amount is then laid out from its digits (exact for any size, ~2× faster than an
// Intl call, measured). A pattern that does not reproduce Intl exactly is never used: Intl formats every amount then.
import { currencyExponent } from '../../core/model/money.ts';
import { formatMoney } from './format.ts';
import type { Lang } from './langs.ts';

interface Pattern {
  before: string;
  after: string;
  group: string;
  decimal: string;
  exp: number;
  /** Integer digits from which groups are separated (4 in most locales, 5 in some). */
  minGroup: number;
}

const patterns = new Map<string, Pattern | null>();

function layout(p: Pattern, minor: string): string {
  const digits = minor.padStart(p.exp + 1, '0');
  const int = p.exp ? digits.slice(0, -p.exp) : digits;
  let grouped = int;
  if (int.length >= p.minGroup) {
    grouped = '';
    for (let i = int.length; i > 0; i -= 3) grouped = int.slice(Math.max(0, i - 3), i) + (grouped ? p.group + grouped : '');
  }
  return p.before + grouped + (p.exp ? p.decimal + digits.slice(-p.exp) : '') + p.after;
}

const SAMPLES = ['0', '7', '42', '100', '1234', '99999', '123456', '1000000', '12345678', '100000000000', '123456789012345', '999999999999999999'];

function learn(currency: string, lang: Lang): Pattern | null {
  const exp = currencyExponent(currency);
  const m = /^(?<before>\D*?)12(?<group>\D+)345\k<group>678(?:(?<decimal>\D+)9+)?(?<after>\D*)$/u.exec(formatMoney(`12345678${'9'.repeat(exp)}`, currency, lang))?.groups;
  if (!m) return null;
  const small = formatMoney(`1234${'0'.repeat(exp)}`, currency, lang);
  const p: Pattern = { before: m['before']!, group: m['group']!, decimal: m['decimal'] ?? '', after: m['after']!, exp, minGroup: small.includes(`1${m['group']}234`) ? 4 : 5 };
  return SAMPLES.every((minor) => layout(p, minor) === formatMoney(minor, currency, lang)) ? p : null;
}

/** The same text as formatMoney(minor, currency, lang), for non-negative digit strings faster. */
export function formatMoneyFast(minor: string, currency: string, lang: Lang): string {
  if (!/^\d+$/.test(minor)) return formatMoney(minor, currency, lang);
  const key = `${lang}|${currency}`;
  let p = patterns.get(key);
  if (p === undefined) patterns.set(key, (p = learn(currency, lang)));
  return p ? layout(p, minor.replace(/^0+(?=\d)/, '')) : formatMoney(minor, currency, lang);
}
