// BIC (БИК): 4 bank letters + 2 country letters + 2 location chars (+ 3 branch chars); KZ files use 8 (kz-formats.md 3.2).
import { ruPlural, t } from '../../core/i18n.ts';
import { fail, shown, type CheckResult } from '../findings.ts';

export type BicResult = CheckResult<{ bic: string; bank8: string; country: string; branch?: string }>;

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/** The 8-character form (the branch suffix dropped), which is what the bank directory is keyed by. */
export function bicBank8(bic: string): string {
  return bic.slice(0, 8);
}

/** `country`: the required ISO country in characters 5–6 ('KZ' by default; null for a foreign bank). */
export function checkBic(value: string, opts: { country?: string | null } = {}): BicResult {
  const country = opts.country === undefined ? 'KZ' : opts.country;
  if (value.length !== 8 && value.length !== 11) {
    const q = shown(value);
    const n = value.length;
    return fail(
      'VAL_BIC_FORMAT',
      t({ en: `BIC ${q} has ${n} characters`, ru: `в БИК ${q} ${n} ${ruPlural(n, 'символ', 'символа', 'символов')}`, kk: `БСК ${q} ${n} таңбадан тұрады` }),
      t({ en: '8 characters (or 11 with a branch)', ru: '8 символов (или 11 с кодом филиала)', kk: '8 таңба (немесе филиал кодымен 11 таңба)' }),
    );
  }
  if (!BIC.test(value)) {
    const q = shown(value);
    const lower = /[a-z]/.test(value);
    const c = country ?? '';
    return fail(
      'VAL_BIC_FORMAT',
      lower
        ? t({ en: `BIC ${q} contains lower-case letters`, ru: `БИК ${q} содержит строчные буквы`, kk: `БСК ${q} құрамында кіші әріптер бар` })
        : t({
            en: `BIC ${q} must be 4 bank letters, 2 country letters, then letters or digits`,
            ru: `БИК ${q} должен состоять из 4 букв банка, 2 букв страны, затем букв или цифр`,
            kk: `БСК ${q} банктің 4 әрпінен, елдің 2 әрпінен, содан кейін әріптерден немесе цифрлардан тұруы керек`,
          }),
      country
        ? t({
            en: `AAAA${country}LL or AAAA${country}LLBBB`,
            ru: `4 латинские буквы банка, ${c}, 2 буквы или цифры (и 3 символа филиала, если он указан)`,
            kk: `банктің 4 латын әрпі, ${c}, 2 әріп немесе цифр (филиал көрсетілсе, оның 3 таңбасы)`,
          })
        : t({
            en: 'AAAACCLL or AAAACCLLBBB',
            ru: '4 латинские буквы банка, 2 буквы страны, 2 буквы или цифры (и 3 символа филиала, если он указан)',
            kk: 'банктің 4 латын әрпі, елдің 2 әрпі, 2 әріп немесе цифр (филиал көрсетілсе, оның 3 таңбасы)',
          }),
    );
  }
  const got = value.slice(4, 6);
  if (country && got !== country) {
    const q = shown(value);
    return fail(
      'VAL_BIC_COUNTRY',
      t({ en: `BIC ${q} is in country ${got}`, ru: `БИК ${q} принадлежит банку страны ${got}`, kk: `БСК ${q} ${got} елінің банкіне тиесілі` }),
      t({ en: `a bank in ${country} (characters 5–6 '${country}')`, ru: `банк страны ${country} (5–6-й символы — '${country}')`, kk: `${country} елінің банкі (5–6-таңбалар — '${country}')` }),
    );
  }
  const r: BicResult = { ok: true, warnings: [], bic: value, bank8: bicBank8(value), country: got };
  if (value.length === 11) r.branch = value.slice(8);
  return r;
}
