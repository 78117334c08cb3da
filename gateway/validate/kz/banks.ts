// Bank directory BIC ↔ IBAN bank code, seeded from kz-formats.md 3.2 (+ addendum 9.4: Eurasian 948 confirmed); the NBK list is [U].
import { finding, type Finding } from '../findings.ts';
import { bicBank8 } from './bic.ts';

export interface BankEntry {
  /** 8-character BIC; absent when only the IBAN bank code is known (Citibank). */
  bic?: string;
  /** IBAN positions 5–7. */
  code: string;
  name: string;
  /** false: the pairing is [U] in kz-formats.md — a mismatch against it is only a warning. */
  confirmed: boolean;
}

export const SEED_BANKS: readonly BankEntry[] = [
  { bic: 'HSBKKZKX', code: '601', name: 'Halyk Bank', confirmed: true },
  { bic: 'KCJBKZKX', code: '856', name: 'Bank CenterCredit', confirmed: true },
  { bic: 'CASPKZKA', code: '722', name: 'Kaspi Bank', confirmed: true },
  { bic: 'IRTYKZKA', code: '965', name: 'ForteBank', confirmed: true },
  { bic: 'TSESKZKA', code: '998', name: 'Jusan Bank (Alatau City Bank)', confirmed: true },
  { bic: 'VTBAKZKZ', code: '432', name: 'Bank VTB (Kazakhstan)', confirmed: true },
  { bic: 'ZAJSKZ22', code: '896', name: 'Zaman Bank', confirmed: true },
  { bic: 'KSNVKZKA', code: '551', name: 'Freedom Bank', confirmed: false },
  { code: '832', name: 'Citibank Kazakhstan', confirmed: true },
  { bic: 'NBRKKZKX', code: '125', name: 'National Bank of Kazakhstan', confirmed: true },
  { bic: 'KKMFKZ2A', code: '070', name: 'Treasury Committee (budget)', confirmed: true },
  { bic: 'GCVPKZ2A', code: '009', name: 'Government for Citizens State Corporation', confirmed: true },
  { bic: 'EURIKZKA', code: '948', name: 'Eurasian Bank', confirmed: true },
];

export interface BankDirectory {
  /** By BIC; an 11-character BIC is looked up by its first 8. */
  byBic(bic: string): BankEntry | undefined;
  byCode(code: string): BankEntry | undefined;
  entries(): readonly BankEntry[];
}

/**
 * Seed (optional) plus extra entries: an extra entry replaces any seeded one with the same BIC or the same code;
 * `remove` drops entries by BIC or code.
 */
export function createBankDirectory(extra: readonly BankEntry[] = [], opts: { seed?: boolean; remove?: readonly string[] } = {}): BankDirectory {
  const removed = new Set(opts.remove ?? []);
  let list: BankEntry[] = ((opts.seed ?? true) ? [...SEED_BANKS] : []).filter((e) => !removed.has(e.code) && !(e.bic && removed.has(e.bic)));
  for (const e of extra) {
    list = list.filter((o) => o.code !== e.code && !(e.bic && o.bic === e.bic));
    list.push({ ...e });
  }
  const byBic = new Map(list.filter((e) => e.bic).map((e) => [e.bic!, e]));
  const byCode = new Map(list.map((e) => [e.code, e]));
  return {
    byBic: (bic) => byBic.get(bicBank8(bic)),
    byCode: (code) => byCode.get(code),
    entries: () => list,
  };
}

function label(e: BankEntry): string {
  return `${e.name} (${e.bic ?? 'no BIC in the directory'}, code ${e.code})`;
}

/**
 * Does the IBAN bank code belong to the bank of this BIC? Both well-formed. Error only when both are known to the
 * directory, point to different banks and both entries are confirmed; anything the directory cannot decide is a warning.
 */
export function checkBankPair(bankCode: string, bic: string, dir: BankDirectory): Finding[] {
  const b = dir.byBic(bic);
  const c = dir.byCode(bankCode);
  if (b && b.code === bankCode) return [];
  if (!b && !c) return [finding('VAL_BIC_UNKNOWN', `neither BIC ${bic} nor IBAN bank code ${bankCode} is in the bank directory`)];
  if (b && c) {
    const reason = `IBAN bank code ${bankCode} is ${label(c)}, but BIC ${bic} is ${label(b)}`;
    return [finding(b.confirmed && c.confirmed ? 'VAL_IBAN_BIC_MISMATCH' : 'VAL_IBAN_BIC_UNCONFIRMED', reason, { expected: c.bic ? `BIC ${c.bic}` : `an account with bank code ${b.code}` })];
  }
  if (b) return [finding('VAL_IBAN_BANK_UNKNOWN', `IBAN bank code ${bankCode} is not in the bank directory; BIC ${bic} is ${label(b)}`, { expected: `bank code ${b.code}` })];
  const known = c!;
  return [finding('VAL_BIC_UNKNOWN', `BIC ${bic} is not in the bank directory; IBAN bank code ${bankCode} is ${label(known)}`, known.bic ? { expected: `BIC ${known.bic}` } : {})];
}
