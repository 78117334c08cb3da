// IIN / BIN: 12 digits, mod-11 check digit with a second pass, IIN birth date + century/sex, BIN month + type (kz-formats.md 3.3).
import { dmy, ruPlural, t, type Text } from '../../core/i18n.ts';
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

const BIN_IIN: Text = { en: 'BIN/IIN', ru: 'БИН/ИИН', kk: 'БСН/ЖСН' };
const IIN: Text = { en: 'IIN', ru: 'ИИН', kk: 'ЖСН' };
const BIN: Text = { en: 'BIN', ru: 'БИН', kk: 'БСН' };
const BIRTH_YYMMDD: Text = { en: 'a birth date YYMMDD in the first 6 digits', ru: 'дата рождения ГГММДД в первых 6 цифрах', kk: 'алғашқы 6 цифрда ЖЖААКК түріндегі туған күн' };

/** XIX, XX, XXI: the century of a year that starts one (1800, 1900, 2000). */
function century(startYear: number): string {
  return ['XIX', 'XX', 'XXI', 'XXII'][(startYear - 1800) / 100] ?? String(startYear);
}

function formatAndChecksum(value: string, what: Text) {
  if (typeof value === 'string' ? !is12Digits(value) : !/^\d{12}$/.test(value)) {
    const q = shown(value);
    const n = value.length;
    const reason = /^\d*$/.test(value)
      ? t({ en: `${what.en} ${q} has ${n} digits`, ru: `в ${what.ru} ${q} ${n} ${ruPlural(n, 'цифра', 'цифры', 'цифр')}`, kk: `${what.kk} ${q} ${n} цифрдан тұрады` })
      : t({ en: `${what.en} ${q} contains characters other than digits`, ru: `${what.ru} ${q} содержит не только цифры`, kk: `${what.kk} ${q} құрамында цифрдан басқа таңбалар бар` });
    return fail('VAL_BIN_IIN_FORMAT', reason, t({ en: '12 digits', ru: '12 цифр', kk: '12 цифр' }));
  }
  const existing = t({ en: 'an existing BIN/IIN', ru: `действительно выданный ${BIN_IIN.ru}`, kk: `шын мәнінде берілген ${BIN_IIN.kk}` });
  const c = binIinCheckDigit(value);
  if (c === null) {
    return fail(
      'VAL_BIN_IIN_CHECKSUM',
      t({
        en: `${what.en} ${value}: its first 11 digits give no valid check digit (both passes give 10); such numbers are never issued`,
        ru: `${what.ru} ${value}: по первым 11 цифрам контрольная цифра не вычисляется (оба расчёта дают 10); такие номера не выдаются`,
        kk: `${what.kk} ${value}: алғашқы 11 цифры бойынша бақылау цифры шықпайды (екі есептеу де 10 береді); мұндай нөмірлер берілмейді`,
      }),
      existing,
    );
  }
  if (c !== Number(value[11])) {
    return fail(
      'VAL_BIN_IIN_CHECKSUM',
      t({
        en: `${what.en} ${value}: the check digit (12th) does not match the first 11 digits`,
        ru: `${what.ru} ${value}: контрольная (12-я) цифра не соответствует первым 11 цифрам`,
        kk: `${what.kk} ${value}: бақылау цифры (12-ші) алғашқы 11 цифрға сәйкес келмейді`,
      }),
      existing,
    );
  }
  return null;
}

