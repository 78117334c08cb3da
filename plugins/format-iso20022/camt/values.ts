// Values of camt elements read into the canonical model: amounts (decimal text → bigint minor units), currencies,
// dates and texts. Every check reports through `report` with the element's line and path; nothing throws.
import { t, type Issue } from '../../../gateway/core/issue.ts';
import { currencyExponent, type Money } from '../../../gateway/core/model/money.ts';
import { child, type XmlElement } from '../xml/stream.ts';
import { badValue, CREDIT_DEBIT, CURRENCY, DECIMAL, ISO_DATE, missing, type At } from './texts.ts';

export type Report = (issue: Issue) => void;

// Short values repeat across entries (dates, codes, BICs, the own account, frequent counterparties): one copy each
// keeps 100,000 operations lean. The table is bounded and emptied when full and when a read ends (`forgetInterned`).
const interned = new Map<string, string>();
const INTERN_MAX_LENGTH = 34;
const INTERN_MAX_ENTRIES = 20_000;
/** Calendar dates 'YYYY-MM-DD' that `dateOfText` has checked (bounded and emptied like `interned`). */
const dates = new Map<string, string>();

/**
 * A flat copy of a value read from the file. Values are views into the decoded chunk (V8 slices strings of 13+
 * characters), which would keep each 64 KiB chunk alive as long as the value. Joining the first character to the
 * rest makes a two-part string, and searching it makes V8 flatten it into one new sequential string (one byte per
 * character when Latin-1) that no longer points into the chunk; the next scavenge drops the two-part wrapper. An
 * order of magnitude cheaper than a round trip through a Buffer, which this replaced (1.4 µs of every entry's ~9).
 * The search's result is used so that an optimising compiler cannot drop it (XML text never holds U+0000); only
 * memory depends on V8 flattening here, never the value.
 */
export function flat(v: string): string {
  if (v.length < 13) return v;
  const s = v[0] + v.slice(1);
  return s.indexOf('\0') < 0 ? s : v;
}

/** One shared copy of a short string (a copy of its own, not a view into the decoded chunk). */
export function intern(v: string): string {
  const hit = interned.get(v);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERN_MAX_ENTRIES) interned.clear();
  const copy = flat(v);
  interned.set(copy, copy);
  return copy;
}

export function forgetInterned(): void {
  interned.clear();
  dates.clear();
}

/** A party's name (`Nm`, up to 140 characters): statements name the same counterparties over and over. */
export function nameText(el: XmlElement | undefined, a?: string, b?: string, c?: string): string | undefined {
  const v = child(el, a, b, c)?.text.trim();
  return v ? (v.length <= 140 ? intern(v) : flat(v)) : undefined;
}

/** Trimmed text at a path of local names, copied out of the decoded chunk (`flat`); undefined when empty. */
export function text(el: XmlElement | undefined, a?: string, b?: string, c?: string, d?: string, e?: string): string | undefined {
  const v = child(el, a, b, c, d, e)?.text.trim();
  return v ? flat(v) : undefined;
}

/** `text` for values that repeat across entries (codes, BICs, the own account): one shared copy each (`intern`). */
export function code(el: XmlElement | undefined, a?: string, b?: string, c?: string, d?: string, e?: string): string | undefined {
  const v = child(el, a, b, c, d, e)?.text.trim();
  return v ? (v.length <= INTERN_MAX_LENGTH ? intern(v) : flat(v)) : undefined;
}

export const at = (el: XmlElement, field: string): At => ({ line: el.line, field });

const AMOUNT = /^\+?(\d{1,18})(?:\.(\d+))?$/;
const CCY = /^[A-Z]{3}$/;

/**
 * An amount element `<Amt Ccy="EUR">18.150</Amt>` as Money. Trailing zeros beyond the currency's decimals are
 * dropped (18.150 EUR = 18.15); a non-zero digit beyond them is an error (18.155 EUR), as are signs and other forms.
 */
