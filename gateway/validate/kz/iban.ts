// KZ IBAN (ИИК): 'KZ' + 2 check digits + 3-digit bank code + 13 account chars, ISO 13616 mod-97 (kz-formats.md 3.1).
import { ruPlural, t, type Text } from '../../core/i18n.ts';
import { fail, shown, type CheckResult } from '../findings.ts';

export const KZ_IBAN_LENGTH = 20;

export type IbanResult = CheckResult<{ iban: string; bankCode: string; account: string }>;

/** What a parser may do with a typed-in account: drop spaces and dashes, upper-case. Validation itself never normalises. */
export function normalizeIban(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** ISO 13616 remainder: first 4 chars moved to the end, letters A=10 … Z=35, mod 97. Input: upper-case letters and digits only. */
export function ibanMod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else rem = (rem * 100 + (c - 55)) % 97;
  }
  return rem;
}

/** ibanMod97 of a 20-character string of digits and capital letters, without building the moved string. */
function mod97Of20(v: string): number {
  // The remainder is taken only when the number grows past 1e13 (exact in a double below 2^53): same result.
  let rem = 0;
  for (let j = 0; j < 20; j++) {
    const c = v.charCodeAt(j < 16 ? j + 4 : j - 16);
    rem = c <= 57 ? rem * 10 + (c - 48) : rem * 100 + (c - 55);
    if (rem >= 1e13) rem %= 97;
  }
  return rem % 97;
}

/** A well-formed KZ IBAN with correct check digits: 'KZ', 5 digits, 13 capital letters or digits, mod 97 = 1. */
function isGoodKzIban(v: string): boolean {
  if (v.length !== KZ_IBAN_LENGTH || v.charCodeAt(0) !== 0x4b || v.charCodeAt(1) !== 0x5a) return false;
  for (let i = 2; i < 7; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  for (let i = 7; i < KZ_IBAN_LENGTH; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) return false;
  }
  return mod97Of20(v) === 1;
}

/** Check digits for a country and BBAN (98 − remainder of the IBAN with '00'). */
export function ibanCheckDigits(bban: string, country = 'KZ'): string {
  return String(98 - ibanMod97(`${country}00${bban}`)).padStart(2, '0');
}

/** Digits 5–7 of a KZ IBAN (the bank code), or null when the value has no such digits. */
export function ibanBankCode(iban: string): string | null {
  const m = /^KZ\d{2}(\d{3})/.exec(iban);
  return m ? m[1]! : null;
}

const IBAN_LENGTH: Text = { en: `${KZ_IBAN_LENGTH} characters`, ru: `${KZ_IBAN_LENGTH} символов`, kk: `${KZ_IBAN_LENGTH} таңба` };

export function checkIban(value: string): IbanResult {
  if (typeof value === 'string' && isGoodKzIban(value)) return { ok: true, warnings: [], iban: value, bankCode: value.slice(4, 7), account: value.slice(7) };
  if (value.length === 0) return fail('VAL_IBAN_LENGTH', t({ en: 'account is empty', ru: 'ИИК не заполнен', kk: 'ЖСК толтырылмаған' }), IBAN_LENGTH);
  const q = shown(value);
  const what = t({ en: `account ${q}`, ru: `ИИК ${q}`, kk: `ЖСК ${q}` });
  const bad = /[^A-Za-z0-9]/.exec(value);
  if (bad) {
    const spaces = /^[\sA-Za-z0-9-]+$/.test(value);
    const ch = shown(bad[0]);
    return fail(
      'VAL_IBAN_CHARS',
      spaces
        ? t({ en: `${what.en} contains spaces or dashes`, ru: `${what.ru} содержит пробелы или дефисы`, kk: `${what.kk} құрамында бос орын немесе сызықша бар` })
        : t({ en: `${what.en} contains the character ${ch}`, ru: `${what.ru} содержит символ ${ch}`, kk: `${what.kk} құрамында ${ch} таңбасы бар` }),
      t({ en: 'only capital Latin letters and digits, no spaces', ru: 'только заглавные латинские буквы и цифры, без пробелов', kk: 'тек бас латын әріптері мен цифрлар, бос орынсыз' }),
    );
  }
  if (/[a-z]/.test(value)) {
    return fail(
      'VAL_IBAN_CHARS',
      t({ en: `${what.en} contains lower-case letters`, ru: `${what.ru} содержит строчные буквы`, kk: `${what.kk} құрамында кіші әріптер бар` }),
      t({ en: 'capital Latin letters and digits', ru: 'заглавные латинские буквы и цифры', kk: 'бас латын әріптері мен цифрлар' }),
    );
  }
  if (!value.startsWith('KZ')) {
    const start = shown(value.slice(0, 2));
    return fail(
      'VAL_IBAN_COUNTRY',
      t({ en: `${what.en} starts with ${start}`, ru: `${what.ru} начинается с ${start}`, kk: `${what.kk} ${start} таңбаларынан басталады` }),
      t({ en: "'KZ' followed by 18 characters", ru: "'KZ' и ещё 18 символов", kk: "'KZ' және тағы 18 таңба" }),
    );
  }
  if (value.length !== KZ_IBAN_LENGTH) {
    const n = value.length;
    return fail(
      'VAL_IBAN_LENGTH',
      t({ en: `${what.en} has ${n} characters`, ru: `в ${what.ru} ${n} ${ruPlural(n, 'символ', 'символа', 'символов')}`, kk: `${what.kk} ${n} таңбадан тұрады` }),
      IBAN_LENGTH,
    );
  }
  if (!/^KZ\d{2}\d{3}[A-Z0-9]{13}$/.test(value)) {
    return fail(
      'VAL_IBAN_CHARS',
      t({
        en: `${what.en}: characters 3–7 (check digits and bank code) must be digits`,
        ru: `${what.ru}: символы 3–7 (контрольные цифры и код банка) должны быть цифрами`,
        kk: `${what.kk}: 3–7-таңбалар (бақылау цифрлары мен банк коды) цифр болуы керек`,
      }),
      t({
        en: 'KZ + 2 check digits + 3-digit bank code + 13 letters or digits',
        ru: 'KZ + 2 контрольные цифры + 3-значный код банка + 13 букв или цифр',
        kk: 'KZ + 2 бақылау цифры + 3 цифрлы банк коды + 13 әріп немесе цифр',
      }),
    );
  }
  if (ibanMod97(value) !== 1) {
    return fail(
      'VAL_IBAN_CHECKSUM',
      t({
        en: `${what.en} fails the ISO 13616 mod-97 check`,
        ru: `${what.ru} не проходит проверку контрольных цифр (ISO 13616, mod 97)`,
        kk: `${what.kk} бақылау цифрларының тексерісінен өтпейді (ISO 13616, mod 97)`,
      }),
      t({ en: 'an account with correct check digits', ru: 'ИИК с правильными контрольными цифрами', kk: 'бақылау цифрлары дұрыс ЖСК' }),
    );
  }
  return { ok: true, warnings: [], iban: value, bankCode: value.slice(4, 7), account: value.slice(7) };
}
