// IIN / BIN: 12 digits, mod-11 check digit with a second pass, IIN birth date + century/sex, BIN month + type (kz-formats.md 3.3).
import { fail, finding, shown, type CheckResult, type Finding } from '../findings.ts';
import { daysInMonth, isRealDate } from '../dates.ts';

/**
 * Positions are 1-based, as in kz-formats.md 3.3:
 *  IIN  1–2 YY, 3–4 MM, 5–6 DD (birth date), 7 century/sex (1–6), 8–11 serial, 12 check.
 *  BIN  1–2 YY, 3–4 MM (registration), 5 type (4 resident entity, 5 non-resident entity, 6 joint entrepreneurship),
 *       6 attribute (0 head office, 1 branch, 2 representative office, 3 peasant farm), 7–11 serial, 12 check.
 * Position 5 tells them apart: for an IIN it is the tens digit of the birth day (0–3), for a BIN the type (4–6).
 *
 * Limits of the check digit (weights 1..11 mod 11, then 3..11,1,2): position 11 has weight 11 ≡ 0 in the first pass, so
 * a typo there is caught only when the second pass decides; a typo at positions 1–10 is caught unless the second pass
 * decides for the original or the mistyped number. tests/validate/bin-iin.test.ts pins this down.
 */
export type IinCenturyZeroPolicy = 'accept' | 'warning' | 'error';

export interface BinIinOptions {
  /** 'YYYY-MM-DD': an IIN birth date after it is refused. */
  today?: string;
  /** A 7th digit of 0 (seen on some foreigners' IINs, kz-formats.md 3.3 [U]); default 'warning'. */
  centuryZero?: IinCenturyZeroPolicy;
}

export interface IinInfo {
  kind: 'iin';
  /** 'YYYY-MM-DD'; null when the 7th digit is 0 (century unknown). */
  birthDate: string | null;
  sex: 'male' | 'female' | null;
}

export interface BinInfo {
  kind: 'bin';
  /** Registration year and month as written, 'YYMM' (century not encoded). */
  registered: string;
  entityType: 'resident' | 'non-resident' | 'joint-entrepreneurship';
  /** Position 6; null for a digit outside 0–3 (not refused: kz-formats.md 3.3 does not list it as a check). */
  attribute: 'head-office' | 'branch' | 'representative-office' | 'peasant-farm' | null;
}

export type BinIinResult = CheckResult<(IinInfo | BinInfo) & { value: string }>;
export type IinResult = CheckResult<IinInfo & { value: string }>;

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function weighted(digits: string, w: readonly number[]): number {
  let s = 0;
  if (typeof digits === 'string') for (let i = 0; i < 11; i++) s += (digits.charCodeAt(i) - 48) * w[i]!; // 11+ ASCII digits (checked)
  else for (let i = 0; i < 11; i++) s += Number(digits[i]) * w[i]!;
  return s % 11;
}

