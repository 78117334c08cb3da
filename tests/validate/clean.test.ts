// The fast "nothing to report" forms of the per-party checks (gateway/validate/clean.ts) must agree with the full
// checks on every value: true only where the full check passes without warnings.
import { describe, expect, it } from 'vitest';
import { cleanIbanBankCode, isCleanBic, isCleanBinIin, isCleanKodKbe } from '../../gateway/validate/clean.ts';
import { binIinCheckDigit, checkBic, checkBinIin, checkIban, checkKodKbe, ibanCheckDigits } from '../../gateway/validate/index.ts';

let seed = 20261125;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => pick([...alphabet])).join('');

function ibans(): string[] {
  const out = ['', 'KZ', 'KZ90601A861000012345', 'KZ90601A861000012346', 'kz90601A861000012345', 'KZ9060 A861000012345', 'KZ9A601A861000012345', 'GB82WEST12345698765432', 'KZ12009NPS0413609816'];
  for (let i = 0; i < 3000; i++) {
    const bban = chars('0123456789', 3) + chars('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 13);
    const good = `KZ${ibanCheckDigits(bban)}${bban}`;
    out.push(good, good.slice(0, 19), `${good}0`, good.replace(/[0-9]$/, 'x'), good.toLowerCase(), `KZ${chars('0123456789AB ', 18)}`);
  }
  return out;
}

function binIins(): string[] {
  const out = ['', '12345678901', '1234567890123', 'abcdefghijkl', '000000000000', '850315300128', '940140000385', '160440007161'];
  for (let i = 0; i < 6000; i++) {
    const first = pick(['15014', '94064', '85031', '0002', '9913', '2501', '7712', '1513', '8502', '']) + chars('0123456789', 11);
    const d = first.slice(0, 11);
    const c = binIinCheckDigit(d);
    out.push(d + (c ?? 0), d + ((c ?? 0) + 1) % 10, d + chars('0123456789', 1));
  }
  return out;
}

describe('clean forms agree with the full checks', () => {
  it('IBAN: bank code exactly when checkIban passes', () => {
    for (const v of ibans()) {
      const r = checkIban(v);
      const clean = r.ok && r.warnings.length === 0;
      expect(cleanIbanBankCode(v), v).toBe(clean ? r.bankCode : null);
    }
  });

  it('BIC, with and without a required country', () => {
    const values = ['HSBKKZKX', 'HSBKKZKXXXX', 'hsbkkzkx', 'HSBK KZKX', 'HSB1KZKX', 'DEUTDEFF', 'DEUTDEFF500', 'KZKZKZKZ', '', 'ABCDKZ2', 'ABCDKZ22A'];
    for (let i = 0; i < 3000; i++) values.push(chars('ABCKZXYZ0129 a', pick([7, 8, 11, 12])));
    for (const v of values)
      for (const country of ['KZ', 'DE', null, '', 'K']) {
        const r = checkBic(v, { country });
        expect(isCleanBic(v, country), `${v} ${country}`).toBe(r.ok && r.warnings.length === 0);
      }
  });

  it('BIN/IIN: clean only where checkBinIin passes without warnings (any 7th-digit-0 policy)', () => {
    for (const v of binIins())
      for (const today of ['2026-11-25', '1990-01-01', ''])
        for (const centuryZero of ['accept', 'warning', 'error'] as const) {
          const r = checkBinIin(v, { today, centuryZero });
          if (isCleanBinIin(v, today)) expect(r.ok && r.warnings.length === 0, `${v} ${today} ${centuryZero}`).toBe(true);
          // missing a clean value is allowed only for 7th digit 0 (left to the full check and its policy)
          else if (r.ok && r.warnings.length === 0) expect(v[6], `${v} ${today}`).toBe('0');
        }
  });

  it('KOd/KBe', () => {
    const values = ['', '1', '17', '11', '19', '10', '21', '29', '31', '171', 'ab', '1a', ' 7', '07'];
    for (const v of values) {
      const r = checkKodKbe(v);
      expect(isCleanKodKbe(v), v).toBe(r.ok && r.warnings.length === 0);
    }
  });
});
