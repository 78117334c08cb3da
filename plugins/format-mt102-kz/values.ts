// Values as MT writes them (kz-formats.md 3.8): comma amounts, YYMMDD dates, YYYYMMDD birth dates, the /PERIOD/ form.
import { currencyExponent } from '../../gateway/core/model/money.ts';
import { isCalendarDate } from '../../gateway/validate/dates.ts';
import type { PeriodFormat } from './options.ts';

/** Minor units as an MT amount: 10550050n → '105500,50' (always the currency's decimals, as 8.4). */
export function mtAmount(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const s = minor.toString().padStart(exp + 1, '0');
  return exp === 0 ? `${s},` : `${s.slice(0, s.length - exp)},${s.slice(s.length - exp)}`;
}

/** An MT amount ('105500,50', '100000,', '7,5') in minor units, or null (a dot, a sign, too many decimals). */
export function parseMtAmount(text: string, currency: string): bigint | null {
  const m = /^(\d{1,15}),(\d*)$/.exec(text);
  if (!m) return null;
  const exp = currencyExponent(currency);
  const frac = m[2]!;
  if (frac.length > exp) return null;
  return BigInt(m[1]! + frac.padEnd(exp, '0'));
}

/** 'YYYY-MM-DD' → 'YYMMDD' (`:32A:`, `/DATE/`). */
export function yymmdd(iso: string): string {
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** 'YYMMDD' → 'YYYY-MM-DD' in 2000–2099 (payment dates), or null when it is not a calendar date. */
export function fromYymmdd(v: string): string | null {
  if (!/^\d{6}$/.test(v)) return null;
  const iso = `20${v.slice(0, 2)}-${v.slice(2, 4)}-${v.slice(4, 6)}`;
  return isCalendarDate(iso) ? iso : null;
}

/** 'YYYY-MM-DD' → 'YYYYMMDD' (`/DT/`). */
export function yyyymmdd(iso: string): string {
  return iso.replace(/-/g, '');
}

/** 'YYYYMMDD' → 'YYYY-MM-DD', or null. */
export function fromYyyymmdd(v: string): string | null {
  if (!/^\d{8}$/.test(v)) return null;
  const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  return isCalendarDate(iso) ? iso : null;
}

/** Canonical 'YYYY-MM' in the configured `/PERIOD/` form. */
export function periodOut(period: string, f: PeriodFormat): string {
  const y = period.slice(0, 4);
  const m = period.slice(5, 7);
  switch (f) {
    case 'MMYYYY':
      return `${m}${y}`;
    case 'MM.YYYY':
      return `${m}.${y}`;
    case 'YYYYMM':
      return `${y}${m}`;
    case 'YYYY-MM':
      return `${y}-${m}`;
  }
}

/** A `/PERIOD/` value in the configured form (or 'MM.YYYY', unambiguous) as 'YYYY-MM', or null. */
export function periodIn(v: string, f: PeriodFormat): string | null {
  const forms: Record<PeriodFormat, RegExp> = { MMYYYY: /^(\d{2})(\d{4})$/, 'MM.YYYY': /^(\d{2})\.(\d{4})$/, YYYYMM: /^(\d{4})(\d{2})$/, 'YYYY-MM': /^(\d{4})-(\d{2})$/ };
  for (const form of f === 'MM.YYYY' ? [f] : [f, 'MM.YYYY' as const]) {
    const m = forms[form].exec(v);
    if (!m) continue;
    const [y, mo] = form.startsWith('MM') ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
    const n = Number(mo);
    return n >= 1 && n <= 12 ? `${y}-${mo}` : null;
  }
  return null;
}

/** A canonical period is a real month 'YYYY-MM'. */
export function isPeriod(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}$/.test(v)) return false;
  const m = Number(v.slice(5, 7));
  return m >= 1 && m <= 12;
}