export function amountOf(el: XmlElement | undefined, path: string, parent: XmlElement, report: Report, required = true): Money | undefined {
  if (!el) {
    if (required) report(missing(at(parent, path)));
    return undefined;
  }
  const currency = (el.attrs['Ccy'] ?? '').trim();
  if (!CCY.test(currency)) {
    report(currency ? badValue(currency, at(el, `${path}/@Ccy`), t({ en: 'not a currency code', ru: 'не код валюты', kk: 'валюта коды емес' }), CURRENCY) : missing(at(el, `${path}/@Ccy`), CURRENCY));
    return undefined;
  }
  const minor = decimalMinor(el.text.trim(), currencyExponent(currency));
  if (typeof minor === 'string') {
    report(
      minor === 'decimals'
        ? badValue(el.text.trim(), at(el, path), t({ en: `${currency} has ${currencyExponent(currency)} decimals`, ru: `у ${currency} знаков после точки: ${currencyExponent(currency)}`, kk: `${currency} валютасында үтірден кейін ${currencyExponent(currency)} цифр` }), DECIMAL, 'FMT_TOO_MANY_DECIMALS')
        : badValue(el.text.trim(), at(el, path), t({ en: 'not a non-negative decimal amount', ru: 'не неотрицательная десятичная сумма', kk: 'теріс емес ондық сома емес' }), DECIMAL),
    );
    return undefined;
  }
  return { minor, currency: intern(currency) };
}

/** Decimal text → minor units at `exp` decimals; 'form' when it is not a decimal, 'decimals' when digits would be lost. */
export function decimalMinor(s: string, exp: number): bigint | 'form' | 'decimals' {
  const m = AMOUNT.exec(s);
  if (!m) return 'form';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp) return 'decimals';
  return BigInt(m[1]! + frac.padEnd(exp, '0'));
}

/** `CdtDbtInd`: 'credit' | 'debit', or undefined (reported) when absent or another value. */
export function directionOf(parent: XmlElement, path: string, report: Report, required = true): 'credit' | 'debit' | undefined {
  const el = child(parent, 'CdtDbtInd');
  const v = el?.text.trim();
  if (v === 'CRDT') return 'credit';
  if (v === 'DBIT') return 'debit';
  if (!el || !v) {
    if (required) report(missing(at(parent, `${path}/CdtDbtInd`), CREDIT_DEBIT));
  } else report(badValue(v, at(el, `${path}/CdtDbtInd`), t({ en: 'not a credit/debit mark', ru: 'не признак дебета/кредита', kk: 'дебет/кредит белгісі емес' }), CREDIT_DEBIT));
  return undefined;
}

/** xs:date or xs:dateTime, each with an optional zone ('2017-04-01+02:00' is a valid ISODate). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** True for a real calendar date 'YYYY-MM-DD'. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** The calendar date ('YYYY-MM-DD', as written, no zone shift) of a date or date-time text; undefined (reported) when malformed. */
export function dateOfText(v: string, el: XmlElement, path: string, report: Report): string | undefined {
  // Dates already checked, one shared copy each: a statement's entries fall on a few dozen days. A table of its own,
  // so that no other interned text of ten characters passes for a date.
  const known = v.length === 10 ? dates.get(v) : undefined;
  if (known !== undefined) return known;
  const m = DATE.exec(v);
  const d = m ? v.slice(0, 10) : '';
  if (!m || !isIsoDate(d)) {
    report(badValue(v, at(el, path), t({ en: 'not a valid date', ru: 'недопустимая дата', kk: 'жарамсыз күн' }), ISO_DATE));
    return undefined;
  }
  const copy = intern(d);
  if (dates.size >= INTERN_MAX_ENTRIES) dates.clear();
  dates.set(copy, copy);
  return copy;
}

/** A DateAndDateTimeChoice (`<BookgDt><Dt>…</Dt></BookgDt>` or `<DtTm>`) as a date; undefined when absent (not reported) or malformed (reported). */
export function choiceDate(el: XmlElement | undefined, path: string, report: Report): string | undefined {
  if (!el) return undefined;
  const dt = child(el, 'Dt') ?? child(el, 'DtTm');
  const v = dt?.text.trim() || el.text.trim();
  if (!v) return undefined;
  return dateOfText(v, dt ?? el, dt ? `${path}/${dt.name}` : path, report);
}
