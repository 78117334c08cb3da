// Where the Kazakh fields live in a pain.001. The National Bank's MX usage guide is not public (kz-formats.md 2.4,
// 5.3), so every location is a bank-profile setting with a default chosen from the ISO element's own definition; the
// reader and the writer share one profile, so what one writes the other reads back.
import type { Party } from '../../../gateway/core/model/party.ts';

/**
 * KNP (3-digit purpose code), inside CdtTrfTxInf:
 * - 'Purp/Prtry' (default): Purpose2Choice is "the underlying reason for the payment"; its proprietary branch is where
 *   a national code goes (Purp/Cd is reserved for the ISO ExternalPurpose1Code list — GDDS, SALA …).
 * - 'Purp/Cd': for banks that put the 3 digits in the code branch (fits the 1–4 character code type).
 * - 'CtgyPurp/Prtry': PmtTpInf/CtgyPurp/Prtry of the transaction (the reader also takes the PmtInf's).
 * - 'RgltryRptg': RgltryRptg/Dtls with Tp 'KNP' and Cd = the code (the regulatory-reporting block CIS banks use).
 */
export type KnpLocation = 'Purp/Prtry' | 'Purp/Cd' | 'CtgyPurp/Prtry' | 'RgltryRptg';
/**
 * KBK (budget classification code) of a budget payment:
 * - 'Tax/Rcrd/Ctgy' (default): TaxRecord2/Ctgy is defined as "the tax code as published by the tax authority" —
 *   what a KBK is; Tax sits on the transaction in both .03 and .09.
 * - 'RmtInf/Strd/TaxRmt/Rcrd/Ctgy': the same record in the structured remittance (for banks that read only RmtInf).
 * - 'RgltryRptg': RgltryRptg/Dtls with Tp 'KBK' and Cd = the code.
 */
export type KbkLocation = 'Tax/Rcrd/Ctgy' | 'RmtInf/Strd/TaxRmt/Rcrd/Ctgy' | 'RgltryRptg';
/**
 * Currency contract number (УНК or contract no.) of a foreign-currency transfer:
 * - 'RmtInf/Strd/RfrdDocInf' (default): a referred document of type CMCN ("commercial contract") with Nb = number.
 * - 'RgltryRptg': RgltryRptg/Dtls with Tp 'CONTRACT' and Inf = number.
 */
export type ContractLocation = 'RmtInf/Strd/RfrdDocInf' | 'RgltryRptg';

export interface Pain001KzProfile {
  knp: KnpLocation;
  kbk: KbkLocation;
  contractNumber: ContractLocation;
  /**
   * Party ids go into `Id/OrgId/Othr` (a BIN, 5th digit 4–6) or `Id/PrvtId/Othr` (an IIN) — ISO's generic id with a
   * scheme name. BIN/IIN: SchmeNm/Cd = `binIinScheme` (default 'TXID', the ISO code for a tax identification number:
   * BIN/IIN is the taxpayer number in Kazakhstan).
   */
  binIinScheme: string;
  /** KOd of payers (payer, actual payer): SchmeNm/Prtry = this (default 'KOD'). */
  payerCodeScheme: string;
  /** KBe of beneficiaries (beneficiary, actual beneficiary): SchmeNm/Prtry = this (default 'KBE'). */
  beneficiaryCodeScheme: string;
  /** PmtInf/ChrgBr of tenge payments (default 'SLEV': charges follow the service level, i.e. the tariff). */
  kztChargeBearer: 'SLEV' | 'none';
  /** PmtInf/BtchBookg (default false: each payment order is its own debit, as in 1C). */
  batchBooking: boolean;
  /** GrpHdr/InitgPty (default: the first payer's name and BIN/IIN). */
  initiatingParty?: Pick<Party, 'name' | 'binIin'>;
}

/**
 * Residency country is not configurable: it is the party's `CtryOfRes`, which is exactly "country of residence".
 * Actual payer / beneficiary are `UltmtDbtr` / `UltmtCdtr` (ISO's own meaning); the account, bank and BIC are the
 * usual DbtrAcct/DbtrAgt/CdtrAcct/CdtrAgt.
 */
