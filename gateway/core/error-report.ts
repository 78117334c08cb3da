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

function detail(i: Issue): string {
  const parts: string[] = [];
  if (i.field) parts.push(i.field);
  parts.push(i.message);
  if (i.expected) parts.push(`expected: ${i.expected}`);
  return parts.join(': ');
}

export type Lang = 'ru' | 'kk' | 'en';

/** A problem in one language: the catalogue's text, the field, and the specifics (value, expectation). */
export function issueMessage(i: Issue, lang: Lang): string {
  const base = ERROR_CODES[i.code][lang];
  const where = i.field ? ` [${i.field}]` : '';
  // The specifics are written in English by the rule; ru/kk readers get them after the translated text.
  return `${base}${where}: ${i.message}${i.expected ? ` (${lang === 'ru' ? 'ожидается' : lang === 'kk' ? 'күтілетін' : 'expected'}: ${i.expected})` : ''}`;
}

/** One `.err` line with CRLF: `<num>, Строка <line>, <ru> / <kk> (<code>: <details>)`; line 0 means the whole file. */
export function errLine(i: Issue): string {
  const c = ERROR_CODES[i.code];
  return `${c.num}, Строка ${i.line ?? 0}, ${c.ru} / ${c.kk} (${i.code}: ${detail(i)})\r\n`;
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
      })),
    },
    null,
    2,
  ) + '\n';
}
