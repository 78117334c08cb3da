// The list's fast money text is exactly formatMoney's for every language and currency, or is not used at all.
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../gateway/web/i18n/format.ts';
import { formatMoneyFast } from '../../gateway/web/i18n/money-fast.ts';
import { rng } from './docs-helpers.ts';

describe('formatMoneyFast', () => {
  it('equals Intl-based formatMoney on 6,000 random amounts in kk, ru and en and six currencies', () => {
    const r = rng(5);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      for (const currency of ['KZT', 'USD', 'EUR', 'RUB', 'JPY', 'KWD']) {
        for (let i = 0; i < 333; i++) {
          const digits = Math.floor(r() * 18) + 1;
          const minor = Array.from({ length: digits }, (_, k) => (k === 0 ? 1 + Math.floor(r() * 9) : Math.floor(r() * 10))).join('');
          expect(formatMoneyFast(minor, currency, lang)).toBe(formatMoney(minor, currency, lang));
        }
        expect(formatMoneyFast('0', currency, lang)).toBe(formatMoney('0', currency, lang));
        expect(formatMoneyFast('-12345', currency, lang)).toBe(formatMoney('-12345', currency, lang));
      }
    }
  });
});
