// Statutory recipients: Госкорпорация accounts per list kind, the Treasury for budget payments, obsolete ГЦВП identifiers (kz-formats.md 3.7).
import type { Party } from '../../core/model/party.ts';
import { finding, type Finding } from '../findings.ts';
import { bicBank8 } from './bic.ts';

export type StatutoryKind = 'pension' | 'social' | 'medical';

export interface StatutoryRecipient {
  name: string;
  bin: string;
  bic: string;
  /** Accepted beneficiary accounts (any one). */
  ibans: string[];
  /** Expected KBe of the beneficiary; empty string: not checked. */
  kbe: string;
  /** false: the requisites are [U] in kz-formats.md — a difference is a warning (VAL_RECIPIENT_UNCONFIRMED), not an error. */
  confirmed: boolean;
}

export interface TreasuryRecipient {
  bic: string;
  /** Known Treasury accounts; another account at the Treasury BIC is a warning. */
  ibans: string[];
}

export interface ObsoleteIdentifier {
  /** A BIN, RNN or account that must no longer be paid to. */
  id: string;
  note: string;
}

export interface StatutoryRecipients {
  pension: StatutoryRecipient;
  social: StatutoryRecipient;
  medical: StatutoryRecipient;
  treasury: TreasuryRecipient;
  obsolete: ObsoleteIdentifier[];
}

const GOV_CORP = 'НАО «Государственная корпорация «Правительство для граждан»»';
const GOV_CORP_BIN = '160440007161';

/**
 * Seeds. Pension: every value [C]. Social: account [C], BIN/KBe inferred from the account living in bank 009 [U-strong] —
 * kept strict because the account is confirmed. Medical: employer-side use of the ФСМС collection account inferred
 * [U-strong] — not strict.
 */
export const SEED_RECIPIENTS: StatutoryRecipients = {
  pension: { name: GOV_CORP, bin: GOV_CORP_BIN, bic: 'GCVPKZ2A', ibans: ['KZ12009NPS0413609816'], kbe: '11', confirmed: true },
  social: { name: GOV_CORP, bin: GOV_CORP_BIN, bic: 'GCVPKZ2A', ibans: ['KZ67009SS00368609110'], kbe: '11', confirmed: true },
  medical: { name: GOV_CORP, bin: GOV_CORP_BIN, bic: 'GCVPKZ2A', ibans: ['KZ92009MEDS368609103'], kbe: '11', confirmed: false },
  treasury: { bic: 'KKMFKZ2A', ibans: ['KZ24070105KSN0000000'] },
  obsolete: [
    { id: '600400073391', note: 'RNN of the former ГЦВП (State Pension Payment Centre)' },
    { id: '970740001013', note: 'BIN of the former ГЦВП (State Pension Payment Centre)' },
  ],
};

/** Pension / social / medical payments must go to the configured Госкорпорация requisites. Present values only. */
export function statutoryRecipientFindings(kind: StatutoryKind, beneficiary: Party | undefined, recipients: StatutoryRecipients): Finding[] {
  const rec = recipients[kind];
  const b = beneficiary ?? ({} as Partial<Party>);
  const code = rec.confirmed ? 'VAL_RECIPIENT' : 'VAL_RECIPIENT_UNCONFIRMED';
  const out: Finding[] = [];
  const what = `${kind} payments go to ${rec.name}`;
  const has = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  if (has(b.iban) && !rec.ibans.includes(b.iban)) out.push(finding(code, `account ${b.iban} is not the ${kind} account; ${what}`, { field: 'beneficiary.iban', expected: rec.ibans.join(' or ') }));
  if (has(b.bic) && bicBank8(b.bic) !== rec.bic) out.push(finding(code, `BIC ${b.bic} is not the recipient's bank; ${what}`, { field: 'beneficiary.bic', expected: rec.bic }));
  if (has(b.binIin) && b.binIin !== rec.bin) out.push(finding(code, `BIN ${b.binIin} is not the recipient's; ${what}`, { field: 'beneficiary.binIin', expected: rec.bin }));
  if (rec.kbe && has(b.code) && b.code !== rec.kbe) out.push(finding(code, `KBe ${b.code} is not the recipient's; ${what}`, { field: 'beneficiary.code', expected: rec.kbe }));
  return out;
}

/** Budget payments: beneficiary bank must be the Treasury (error); an account not among the known Treasury accounts is a warning. */
export function treasuryFindings(beneficiary: Party | undefined, treasury: TreasuryRecipient): Finding[] {
  const b = beneficiary ?? ({} as Partial<Party>);
  const out: Finding[] = [];
  if (typeof b.bic === 'string' && b.bic.trim() !== '' && bicBank8(b.bic) !== treasury.bic) {
    out.push(finding('VAL_BUDGET_BANK', `budget payment to BIC ${b.bic}`, { field: 'beneficiary.bic', expected: `the Treasury BIC ${treasury.bic}` }));
  }
  if (typeof b.iban === 'string' && b.iban.trim() !== '' && treasury.ibans.length > 0 && !treasury.ibans.includes(b.iban)) {
    out.push(finding('VAL_BUDGET_ACCOUNT', `budget payment to account ${b.iban}`, { field: 'beneficiary.iban', expected: treasury.ibans.join(' or ') }));
  }
  return out;
}

/** Identifiers of the former collector (ГЦВП) used as a beneficiary BIN/IIN or account. */
const OBSOLETE_KEYS = ['binIin', 'iban'] as const;

export function obsoleteFindings(party: Party | undefined, path: string, obsolete: readonly ObsoleteIdentifier[]): Finding[] {
  if (!party) return [];
  const out: Finding[] = [];
  if (obsolete.length === 0) return out;
  for (const key of OBSOLETE_KEYS) {
    const v = party[key];
    const hit = typeof v === 'string' ? obsolete.find((o) => o.id === v.trim()) : undefined;
    if (hit) out.push(finding('VAL_RECIPIENT_OBSOLETE', `${v} is obsolete${hit.note ? `: ${hit.note}` : ''}`, { field: `${path}.${key}`, expected: 'the current Government for Citizens (Госкорпорация) requisites' }));
  }
  return out;
}
