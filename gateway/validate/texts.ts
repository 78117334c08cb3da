// Words the rules share in their details (en/ru/kk), built once: the valid path never allocates them.
import { DOCUMENT_KIND_TEXT, type Text } from '../core/i18n.ts';
import type { KnpKind } from './kz/knp.ts';

export const AMOUNT_ABOVE_ZERO: Text = { en: 'an amount > 0', ru: 'сумма больше 0', kk: '0-ден үлкен сома' };

/** 'YYYY-MM-DD' as the expected form of a date. */
export const ISO_DATE: Text = { en: 'YYYY-MM-DD', ru: 'ГГГГ-ММ-ДД', kk: 'ЖЖЖЖ-АА-КК' };

/** 'YYYY-MM' as the expected form of a period. */
export const ISO_MONTH: Text = { en: 'YYYY-MM', ru: 'ГГГГ-ММ', kk: 'ЖЖЖЖ-АА' };

/** What a KNP of the dictionary is for (KnpEntry.kind), as the accountants say it. */
export const KNP_KIND_TEXT: Readonly<Record<KnpKind, Text>> = {
  // The kinds that are also document kinds are named the same way.
  pension: DOCUMENT_KIND_TEXT.pension,
  social: DOCUMENT_KIND_TEXT.social,
  medical: DOCUMENT_KIND_TEXT.medical,
  budget: DOCUMENT_KIND_TEXT.budget,
  salary: DOCUMENT_KIND_TEXT.salary,
  fx: { en: 'fx', ru: 'операции с валютой', kk: 'валюта операциялары' },
  goods: { en: 'goods', ru: 'оплата товаров', kk: 'тауарлар үшін төлем' },
  transfer: { en: 'transfer', ru: 'переводы', kk: 'аударымдар' },
  'own-account': { en: 'own-account', ru: 'переводы на собственный счёт', kk: 'өз шотына аударымдар' },
  cash: { en: 'cash', ru: 'наличные деньги', kk: 'қолма-қол ақша' },
  other: { en: 'other', ru: 'прочие платежи', kk: 'басқа төлемдер' },
};

/** The 2-digit economic code of a party: KOd of the payer, KBe of the beneficiary (ЖТК / БеК in Kazakh). */
export const CODE_LABEL: Readonly<Record<string, Text>> = {
  KOd: { en: 'KOd', ru: 'КОд', kk: 'ЖТК' },
  KBe: { en: 'KBe', ru: 'КБе', kk: 'БеК' },
  'KOd/KBe': { en: 'KOd/KBe', ru: 'КОд/КБе', kk: 'ЖТК/БеК' },
};
