// MT value forms: YYMMDD dates (2-digit years), amounts with a decimal comma, `:60a:`-style balances, `:13D:` date-times.
import { currencyExponent } from '../../gateway/core/model/money.ts';

export interface DateValue {
  iso: string;
  /** The day did not exist (30 February) and was read as the month's last day. */
  clamped: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Year of a 2-digit SWIFT year: 70–99 → 19xx (DEM-era files exist), 00–69 → 20xx. */
export function fullYear(yy: number): number {
  return yy >= 70 ? 1900 + yy : 2000 + yy;
}

/** ISO date of y-m-d; a day past the month's end up to 31 is clamped (German banks write 30 February); null if impossible. */
export function isoDate(y: number, m: number, d: number): DateValue | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const last = daysIn(y, m);
  const day = Math.min(d, last);
  return { iso: `${y}-${pad2(m)}-${pad2(day)}`, clamped: day !== d };
}

/** `YYMMDD` → date, or null. */
export function parseYymmdd(s: string): DateValue | null {
  const hit = DATES.get(s);
  if (hit !== undefined) return hit;
  if (!/^\d{6}$/.test(s)) return null;
  const d = isoDate(fullYear(Number(s.slice(0, 2))), Number(s.slice(2, 4)), Number(s.slice(4, 6)));
  if (DATES.size < 20_000) DATES.set(s, d);
  return d;
}

/** Parsed dates by text: a statement repeats a few dates thousands of times (results are never mutated). */
const DATES = new Map<string, DateValue | null>();

/** `:61:` entry date `MMDD` in the year of the value date that puts it closest (a December value date, January entry → next year). */
export function entryDate(mmdd: string, valueIso: string): DateValue | null {
  // Cached per value date: a statement repeats a few pairs thousands of times (results are never mutated).
  let byDay = ENTRY_DATES.get(valueIso);
  if (byDay === undefined) {
    if (ENTRY_DATES.size >= 2_000) ENTRY_DATES.clear();
    byDay = new Map();
    ENTRY_DATES.set(valueIso, byDay);
  }
  const hit = byDay.get(mmdd);
  if (hit !== undefined) return hit;
  const d = closestEntryDate(mmdd, valueIso);
  if (byDay.size < 2_000) byDay.set(mmdd, d);
  return d;
}

/** Entry dates by value date, then by MMDD text. */
const ENTRY_DATES = new Map<string, Map<string, DateValue | null>>();

function closestEntryDate(mmdd: string, valueIso: string): DateValue | null {
  const [y, m, d] = [Number(valueIso.slice(0, 4)), Number(mmdd.slice(0, 2)), Number(mmdd.slice(2, 4))];
  // Same month as the value date: the same year (the usual case).
  if (m === Number(valueIso.slice(5, 7))) return isoDate(y, m, d);
  const value = Date.UTC(y, Number(valueIso.slice(5, 7)) - 1, Number(valueIso.slice(8, 10)));
  let best: DateValue | null = null;
  let bestGap = Infinity;
  for (const year of [y - 1, y, y + 1]) {
    const v = isoDate(year, m, d);
    if (!v) continue;
    const gap = Math.abs(Date.UTC(year, m - 1, Number(v.iso.slice(8, 10))) - value);
    if (gap < bestGap) [best, bestGap] = [v, gap];
  }
  return best;
}

/** Why a text is not an amount: not of the form, or more (non-zero) decimals than the currency has. */
export type AmountError = 'form' | 'decimals';

/** SWIFT amount `1234,50` (also `1234,` `,5` and a decimal point) in minor units of `currency`; extra zero decimals are allowed. */
export function parseAmount(text: string, currency: string): bigint | AmountError {
  // The form `^(\d*)(?:[,.](\d*))?$`, scanned by hand: this runs per entry.
  const n = text.length;
  let point = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if ((c === 44 || c === 46) && point === n) point = i;
    else return 'form';
  }
  if (n === 0 || (point === 0 && n === 1)) return 'form';
  const exp = currencyExponent(currency);
  const decimals = point < n ? n - point - 1 : 0;
  for (let i = point + 1 + exp; i < n; i++) if (text.charCodeAt(i) !== 48) return 'decimals';
  // Up to 15 digits the minor units are summed digit by digit in an integer below 2^53 (exact, no fractions) and
  // made a bigint once: several times cheaper than building a digit string for BigInt(). Longer amounts take that way.
  if (point + exp <= 15) {
    let minor = 0;
    for (let i = 0; i < point; i++) minor = minor * 10 + (text.charCodeAt(i) - 48);
    for (let k = 0; k < exp; k++) minor = minor * 10 + (k < decimals ? text.charCodeAt(point + 1 + k) - 48 : 0);
    return BigInt(minor);
  }
  const whole = point === 0 ? '0' : text.slice(0, point);
  const frac = text.slice(point + 1, point + 1 + Math.min(decimals, exp));
  return BigInt(whole + frac.padEnd(exp, '0'));
}

/** Minor units as a SWIFT amount: 123450n → '1234,50', JPY 1000n → '1000,'. */
export function formatAmount(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const s = (minor < 0n ? -minor : minor).toString().padStart(exp + 1, '0');
  return exp === 0 ? `${s},` : `${s.slice(0, s.length - exp)},${s.slice(s.length - exp)}`;
}

/** ISO date → YYMMDD. */
export function yymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

export interface RawBalance {
  mark: 'C' | 'D';
  date: string;
  /** '' when the bank left it out (seen in a DEM-era file). */
  currency: string;
  amount: string;
}

/** `:60F:` `:62F:` `:64:` `:65:` value: `C|D` YYMMDD currency amount (spaces a few banks insert are ignored). */
export function splitBalance(value: string): RawBalance | null {
  const m = /^([CD])(\d{6})([A-Z]{3}|)([0-9.,]+)$/.exec(value.replace(/\s+/g, ''));
  return m ? { mark: m[1] as 'C' | 'D', date: m[2]!, currency: m[3]!, amount: m[4]! } : null;
}

/** `:13D:` `YYMMDDhhmm±hhmm` (or `:13:` `YYMMDDhhmm`) → ISO date-time as written ('2025-01-15T10:30:00+05:00'), or null. */
export function parseDateTime(value: string): string | null {
  const m = /^(\d{6})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?$/.exec(value.replace(/\s+/g, ''));
  if (!m) return null;
  const d = parseYymmdd(m[1]!);
  if (!d || d.clamped || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return `${d.iso}T${m[2]}:${m[3]}:00${m[4] ? `${m[4]}${m[5]}:${m[6]}` : ''}`;
}
