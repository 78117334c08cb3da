// Statement → MT940 text lines: `{1:}{2:}{4:` blocks (optional), :20: :25: :28C: :60a:, :61: + :86: per entry,
// :62a: :64: :65:, statement-level :86:, `-}`. Input has been checked (check.ts); lines are at most 65 characters.
import type { Statement, StatementBalance, StatementOperation } from '../../../gateway/core/model/statement.ts';
import { formatAmount, yymmdd } from '../values.ts';
import { SLASH_TAGS } from '../details.ts';
import { toSwiftX } from './swift-x.ts';

const SLASH_TAG = new RegExp(`/(${SLASH_TAGS.join('|')})/`);

/** SWIFT narrative line width and the :86: line count (6 × 65 characters). */
export const LINE = 65;
export const DETAIL_LINES = 6;

export interface Envelope {
  /** Sender (the bank) and receiver BIC, 8 or 11 characters; null: no blocks 1, 2, 4. */
  sender: string | null;
  receiver: string | null;
}

/** 12-character logical terminal address: BIC8 + terminal 'A' + branch ('XXX' for the head office). */
const lt = (bic: string) => `${bic.slice(0, 8)}A${bic.length === 11 ? bic.slice(8) : 'XXX'}`;

/** `C|D` + YYMMDD + currency + amount. */
export function balanceValue(minor: bigint, date: string, currency: string): string {
  return `${minor < 0n ? 'D' : 'C'}${yymmdd(date)}${currency}${formatAmount(minor, currency)}`;
}

/** Cuts `text` into lines of `LINE`, never starting a line with ':' or '-' (they would read as a tag or an end). */
export function wrap(text: string, width = LINE): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + width, text.length);
    while (end < text.length && end > at + 1 && (text[end] === ':' || text[end] === '-')) end--;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/** `:61:` transaction type: the statement's own when it is one (N|F|S + 3), else NMSC (miscellaneous). */
export function typeCode(op: StatementOperation): string {
  const p = op.bankTransactionCode?.proprietary ?? '';
  return /^[NFS][A-Z0-9]{3}$/.test(p) ? p : 'NMSC';
}

/** A `:61:` reference (subfields 7 and 8): 16x, no '//', no '/' at either end; others travel in `:86:` /CREF/ /BREF/. */
export function fitsLine(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v.length <= 16 && !v.includes('//') && !v.startsWith('/') && !v.endsWith('/');
}

/** `:61:` line: value date, entry date MMDD, mark (RC/RD for reversals), amount, type, reference, //bank reference. */
export function statementLine(op: StatementOperation, currency: string): string {
  const value = op.valueDate ?? op.date;
  const mark = op.reversal ? (op.direction === 'credit' ? 'RD' : 'RC') : op.direction === 'credit' ? 'C' : 'D';
  const refs = op.references ?? {};
  const bank = fitsLine(refs.accountServicer) ? `//${refs.accountServicer}` : '';
  const customer = fitsLine(refs.customer) ? refs.customer : 'NONREF';
  return `:61:${yymmdd(value)}${op.date.slice(5, 7)}${op.date.slice(8, 10)}${mark}${formatAmount(op.amount.minor, currency)}${typeCode(op)}${customer}${bank}`;
}

/**
 * Free text for :86: in SWIFT X. Text that holds slash tags itself (a received :86: kept as additional text or purpose)
 * would be read back as fields: its '/' become spaces.
 */
