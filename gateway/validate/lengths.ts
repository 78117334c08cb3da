// Required fields and length limits: purpose ≤ 410 (MT /ASSIGN/), names ≤ 60 (MT /NAME/), both configurable (kz-formats.md 3.8).
import { finding, type Finding } from './findings.ts';

export function isBlank(value: string | undefined | null): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string' && value.length > 0) {
    // A first character that cannot be white space: not blank (the common case, without trimming a copy).
    const c = value.charCodeAt(0);
    if (c > 0x20 && c !== 0xa0 && c !== 0xfeff && (c < 0x1680 || c > 0x3000)) return false;
  }
  return String(value).trim() === '';
}

/** Characters as a person counts them (code points), not UTF-16 units. */
export function textLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function requiredFinding(value: string | undefined | null, field: string, what: string): Finding[] {
  return isBlank(value) ? [finding('VAL_REQUIRED', `${what} is empty`, { field, expected: what })] : [];
}

export function purposeFindings(value: string | undefined, max: number, field = 'purpose'): Finding[] {
  if (value === undefined || value.length <= max) return []; // never more characters than UTF-16 units
  const n = textLength(value);
  return n > max ? [finding('VAL_PURPOSE_TOO_LONG', `purpose has ${n} characters`, { field, expected: `at most ${max} characters` })] : [];
}

export function nameFindings(value: string | undefined, max: number, field: string): Finding[] {
  if (value === undefined || value.length <= max) return []; // never more characters than UTF-16 units
  const n = textLength(value);
  return n > max ? [finding('VAL_NAME_TOO_LONG', `name has ${n} characters; the bank may cut it`, { field, expected: `at most ${max} characters` })] : [];
}
