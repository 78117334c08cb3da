// Issue 3 acceptance: every validation rule has a failing and a passing golden case. Reads every
// samples/1c-kz/*/expected.json (written by tests/format-1c-kz/golden.test.ts, "today" pinned to 2026-11-25) and checks
// that each code of VALIDATION_SEVERITY fails some golden document — except the codes no 1C KZ file can raise, listed
// below with the reason and the unit tests (failing and passing side) that cover them instead — and that each document
// kind of a 1C file has a golden document passing every rule. Asserts codes, fields and kinds only, never messages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '../../gateway/core/model/document.ts';
import { VALIDATION_SEVERITY, type ValidationCode } from '../../gateway/validate/findings.ts';
import { NOT_FROM_1C, VALID_KIND_DOCS, VALIDATION_RULE_DOCS } from '../format-1c-kz/golden-cases.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = join(ROOT, 'samples/1c-kz');
const RULES_CASE = '12-validation-rules-cp1251';

interface GoldenFinding {
  code: string;
  severity: string;
  line: number | null;
  field: string | null;
}
interface GoldenDocument {
  line: number | null;
  kind: string;
  number: string;
  validation: GoldenFinding[];
  valid: boolean;
}
interface Golden {
  case: string;
  description: string | null;
  documents: GoldenDocument[];
}

/** A unit test by file (from the repository root) and title. */
type UnitTest = readonly [file: string, title: string];

/**
 * Codes a 1C KZ file cannot raise, each with why, the unit test where the rule fails and the one where it passes.
 * The failing test must mention the code in its body.
 */
const notProducibleFrom1c: Record<string, { reason: string; failing: UnitTest[]; passing: UnitTest }> = {
  VAL_AMOUNT: {
    reason: 'the 1C reader refuses an amount of zero (or not a number) itself (FMT_BAD_VALUE): no document reaches validation',
    failing: [['tests/validate/amounts-dates-lengths.test.ts', 'amount must be > 0']],
    passing: ['tests/validate/amounts-dates-lengths.test.ts', 'amount must be > 0'],
  },
  VAL_DATE: {
    reason: 'the 1C reader refuses a document date, value date or birth date that is not a calendar date itself (FMT_BAD_DATE)',
    failing: [
      ['tests/validate/amounts-dates-lengths.test.ts', 'real calendar dates only'],
      ['tests/validate/lists.test.ts', 'warns when the birth date differs from the IIN, refuses an impossible birth date'],
    ],
    passing: ['tests/validate/document.test.ts', 'passes clean documents of every kind'],
  },
  VAL_KBK_REQUIRED: {
    reason: 'the 1C reader makes every 9xx KNP a budget payment and refuses a budget payment without КодБК itself (FMT_REQUIRED_KEY)',
    failing: [
      ['tests/validate/knp-kbk.test.ts', 'a budget KNP (9xx) needs a KBK: a plain payment with KNP 911 is refused'],
      ['tests/validate/knp-kbk.test.ts', 'requires a KBK on a budget payment and checks its form'],
    ],
    passing: ['tests/validate/knp-kbk.test.ts', 'passes the 8.2 budget payment (its 64-character tax-authority name only draws the 60-character name warning)'],
  },
  VAL_LIST_MISSING: {
    reason: 'the 1C reader reports a list-kind payment without rows as FMT_LIST_MISSING, and validation does not repeat it',
    failing: [
      ['tests/validate/lists.test.ts', 'empty rows: a warning when the list was not read, an error when it was read and is empty'],
      ['tests/validate/lists.test.ts', 'does not repeat the warning'],
    ],
    passing: ['tests/validate/lists.test.ts', 'passes document 119 of kz-formats.md 8.2 (35 000.00 + 42 000.00 + 28 500.50 = 105 500.50)'],
  },
  VAL_LIST_EMPTY: {
    reason: 'a list read but empty: a 1C sub-section list without rows is "not read", and a side-car list without rows is never attached',
    failing: [['tests/validate/lists.test.ts', 'empty rows: a warning when the list was not read, an error when it was read and is empty']],
    passing: ['tests/validate/lists.test.ts', 'passes document 119 of kz-formats.md 8.2 (35 000.00 + 42 000.00 + 28 500.50 = 105 500.50)'],
  },
  VAL_LIST_ROW_AMOUNT: {
    reason: 'the 1C reader (sub-sections and side-cars alike) refuses a missing or zero row amount itself (FMT_REQUIRED_KEY / FMT_BAD_VALUE)',
    failing: [['tests/validate/lists.test.ts', 'refuses zero and negative rows']],
    passing: ['tests/validate/lists.test.ts', 'passes document 119 of kz-formats.md 8.2 (35 000.00 + 42 000.00 + 28 500.50 = 105 500.50)'],
  },
};

/** The document kinds a 1C KZ payment file yields (fx-payment, fx-order and letter come from other formats). */
const KINDS_1C = ['payment', 'budget', 'pension', 'social', 'medical', 'salary'] as const;

const ALL_CODES = Object.keys(VALIDATION_SEVERITY) as ValidationCode[];

