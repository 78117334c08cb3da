// Renders problems as the 1C client-bank `.err` list (`<code>, Строка <line>, <text>`, ru + kk) and as JSON.
import { ERROR_CODES } from './error-codes.ts';
import type { Issue } from './issue.ts';

export interface ErrorReportMeta {
  file: string;
  mailbox: string;
  sha256?: string;
  fileId?: string;
  at: string;
}

export type Lang = 'ru' | 'kk' | 'en';

const EXPECTED: Readonly<Record<Lang, string>> = { ru: 'ожидается', kk: 'күтілетін', en: 'expected' };

/** The issue's specifics in `lang`: the translation when the issue has one, else the English `message`. */
export function issueDetail(i: Issue, lang: Lang): string {
  return (lang === 'en' ? undefined : i.text?.[lang]) ?? i.message;
}

/** What was expected, in `lang` (English when there is no translation); undefined when the issue says nothing. */
export function issueExpected(i: Issue, lang: Lang): string | undefined {
  if (i.expected === undefined) return undefined;
  return (lang === 'en' ? undefined : i.expectedText?.[lang]) ?? i.expected;
}

/** A problem in one language: the catalogue's text, the field, and the specifics (value, expectation). */
export function issueMessage(i: Issue, lang: Lang): string {
  const base = ERROR_CODES[i.code][lang];
  const where = i.field ? ` [${i.field}]` : '';
  const expected = issueExpected(i, lang);
  return `${base}${where}: ${issueDetail(i, lang)}${expected !== undefined ? ` (${EXPECTED[lang]}: ${expected})` : ''}`;
}

/** Specifics and expectation of a `.err` line in one language, on one line. */
function errDetail(i: Issue, lang: Lang): string {
  const expected = issueExpected(i, lang);
  return expected === undefined ? issueDetail(i, lang) : `${issueDetail(i, lang)}; ${EXPECTED[lang]}: ${expected}`;
}

/** A `.err` line is one line whatever a value read from a file held. */
function oneLine(s: string): string {
  return /[\r\n]/.test(s) ? s.replace(/\s*[\r\n]+\s*/g, ' ') : s;
}

/**
 * One `.err` line with CRLF: `<num>, Строка <line>, <ru> / <kk> (<code>: <field>: <ru details> / <kk details>)`;
 * line 0 means the whole file. An issue stored before details were translated shows its English details once.
 */
export function errLine(i: Issue): string {
  const c = ERROR_CODES[i.code];
  const field = i.field ? `${i.field}: ` : '';
  const details = i.text ? `${errDetail(i, 'ru')} / ${errDetail(i, 'kk')}` : errDetail(i, 'ru');
  return `${c.num}, Строка ${i.line ?? 0}, ${c.ru} / ${c.kk} (${i.code}: ${oneLine(field + details)})\r\n`;
}

/** The whole `.err` text: UTF-8 with BOM so Windows tools show Kazakh letters. */
export function renderErrText(issues: readonly Issue[]): string {
  return '\uFEFF' + issues.map(errLine).join('');
}

export function renderErrJson(meta: ErrorReportMeta, issues: readonly Issue[]): string {
  return JSON.stringify(
    {
      ...meta,
      problems: issues.map((i) => ({
        code: i.code,
        num: ERROR_CODES[i.code].num,
        severity: i.severity,
        line: i.line ?? 0,
        field: i.field ?? null,
        expected: i.expected ?? null,
        message: i.message,
        ru: ERROR_CODES[i.code].ru,
        kk: ERROR_CODES[i.code].kk,
        message_ru: issueDetail(i, 'ru'),
        message_kk: issueDetail(i, 'kk'),
        expected_ru: issueExpected(i, 'ru') ?? null,
        expected_kk: issueExpected(i, 'kk') ?? null,
      })),
    },
    null,
    2,
  ) + '\n';
}
