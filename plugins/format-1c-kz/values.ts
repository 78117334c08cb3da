// Value forms of 1C files: dates dd.mm.yyyy → 'YYYY-MM-DD', amounts with a dot and at most 2 decimals → bigint minor units.
import { currencyExponent, parseDecimal } from '../../gateway/core/model/money.ts';

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/** parseDate1c results by text: a file has few distinct dates. Bounded; starts over when full. */
const DATES = new Map<string, string | null>();
const MAX_DATES = 512;

/** 'dd.mm.yyyy' → 'YYYY-MM-DD'; null when the form or the calendar date is wrong (31.02.2024). */
let lastDateText = '';
let lastDate: string | null = null;

export function parseDate1c(text: string): string | null {
  if (text === lastDateText) return lastDate;
  let d = DATES.get(text);
  if (d === undefined) {
    d = parseDate(text);
    if (text.length <= 12) {
      if (DATES.size >= MAX_DATES) DATES.clear();
      DATES.set(text, d);
      lastDateText = text;
      lastDate = d;
    }
  }
  return d;
}

function parseDate(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  const d = Number(dd);
  const mo = Number(mm);
  const y = Number(yyyy);
  if (mo < 1 || mo > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return null;
  return `${yyyy}-${mm}-${dd}`;
}

export type AmountResult =
  | { ok: true; minor: bigint }
  | { ok: false; problem: 'not-a-number' | 'too-many-decimals' | 'not-positive' };

const NUMBER = /^\d+(?:[.,](\d+))?$/;

/**
 * `Сумма` → minor units: plain digits with a '.' (',' tolerated) and at most as many decimals as the currency has
 * (2 for KZT); trailing zeros may be dropped (`160000`, `7745.7`). Must be greater than zero.
 */
export function parseAmount1c(text: string, currency: string): AmountResult {
  const fast = smallAmount(text, currencyExponent(currency));
  if (fast > 0) return { ok: true, minor: BigInt(fast) };
  const t = text.trim();
  const m = NUMBER.exec(t);
  if (!m) return { ok: false, problem: 'not-a-number' };
  if ((m[1]?.length ?? 0) > currencyExponent(currency)) return { ok: false, problem: 'too-many-decimals' };
  const minor = parseDecimal(t, currency);
  if (minor === null) return { ok: false, problem: 'not-a-number' };
  if (minor <= 0n) return { ok: false, problem: 'not-positive' };
  return { ok: true, minor };
}

const isUpperLatin = (c: number): boolean => c >= 0x41 && c <= 0x5a;

/**
 * The usual amount without regular expressions or digit strings: digits, optionally '.' or ',' and at most `exp`
 * digits, small enough to be exact in a double (15 digits once scaled). Minor units, or -1 for "take the long way"
 * (which gives the same answer for these texts: parseAmount1c → parseDecimal).
 */
function smallAmount(t: string, exp: number): number {
  const n = t.length;
  if (n === 0 || n > 16) return -1;
  let v = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
  }
  const intDigits = i;
  if (intDigits === 0 || intDigits + exp > 15) return -1;
  let frac = 0;
  if (i < n) {
    const sep = t.charCodeAt(i);
    if (sep !== 0x2e && sep !== 0x2c) return -1;
    i++;
    if (i === n || n - i > exp) return -1;
    for (; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return -1;
      v = v * 10 + (c - 0x30);
      frac++;
    }
  }
  for (; frac < exp; frac++) v *= 10;
  return v;
}

/** ISO 4217 numeric codes some banks write in `Валюта` instead of the letter code. */
const NUMERIC_CURRENCY: Readonly<Record<string, string>> = { '398': 'KZT', '840': 'USD', '978': 'EUR', '643': 'RUB', '156': 'CNY' };

/** `Валюта` → ISO alpha code ('KZT' when empty); null when it is neither a 3-letter code nor a known numeric one. */
export function parseCurrency1c(text: string | undefined): string | null {
  if (text === 'KZT') return 'KZT'; // the constant: one string for every document (cheaper to look up and compare)
  if (text !== undefined && text.length === 3 && isUpperLatin(text.charCodeAt(0)) && isUpperLatin(text.charCodeAt(1)) && isUpperLatin(text.charCodeAt(2))) return text;
  const t = (text ?? '').trim().toUpperCase();
  if (t === '') return 'KZT';
  if (/^[A-Z]{3}$/.test(t)) return t;
  return NUMERIC_CURRENCY[t] ?? null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'dd.mm.yyyy' or ISO 'YYYY-MM-DD' (side-car files, XML) → 'YYYY-MM-DD'; null when neither or not a calendar date. */
export function parseDateAny(text: string): string | null {
  const t = text.trim();
  const m = ISO_DATE.exec(t);
  return m ? parseDate1c(`${m[3]}.${m[2]}.${m[1]}`) : parseDate1c(t);
}

const PERIOD_FORMS: readonly RegExp[] = [
  /^(\d{2})(\d{4})$/, // MMYYYY (kz-formats.md 8.2)
  /^(\d{2})\.(\d{4})$/, // MM.YYYY (another bank API)
];

/** Contribution period → 'YYYY-MM'. Accepts MMYYYY, MM.YYYY and YYYY-MM; null otherwise or for a month outside 01–12. */
export function parsePeriod(text: string): string | null {
  const t = text.trim();
  let mm: string | undefined;
  let yyyy: string | undefined;
  const iso = /^(\d{4})-(\d{2})$/.exec(t);
  if (iso) [, yyyy, mm] = iso;
  else
    for (const re of PERIOD_FORMS) {
      const m = re.exec(t);
      if (m) {
        [, mm, yyyy] = m;
        break;
      }
    }
  if (!mm || !yyyy) return null;
  const mo = Number(mm);
  if (mo < 1 || mo > 12 || Number(yyyy) < 1900) return null;
  return `${yyyy}-${mm}`;
}
