// BIC shape and the IBAN bank code ↔ BIC pairing against the bank directory (kz-formats.md 3.2; unknown → warning [U]).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBankPair, checkBic, createBankDirectory, SEED_BANKS, validateDocument } from '../../gateway/validate/index.ts';
import { byCode, codes, ctx, ibanFor, payment } from './helpers.ts';

const code = (v: string, opts?: { country?: string | null }) => {
  const r = checkBic(v, opts);
  return r.ok ? 'ok' : r.code;
};

describe('checkBic', () => {
  it('accepts 8 and 11 characters', () => {
    expect(checkBic('HSBKKZKX')).toMatchObject({ ok: true, bank8: 'HSBKKZKX', country: 'KZ' });
    expect(checkBic('ZAJSKZ22')).toMatchObject({ ok: true });
    expect(checkBic('HSBKKZKXXXX')).toMatchObject({ ok: true, bank8: 'HSBKKZKX', branch: 'XXX' });
  });

  it('refuses a wrong length or shape', () => {
    expect(code('HSBKKZK')).toBe('VAL_BIC_FORMAT');
    expect(code('HSBKKZKXX')).toBe('VAL_BIC_FORMAT');
    expect(code('hsbkkzkx')).toBe('VAL_BIC_FORMAT');
    expect(code('HSB1KZKX')).toBe('VAL_BIC_FORMAT');
    expect(code('HSBKK1KX')).toBe('VAL_BIC_FORMAT');
  });

  it('refuses a foreign bank where a KZ bank is required, and accepts it for a foreign party', () => {
    expect(code('DEUTDEFF')).toBe('VAL_BIC_COUNTRY');
    expect(code('DEUTDEFF', { country: null })).toBe('ok');
  });

  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 16 }), (s) => typeof checkBic(s).ok === 'boolean' && typeof checkBic(s, { country: null }).ok === 'boolean'));
  });
});

describe('bank directory', () => {
  const dir = createBankDirectory();

  it('is seeded from kz-formats.md 3.2 and the addendum (Eurasian 948)', () => {
    expect(dir.byBic('HSBKKZKX')?.code).toBe('601');
    expect(dir.byBic('HSBKKZKXXXX')?.code).toBe('601');
    expect(dir.byCode('070')?.bic).toBe('KKMFKZ2A');
    expect(dir.byCode('948')).toMatchObject({ bic: 'EURIKZKA', confirmed: true });
    expect(dir.byCode('551')).toMatchObject({ bic: 'KSNVKZKA', confirmed: false });
    expect(dir.byCode('832')?.bic).toBeUndefined();
    expect(SEED_BANKS.length).toBe(13);
  });

  it('matches every public account with its bank BIC', () => {
    for (const [bic, c] of [['HSBKKZKX', '601'], ['KCJBKZKX', '856'], ['CASPKZKA', '722'], ['IRTYKZKA', '965'], ['GCVPKZ2A', '009'], ['KKMFKZ2A', '070'], ['NBRKKZKX', '125']]) {
      expect(checkBankPair(c!, bic!, dir)).toEqual([]);
    }
  });

  it('mismatch of two confirmed entries is an error', () => {
    expect(checkBankPair('601', 'CASPKZKA', dir).map((f) => [f.code, f.severity])).toEqual([['VAL_IBAN_BIC_MISMATCH', 'error']]);
  });

  it('mismatch involving an unconfirmed entry is a warning', () => {
    expect(checkBankPair('601', 'KSNVKZKA', dir).map((f) => [f.code, f.severity])).toEqual([['VAL_IBAN_BIC_UNCONFIRMED', 'warning']]);
  });

  it('unknown BIC or unknown bank code is a warning', () => {
    expect(checkBankPair('601', 'ABCDKZKA', dir).map((f) => [f.code, f.severity])).toEqual([['VAL_BIC_UNKNOWN', 'warning']]);
    expect(checkBankPair('123', 'HSBKKZKX', dir).map((f) => [f.code, f.severity])).toEqual([['VAL_IBAN_BANK_UNKNOWN', 'warning']]);
    expect(checkBankPair('123', 'ABCDKZKA', dir).map((f) => f.code)).toEqual(['VAL_BIC_UNKNOWN']);
    expect(checkBankPair('832', 'CITIKZKA', dir).map((f) => f.code)).toEqual(['VAL_BIC_UNKNOWN']);
  });

  it('takes extra entries that replace seeded ones, and removals', () => {
    const d = createBankDirectory([{ bic: 'ABCDKZKA', code: '123', name: 'New Bank', confirmed: true }, { bic: 'CITIKZKA', code: '832', name: 'Citibank', confirmed: true }], { remove: ['EURIKZKA'] });
    expect(checkBankPair('123', 'ABCDKZKA', d)).toEqual([]);
    expect(checkBankPair('832', 'CITIKZKA', d)).toEqual([]);
    expect(d.byCode('948')).toBeUndefined();
    expect(createBankDirectory([], { seed: false }).entries()).toEqual([]);
  });
});

describe('IBAN ↔ BIC in a document', () => {
  it('passes the 8.2 payment', () => {
    expect(validateDocument(payment(), ctx())).toEqual([]);
  });

  it('reports a mismatch at the BIC field', () => {
    const doc = payment();
    doc.beneficiary.bic = 'CASPKZKA';
    const issues = validateDocument(doc, ctx());
    expect(byCode(issues, 'VAL_IBAN_BIC_MISMATCH')[0]).toMatchObject({ field: 'beneficiary.bic', severity: 'error' });
  });

  it('warns for an account in a bank the directory does not know, and config can teach it', () => {
    const doc = payment();
    doc.beneficiary.iban = ibanFor('1231234567890123');
    doc.beneficiary.bic = 'ABCDKZKA';
    expect(codes(validateDocument(doc, ctx()))).toEqual(['VAL_BIC_UNKNOWN']);
    expect(validateDocument(doc, ctx({ banks: { entries: [{ bic: 'ABCDKZKA', code: '123', name: 'New Bank' }] } }))).toEqual([]);
  });

  it('checks a BIC format in the document', () => {
    const doc = payment();
    doc.payer.bic = 'HSBK';
    expect(byCode(validateDocument(doc, ctx()), 'VAL_BIC_FORMAT')[0]?.field).toBe('payer.bic');
  });
});