function iinStructure(value: string, opts: BinIinOptions): IinResult {
  const d7 = Number(value[6]);
  const warnings: Finding[] = [];
  const yy = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  if (d7 >= 7) {
    return fail(
      'VAL_IIN_CENTURY',
      t({ en: `IIN ${value}: 7th digit is ${d7}`, ru: `ИИН ${value}: 7-я цифра — ${d7}`, kk: `ЖСН ${value}: 7-ші цифры — ${d7}` }),
      t({
        en: '1–6 (1/2 born in the 1800s, 3/4 in the 1900s, 5/6 in the 2000s; odd = male)',
        ru: '1–6 (1/2 — родившиеся в XIX веке, 3/4 — в XX, 5/6 — в XXI; нечётная цифра — мужской пол)',
        kk: '1–6 (1/2 — XIX ғасырда, 3/4 — XX ғасырда, 5/6 — XXI ғасырда туғандар; тақ цифр — ер адам)',
      }),
    );
  }
  if (d7 === 0) {
    const policy = opts.centuryZero ?? 'warning';
    if (policy === 'error') return fail('VAL_IIN_CENTURY', t({ en: `IIN ${value}: 7th digit is 0`, ru: `ИИН ${value}: 7-я цифра — 0`, kk: `ЖСН ${value}: 7-ші цифры — 0` }), t({ en: '1–6', ru: '1–6', kk: '1–6' }));
    // Century unknown: the day must exist in some century (29 February needs a year divisible by 4).
    const maxDay = mm === 2 ? (yy % 4 === 0 ? 29 : 28) : mm >= 1 && mm <= 12 ? daysInMonth(2001, mm) : 0;
    if (mm < 1 || mm > 12 || dd < 1 || dd > maxDay) {
      const s = value.slice(0, 6);
      return fail('VAL_IIN_DATE', t({ en: `IIN ${value}: ${s} is not a date YYMMDD`, ru: `ИИН ${value}: ${s} — не дата ГГММДД`, kk: `ЖСН ${value}: ${s} — ЖЖААКК түріндегі күн емес` }), BIRTH_YYMMDD);
    }
    if (policy === 'warning') {
      warnings.push(
        finding(
          'VAL_IIN_CENTURY_UNKNOWN',
          t({
            en: `IIN ${value}: 7th digit is 0, so the century and sex are not stated; accepted`,
            ru: `ИИН ${value}: 7-я цифра — 0, поэтому век рождения и пол не указаны; принято`,
            kk: `ЖСН ${value}: 7-ші цифры — 0, сондықтан туған ғасыры мен жынысы көрсетілмеген; қабылданды`,
          }),
        ),
      );
    }
    return { ok: true, warnings, value, kind: 'iin', birthDate: null, sex: null };
  }
  const birth = iinBirthDate(value);
  if (birth === null) {
    const s = value.slice(0, 6);
    const from = 1800 + 100 * Math.floor((d7 - 1) / 2);
    return fail(
      'VAL_IIN_DATE',
      t({
        en: `IIN ${value}: ${s} is not a date YYMMDD in the ${from}s (7th digit ${d7})`,
        ru: `ИИН ${value}: ${s} — не дата ГГММДД в ${century(from)} веке (7-я цифра ${d7})`,
        kk: `ЖСН ${value}: ${s} — ${century(from)} ғасырдағы ЖЖААКК күні емес (7-ші цифры ${d7})`,
      }),
      BIRTH_YYMMDD,
    );
  }
  if (opts.today && birth > opts.today) {
    const today = opts.today;
    return fail(
      'VAL_IIN_DATE',
      t({ en: `IIN ${value}: birth date ${birth} is after today ${today}`, ru: `ИИН ${value}: дата рождения ${dmy(birth)} позже сегодняшней даты ${dmy(today)}`, kk: `ЖСН ${value}: туған күні ${dmy(birth)} бүгінгі ${dmy(today)} күнінен кейін` }),
      t({ en: 'a birth date in the past', ru: 'дата рождения в прошлом', kk: 'өткен уақыттағы туған күн' }),
    );
  }
  return { ok: true, warnings, value, kind: 'iin', birthDate: birth, sex: d7 % 2 === 1 ? 'male' : 'female' };
}

const ENTITY = { 4: 'resident', 5: 'non-resident', 6: 'joint-entrepreneurship' } as const;
const ATTRIBUTE = ['head-office', 'branch', 'representative-office', 'peasant-farm'] as const;

function binStructure(value: string): BinIinResult {
  const mm = Number(value.slice(2, 4));
  if (mm < 1 || mm > 12) {
    const m = value.slice(2, 4);
    return fail(
      'VAL_BIN_MONTH',
      t({ en: `BIN ${value}: registration month (digits 3–4) is ${m}`, ru: `${BIN.ru} ${value}: месяц регистрации (3–4-я цифры) — ${m}`, kk: `${BIN.kk} ${value}: тіркелу айы (3–4-цифрлар) — ${m}` }),
      t({ en: 'a month 01–12 in digits 3–4', ru: 'месяц 01–12 в 3–4-й цифрах', kk: '3–4-цифрларда 01–12 ай' }),
    );
  }
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
  const bad = formatAndChecksum(value, BIN_IIN);
  if (bad) return bad;
  const kind = binIinKind(value);
  if (kind === 'iin') return iinStructure(value, opts);
  if (kind === 'bin') return binStructure(value);
  const d5 = value[4];
  return fail(
    'VAL_BIN_TYPE',
    t({ en: `BIN/IIN ${value}: 5th digit is ${d5}`, ru: `БИН/ИИН ${value}: 5-я цифра — ${d5}`, kk: `БСН/ЖСН ${value}: 5-ші цифры — ${d5}` }),
    t({
      en: 'an IIN (5th digit 0–3, part of the birth day) or a BIN (5th digit 4, 5 or 6: entity type)',
      ru: 'ИИН (5-я цифра 0–3 — часть дня рождения) или БИН (5-я цифра 4, 5 или 6 — тип юридического лица)',
      kk: 'ЖСН (5-ші цифры 0–3 — туған күннің бөлігі) немесе БСН (5-ші цифры 4, 5 немесе 6 — заңды тұлғаның түрі)',
    }),
  );
}

/** An individual's IIN (an employee list row): a BIN is refused. */
export function checkIin(value: string, opts: BinIinOptions = {}): IinResult {
  const bad = formatAndChecksum(value, IIN);
  if (bad) return bad;
  if (binIinKind(value) === 'bin') {
    const d5 = value[4];
    return fail(
      'VAL_IIN_EXPECTED',
      t({ en: `${value} is a BIN (5th digit ${d5} is a legal-entity type)`, ru: `${value} — это БИН (5-я цифра ${d5} обозначает тип юридического лица)`, kk: `${value} — БСН (5-ші цифры ${d5} заңды тұлғаның түрін білдіреді)` }),
      t({ en: "the person's 12-digit IIN", ru: '12-значный ИИН физического лица', kk: 'жеке тұлғаның 12 цифрлы ЖСН-і' }),
    );
  }
  return iinStructure(value, opts);
}