function freeText(v: string | undefined): string {
  const x = v ? toSwiftX(v) : '';
  return SLASH_TAG.test(x) ? x.replace(/\//g, ' ').replace(/ +/g, ' ').trim() : x;
}

/** `/TAG/value` pieces of an entry's :86:, identifiers first (never cut), then name, purpose, additional text. */
export function detailTags(op: StatementOperation): { fixed: string; name: string; purpose: string; info: string } {
  const r = op.references ?? {};
  const cp = op.counterparty ?? { name: '' };
  const parts: string[] = [];
  const put = (tag: string, v: string | undefined) => {
    if (v !== undefined && v !== '') parts.push(`/${tag}/${v}`);
  };
  if (!fitsLine(r.customer)) put('CREF', r.customer);
  if (!fitsLine(r.accountServicer)) put('BREF', r.accountServicer);
  put('NUM', op.number ? toSwiftX(op.number) : undefined);
  put('DATE', op.documentDate ? yymmdd(op.documentDate) : undefined);
  put('KNP', op.knp);
  put('EREF', r.endToEndId);
  put('MARF', r.mandateId);
  put('PREF', r.paymentInfoId);
  put('INSTR', r.instructionId);
  put('TXID', r.transactionId);
  put('IDN', cp.binIin);
  put('IBAN', cp.iban);
  put('BIC', cp.bic);
  if (cp.code && /^\d{2}$/.test(cp.code)) parts.push(`/IRS/${cp.code[0]}/SECO/${cp.code[1]}`);
  if (op.originalAmount) put('OCMT', `${op.originalAmount.currency}${formatAmount(op.originalAmount.minor, op.originalAmount.currency)}`);
  if (op.charges) put('CHGS', `${op.charges.currency}${formatAmount(op.charges.minor, op.charges.currency)}`);
  return { fixed: parts.join(''), name: freeText(cp.name), purpose: freeText(op.purpose), info: freeText(op.additionalInfo) };
}

/** The :86: text of an entry within 6 × 65: additional text is dropped first, then purpose and name are shortened. */
export function detailText(op: StatementOperation): string {
  const room = LINE * DETAIL_LINES;
  const d = detailTags(op);
  const name = d.name ? `/NAME/${d.name}` : '';
  const remi = d.purpose ? `/REMI/${d.purpose}` : '';
  const addi = d.info ? `/ADDI/${d.info}` : '';
  let text = d.fixed + name + remi + addi;
  if (text.length <= room) return text;
  text = d.fixed + name + remi;
  if (text.length <= room) return text;
  const left = room - d.fixed.length - name.length;
  if (left > 10) return d.fixed + name + remi.slice(0, left);
  return (d.fixed + name + remi).slice(0, room);
}

function balanceOf(st: Statement, type: string, minor: bigint): StatementBalance | undefined {
  return st.balances?.find((b) => b.type === type && b.amount.minor === minor);
}

/** The lines of one message (no line ends). */
export function renderStatement(st: Statement, ref: string, sequence: string, env: Envelope): string[] {
  const cur = st.currency;
  const out: string[] = [];
  if (env.sender) out.push(`{1:F01${lt(env.sender)}0000000000}{2:I940${lt(env.receiver ?? env.sender)}N}{4:`);
  out.push(`:20:${ref}`, `:25:${st.account}`, `:28C:${sequence}`);
  const open = balanceOf(st, 'OPBD', st.openingBalance.minor);
  out.push(`:60${open?.intermediate ? 'M' : 'F'}:${balanceValue(st.openingBalance.minor, open?.date ?? st.from, cur)}`);
  for (const op of st.operations) {
    out.push(statementLine(op, cur));
    const text = detailText(op);
    if (text !== '') {
      const lines = wrap(text);
      out.push(`:86:${lines[0]}`, ...lines.slice(1));
    }
  }
  const close = balanceOf(st, 'CLBD', st.closingBalance.minor);
  out.push(`:62${close?.intermediate ? 'M' : 'F'}:${balanceValue(st.closingBalance.minor, close?.date ?? st.to, cur)}`);
  const clav = st.balances?.find((b) => b.type === 'CLAV');
  if (clav) out.push(`:64:${balanceValue(clav.amount.minor, clav.date, cur)}`);
  for (const b of st.balances ?? []) if (b.type === 'FWAV') out.push(`:65:${balanceValue(b.amount.minor, b.date, cur)}`);
  if (st.additionalInfo) {
    const lines = wrap(toSwiftX(st.additionalInfo)).slice(0, DETAIL_LINES);
    if (lines.length > 0) out.push(`:86:${lines[0]}`, ...lines.slice(1));
  }
  out.push(env.sender ? '-}' : '-');
  return out;
}
