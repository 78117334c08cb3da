// КОд / КБе (kz-formats.md 3.4): 2 digits, residency 1/2, sector 1–9.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKodKbe, validateDocument } from '../../gateway/validate/index.ts';
import { byCode, ctx, payment } from './helpers.ts';

const code = (v: string) => {
  const r = checkKodKbe(v);
  return r.ok ? 'ok' : r.code;
};

describe('checkKodKbe', () => {
  it.each(['17', '11', '14', '18', '19', '27', '21'])('accepts %s', (v) => expect(code(v)).toBe('ok'));

  it('reads residency and sector', () => {
    expect(checkKodKbe('27')).toMatchObject({ ok: true, resident: false, sector: 7 });
  });

  it('refuses a value that is not 2 digits (e.g. a truncated "1")', () => {
    for (const v of ['1', '171', 'ab', '', ' 17']) expect(code(v)).toBe('VAL_KOD_KBE_FORMAT');
  });

  it('refuses residency other than 1 or 2', () => {
    for (const v of ['07', '37', '97']) expect(code(v)).toBe('VAL_KOD_KBE_RESIDENCY');
  });

  it('refuses sector 0', () => {
    expect(code('10')).toBe('VAL_KOD_KBE_SECTOR');
    expect(code('20')).toBe('VAL_KOD_KBE_SECTOR');
  });

  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 4 }), (s) => typeof checkKodKbe(s).ok === 'boolean'));
  });

  it('reports KOd and KBe at the party code fields, and a missing code as required', () => {
    const doc = payment();
    doc.payer.code = '37';
    delete doc.beneficiary.code;
    const issues = validateDocument(doc, ctx());
    expect(byCode(issues, 'VAL_KOD_KBE_RESIDENCY')[0]).toMatchObject({ field: 'payer.code' });
    expect(byCode(issues, 'VAL_KOD_KBE_RESIDENCY')[0]?.message).toMatch(/^KOd/);
    expect(byCode(issues, 'VAL_REQUIRED')[0]).toMatchObject({ field: 'beneficiary.code' });
  });
});
