// One party's requisites: IBAN, BIC and their bank pairing, BIN/IIN, KOd/KBe, name length (kz-formats.md 3.1–3.4, 3.8).
import type { Party } from '../core/model/party.ts';
import type { ValidationContext } from './context.ts';
import { findingsOf, type Finding } from './findings.ts';
import { isBlank, nameFindings } from './lengths.ts';
import { checkBankPair } from './kz/banks.ts';
import { checkBic } from './kz/bic.ts';
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

/** Present values only; which ones are required is the document rule's business. */
export function partyFindings(p: Party | undefined, path: string, ctx: ValidationContext, opts: PartyRuleOptions): Finding[] {
  if (!p || typeof p !== 'object') return [];
  const out: Finding[] = [];
  const text = (v: unknown) => (isBlank(v as string | undefined) ? undefined : String(v));
  const name = text(p.name);
  const iban = text(p.iban);
  const bic = text(p.bic);
  const binIin = text(p.binIin);
  const code = text(p.code);

  out.push(...nameFindings(name, ctx.limits.nameMax, `${path}.name`));

  let bankCode: string | undefined;
  if (iban !== undefined && (opts.domestic || iban.startsWith('KZ'))) {
    const r = checkIban(iban);
    out.push(...findingsOf(r, `${path}.iban`));
    if (r.ok) bankCode = r.bankCode;
  }
  if (bic !== undefined) {
    const r = checkBic(bic, { country: opts.domestic ? 'KZ' : null });
    out.push(...findingsOf(r, `${path}.bic`));
    if (r.ok && r.country === 'KZ' && bankCode !== undefined) {
      out.push(...checkBankPair(bankCode, r.bank8, ctx.banks).map((f) => ({ ...f, field: `${path}.bic` })));
    }
  }
  if (binIin !== undefined && (opts.domestic || /^\d{12}$/.test(binIin))) {
    out.push(...findingsOf(checkBinIin(binIin, { today: ctx.today, centuryZero: ctx.iinCenturyZero }), `${path}.binIin`));
  }
  if (code !== undefined) out.push(...findingsOf(checkKodKbe(code, opts.codeLabel), `${path}.code`));
  return out;
}
