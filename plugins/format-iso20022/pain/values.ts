// Value forms of ISO 20022 messages: xs:decimal amounts into bigint minor units (never a float), exact decimal sums for
// control totals, ISO dates, and the party / account / agent blocks shared by pain.001 and pain.002.
import { currencyExponent } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import { decoderFor } from '../xml/decode.ts';
import { child, textOf, type XmlElement } from '../xml/stream.ts';
import type { Pain001KzProfile } from './profile.ts';

/** xs:decimal lexical form: optional sign, digits with an optional point (".5" and "5." are valid). */
const XS_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
export const CURRENCY = /^[A-Z]{3}$/;
export const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const IBAN = /^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$/;

export type AmountResult = { minor: bigint } | { error: 'form' | 'negative' | 'decimals' };

/** An amount in `currency`'s minor units; trailing zeros beyond the currency's exponent are exact and accepted. */
export function amountMinor(text: string, currency: string): AmountResult {
  const m = XS_DECIMAL.exec(text.trim());
  if (!m || (!m[2] && !m[3])) return { error: 'form' };
  if (m[1] === '-') return { error: 'negative' };
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const exp = CURRENCY.test(currency) ? currencyExponent(currency) : 2;
  if (frac.length > exp) return { error: 'decimals' };
  return { minor: BigInt((m[2] || '0') + frac.padEnd(exp, '0')) };
}

/** Scale of control sums: DecimalNumber allows 17 fraction digits. */
export const SUM_SCALE = 18;

/** A decimal as an integer of 10^-SUM_SCALE units (exact), or null when not a decimal. */
export function scaled(text: string): bigint | null {
  const m = XS_DECIMAL.exec(text.trim());
  if (!m || (!m[2] && !m[3])) return null;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > SUM_SCALE) return null;
  const v = BigInt((m[2] || '0') + frac.padEnd(SUM_SCALE, '0'));
  return m[1] === '-' ? -v : v;
}

/** A scaled sum back as a plain decimal ('1234.5'). */
export function unscaled(v: bigint): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(SUM_SCALE + 1, '0');
  const int = s.slice(0, s.length - SUM_SCALE);
  const frac = s.slice(s.length - SUM_SCALE).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** 'YYYY-MM-DD' when `text` is a real calendar date (an xs:date time-zone suffix is dropped), else null. */
export function isoDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return null;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** The date part of an xs:dateTime when it is a real date. */
export function isoDateOfDateTime(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  return m ? isoDate(m[1]!) : null;
}

/** The date of a `ReqdExctnDt`: .03 text, or .08+ `Dt` / `DtTm` child. */
export function dateChoice(el: XmlElement): { text: string; date: string | null } {
  const dt = textOf(el, 'Dt');
  if (dt !== undefined) return { text: dt, date: isoDate(dt) };
  const dtTm = textOf(el, 'DtTm');
  if (dtTm !== undefined) return { text: dtTm, date: isoDateOfDateTime(dtTm) };
  const own = el.text.trim();
  return { text: own, date: isoDate(own) };
}

/** Account id: IBAN, else the generic `Othr/Id` (kept as written: leading zeros stay). */
export function accountId(acct: XmlElement | undefined): string | undefined {
  return textOf(acct, 'Id', 'IBAN') ?? textOf(acct, 'Id', 'Othr', 'Id');
}

/** Agent BIC (`BICFI` from .04 on, `BIC` before) and name. */
export function agent(agt: XmlElement | undefined): { bic?: string; bankName?: string } {
  const fi = child(agt, 'FinInstnId');
  const bic = textOf(fi, 'BICFI') ?? textOf(fi, 'BIC');
  const bankName = textOf(fi, 'Nm');
  return { ...(bic !== undefined ? { bic } : {}), ...(bankName !== undefined ? { bankName } : {}) };
}

/**
 * A party block (Dbtr, Cdtr, UltmtDbtr, UltmtCdtr) as a canonical Party: name, BIN/IIN and KOd/KBe from the generic
 * ids named by the profile, residency from `CtryOfRes`; `account` and `agt` (the party's account id and agent block)
 * add IBAN, BIC and bank name. `role` picks the code scheme (payers KOd, beneficiaries KBe); a code written under the
 * other role's scheme is taken as well (a file may label every code alike). Keys come in one order, absent ones left
 * out, so documents compare equal whatever the element order was.
 */
export function readParty(el: XmlElement | undefined, role: 'payer' | 'beneficiary', profile: Pain001KzProfile, account?: string, agt?: XmlElement): Party {
  const own = role === 'payer' ? profile.payerCodeScheme : profile.beneficiaryCodeScheme;
  const other = role === 'payer' ? profile.beneficiaryCodeScheme : profile.payerCodeScheme;
  let binIin: string | undefined;
  let code: string | undefined;
  let otherCode: string | undefined;
  const ids = child(el, 'Id');
  if (ids) {
    for (const branch of ids.children) {
      if (branch.name !== 'OrgId' && branch.name !== 'PrvtId') continue;
      for (const o of branch.children) {
        if (o.name !== 'Othr') continue;
        const v = textOf(o, 'Id');
        if (v === undefined) continue;
        const scheme = child(o, 'SchmeNm');
        const cd = textOf(scheme, 'Cd');
        const prtry = textOf(scheme, 'Prtry');
        if (binIin === undefined && (cd === profile.binIinScheme || prtry === profile.binIinScheme)) binIin = v;
        else if (code === undefined && prtry === own) code = v;
        else if (otherCode === undefined && prtry === other) otherCode = v;
      }
    }
  }
  const p: Party = { name: textOf(el, 'Nm') ?? '' };
  if (binIin !== undefined) p.binIin = binIin;
  if (account !== undefined) p.iban = account;
  const fi = child(agt, 'FinInstnId');
  if (fi) {
    const bic = textOf(fi, 'BICFI') ?? textOf(fi, 'BIC');
    if (bic !== undefined) p.bic = bic;
    const bankName = textOf(fi, 'Nm');
    if (bankName !== undefined) p.bankName = bankName;
  }
  code ??= otherCode;
  if (code !== undefined) p.code = code;
  const ctry = textOf(el, 'CtryOfRes');
  if (ctry !== undefined) p.country = ctry;
  return p;
}

/** A value as shown inside an issue: at most 60 characters. */
export function shown(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}

/**
 * Passes `chunks` through and reports the encoding the XML reader will decode with (BOM, else the declaration, else
 * UTF-8: decode.ts), judged on the same head bytes the reader uses — the whole declaration or the first 1 KiB.
 */
export async function* sniffEncoding(chunks: AsyncIterable<Uint8Array>, found: (encoding: string) => void): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | null = new Uint8Array(0);
  const judge = (h: Uint8Array) => {
    const d = decoderFor(h);
    if (!('error' in d)) found(d.encoding);
  };
  for await (const chunk of chunks) {
    if (head) {
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      if (head.length >= 1024 || Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1').includes('?>')) {
        judge(head);
        head = null;
      }
    }
    yield chunk;
  }
  if (head) judge(head);
}
