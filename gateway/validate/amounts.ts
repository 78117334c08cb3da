// Amounts: bigint minor units > 0 and an ISO 4217-shaped currency (kz-formats.md 3.8; decimals are fixed by the model's minor units).
import type { Money } from '../core/model/money.ts';
import { ruPlural, t } from '../core/i18n.ts';
import { fail, shown, type CheckResult } from './findings.ts';
import { AMOUNT_ABOVE_ZERO } from './texts.ts';

/** Three capital Latin letters (ISO 4217 alphabetic shape; whether the code is assigned is not checked). */
export function isCurrencyCode(value: string): boolean {
  if (typeof value !== 'string') return /^[A-Z]{3}$/.test(value);
  return value.length === 3 && isUpper(value.charCodeAt(0)) && isUpper(value.charCodeAt(1)) && isUpper(value.charCodeAt(2));
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

export function checkCurrency(value: string, required?: string): CheckResult<{ currency: string }> {
  if (!isCurrencyCode(value)) {
    const q = shown(value);
    return fail(
      'VAL_CURRENCY',
      t({ en: `currency ${q} is not an ISO 4217 letter code`, ru: `валюта ${q} — не буквенный код ISO 4217`, kk: `${q} валютасы ISO 4217 әріптік коды емес` }),
      t({ en: '3 capital letters, e.g. KZT', ru: '3 заглавные латинские буквы, например KZT', kk: '3 бас латын әрпі, мысалы KZT' }),
    );
  }
  if (required && value !== required) {
    return fail(
      'VAL_CURRENCY',
      t({ en: `currency is ${value}; this kind of payment is made in ${required} only`, ru: `валюта ${value}; этот вид платежа проводится только в ${required}`, kk: `валютасы ${value}; төлемнің бұл түрі тек ${required} валютасында жүргізіледі` }),
      t({ en: required, ru: required, kk: required }),
    );
  }
  return { ok: true, warnings: [], currency: value };
}

export function checkAmount(m: Money): CheckResult<{ minor: bigint }> {
  if (typeof m.minor !== 'bigint') {
    return fail(
      'VAL_AMOUNT',
      t({ en: 'amount is not a whole number of minor units', ru: 'сумма не выражена целым числом минимальных единиц валюты (тиынов)', kk: 'сома валютаның ең кіші бірліктерінің (тиынның) бүтін санымен берілмеген' }),
      AMOUNT_ABOVE_ZERO,
    );
  }
  if (m.minor <= 0n) {
    const neg = m.minor < 0n;
    const units = ruPlural(m.minor, 'минимальная единица', 'минимальные единицы', 'минимальных единиц');
    return fail(
      'VAL_AMOUNT',
      t({
        en: `amount ${neg ? 'is negative' : 'is zero'} (${m.minor} minor units)`,
        ru: `сумма ${neg ? 'отрицательная' : 'равна нулю'} (${m.minor} ${units} валюты)`,
        kk: `сома ${neg ? 'теріс' : 'нөлге тең'} (валютаның ең кіші бірлігімен ${m.minor})`,
      }),
      AMOUNT_ABOVE_ZERO,
    );
  }
  return { ok: true, warnings: [], minor: m.minor };
}
