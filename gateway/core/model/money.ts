// Money as bigint minor units plus an ISO 4217 currency; decimal strings only at the edges.

export interface Money {
  /** Amount in minor units (tiyn for KZT, cents for USD). Never a float. */
  minor: bigint;
  /** ISO 4217 alphabetic code, e.g. 'KZT'. */
  currency: string;
}

/** Minor-unit exponents that differ from 2 (ISO 4217); others default to 2. */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3, JOD: 3, IQD: 3, LYD: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

const DECIMAL = /^(-)?(\d+)(?:[.,](\d+))?$/;

/** Parses '1234.5' / '1234,50' into minor units; returns null if the text is not a plain decimal or has too many decimals. */
export function parseDecimal(text: string, currency = 'KZT'): bigint | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const exp = currencyExponent(currency);
  const frac = m[3] ?? '';
  if (frac.length > exp) return null;
  const digits = (m[2] ?? '0') + frac.padEnd(exp, '0');
  const v = BigInt(digits);
  return m[1] ? -v : v;
}

/** Formats minor units as a decimal string with a dot: 123450n → '1234.50'. */
export function formatDecimal(minor: bigint, currency = 'KZT'): string {
  const exp = currencyExponent(currency);
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const body = exp === 0 ? s : `${s.slice(0, s.length - exp)}.${s.slice(s.length - exp)}`;
  return neg ? `-${body}` : body;
}

export function money(decimal: string, currency = 'KZT'): Money {
  const minor = parseDecimal(decimal, currency);
  if (minor === null) throw new RangeError(`not a decimal amount for ${currency}: ${decimal}`);
  return { minor, currency };
}

/** JSON form: decimal string, never a number. */
export function moneyToJson(m: Money): { amount: string; currency: string } {
  return { amount: formatDecimal(m.minor, m.currency), currency: m.currency };
}
