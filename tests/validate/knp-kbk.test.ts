// KNP (kz-formats.md 3.5, addendum 9.3) and KBK / budget payments (3.6, 3.7).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKbk, checkKnp, createKnpDictionary, SEED_KNP, validateDocument } from '../../gateway/validate/index.ts';
import { budget, byCode, codes, ctx, errors, ibanFor, pension, payment, ROWS_119 } from './helpers.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import type { SalaryDocument } from '../../gateway/core/model/document.ts';

const dict = createKnpDictionary();

describe('checkKnp', () => {
  it('knows the seeded codes with kind hints', () => {
    expect(checkKnp('010', dict)).toMatchObject({ ok: true, budget: false, entry: { kind: 'pension', scheme: 'OPV' } });
    expect(checkKnp('911', dict)).toMatchObject({ ok: true, budget: true });
    expect(checkKnp('213', dict)).toMatchObject({ ok: true, entry: { kind: 'fx' } });
    expect(checkKnp('332', dict)).toMatchObject({ ok: true, entry: { kind: 'salary', confirmed: false } });
    for (const c of ['010', '019', '013', '015', '089', '098', '012', '017', '121', '122', '123', '124', '911', '912', '710', '119', '213', '223', '230']) expect(SEED_KNP[c]).toBeDefined();
  });

  it('refuses a value that is not 3 digits', () => {
    for (const v of ['10', '0100', 'abc', '']) {
      const r = checkKnp(v, dict);
      expect(r.ok ? 'ok' : r.code).toBe('VAL_KNP_FORMAT');
    }
  });

  it('passes an unknown code with a warning; 9xx counts as budget by prefix', () => {
    const r = checkKnp('859', dict);
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['VAL_KNP_UNKNOWN']);
    expect(checkKnp('955', dict)).toMatchObject({ ok: true, budget: true });
  });

  it('takes extra, replaced and removed codes and other budget prefixes', () => {
    const d = createKnpDictionary({ '859': { ru: 'Услуги', kind: 'other', confirmed: true }, '710': { ru: 'Товары', confirmed: true, budget: true } }, { remove: ['119'], budgetPrefixes: ['95'] });
    expect(checkKnp('859', d)).toMatchObject({ ok: true, warnings: [] });
    expect(d.isBudget('710')).toBe(true);
    expect(d.isBudget('911')).toBe(true); // own flag
    expect(d.isBudget('901')).toBe(false);
    expect(d.get('119')).toBeUndefined();
    expect(d.get('constructor')).toBeUndefined();
  });

  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 5 }), (s) => typeof checkKnp(s, dict).ok === 'boolean'));
  });
});

describe('KNP in documents', () => {
  it('requires a KNP', () => {
    expect(byCode(validateDocument(payment({ knp: undefined }), ctx()), 'VAL_REQUIRED')[0]?.field).toBe('knp');
  });

  it('reports a malformed and an unknown KNP', () => {
    expect(codes(validateDocument(payment({ knp: '71' }), ctx()))).toEqual(['VAL_KNP_FORMAT']);
    expect(validateDocument(payment({ knp: '859' }), ctx())).toMatchObject([{ code: 'VAL_KNP_UNKNOWN', severity: 'warning', field: 'knp' }]);
    expect(validateDocument(payment({ knp: '859' }), ctx({ knp: { codes: { '859': { ru: 'Услуги' } } } }))).toEqual([]);
  });

  it('a budget KNP (9xx) needs a KBK: a plain payment with KNP 911 is refused', () => {
    expect(validateDocument(payment({ knp: '911' }), ctx())).toMatchObject([{ code: 'VAL_KBK_REQUIRED', severity: 'error', field: 'kbk' }]);
  });

  it('warns when the KNP belongs to another kind or scheme', () => {
    expect(validateDocument(pension({ knp: '012' }), ctx())).toMatchObject([{ code: 'VAL_KNP_KIND', severity: 'warning', field: 'knp' }]);
    expect(validateDocument(pension({ knp: '089' }), ctx())).toMatchObject([{ code: 'VAL_KNP_KIND', field: 'knp' }]);
    expect(validateDocument(pension({ knp: '098', scheme: 'OPVR' }), ctx())).toEqual([]);
  });

  it('salary: 332 fits [U-strong]; 311 (pre-2016 salary code) is warned about', () => {
    const salary = (knp: string): SalaryDocument => ({ ...payment(), kind: 'salary', knp, amount: { minor: 10_550_050n, currency: 'KZT' }, rows: ROWS_119.map((r) => ({ ...r })) });
    expect(validateDocument(salary('332'), ctx())).toEqual([]);
    const issues = validateDocument(salary('311'), ctx());
    expect(codes(issues)).toEqual(['VAL_KNP_KIND']);
    expect(issues[0]?.message).toMatch(/before 2016/);
  });
});

