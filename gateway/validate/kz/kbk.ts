// КБК: 6-digit budget classification code, required for budget payments (kz-formats.md 3.6; key name КодБК per addendum 9.2).
import { t } from '../../core/i18n.ts';
import { fail, shown, type CheckResult } from '../findings.ts';

/** Codes named in kz-formats.md 3.6 — for messages only; a code not listed here is not an error (the list is partial). */
export const KNOWN_KBK: Readonly<Record<string, { ru: string; confirmed: boolean }>> = {
  '101201': { ru: 'ИПН с доходов, облагаемых у источника выплаты', confirmed: true },
  '101202': { ru: 'ИПН с доходов, не облагаемых у источника выплаты', confirmed: false },
  '103101': { ru: 'Социальный налог', confirmed: false },
  '105101': { ru: 'НДС', confirmed: false },
  '101110': { ru: 'КПН с юридических лиц', confirmed: false },
  '101111': { ru: 'КПН с юридических лиц', confirmed: false },
};

export function checkKbk(value: string): CheckResult<{ kbk: string; name?: string }> {
  if (!/^\d{6}$/.test(value)) {
    const q = shown(value);
    return fail(
      'VAL_KBK_FORMAT',
      t({ en: `KBK ${q} is not 6 digits`, ru: `КБК ${q} — не 6 цифр`, kk: `БСЖ ${q} 6 цифрдан тұрмайды` }),
      t({ en: '6 digits, e.g. 101201', ru: '6 цифр, например 101201', kk: '6 цифр, мысалы 101201' }),
    );
  }
  const known = KNOWN_KBK[value];
  return known ? { ok: true, warnings: [], kbk: value, name: known.ru } : { ok: true, warnings: [], kbk: value };
}
