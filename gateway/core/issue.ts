// A problem found in an input (file, line, field, expected), collected rather than thrown.
import type { ErrorCode } from './error-codes.ts';

export interface Issue {
  code: ErrorCode;
  severity: 'error' | 'warning';
  /** 1-based line in the source file, when the problem has one. */
  line?: number;
  /** The key, tag or element the problem is about (1C key, ISO element, MT tag). */
  field?: string;
  /** What was expected, in plain words. */
  expected?: string;
  /** Human message (English); ru/kk come from the catalogue plus these details. */
  message: string;
}

export function issue(code: ErrorCode, message: string, at: Omit<Issue, 'code' | 'message' | 'severity'> & { severity?: Issue['severity'] } = {}): Issue {
  return { code, message, severity: at.severity ?? 'error', ...at };
}