const goldens: Golden[] = readdirSync(SAMPLES)
  .filter((n) => existsSync(join(SAMPLES, n, 'expected.json')))
  .sort()
  .map((n) => JSON.parse(readFileSync(join(SAMPLES, n, 'expected.json'), 'utf8')) as Golden);

const allDocuments = goldens.flatMap((g) => g.documents.map((d) => ({ case: g.case, ...d })));
const failedCodes = new Set(allDocuments.flatMap((d) => d.validation.map((f) => f.code)));

/** The body of test `title` in `file`: from its title to the next test of the file. */
function testBody(file: string, title: string): string | undefined {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const quoted = [`'${title}'`, `"${title}"`, `\`${title}\``].map((q) => `it(${q}`);
  const at = quoted.map((q) => text.indexOf(q)).find((i) => i >= 0);
  if (at === undefined) return undefined;
  const next = text.slice(at + 3).search(/\n\s*it\(/);
  return next < 0 ? text.slice(at) : text.slice(at, at + 3 + next);
}

describe('golden coverage of the validation rules (samples/1c-kz/*/expected.json)', () => {
  it('every golden case carries validation results', () => {
    expect(goldens.map((g) => g.case)).toContain(RULES_CASE);
    for (const d of allDocuments) {
      expect(Array.isArray(d.validation), `${d.case} №${d.number}`).toBe(true);
      expect(typeof d.valid, `${d.case} №${d.number}`).toBe('boolean');
      for (const f of d.validation) expect(VALIDATION_SEVERITY[f.code as ValidationCode], `${d.case} №${d.number}: ${f.code}`).toBe(f.severity);
    }
  });

  it('every VAL_ code fails at least one golden document, except the documented not-producible ones', () => {
    const missing = ALL_CODES.filter((c) => !failedCodes.has(c) && !(c in notProducibleFrom1c));
    expect(missing, 'codes without a failing golden document: add one to 12-validation-rules-cp1251 or document why a 1C file cannot raise them').toEqual([]);
  });

  it('the not-producible list is honest: real codes, never seen in a golden case, the same as the case description says', () => {
    for (const code of Object.keys(notProducibleFrom1c)) {
      expect(ALL_CODES, code).toContain(code);
      expect(failedCodes.has(code), `${code} does appear in a golden case: remove it from notProducibleFrom1c`).toBe(false);
    }
    expect([...NOT_FROM_1C].sort()).toEqual(Object.keys(notProducibleFrom1c).sort());
    const description = goldens.find((g) => g.case === RULES_CASE)!.description ?? '';
    for (const code of NOT_FROM_1C) expect(description, code).toContain(code);
  });

  it.each(Object.entries(notProducibleFrom1c))('%s is covered by unit tests instead (failing and passing side)', (code, n) => {
    expect(n.reason.length).toBeGreaterThan(0);
    for (const [file, title] of n.failing) {
      const body = testBody(file, title);
      expect(body, `${file}: no test '${title}'`).toBeDefined();
      expect(body, `${file} '${title}' does not check ${code}`).toContain(code);
    }
    const [file, title] = n.passing;
    expect(testBody(file, title), `${file}: no test '${title}'`).toBeDefined();
  });

  it('each document kind of a 1C file has a golden document that passes every rule', () => {
    for (const kind of KINDS_1C) {
      expect(DOCUMENT_KINDS).toContain(kind);
      const passing = allDocuments.filter((d) => d.kind === kind && d.valid && d.validation.length === 0);
      expect(passing.length, `no golden ${kind} document passes every rule`).toBeGreaterThan(0);
    }
  });
});

describe(`samples/1c-kz/${RULES_CASE}`, () => {
  const rules = goldens.find((g) => g.case === RULES_CASE)!;
  const byNumber = (n: string) => rules.documents.find((d) => d.number === n);

  it('lists each code once: a failing document or a not-producible reason', () => {
    const listed = [...VALIDATION_RULE_DOCS.map((r) => r.code), ...NOT_FROM_1C];
    expect([...listed].sort()).toEqual([...ALL_CODES].sort());
  });

  it.each(VALIDATION_RULE_DOCS.map((r) => [r.number, r.code, r] as const))('№%s fails %s (and nothing else)', (number, code, r) => {
    const d = byNumber(number);
    expect(d, `document ${number} was not read`).toBeDefined();
    expect([...new Set(d!.validation.map((f) => f.code))].sort()).toEqual([code, ...(r.also ?? [])].sort());
    // Invalid exactly when the rule (or a companion) is an error.
    const hasError = [code, ...(r.also ?? [])].some((c) => VALIDATION_SEVERITY[c] === 'error');
    expect(d!.valid).toBe(!hasError);
  });

  it.each(VALID_KIND_DOCS.map((v) => [v.number, v.kind] as const))('№%s (%s) passes every rule', (number, kind) => {
    const d = byNumber(number);
    expect(d, `document ${number} was not read`).toBeDefined();
    expect(d!.kind).toBe(kind);
    expect(d!.validation).toEqual([]);
    expect(d!.valid).toBe(true);
  });
});
