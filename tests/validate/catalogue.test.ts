// Every VAL_ code a rule can emit is in the one catalogue with kind 'user', a unique 4xx number and ru/kk/en texts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../gateway/core/error-codes.ts';
import { VALIDATION_SEVERITY } from '../../gateway/validate/index.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('validation codes in the catalogue', () => {
  const table = Object.keys(VALIDATION_SEVERITY);
  const catalogue = ERROR_CODES as Record<string, { kind: string; num: number; en: string; ru: string; kk: string }>;

  it('every code of the severity table has kind user, a 400–499 number and non-empty en/ru/kk', () => {
    for (const code of table) {
      const c = catalogue[code];
      expect(c, code).toBeDefined();
      expect(c!.kind, code).toBe('user');
      expect(c!.num, code).toBeGreaterThanOrEqual(400);
      expect(c!.num, code).toBeLessThanOrEqual(499);
      for (const lang of ['en', 'ru', 'kk'] as const) expect(c![lang].trim().length, `${code}.${lang}`).toBeGreaterThan(0);
      expect(c!.ru, code).not.toBe(c!.en);
    }
  });

  it('every VAL_ code in the catalogue has a severity, and numbers are unique across the catalogue', () => {
    expect(Object.keys(catalogue).filter((k) => k.startsWith('VAL_')).sort()).toEqual([...table].sort());
    const nums = Object.values(catalogue).map((c) => c.num);
    expect(new Set(nums).size).toBe(nums.length);
  });

  it('every VAL_ code written in gateway/validate/ is in the table', () => {
    const dir = path.resolve(import.meta.dirname, '../../gateway/validate');
    const used = new Set(sources(dir).flatMap((f) => readFileSync(f, 'utf8').match(/\bVAL_[A-Z_]+\b/g) ?? []));
    expect(used.size).toBeGreaterThan(30);
    for (const code of used) expect(table, code).toContain(code);
  });
});
