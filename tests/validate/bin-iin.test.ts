// BIN / IIN (kz-formats.md 3.3): public and computed identifiers, structure rules, and what the mod-11 check digit guarantees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binIinCheckDigit, binIinKind, checkBinIin, checkIin, iinBirthDate, iinSex } from '../../gateway/validate/index.ts';
import { checkDigit, firstPass, withCheck } from './helpers.ts';

const PUBLIC_BINS = ['160440007161', '160940025485', '141140001547', '970740001013', '971240001315', '901041000015', '090840000906', '220840049859', '181140004063'];
const COMPUTED_BINS = ['150140001239', '180540007773', '190840009811', '080340004562', '200240003151'];
const IINS: [string, string, 'male' | 'female'][] = [
  ['010421500340', '2001-04-21', 'male'],
  ['850315300128', '1985-03-15', 'male'],
  ['920712450678', '1992-07-12', 'female'],
  ['881120300552', '1988-11-20', 'male'],
  ['910308400020', '1991-03-08', 'female'],
];

const code = (v: string, opts = {}) => {
  const r = checkBinIin(v, opts);
  return r.ok ? 'ok' : r.code;
};

describe('checkBinIin — valid identifiers', () => {
  it.each([...PUBLIC_BINS, ...COMPUTED_BINS])('accepts BIN %s', (bin) => {
    const r = checkBinIin(bin);
    expect(r.ok && r.kind).toBe('bin');
  });

  it.each(IINS)('accepts IIN %s (born %s, %s)', (iin, date, sex) => {
    const r = checkBinIin(iin);
    expect(r).toMatchObject({ ok: true, kind: 'iin', birthDate: date, sex });
    expect(iinBirthDate(iin)).toBe(date);
    expect(iinSex(iin)).toBe(sex);
  });

  it('reads the BIN parts at positions 3–4 (month), 5 (type) and 6 (attribute)', () => {
    expect(checkBinIin('901041000015')).toMatchObject({ ok: true, kind: 'bin', registered: '9010', entityType: 'resident', attribute: 'branch' });
    const nonResident = withCheck('20035000001');
    expect(checkBinIin(nonResident)).toMatchObject({ ok: true, kind: 'bin', entityType: 'non-resident' });
  });

  it('tells IIN from BIN by position 5 (IIN: birth-day tens 0–3; BIN: type 4–6)', () => {
    expect(binIinKind('850315300128')).toBe('iin');
    expect(binIinKind('150140001239')).toBe('bin');
    expect(binIinKind('150170001239')).toBeNull();
    expect(binIinKind('15014000123')).toBeNull();
  });
});

describe('checkBinIin — failures', () => {
  it('refuses a value that is not 12 digits', () => {
    expect(code('15014000123')).toBe('VAL_BIN_IIN_FORMAT');
    expect(code('1501400012390')).toBe('VAL_BIN_IIN_FORMAT');
    expect(code('15014000123X')).toBe('VAL_BIN_IIN_FORMAT');
    expect(code('')).toBe('VAL_BIN_IIN_FORMAT');
  });

  it('refuses a wrong check digit (kz-formats.md 8.1 negative test)', () => {
    expect(code('150140001238')).toBe('VAL_BIN_IIN_CHECKSUM');
    expect(code('850315300129')).toBe('VAL_BIN_IIN_CHECKSUM');
  });

  it('refuses 11 digits for which both passes give 10 (never issued)', () => {
    let prefix = '';
    for (let n = 0; n < 100_000 && !prefix; n++) {
      const p = `8503153${String(n).padStart(4, '0')}`;
      if (checkDigit(p) === null) prefix = p;
    }
    expect(prefix).not.toBe('');
    expect(binIinCheckDigit(prefix)).toBeNull();
    for (let d = 0; d <= 9; d++) expect(code(prefix + d)).toBe('VAL_BIN_IIN_CHECKSUM');
  });

  it('uses the second pass when the first gives 10', () => {
    let prefix = '';
    for (let n = 0; n < 100_000 && !prefix; n++) {
      const p = `8503153${String(n).padStart(4, '0')}`;
      if (firstPass(p) === 10 && checkDigit(p) !== null) prefix = p;
    }
    expect(binIinCheckDigit(prefix)).toBe(checkDigit(prefix));
    expect(code(prefix + checkDigit(prefix))).toBe('ok');
  });

  it('refuses an IIN whose first 6 digits are not a date in its century', () => {
    expect(code(withCheck('85023130012'))).toBe('VAL_IIN_DATE'); // 31 Feb
    expect(code(withCheck('85130030012'))).toBe('VAL_IIN_DATE'); // month 13 — but position 5 is 0, so IIN
    expect(code(withCheck('00022950012'))).toBe('ok'); // 29 Feb 2000 (century digit 5)
    expect(code(withCheck('00022930012'))).toBe('VAL_IIN_DATE'); // 29 Feb 1900 does not exist
  });

  it('refuses an IIN birth date after today', () => {
    const iin = withCheck('25120150012'); // 2025-12-01
    expect(code(iin, { today: '2025-11-30' })).toBe('VAL_IIN_DATE');
    expect(code(iin, { today: '2025-12-01' })).toBe('ok');
  });

  it('refuses a 7th digit of 7, 8 or 9', () => {
    for (const d of ['7', '8', '9']) expect(code(withCheck(`850315${d}0012`))).toBe('VAL_IIN_CENTURY');
  });

  it('handles a 7th digit of 0 per policy [U]: warning by default, accept or error on request', () => {
    const iin = withCheck('85031500012');
    const r = checkBinIin(iin);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => w.code)).toEqual(['VAL_IIN_CENTURY_UNKNOWN']);
    const accepted = checkBinIin(iin, { centuryZero: 'accept' });
    expect(accepted.ok && accepted.warnings).toEqual([]);
    expect(code(iin, { centuryZero: 'error' })).toBe('VAL_IIN_CENTURY');
    expect(code(withCheck('85023100012'))).toBe('VAL_IIN_DATE'); // 31 Feb in any century
    expect(code(withCheck('01022900012'))).toBe('VAL_IIN_DATE'); // 29 Feb, YY 01: no leap year in any century
  });

  it('refuses a BIN month outside 01–12 (positions 3–4)', () => {
    expect(code(withCheck('15134000123'))).toBe('VAL_BIN_MONTH');
    expect(code(withCheck('15004000123'))).toBe('VAL_BIN_MONTH');
  });

  it('refuses a 5th digit of 7–9 (neither IIN day nor BIN type)', () => {
    for (const d of ['7', '8', '9']) expect(code(withCheck(`1501${d}000123`))).toBe('VAL_BIN_TYPE');
  });

  it('checkIin refuses a BIN where a person is expected', () => {
    const r = checkIin('150140001239');
    expect(r.ok ? 'ok' : r.code).toBe('VAL_IIN_EXPECTED');
    expect(checkIin('850315300128').ok).toBe(true);
  });
});

