// One party's requisites: IBAN, BIC and their bank pairing, BIN/IIN, KOd/KBe, name length (kz-formats.md 3.1–3.4, 3.8).
import type { Party } from '../core/model/party.ts';
import type { ValidationContext } from './context.ts';
import { pushFindingsOf, type Finding } from './findings.ts';
import { isBlank, nameFindings } from './lengths.ts';
import { checkBankPair } from './kz/banks.ts';
import { bicBank8, checkBic } from './kz/bic.ts';
import { cleanIbanBankCode, isCleanBankPair, isCleanBic, isCleanBinIin, isCleanKodKbe } from './clean.ts';
import { checkBinIin } from './kz/bin-iin.ts';
import { checkIban } from './kz/iban.ts';
import { checkKodKbe } from './kz/kbe.ts';

export interface PartyRuleOptions {
  /** Label of the 2-digit code in messages: 'KOd' for payers, 'KBe' for beneficiaries. */
  codeLabel: 'KOd' | 'KBe';
  /**
   * true: a Kazakhstan party (KZ IBAN, KZ BIC, BIN/IIN). false: a foreign beneficiary (fx-payment): only values that
   * look Kazakh (IBAN starting 'KZ', 12-digit BIN/IIN) get the KZ checks, and the BIC may be of any country.
   */
  domestic: boolean;
}

const DOMESTIC_BIC = { country: 'KZ' } as const;
const ANY_BIC = { country: null } as const;

/** A present value as a string, undefined when blank. */
function text(v: unknown): string | undefined {
  return isBlank(v as string | undefined) ? undefined : String(v);
}

interface PartyPaths {
  name: string;
  iban: string;
  bic: string;
  binIin: string;
  code: string;
}

/** Field paths by party path ('payer' → 'payer.iban', …), built once per party path. */
const PATHS = new Map<string, PartyPaths>();

function pathsOf(path: string): PartyPaths {
  let p = PATHS.get(path);
  if (p === undefined) {
    p = { name: `${path}.name`, iban: `${path}.iban`, bic: `${path}.bic`, binIin: `${path}.binIin`, code: `${path}.code` };
    if (PATHS.size < 64) PATHS.set(path, p);
  }
  return p;
}

/** Present values only; which ones are required is the document rule's business. */
export function partyFindings(p: Party | undefined, path: string, ctx: ValidationContext, opts: PartyRuleOptions): Finding[] {
  if (!p || typeof p !== 'object') return [];
  const out: Finding[] = [];
  const name = text(p.name);
  const iban = text(p.iban);
  const bic = text(p.bic);
  const binIin = text(p.binIin);
  const code = text(p.code);
  const at = pathsOf(path);

  if (name !== undefined && name.length > ctx.limits.nameMax) for (const f of nameFindings(name, ctx.limits.nameMax, at.name)) out.push(f);

  // Each check runs in full only when its fast form (clean.ts) cannot say "nothing to report".
  let bankCode: string | undefined;
  if (iban !== undefined && (opts.domestic || iban.startsWith('KZ'))) {
    const clean = cleanIbanBankCode(iban);
    if (clean !== null) bankCode = clean;
    else {
      const r = checkIban(iban);
      pushFindingsOf(out, r, at.iban);
      if (r.ok) bankCode = r.bankCode;
    }
  }
  if (bic !== undefined) {
    const country = opts.domestic ? DOMESTIC_BIC : ANY_BIC;
    if (isCleanBic(bic, country.country)) {
      // what checkBic would give: the country is characters 5–6, the directory is asked with the first 8
      if (bankCode !== undefined && bic.charCodeAt(4) === 0x4b && bic.charCodeAt(5) === 0x5a) {
        const bank8 = bic.length === 8 ? bic : bicBank8(bic);
        if (!isCleanBankPair(bankCode, bank8, ctx.banks)) for (const f of checkBankPair(bankCode, bank8, ctx.banks)) out.push({ ...f, field: at.bic });
      }
    } else {
      const r = checkBic(bic, country);
      pushFindingsOf(out, r, at.bic);
      if (r.ok && r.country === 'KZ' && bankCode !== undefined) {
        const pair = checkBankPair(bankCode, r.bank8, ctx.banks);
        for (const f of pair) out.push({ ...f, field: at.bic });
      }
    }
  }
  if (binIin !== undefined && (opts.domestic || /^\d{12}$/.test(binIin)) && !isCleanBinIin(binIin, ctx.today)) {
    pushFindingsOf(out, checkBinIin(binIin, { today: ctx.today, centuryZero: ctx.iinCenturyZero }), at.binIin);
  }
  if (code !== undefined && !isCleanKodKbe(code)) pushFindingsOf(out, checkKodKbe(code, opts.codeLabel), at.code);
  return out;
}
