// A problem found in an input (file, line, field, expected), collected rather than thrown; its details in en, ru and kk.
import type { ErrorCode } from './error-codes.ts';
import { own, type Localized, type Text } from './i18n.ts';

export { t, type Localized, type Text } from './i18n.ts';

/**
 * Plain JSON (stored as such in SQLite and in reports). `message` and `expected` are English — logs and existing
 * consumers read them; `text` and `expectedText` carry the same details in Russian and Kazakh. The general meaning
 * of the code is in the catalogue (error-codes.ts), in all three languages.
 */
export interface Issue {
  code: ErrorCode;
  severity: 'error' | 'warning';
  /** 1-based line in the source file, when the problem has one. */
  line?: number;
  /** The key, tag or element the problem is about (1C key, ISO element, MT tag). */
  field?: string;
  /** What was expected, in plain words (English). */
  expected?: string;
  /** `expected` in Russian and Kazakh. */
  expectedText?: Localized;
  /** The specifics (English): the value and why it fails. */
  message: string;
  /** `message` in Russian and Kazakh (absent only on issues stored before details were translated). */
  text?: Localized;
}

export interface IssueAt {
  line?: number | undefined;
  field?: string | undefined;
  expected?: Text | undefined;
  severity?: Issue['severity'] | undefined;
}

/** An issue whose details are written in en, ru and kk (`t({ en, ru, kk })`); every string is copied out (i18n.ts `own`). */
export function issue(code: ErrorCode, text: Text, at: IssueAt = {}): Issue {
  const i: Issue = { code, severity: at.severity ?? 'error', message: own(text.en), text: { ru: own(text.ru), kk: own(text.kk) } };
  if (at.line !== undefined) i.line = at.line;
  if (at.field !== undefined) i.field = at.field;
  if (at.expected !== undefined) {
    i.expected = own(at.expected.en);
    i.expectedText = { ru: own(at.expected.ru), kk: own(at.expected.kk) };
  }
  return i;
}