// Valid identifiers for the properties: IINs (date, century/sex digit) and BINs (month, type, attribute).
const iinArb = fc
  .tuple(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }), fc.boolean(), fc.stringMatching(/^\d{4}$/))
  .map(([d, female, serial]) => {
    const iso = d.toISOString();
    const yyyy = Number(iso.slice(0, 4));
    const c = (yyyy >= 2000 ? 5 : 3) + (female ? 1 : 0);
    return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${c}${serial}`;
  });
const binArb = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 4, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^\d{5}$/))
  .map(([yy, mm, t, a, serial]) => `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}${t}${a}${serial}`);
const validId = fc.oneof(iinArb, binArb).filter((p) => checkDigit(p) !== null).map((p) => p + checkDigit(p));

describe('BIN/IIN properties', () => {
  it('accepts every well-formed identifier with its computed check digit', () => {
    fc.assert(fc.property(validId, (id) => checkBinIin(id).ok));
  });

  /*
   * What the check digit guarantees (kz-formats.md 3.3 algorithm). First-pass weights are 1..11 mod 11; 1..10 are non-zero
   * and 11 is prime, so a single-digit change at positions 1–10 always changes the first-pass remainder: it is caught
   * whenever the first pass decides for both the original and the changed number. When either remainder is 10 the second
   * pass (weights 3..11,1,2) decides for that number and both passes may yield the same check digit — such a change can
   * slip through. Position 11 has weight 11 ≡ 0 in the first pass: a change there leaves the first-pass remainder as it
   * was, so it is caught only when the second pass decides (remainder 10, where its weight is 2). A change of the check
   * digit (position 12) is always caught.
   */
  it('catches every single-digit change at positions 1–10 unless the second pass decides for either number', () => {
    fc.assert(
      fc.property(validId, fc.nat(9), fc.integer({ min: 1, max: 9 }), (id, pos, shift) => {
        const changed = id.slice(0, pos) + String((Number(id[pos]) + shift) % 10) + id.slice(pos + 1);
        const passSwitch = firstPass(id.slice(0, 11)) === 10 || firstPass(changed.slice(0, 11)) === 10;
        return passSwitch || !checkBinIin(changed).ok;
      }),
      { numRuns: 3000 },
    );
  });

  it('always catches a change of the check digit (position 12)', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 1, max: 9 }), (id, shift) => !checkBinIin(id.slice(0, 11) + String((Number(id[11]) + shift) % 10)).ok),
    );
  });

  it('position 11 is a blind spot of the first pass: caught only when the second pass decides', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 1, max: 9 }), (id, shift) => {
        const changed = id.slice(0, 10) + String((Number(id[10]) + shift) % 10) + id[11];
        expect(firstPass(changed.slice(0, 11))).toBe(firstPass(id.slice(0, 11)));
        const checksumPasses = binIinCheckDigit(changed.slice(0, 11)) === Number(changed[11]);
        expect(checksumPasses).toBe(firstPass(id.slice(0, 11)) !== 10);
      }),
      { numRuns: 1000 },
    );
    // kz-formats.md 8.1: 150140001239 with its 11th digit changed still has a valid check digit.
    expect(checkBinIin('150140001249').ok).toBe(true);
  });

  it('the pass switch is a real gap: some single-digit changes at positions 1–10 keep a valid check digit', () => {
    let example: [string, string] | null = null;
    for (let n = 0; n < 100_000 && !example; n++) {
      const id = withCheck(`150140${String(n).padStart(5, '0')}`);
      for (let pos = 0; pos < 10 && !example; pos++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === id[pos]) continue;
          const changed = id.slice(0, pos) + d + id.slice(pos + 1);
          if (binIinCheckDigit(changed.slice(0, 11)) === Number(changed[11])) {
            example = [id, changed];
            break;
          }
        }
      }
    }
    expect(example).not.toBeNull();
    const [a, b] = example!;
    expect(firstPass(a.slice(0, 11)) === 10 || firstPass(b.slice(0, 11)) === 10).toBe(true);
  });

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.stringMatching(/^\d{10,13}$/)), (s) => {
        const a = checkBinIin(s);
        const b = checkIin(s, { today: '2026-01-01', centuryZero: 'error' });
        iinBirthDate(s);
        iinSex(s);
        binIinKind(s);
        return typeof a.ok === 'boolean' && typeof b.ok === 'boolean';
      }),
      { numRuns: 2000 },
    );
  });
});
