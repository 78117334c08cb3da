// Details the 1C readers share (en/ru/kk): a missing key, a bad date, currency or amount. Values are copied out.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import { ruPlural } from '../../gateway/core/i18n.ts';
import { detach } from './flat.ts';

const NO_ONE: Text = { en: '', ru: '', kk: '' };

/** 'key 'A'' / 'one of the keys 'A', 'B'' in each language. */
export function oneOf(keys: readonly string[]): Text {
  if (keys.length === 1) return { en: `key '${keys[0]}'`, ru: `ключ '${keys[0]}'`, kk: `'${keys[0]}' кілті` };
  const list = keys.map((k) => `'${k}'`).join(', ');
  return { en: `one of the keys ${list}`, ru: `один из ключей ${list}`, kk: `${list} кілттерінің бірі` };
}

/** A date in the form 1C writes it, as the expectation of a bad one. */
export const DATE_1C: Text = { en: 'dd.mm.yyyy', ru: 'ДД.ММ.ГГГГ', kk: 'КК.АА.ЖЖЖЖ' };

/** FMT_BAD_DATE: `value` (copied out) is not a date. */
export function notADate(value: string, at: { line: number; field: string }): Issue {
  const v = detach(value);
  return issue('FMT_BAD_DATE', t({ en: `'${v}' is not a date`, ru: `'${v}' — не дата`, kk: `'${v}' күн емес` }), { ...at, expected: DATE_1C });
}

/** FMT_BAD_VALUE: `value` (copied out) is not a currency code. */
export function notACurrency(value: string, at: { line: number; field: string }): Issue {
  const v = detach(value);
  return issue('FMT_BAD_VALUE', t({ en: `'${v}' is not a currency code`, ru: `'${v}' — не код валюты`, kk: `'${v}' валюта коды емес` }), {
    ...at,
    expected: t({ en: 'ISO 4217 letter code, e.g. KZT', ru: 'буквенный код ISO 4217, например KZT', kk: 'ISO 4217 әріптік коды, мысалы KZT' }),
  });
}

/** 'more than N decimals' after amount 'v' (copied out). */
export function tooManyDecimals(value: string, decimals: number, who: Text = NO_ONE): Text {
  const v = detach(value);
  return t({
    en: `${who.en}amount '${v}' has more than ${decimals} decimals`,
    ru: `${who.ru}в сумме '${v}' больше ${decimals} ${ruPlural(decimals, 'знака', 'знаков', 'знаков')} после точки`,
    kk: `${who.kk}'${v}' сомасында нүктеден кейін ${decimals} цифрдан артық`,
  });
}

/** At most 2 digits after the point (the expectation of a 1C amount in tenge). */
export const TWO_DECIMALS: Text = { en: 'at most 2 digits after the point', ru: 'не более 2 знаков после точки', kk: 'нүктеден кейін ең көбі 2 цифр' };

/** A line of a UTF-8 file with bytes that are not UTF-8 (the side-car reader says the same). */
export const NOT_UTF8 = t({
  en: 'the line is not valid UTF-8; bad bytes are shown as U+FFFD',
  ru: 'строка не является корректным текстом UTF-8; неверные байты заменены символом «�»',
  kk: 'жол дұрыс UTF-8 мәтіні емес; қате байттар «�» таңбасымен ауыстырылды',
});