export const DEFAULT_PAIN001_PROFILE: Readonly<Pain001KzProfile> = Object.freeze({
  knp: 'Purp/Prtry',
  kbk: 'Tax/Rcrd/Ctgy',
  contractNumber: 'RmtInf/Strd/RfrdDocInf',
  binIinScheme: 'TXID',
  payerCodeScheme: 'KOD',
  beneficiaryCodeScheme: 'KBE',
  kztChargeBearer: 'SLEV',
  batchBooking: false,
});

const KNP: readonly KnpLocation[] = ['Purp/Prtry', 'Purp/Cd', 'CtgyPurp/Prtry', 'RgltryRptg'];
const KBK: readonly KbkLocation[] = ['Tax/Rcrd/Ctgy', 'RmtInf/Strd/TaxRmt/Rcrd/Ctgy', 'RgltryRptg'];
const CONTRACT: readonly ContractLocation[] = ['RmtInf/Strd/RfrdDocInf', 'RgltryRptg'];
const SCHEME = /^[A-Za-z0-9]{1,35}$/;

/**
 * The profile from a bank profile record: its `pain001` member when that is an object, else the record itself (unknown
 * keys are left for other formats). Returns the problems instead of throwing; keys absent take the defaults.
 */
export function resolvePain001Profile(input: unknown): { profile: Pain001KzProfile; problems: string[] } {
  const problems: string[] = [];
  const profile: Pain001KzProfile = { ...DEFAULT_PAIN001_PROFILE };
  if (input === undefined || input === null) return { profile, problems };
  if (typeof input !== 'object') return { profile, problems: ['the pain.001 profile must be an object'] };
  const rec = input as Record<string, unknown>;
  const src = rec['pain001'] && typeof rec['pain001'] === 'object' ? (rec['pain001'] as Record<string, unknown>) : rec;
  const pick = <T extends string>(key: 'knp' | 'kbk' | 'contractNumber', allowed: readonly T[]): void => {
    const v = src[key];
    if (v === undefined) return;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) (profile as unknown as Record<string, unknown>)[key] = v;
    else problems.push(`profile ${key} = ${JSON.stringify(v)}: expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  };
  pick('knp', KNP);
  pick('kbk', KBK);
  pick('contractNumber', CONTRACT);
  for (const key of ['binIinScheme', 'payerCodeScheme', 'beneficiaryCodeScheme'] as const) {
    const v = src[key];
    if (v === undefined) continue;
    if (typeof v === 'string' && SCHEME.test(v)) profile[key] = v;
    else problems.push(`profile ${key} = ${JSON.stringify(v)}: expected 1–35 letters or digits`);
  }
  if (profile.payerCodeScheme === profile.binIinScheme || profile.beneficiaryCodeScheme === profile.binIinScheme) {
    problems.push('profile: the KOd/KBe scheme names must differ from binIinScheme');
  }
  const cb = src['kztChargeBearer'];
  if (cb !== undefined) {
    if (cb === 'SLEV' || cb === 'none') profile.kztChargeBearer = cb;
    else problems.push(`profile kztChargeBearer = ${JSON.stringify(cb)}: expected 'SLEV' or 'none'`);
  }
  const bb = src['batchBooking'];
  if (bb !== undefined) {
    if (typeof bb === 'boolean') profile.batchBooking = bb;
    else problems.push(`profile batchBooking = ${JSON.stringify(bb)}: expected true or false`);
  }
  const ip = src['initiatingParty'];
  if (ip !== undefined) {
    const o = ip as Record<string, unknown> | null;
    if (o && typeof o === 'object' && typeof o['name'] === 'string' && o['name'].trim() && (o['binIin'] === undefined || typeof o['binIin'] === 'string')) {
      profile.initiatingParty = { name: o['name'], ...(typeof o['binIin'] === 'string' ? { binIin: o['binIin'] } : {}) };
    } else problems.push('profile initiatingParty: expected { name: string, binIin?: string }');
  }
  return { profile, problems };
}
