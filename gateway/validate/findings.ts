// Results of single checks and the one table of validation codes with their fixed severities (error-codes.ts VAL_ block).
import type { ErrorCode } from '../core/error-codes.ts';
import { own, type Localized, type Text } from '../core/i18n.ts';

export type ValidationCode = Extract<ErrorCode, `VAL_${string}`>;
export type Severity = 'error' | 'warning';

/**
 * Every code a validation rule can emit and its severity. A code never changes severity:
 * where confidence differs (directory entry unconfirmed, [U] requisites) a separate warning code exists.
 */
export const VALIDATION_SEVERITY = {
  VAL_AMOUNT: 'error',
  VAL_CURRENCY: 'error',
  VAL_REQUIRED: 'error',
  VAL_PURPOSE_TOO_LONG: 'error',
  VAL_NAME_TOO_LONG: 'warning',
  VAL_DATE: 'error',
  VAL_VALUE_DATE_PAST: 'error',
  VAL_DATE_FUTURE: 'warning',
  VAL_IBAN_LENGTH: 'error',
  VAL_IBAN_COUNTRY: 'error',
  VAL_IBAN_CHARS: 'error',
  VAL_IBAN_CHECKSUM: 'error',
  VAL_BIC_FORMAT: 'error',
  VAL_BIC_COUNTRY: 'error',
  VAL_BIC_UNKNOWN: 'warning',
  VAL_IBAN_BANK_UNKNOWN: 'warning',
  VAL_IBAN_BIC_MISMATCH: 'error',
  VAL_IBAN_BIC_UNCONFIRMED: 'warning',
  VAL_BIN_IIN_FORMAT: 'error',
  VAL_BIN_IIN_CHECKSUM: 'error',
  VAL_IIN_DATE: 'error',
  VAL_IIN_CENTURY: 'error',
  VAL_IIN_CENTURY_UNKNOWN: 'warning',
  VAL_BIN_MONTH: 'error',
  VAL_BIN_TYPE: 'error',
  VAL_IIN_EXPECTED: 'error',
  VAL_KOD_KBE_FORMAT: 'error',
  VAL_KOD_KBE_RESIDENCY: 'error',
  VAL_KOD_KBE_SECTOR: 'error',
  VAL_KNP_FORMAT: 'error',
  VAL_KNP_UNKNOWN: 'warning',
  VAL_KNP_KIND: 'warning',
  VAL_KBK_FORMAT: 'error',
  VAL_KBK_REQUIRED: 'error',
  VAL_BUDGET_BANK: 'error',
  VAL_BUDGET_ACCOUNT: 'warning',
  VAL_RECIPIENT: 'error',
  VAL_RECIPIENT_UNCONFIRMED: 'warning',
  VAL_RECIPIENT_OBSOLETE: 'error',
  VAL_LIST_MISSING: 'warning',
  VAL_LIST_EMPTY: 'error',
  VAL_LIST_SUM: 'error',
  VAL_LIST_ROW_AMOUNT: 'error',
  VAL_LIST_PERIOD: 'error',
  VAL_LIST_PERIOD_MISSING: 'warning',
  VAL_LIST_DUPLICATE: 'warning',
  VAL_LIST_BIRTH_DATE: 'warning',
} as const satisfies Record<ValidationCode, Severity>;

/** One problem found by a rule: code (severity comes from the table), specifics in en/ru/kk, where. */
export interface Finding {
  code: ValidationCode;
  severity: Severity;
  /** English specifics: the value and why it fails. */
  reason: string;
  /** `reason` in Russian and Kazakh. */
  text: Localized;
  /** English. */
  expected?: string;
  expectedText?: Localized;
  /** Canonical field path, e.g. 'payer.iban', 'rows[3].iin'. */
  field?: string;
  /** Source line when the finding has its own (a list row), else the document's. */
  line?: number;
}

/** A single check that failed: always blocking (warnings travel in a passing result's `warnings`). */
export interface Failure {
  ok: false;
  code: ValidationCode;
  reason: string;
  text: Localized;
  expected?: string;
  expectedText?: Localized;
}

/** A single check that passed, with any non-blocking remarks, plus what the check learned (T). */
export type Passed<T extends object = object> = { ok: true; warnings: Finding[] } & T;
export type CheckResult<T extends object = object> = Passed<T> | Failure;

/**
 * Details are strings of their own (i18n.ts `own`): values read from a file can be views into a large decoded text,
 * and reports keep details to the end of a file. Copying costs only when something is wrong. Rules write every detail
 * in en, ru and kk (`t({ en, ru, kk })`).
 */
export function fail(code: ValidationCode, reason: Text, expected?: Text): Failure {
  const f: Failure = { ok: false, code, reason: own(reason.en), text: { ru: own(reason.ru), kk: own(reason.kk) } };
  if (expected !== undefined) {
    f.expected = own(expected.en);
    f.expectedText = { ru: own(expected.ru), kk: own(expected.kk) };
  }
  return f;
}

export function finding(code: ValidationCode, reason: Text, at: { field?: string; expected?: Text | undefined; line?: number } = {}): Finding {
  const f: Finding = { code, severity: VALIDATION_SEVERITY[code], reason: own(reason.en), text: { ru: own(reason.ru), kk: own(reason.kk) } };
  if (at.field !== undefined) f.field = at.field;
  if (at.expected !== undefined) {
    f.expected = own(at.expected.en);
    f.expectedText = { ru: own(at.expected.ru), kk: own(at.expected.kk) };
  }
  if (at.line !== undefined) f.line = at.line;
  return f;
}

/** Appends `findingsOf(r, field, line)` to `out` (without an array per check when the check passes clean). */
export function pushFindingsOf(out: Finding[], r: CheckResult, field: string, line?: number): void {
  if (r.ok && r.warnings.length === 0) return;
  const fs = findingsOf(r, field, line);
  for (let i = 0; i < fs.length; i++) out.push(fs[i]!);
}

/** A check result as findings at a field: the failure, or the passing result's warnings. */
export function findingsOf(r: CheckResult, field: string, line?: number): Finding[] {
  if (!r.ok) {
    // The failure's strings are copied already (fail).
    const f: Finding = { code: r.code, severity: VALIDATION_SEVERITY[r.code], reason: r.reason, text: r.text, field };
    if (r.expected !== undefined) f.expected = r.expected;
    if (r.expectedText !== undefined) f.expectedText = r.expectedText;
    if (line !== undefined) f.line = line;
    return [f];
  }
  return r.warnings.map((w) => ({ ...w, field, ...(line !== undefined ? { line } : {}) }));
}

/** Quotes a user value for a message, shortened so a huge value cannot flood a report. */
export function shown(value: string, max = 40): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
