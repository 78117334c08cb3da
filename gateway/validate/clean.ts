// Fast "nothing to report" answers for the per-document checks that run on every party (internal, not exported by
// index.ts). Each answers true / a value only when the full check would pass without warnings; anything else goes
// through the full check, so results never differ — the fast path only skips building result objects and strings.
import type { BankDirectory } from './kz/banks.ts';
import { isRealDate } from './dates.ts';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;

/** '000'…'999', so that a bank code is not cut out of every IBAN. */
const CODES: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** The bank code of `v` when checkIban(v) passes (KZ, 20 characters, check digits right), else null. */
export function cleanIbanBankCode(v: string): string | null {
  if (typeof v !== 'string' || v.length !== 20 || v.charCodeAt(0) !== 0x4b || v.charCodeAt(1) !== 0x5a) return null;
  // ISO 13616: characters 5–20, then 'KZ' (K = 20, Z = 35) and the check digits; mod 97 must be 1. Characters 3–7
  // must be digits, the rest capital letters or digits.
  let rem = 0;
  for (let i = 4; i < 20; i++) {
    const c = v.charCodeAt(i);
    if (isDigit(c)) rem = (rem * 10 + (c - 48)) % 97;
    else if (i >= 7 && isUpper(c)) rem = (rem * 100 + (c - 55)) % 97;
    else return null;
  }
  const c2 = v.charCodeAt(2);
  const c3 = v.charCodeAt(3);
  if (!isDigit(c2) || !isDigit(c3)) return null;
  rem = (rem * 10000 + 2035) % 97;
  if ((rem * 100 + (c2 - 48) * 10 + (c3 - 48)) % 97 !== 1) return null;
  return CODES[(v.charCodeAt(4) - 48) * 100 + (v.charCodeAt(5) - 48) * 10 + (v.charCodeAt(6) - 48)]!;
}

/** True when checkBic(v, { country }) passes: 8 or 11 characters, 6 capital letters, then capitals or digits; the country. */
export function isCleanBic(v: string, country: string | null): boolean {
  if (typeof v !== 'string' || (v.length !== 8 && v.length !== 11)) return false;
  for (let i = 0; i < 6; i++) if (!isUpper(v.charCodeAt(i))) return false;
  for (let i = 6; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!isUpper(c) && !isDigit(c)) return false;
  }
  return !country || (v.charCodeAt(4) === country.charCodeAt(0) && v.charCodeAt(5) === country.charCodeAt(1) && country.length === 2);
}

/** True when checkBankPair(bankCode, bank8 of bic, dir) finds nothing: the directory's bank of the BIC has that code. */
export function isCleanBankPair(bankCode: string, bic: string, dir: BankDirectory): boolean {
  const b = dir.byBic(bic);
  return b !== undefined && b.code === bankCode;
}

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** True when checkBinIin(v, { today, centuryZero }) passes without warnings. */
export function isCleanBinIin(v: string, today: string | undefined): boolean {
  if (typeof v !== 'string' || v.length !== 12) return false;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < 12; i++) {
    const c = v.charCodeAt(i);
    if (!isDigit(c)) return false;
    if (i < 11) {
      s1 += (c - 48) * W1[i]!;
      s2 += (c - 48) * W2[i]!;
    }
  }
  let check = s1 % 11;
  if (check === 10) check = s2 % 11;
  if (check === 10 || check !== v.charCodeAt(11) - 48) return false;
  const d5 = v.charCodeAt(4) - 48;
  const mm = (v.charCodeAt(2) - 48) * 10 + (v.charCodeAt(3) - 48);
  if (d5 >= 4 && d5 <= 6) return mm >= 1 && mm <= 12; // a BIN: registration month
  if (d5 > 3) return false;
  // An IIN: 7th digit 1–6 (0 means a policy decision: the full check), a real birth date not after today.
  const d7 = v.charCodeAt(6) - 48;
  if (d7 < 1 || d7 > 6) return false;
  const year = 1800 + 100 * Math.floor((d7 - 1) / 2) + (v.charCodeAt(0) - 48) * 10 + (v.charCodeAt(1) - 48);
  const day = d5 * 10 + (v.charCodeAt(5) - 48);
  if (!isRealDate(year, mm, day)) return false;
  return !today || `${year}-${v.slice(2, 4)}-${v.slice(4, 6)}` <= today;
}

/** True when checkKodKbe(v) passes: two digits, residency 1 or 2, sector 1–9. */
export function isCleanKodKbe(v: string): boolean {
  if (typeof v !== 'string' || v.length !== 2) return false;
  const r = v.charCodeAt(0);
  const s = v.charCodeAt(1);
  return (r === 0x31 || r === 0x32) && s >= 0x31 && s <= 0x39;
}
