// Statutory recipients (kz-formats.md 3.7): Госкорпорация accounts per kind, obsolete ГЦВП identifiers refused.
import { describe, expect, it } from 'vitest';
import type { MedicalDocument, SocialDocument } from '../../gateway/core/model/document.ts';
import { SEED_RECIPIENTS, validateDocument } from '../../gateway/validate/index.ts';
import { byCode, codes, ctx, ibanFor, payment, pension, ROWS_119 } from './helpers.ts';

function social(): SocialDocument {
  const p = pension();
  return { ...p, kind: 'social', knp: '012', beneficiary: { ...p.beneficiary, iban: 'KZ67009SS00368609110' } } as SocialDocument;
}
function medical(): MedicalDocument {
  const p = pension();
  return { ...p, kind: 'medical', scheme: 'OOSMS', knp: '121', beneficiary: { ...p.beneficiary, iban: 'KZ92009MEDS368609103' }, rows: ROWS_119.map((r) => ({ ...r })) } as MedicalDocument;
}

describe('statutory recipients', () => {
  it('passes pension, social and medical payments to the seeded Госкорпорация accounts', () => {
    expect(validateDocument(pension(), ctx())).toEqual([]);
    expect(validateDocument(social(), ctx())).toEqual([]);
    expect(validateDocument(medical(), ctx())).toEqual([]);
    expect(SEED_RECIPIENTS.pension).toMatchObject({ bin: '160440007161', bic: 'GCVPKZ2A', ibans: ['KZ12009NPS0413609816'], kbe: '11', confirmed: true });
  });

  it('refuses a pension payment to another account, BIN, BIC or KBe', () => {
    const doc = pension();
    doc.beneficiary = { name: 'ТОО "Альфа Снаб"', binIin: '180540007773', code: '17', iban: 'KZ258562203100012345', bic: 'KCJBKZKX' };
    const issues = byCode(validateDocument(doc, ctx()), 'VAL_RECIPIENT');
    expect(issues.map((i) => i.field).sort()).toEqual(['beneficiary.bic', 'beneficiary.binIin', 'beneficiary.code', 'beneficiary.iban']);
    expect(issues.every((i) => i.severity === 'error')).toBe(true);
  });

  it('social contributions to the pension account are refused (accounts differ per kind)', () => {
    const doc = social();
    doc.beneficiary.iban = 'KZ12009NPS0413609816';
    expect(validateDocument(doc, ctx())).toMatchObject([{ code: 'VAL_RECIPIENT', field: 'beneficiary.iban', expected: 'KZ67009SS00368609110' }]);
  });

  it('medical requisites are [U-strong]: a difference is a warning', () => {
    const doc = medical();
    doc.beneficiary.iban = ibanFor('009MEDS368609104');
    expect(validateDocument(doc, ctx())).toMatchObject([{ code: 'VAL_RECIPIENT_UNCONFIRMED', severity: 'warning', field: 'beneficiary.iban' }]);
  });

  it('accounts and strictness come from config', () => {
    const doc = medical();
    doc.beneficiary.iban = ibanFor('009MEDS368609104');
    const strict = ctx({ recipients: { medical: { confirmed: true } } });
    expect(codes(validateDocument(doc, strict))).toEqual(['VAL_RECIPIENT']);
    const moved = ctx({ recipients: { medical: { ibans: [doc.beneficiary.iban!] } } });
    expect(validateDocument(doc, moved)).toEqual([]);
  });

  it('refuses the former ГЦВП BIN and RNN with their own code (and no checksum noise for the RNN)', () => {
    const doc = pension();
    doc.beneficiary.binIin = '970740001013';
    expect(byCode(validateDocument(doc, ctx()), 'VAL_RECIPIENT_OBSOLETE')).toMatchObject([{ field: 'beneficiary.binIin', severity: 'error' }]);
    doc.beneficiary.binIin = '600400073391';
    const issues = validateDocument(doc, ctx()).filter((i) => i.field === 'beneficiary.binIin');
    expect(codes(issues)).toEqual(['VAL_RECIPIENT_OBSOLETE']);
  });

  it('refuses obsolete identifiers on any kind of payment', () => {
    const doc = payment();
    doc.beneficiary.binIin = '970740001013';
    expect(codes(validateDocument(doc, ctx()))).toEqual(['VAL_RECIPIENT_OBSOLETE']);
    expect(validateDocument(doc, ctx({ recipients: { obsolete: [] } }))).toEqual([]);
  });
});
