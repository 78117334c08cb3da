// What a pain.001.001.09 cannot carry, checked over the whole input before the writer makes a byte: kinds without a
// credit-transfer form, values outside the XSD's types (lengths, patterns, dates, amounts), and the profile.
import { formatDecimal } from '../../../gateway/core/model/money.ts';
import type { BudgetDocument, CanonicalDocument, FxPaymentDocument, PaymentDocument } from '../../../gateway/core/model/document.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { WriteOptions } from '../../../gateway/core/plugin.ts';
import { isXmlText } from '../xml/write.ts';
import { resolvePain001Profile } from './profile.ts';
import { BIC, CURRENCY, isoDate, scaled, unscaled } from './values.ts';

export interface Pain001WriteOptions extends WriteOptions {
  /**
   * The gateway's document ids, parallel to `documents` (same length; an entry may be undefined): each becomes its
   * transaction's EndToEndId, which the bank's pain.002 quotes back as OrgnlEndToEndId. Without one the document
   * number is used.
   */
  documentIds?: readonly (string | undefined)[];
}

export type PayDocument = PaymentDocument | BudgetDocument | FxPaymentDocument;

export interface Pain001Problem {
  /** Index of the document in the input (absent for options and profile). */
  index?: number;
  field: string;
  message: string;
}

/** pain.001 ChrgBr of the canonical charges. */
export const CHARGE_BEARER: Readonly<Record<'OUR' | 'SHA' | 'BEN', string>> = { OUR: 'DEBT', SHA: 'SHAR', BEN: 'CRED' };
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;
export const MAX_TOTAL_DIGITS = 18;
const WRITABLE = new Set(['payment', 'budget', 'fx-payment']);

