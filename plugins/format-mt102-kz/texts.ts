// Details of this plugin's issues in en/ru/kk: a row prefix, missing and malformed MT fields, shortened values.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import type { ErrorCode } from '../../gateway/core/error-codes.ts';

/** A value as shown in a detail: at most 40 characters, control characters visible. */
export function shown(v: string): string {
  const s = v.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** 'row 3: ' in each language (rows numbered from 1, as `:21:`). */
export function rowPrefix(row: number | undefined): Text {
  if (row === undefined) return { en: '', ru: '', kk: '' };
  const n = row + 1;
  return { en: `row ${n}: `, ru: `строка ${n}: `, kk: `${n}-жол: ` };
}

export function prefixed(p: Text, x: Text): Text {
  return { en: p.en + x.en, ru: p.ru + x.ru, kk: p.kk + x.kk };
}

/** FMT_REQUIRED_KEY: an MT tag or sub-field is absent. */
export function missingTag(tag: string, at: { line?: number | undefined; row?: number | undefined } = {}): Issue {
  const p = rowPrefix(at.row);
  return issue('FMT_REQUIRED_KEY', prefixed(p, t({ en: `${tag} is missing`, ru: `нет обязательного поля ${tag}`, kk: `міндетті ${tag} өрісі жоқ` })), { line: at.line, field: tag });
}

/** An MT value of the wrong form (FMT_BAD_VALUE or another FMT_ code). */
export function badTag(tag: string, value: string, expected: Text, at: { line?: number | undefined; row?: number | undefined } = {}, code: ErrorCode = 'FMT_BAD_VALUE'): Issue {
  const p = rowPrefix(at.row);
  const v = shown(value);
  return issue(code, prefixed(p, t({ en: `${tag} '${v}' is not ${expected.en}`, ru: `${tag} '${v}' — не ${expected.ru}`, kk: `${tag} '${v}' — ${expected.kk} емес` })), { line: at.line, field: tag, expected });
}

export const MT_AMOUNT: Text = { en: 'an amount with a decimal comma, e.g. KZT105500,50', ru: 'сумма с десятичной запятой, например KZT105500,50', kk: 'үтірлі сома, мысалы KZT105500,50' };
export const YYMMDD: Text = { en: 'a date YYMMDD', ru: 'дата ГГММДД', kk: 'ЖЖААКК түріндегі күн' };
export const YYYYMMDD: Text = { en: 'a date YYYYMMDD', ru: 'дата ГГГГММДД', kk: 'ЖЖЖЖААКК түріндегі күн' };
export const KZ_MT: Text = {
  en: 'a Kazakh MT100 or MT102 ({2:I100…} / {2:I102…}, :70: with /KNP/)',
  ru: 'казахстанское MT100 или MT102 ({2:I100…} / {2:I102…}, :70: с /KNP/)',
  kk: 'қазақстандық MT100 немесе MT102 ({2:I100…} / {2:I102…}, /KNP/ бар :70:)',
};
