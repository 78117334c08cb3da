// Required fields and length limits: purpose ≤ 410 (MT /ASSIGN/), names ≤ 60 (MT /NAME/), both configurable (kz-formats.md 3.8).
import { finding, type Finding } from './findings.ts';

export function isBlank(value: string | undefined | null): boolean {
  return value === undefined || value === null || String(value).trim() === '';
}

/** Characters as a person counts them (code points), not UTF-16 units. */
export function textLength(value: string): number {
  return [...value].length;
}

export function requiredFinding(value: string | undefined | null, field: string, what: string): Finding[] {
  return isBlank(value) ? [finding('VAL_REQUIRED', `${what} is empty`, { field, expected: what })] : [];
}

export function purposeFindings(value: string | undefined, max: number, field = 'purpose'): Finding[] {
  if (value === undefined) return [];
  const n = textLength(value);
  return n > max ? [finding('VAL_PURPOSE_TOO_LONG', `purpose has ${n} characters`, { field, expected: `at most ${max} characters` })] : [];
}

export function nameFindings(value: string | undefined, max: number, field: string): Finding[] {
  if (value === undefined) return [];
  const n = textLength(value);
  return n > max ? [finding('VAL_NAME_TOO_LONG', `name has ${n} characters; the bank may cut it`, { field, expected: `at most ${max} characters` })] : [];
}