/** The first `n` characters are ASCII digits (/^\d{n}/ without a regular expression). */
function startsWithDigits(v: string, n: number): boolean {
  if (v.length < n) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Exactly 12 ASCII digits (/^\d{12}$/). */
function is12Digits(v: string): boolean {
  return v.length === 12 && startsWithDigits(v, 12);
}

/** The check digit for 11 leading digits, or null when both passes give 10 (such a number is never issued). */
export function binIinCheckDigit(first11: string): number | null {
  if (typeof first11 === 'string' ? !startsWithDigits(first11, 11) : !/^\d{11}/.test(first11)) return null;
  const c = weighted(first11, W1);
  if (c !== 10) return c;
  const c2 = weighted(first11, W2);
  return c2 === 10 ? null : c2;
}

/** 'iin' / 'bin' by position 5 (see above); null when it fits neither (7–9) or the value is not 12 digits. */
export function binIinKind(value: string): 'iin' | 'bin' | null {
  if (typeof value === 'string' ? !is12Digits(value) : !/^\d{12}$/.test(value)) return null;
  const d5 = Number(value[4]);
  return d5 <= 3 ? 'iin' : d5 <= 6 ? 'bin' : null;
}

/** Birth date of a valid-looking IIN (7th digit 1–6 and a real date), else null. */
export function iinBirthDate(iin: string): string | null {
  if (!/^\d{12}$/.test(iin)) return null;
  const d7 = Number(iin[6]);
  if (d7 < 1 || d7 > 6) return null;
  const year = 1800 + 100 * Math.floor((d7 - 1) / 2) + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  return isRealDate(year, month, day) ? `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}` : null;
}

/** Odd 7th digit = male, even = female (1–6 only). */
export function iinSex(iin: string): 'male' | 'female' | null {
  const d7 = Number(iin[6]);
  return /^\d{12}$/.test(iin) && d7 >= 1 && d7 <= 6 ? (d7 % 2 === 1 ? 'male' : 'female') : null;
}

function formatAndChecksum(value: string, what: string) {
  if (typeof value === 'string' ? !is12Digits(value) : !/^\d{12}$/.test(value)) {
    const reason = /^\d*$/.test(value) ? `has ${value.length} digits` : 'contains characters other than digits';
    return fail('VAL_BIN_IIN_FORMAT', `${what} ${shown(value)} ${reason}`, '12 digits');
  }
  const c = binIinCheckDigit(value);
  if (c === null) return fail('VAL_BIN_IIN_CHECKSUM', `${what} ${value}: its first 11 digits give no valid check digit (both passes give 10); such numbers are never issued`, 'an existing BIN/IIN');
  if (c !== Number(value[11])) return fail('VAL_BIN_IIN_CHECKSUM', `${what} ${value}: the check digit (12th) does not match the first 11 digits`, 'an existing BIN/IIN');
  return null;
}

function iinStructure(value: string, opts: BinIinOptions): IinResult {
  const d7 = Number(value[6]);
  const warnings: Finding[] = [];
  const yy = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  if (d7 >= 7) return fail('VAL_IIN_CENTURY', `IIN ${value}: 7th digit is ${d7}`, '1–6 (1/2 born in the 1800s, 3/4 in the 1900s, 5/6 in the 2000s; odd = male)');
  if (d7 === 0) {
    const policy = opts.centuryZero ?? 'warning';
    if (policy === 'error') return fail('VAL_IIN_CENTURY', `IIN ${value}: 7th digit is 0`, '1–6');
    // Century unknown: the day must exist in some century (29 February needs a year divisible by 4).
    const maxDay = mm === 2 ? (yy % 4 === 0 ? 29 : 28) : mm >= 1 && mm <= 12 ? daysInMonth(2001, mm) : 0;
    if (mm < 1 || mm > 12 || dd < 1 || dd > maxDay) return fail('VAL_IIN_DATE', `IIN ${value}: ${value.slice(0, 6)} is not a date YYMMDD`, 'a birth date YYMMDD in the first 6 digits');
    if (policy === 'warning') warnings.push(finding('VAL_IIN_CENTURY_UNKNOWN', `IIN ${value}: 7th digit is 0, so the century and sex are not stated; accepted`));
    return { ok: true, warnings, value, kind: 'iin', birthDate: null, sex: null };
  }
  const birth = iinBirthDate(value);
  if (birth === null) return fail('VAL_IIN_DATE', `IIN ${value}: ${value.slice(0, 6)} is not a date YYMMDD in the ${1800 + 100 * Math.floor((d7 - 1) / 2)}s (7th digit ${d7})`, 'a birth date YYMMDD in the first 6 digits');
  if (opts.today && birth > opts.today) return fail('VAL_IIN_DATE', `IIN ${value}: birth date ${birth} is after today ${opts.today}`, 'a birth date in the past');
  return { ok: true, warnings, value, kind: 'iin', birthDate: birth, sex: d7 % 2 === 1 ? 'male' : 'female' };
}

const ENTITY = { 4: 'resident', 5: 'non-resident', 6: 'joint-entrepreneurship' } as const;
const ATTRIBUTE = ['head-office', 'branch', 'representative-office', 'peasant-farm'] as const;

function binStructure(value: string): BinIinResult {
  const mm = Number(value.slice(2, 4));
  if (mm < 1 || mm > 12) return fail('VAL_BIN_MONTH', `BIN ${value}: registration month (digits 3–4) is ${value.slice(2, 4)}`, 'a month 01–12 in digits 3–4');
  const d5 = Number(value[4]) as 4 | 5 | 6;
  return {
    ok: true,
    warnings: [],
    value,
    kind: 'bin',
    registered: value.slice(0, 4),
    entityType: ENTITY[d5],
    attribute: ATTRIBUTE[Number(value[5])] ?? null,
  };
}

/** A BIN or an IIN (a party's БИН/ИИН field): kind decided by position 5. */
export function checkBinIin(value: string, opts: BinIinOptions = {}): BinIinResult {
  const bad = formatAndChecksum(value, 'BIN/IIN');
  if (bad) return bad;
  const kind = binIinKind(value);
  if (kind === 'iin') return iinStructure(value, opts);
  if (kind === 'bin') return binStructure(value);
  return fail('VAL_BIN_TYPE', `BIN/IIN ${value}: 5th digit is ${value[4]}`, 'an IIN (5th digit 0–3, part of the birth day) or a BIN (5th digit 4, 5 or 6: entity type)');
}

/** An individual's IIN (an employee list row): a BIN is refused. */
export function checkIin(value: string, opts: BinIinOptions = {}): IinResult {
  const bad = formatAndChecksum(value, 'IIN');
  if (bad) return bad;
  if (binIinKind(value) === 'bin') return fail('VAL_IIN_EXPECTED', `${value} is a BIN (5th digit ${value[4]} is a legal-entity type)`, "the person's 12-digit IIN");
  return iinStructure(value, opts);
}
