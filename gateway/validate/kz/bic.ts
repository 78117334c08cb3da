// BIC (БИК): 4 bank letters + 2 country letters + 2 location chars (+ 3 branch chars); KZ files use 8 (kz-formats.md 3.2).
import { fail, shown, type CheckResult } from '../findings.ts';

export type BicResult = CheckResult<{ bic: string; bank8: string; country: string; branch?: string }>;

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/** The 8-character form (the branch suffix dropped), which is what the bank directory is keyed by. */
export function bicBank8(bic: string): string {
  return bic.slice(0, 8);
}

/** `country`: the required ISO country in characters 5–6 ('KZ' by default; null for a foreign bank). */
export function checkBic(value: string, opts: { country?: string | null } = {}): BicResult {
  const country = opts.country === undefined ? 'KZ' : opts.country;
  if (value.length !== 8 && value.length !== 11) return fail('VAL_BIC_FORMAT', `BIC ${shown(value)} has ${value.length} characters`, '8 characters (or 11 with a branch)');
  if (!BIC.test(value)) {
    const reason = /[a-z]/.test(value) ? 'contains lower-case letters' : 'must be 4 bank letters, 2 country letters, then letters or digits';
    return fail('VAL_BIC_FORMAT', `BIC ${shown(value)} ${reason}`, country ? `AAAA${country}LL or AAAA${country}LLBBB` : 'AAAACCLL or AAAACCLLBBB');
  }
  const got = value.slice(4, 6);
  if (country && got !== country) return fail('VAL_BIC_COUNTRY', `BIC ${shown(value)} is in country ${got}`, `a bank in ${country} (characters 5–6 '${country}')`);
  const r: BicResult = { ok: true, warnings: [], bic: value, bank8: bicBank8(value), country: got };
  if (value.length === 11) r.branch = value.slice(8);
  return r;
}