/** Every reason `documents` cannot be written as pain.001.001.09 with these options (empty when they can). */
export function checkPain001(documents: readonly CanonicalDocument[], options: Pain001WriteOptions = {}): Pain001Problem[] {
  const { profile, problems: profileProblems } = resolvePain001Profile(options.profile);
  const out: Pain001Problem[] = profileProblems.map((message) => ({ field: 'profile', message }));
  const text = (index: number | undefined, field: string, v: string | undefined, max: number, required: boolean): void => {
    const add = (message: string): void => void out.push({ ...(index !== undefined ? { index } : {}), field, message });
    if (v === undefined || v === '') return required ? add('is required') : undefined;
    if (typeof v !== 'string') return add('must be a string');
    if (!isXmlText(v)) return add('holds a character XML cannot carry (a control character)');
    if (!v.trim()) return required ? add('is blank') : undefined;
    const n = [...v].length;
    if (n > max) add(`is ${n} characters long; at most ${max} fit`);
  };
  const pattern = (index: number, field: string, v: string | undefined, re: RegExp, what: string): void => {
    if (v !== undefined && (typeof v !== 'string' || !re.test(v))) out.push({ index, field, message: `'${String(v).slice(0, 40)}' is not ${what}` });
  };
  if (documents.length === 0) out.push({ field: 'documents', message: 'a pain.001 needs at least one payment' });
  text(undefined, 'messageId', options.messageId, 35, false);
  if (options.createdAt !== undefined && !(DATE_TIME.test(options.createdAt) && isoDate(options.createdAt.slice(0, 10)))) out.push({ field: 'createdAt', message: `'${options.createdAt}' is not an ISO date-time` });
  if (options.documentIds !== undefined && options.documentIds.length !== documents.length) {
    out.push({ field: 'documentIds', message: `${options.documentIds.length} ids for ${documents.length} documents` });
  }
  if (profile.initiatingParty) text(undefined, 'profile.initiatingParty.name', profile.initiatingParty.name, 140, true);
  const party = (i: number, name: string, p: Party | undefined, strict: boolean): void => {
    if (!p) return void out.push({ index: i, field: name, message: 'is required' });
    text(i, `${name}.name`, p.name, 140, strict);
    text(i, `${name}.binIin`, p.binIin, 35, false);
    text(i, `${name}.code`, p.code, 35, false);
    text(i, `${name}.bankName`, p.bankName, 140, false);
    pattern(i, `${name}.country`, p.country, /^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code');
    pattern(i, `${name}.bic`, p.bic, BIC, 'a BIC (8 or 11 characters)');
    if (p.iban !== undefined) pattern(i, `${name}.iban`, p.iban, /^\S{1,34}$/, 'an account id (1–34 characters, no spaces)');
  };
  documents.forEach((d, i) => {
    if (!WRITABLE.has(d.kind)) {
      const why = d.kind === 'fx-order' || d.kind === 'letter' ? 'is not a credit transfer' : 'has an employee list, which pain.001 cannot carry (send it as an MT102 or the bank’s list format)';
      out.push({ index: i, field: 'kind', message: `'${d.kind}' ${why}` });
      return;
    }
    const doc = d as PayDocument;
    text(i, 'number', doc.number, 35, true);
    const id = options.documentIds?.[i];
    if (id !== undefined) text(i, 'documentId', id, 35, true);
    const date = doc.valueDate ?? doc.date;
    if (typeof date !== 'string' || !isoDate(date)) out.push({ index: i, field: doc.valueDate !== undefined ? 'valueDate' : 'date', message: `'${String(date)}' is not a date YYYY-MM-DD` });
    const amt = doc.amount;
    if (!amt || typeof amt.minor !== 'bigint') out.push({ index: i, field: 'amount', message: 'is not an amount in minor units (bigint)' });
    else {
      if (!CURRENCY.test(amt.currency)) out.push({ index: i, field: 'amount.currency', message: `'${amt.currency}' is not an ISO 4217 code` });
      else if (amt.minor <= 0n) out.push({ index: i, field: 'amount', message: `${formatDecimal(amt.minor, amt.currency)} is not a positive amount` });
      else if (amt.minor.toString().length > MAX_TOTAL_DIGITS) out.push({ index: i, field: 'amount', message: `has more than ${MAX_TOTAL_DIGITS} digits` });
    }
    party(i, 'payer', doc.payer, true);
    if (doc.payer) {
      if (doc.payer.iban === undefined) out.push({ index: i, field: 'payer.iban', message: 'is required (DbtrAcct)' });
      if (doc.payer.bic === undefined) out.push({ index: i, field: 'payer.bic', message: 'is required (DbtrAgt)' });
    }
    party(i, 'beneficiary', doc.beneficiary, true);
    if (doc.actualPayer) party(i, 'actualPayer', doc.actualPayer, false);
    if (doc.actualBeneficiary) party(i, 'actualBeneficiary', doc.actualBeneficiary, false);
    const codeMax = profile.knp === 'Purp/Cd' ? 4 : profile.knp === 'RgltryRptg' ? 10 : 35;
    text(i, 'knp', doc.knp, codeMax, false);
    if (typeof doc.purpose !== 'string' || !isXmlText(doc.purpose)) out.push({ index: i, field: 'purpose', message: 'holds a character XML cannot carry (a control character)' });
    if (doc.kind === 'budget') text(i, 'kbk', doc.kbk, profile.kbk === 'RgltryRptg' ? 10 : 35, true);
    if (doc.kind === 'fx-payment') {
      pattern(i, 'intermediaryBic', doc.intermediaryBic, BIC, 'a BIC (8 or 11 characters)');
      text(i, 'contractNumber', doc.contractNumber, 35, false);
      if (doc.charges !== undefined && !(doc.charges in CHARGE_BEARER)) out.push({ index: i, field: 'charges', message: `'${String(doc.charges)}' is not OUR, SHA or BEN` });
    }
  });
  if (!out.length) {
    let total = 0n;
    for (const d of documents) total += scaled(formatDecimal((d as PayDocument).amount.minor, (d as PayDocument).amount.currency))!;
    if (unscaled(total).replace(/[.-]/g, '').replace(/^0+/, '').length > MAX_TOTAL_DIGITS) out.push({ field: 'documents', message: `the control sum has more than ${MAX_TOTAL_DIGITS} digits` });
  }
  return out;
}
