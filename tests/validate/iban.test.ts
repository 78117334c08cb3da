// KZ IBAN (kz-formats.md 3.1): public and computed accounts pass; each failure has its code; mod-97 catches every single-digit change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIban, ibanBankCode, ibanCheckDigits, ibanMod97, normalizeIban } from '../../gateway/validate/index.ts';
import { ibanFor } from './helpers.ts';

const PUBLIC = ['KZ12009NPS0413609816', 'KZ24070105KSN0000000', 'KZ67009SS00368609110', 'KZ92009MEDS368609103', 'KZ33125KZT1001313313', 'KZ79722S000001674774', 'KZ698562203124676325', 'KZ476010131000179714', 'KZ9496511F0008314291', 'KZ86125KZT5004100100'];
const COMPUTED_8_1 = ['KZ90601A861000012345', 'KZ258562203100012345', 'KZ18722S000009876543', 'KZ1396503F0001234567'];

const fail = (v: string) => {
  const r = checkIban(v);
  return r.ok ? 'ok' : r.code;
};

describe('checkIban', () => {
  it.each([...PUBLIC, ...COMPUTED_8_1])('accepts %s', (iban) => {
    const r = checkIban(iban);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.bankCode).toBe(iban.slice(4, 7));
  });

  it('computes the same check digits as an independent BigInt implementation', () => {
    expect(ibanFor('601A861000012345')).toBe('KZ90601A861000012345');
    expect(ibanCheckDigits('601A861000012345')).toBe('90');
    expect(ibanMod97('KZ90601A861000012345')).toBe(1);
  });

  it('refuses a wrong length', () => {
    expect(fail('KZ90601A86100001234')).toBe('VAL_IBAN_LENGTH');
    expect(fail('KZ90601A8610000123456')).toBe('VAL_IBAN_LENGTH');
    expect(fail('')).toBe('VAL_IBAN_LENGTH');
  });

  it('refuses another country', () => {
    expect(fail('DE89370400440532013000')).toBe('VAL_IBAN_COUNTRY');
    expect(fail('RU90601A861000012345')).toBe('VAL_IBAN_COUNTRY');
  });

  it('refuses spaces, lower case, other characters and letters in the check digits or bank code', () => {
    expect(fail('KZ90 601A 8610 0001 2345')).toBe('VAL_IBAN_CHARS');
    expect(fail('kz90601a861000012345')).toBe('VAL_IBAN_CHARS');
    expect(fail('KZ90601А861000012345')).toBe('VAL_IBAN_CHARS'); // Cyrillic А
    expect(fail('KZ9O601A861000012345')).toBe('VAL_IBAN_CHARS');
    expect(fail('KZ906O1A861000012345')).toBe('VAL_IBAN_CHARS');
  });

  it('refuses a wrong checksum (kz-formats.md 8.1 negative test)', () => {
    expect(fail('KZ90601A861000012346')).toBe('VAL_IBAN_CHECKSUM');
    expect(fail('KZ09601A861000012345')).toBe('VAL_IBAN_CHECKSUM');
  });

  it('exposes the bank code and a normaliser for parsers', () => {
    expect(ibanBankCode('KZ90601A861000012345')).toBe('601');
    expect(ibanBankCode('DE89370400440532013000')).toBeNull();
    expect(normalizeIban(' kz90 601a-8610 0001 2345 ')).toBe('KZ90601A861000012345');
  });
});

const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const validIban = fc
  .tuple(fc.stringMatching(/^\d{3}$/), fc.array(alnum, { minLength: 13, maxLength: 13 }))
  .map(([bank, acc]) => ibanFor(bank + acc.join('')));

describe('checkIban properties', () => {
  it('accepts every IBAN built with correct check digits', () => {
    fc.assert(fc.property(validIban, (iban) => checkIban(iban).ok));
  });

  it('catches every single-digit substitution (mod 97: δ·10^k is never a multiple of 97)', () => {
    fc.assert(
      fc.property(validIban, fc.nat(19), fc.integer({ min: 1, max: 9 }), (iban, pos, shift) => {
        fc.pre(/\d/.test(iban[pos]!));
        const changed = iban.slice(0, pos) + String((Number(iban[pos]) + shift) % 10) + iban.slice(pos + 1);
        return !checkIban(changed).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every single-letter substitution in the account part (δ ≤ 25)', () => {
    fc.assert(
      fc.property(validIban, fc.nat(12), fc.integer({ min: 1, max: 25 }), (iban, k, shift) => {
        const pos = 7 + k;
        fc.pre(/[A-Z]/.test(iban[pos]!));
        const letter = String.fromCharCode(65 + ((iban.charCodeAt(pos) - 65 + shift) % 26));
        return !checkIban(iban.slice(0, pos) + letter + iban.slice(pos + 1)).ok;
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.stringMatching(/^KZ[0-9A-Za-z -]{0,22}$/)), (s) => {
        const r = checkIban(s);
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 2000 },
    );
  });
});