describe('KBK and budget payments', () => {
  it('checkKbk: 6 digits', () => {
    expect(checkKbk('101201')).toMatchObject({ ok: true, name: expect.stringContaining('ИПН') });
    expect(checkKbk('999999')).toMatchObject({ ok: true });
    for (const v of ['10120', '1012011', 'КБК101', '']) {
      const r = checkKbk(v);
      expect(r.ok ? 'ok' : r.code).toBe('VAL_KBK_FORMAT');
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 8 }), (s) => typeof checkKbk(s).ok === 'boolean'));
  });

  it('passes the 8.2 budget payment (its 64-character tax-authority name only draws the 60-character name warning)', () => {
    expect(validateDocument(budget(), ctx())).toMatchObject([{ code: 'VAL_NAME_TOO_LONG', severity: 'warning', field: 'beneficiary.name' }]);
    expect(validateDocument(budget(), ctx({ limits: { name_max: 140 } }))).toEqual([]);
  });

  it('requires a KBK on a budget payment and checks its form', () => {
    expect(errors(validateDocument(budget({ kbk: '' }), ctx()))).toMatchObject([{ code: 'VAL_KBK_REQUIRED', field: 'kbk', severity: 'error' }]);
    expect(errors(validateDocument(budget({ kbk: '10120' }), ctx()))).toMatchObject([{ code: 'VAL_KBK_FORMAT', field: 'kbk' }]);
  });

  it('budget beneficiary bank must be the Treasury KKMFKZ2A', () => {
    const doc = budget();
    doc.beneficiary = { ...doc.beneficiary, iban: 'KZ258562203100012345', bic: 'KCJBKZKX' };
    const issues = withoutNames(validateDocument(doc, ctx()));
    expect(byCode(issues, 'VAL_BUDGET_BANK')).toMatchObject([{ field: 'beneficiary.bic', severity: 'error' }]);
    expect(byCode(issues, 'VAL_BUDGET_ACCOUNT')).toMatchObject([{ field: 'beneficiary.iban', severity: 'warning' }]);
  });

  it('another account at the Treasury is only a warning; config can list it', () => {
    const doc = budget();
    doc.beneficiary.iban = ibanFor('070105KSN0000001');
    expect(withoutNames(validateDocument(doc, ctx()))).toMatchObject([{ code: 'VAL_BUDGET_ACCOUNT', severity: 'warning', field: 'beneficiary.iban' }]);
    expect(withoutNames(validateDocument(doc, ctx({ recipients: { treasury: { ibans: ['KZ24070105KSN0000000', doc.beneficiary.iban] } } })))).toEqual([]);
  });

  it('a budget payment with a non-budget KNP is warned about', () => {
    expect(withoutNames(validateDocument(budget({ knp: '710' }), ctx()))).toMatchObject([{ code: 'VAL_KNP_KIND', severity: 'warning' }]);
  });
});

function withoutNames(issues: Issue[]): Issue[] {
  return issues.filter((i) => i.code !== 'VAL_NAME_TOO_LONG');
}
