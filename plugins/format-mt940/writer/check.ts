// What the MT940 writer refuses, all problems at once: no stated balances, balances that do not reconcile, entries
// that do not add up, values MT940 cannot carry (over-long references, identifiers outside the SWIFT X set).
import type { ErrorCode } from '../../../gateway/core/error-codes.ts';
import { formatDecimal, type Money } from '../../../gateway/core/model/money.ts';
import type { Statement } from '../../../gateway/core/model/statement.ts';
import { DETAIL_LINES, LINE, detailTags } from './render.ts';
import { firstNonX } from './swift-x.ts';
import { entryDate } from '../values.ts';

export interface WriteProblem {
  code: ErrorCode;
  /** 0-based statement index and, for an entry, its 0-based index. */
  statement: number;
  operation?: number;
  field: string;
  message: string;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Checks a reference-like value: SWIFT X, at most `max` characters, no '//' and no '/' at either end (SWIFT rule for references). */
function reference(v: string, max: number): string | null {
  const bad = firstNonX(v);
  if (bad !== null) return `'${bad}' is not in the SWIFT X character set`;
  if (v.length > max) return `longer than ${max} characters`;
  if (v.includes('//') || v.startsWith('/') || v.endsWith('/')) return "has '//' or starts or ends with '/'";
  return null;
}

/** A reference carried in `:86:` (/EREF/, /CREF/, …): SWIFT X, no '//', no '/' at the end (it would read as a separator). */
function detailReference(v: string): string | null {
  const bad = firstNonX(v);
  if (bad !== null) return `'${bad}' is not in the SWIFT X character set`;
  if (v === '' || v.includes('//') || v.endsWith('/')) return "is empty, has '//' or ends with '/' (cannot be told from the :86: separators)";
  return null;
}

/** A :20: reference usable as is, or null. */
export function usableRef(v: string | undefined): string | null {
  return v !== undefined && v !== '' && reference(v, 16) === null ? v : null;
}

/** Every problem of the statements (empty: they can be written). `bics` are the envelope BICs, null when blocks are off. */
export function checkStatements(statements: readonly Statement[], bics: { sender: string | null; receiver: string | null } | null): WriteProblem[] {
  const out: WriteProblem[] = [];
  if (statements.length === 0) out.push({ code: 'FMT_REQUIRED_KEY', statement: -1, field: 'statements', message: 'there is no statement to write' });
  if (bics) {
    if (!bics.sender) out.push({ code: 'FMT_REQUIRED_KEY', statement: -1, field: 'profile.senderBic', message: 'blocks 1 and 2 need the bank BIC: set profile.senderBic (or the statement servicerBic), or profile.mtBlocks = false' });
    for (const [k, v] of [['senderBic', bics.sender], ['receiverBic', bics.receiver]] as const) {
      if (v && !BIC.test(v)) out.push({ code: 'FMT_BAD_VALUE', statement: -1, field: `profile.${k}`, message: `'${v}' is not a BIC (8 or 11 letters and digits)` });
    }
  }
  statements.forEach((st, s) => {
    const p = (code: ErrorCode, field: string, message: string, operation?: number) => out.push({ code, statement: s, field, message, ...(operation === undefined ? {} : { operation }) });
    if (st.balancesStated === false) {
      p('FMT_NOT_SUPPORTED', 'balancesStated', `the ${st.kind ?? 'statement'} states no opening and closing balance, which MT940 :60F: / :62F: need`);
      return;
    }
    const cur = st.currency;
    if (typeof cur !== 'string' || !/^[A-Z]{3}$/.test(cur)) {
      p('FMT_BAD_VALUE', 'currency', `'${String(cur)}' is not an ISO 4217 letter code`);
      return;
    }
    const acc = typeof st.account === 'string' ? st.account : '';
    if (acc.trim() === '') p('FMT_REQUIRED_KEY', 'account', 'the account (:25:) is empty');
    else if (firstNonX(acc) !== null) p('FMT_UNENCODABLE', 'account', `'${firstNonX(acc)}' in the account is not in the SWIFT X character set`);
    else if (acc.length > 35) p('FMT_BAD_VALUE', 'account', 'the account is longer than 35 characters (:25: 35x)');
    for (const [k, v] of [['from', st.from], ['to', st.to]] as const) if (typeof v !== 'string' || !ISO_DATE.test(v)) p('FMT_BAD_DATE', k, `'${String(v)}' is not a date YYYY-MM-DD`);
    const money = (m: Money | undefined, field: string, operation?: number): bigint | null => {
      if (!m || typeof m.minor !== 'bigint') {
        p('FMT_BAD_VALUE', field, 'not Money with bigint minor units', operation);
        return null;
      }
      if (m.currency !== cur) {
        p('FMT_BAD_VALUE', field, `in ${m.currency}, the statement in ${cur}`, operation);
        return null;
      }
      return m.minor;
    };
    const opening = money(st.openingBalance, 'openingBalance');
    const credits = money(st.totalCredits, 'totalCredits');
    const debits = money(st.totalDebits, 'totalDebits');
    const closing = money(st.closingBalance, 'closingBalance');
    const f = (v: bigint) => formatDecimal(v, cur);
    if (opening !== null && credits !== null && debits !== null && closing !== null && opening + credits - debits !== closing) {
      p('FMT_TOTALS_MISMATCH', 'closingBalance', `opening ${f(opening)} + credits ${f(credits)} − debits ${f(debits)} = ${f(opening + credits - debits)}, but the closing balance is ${f(closing)}`);
    }
    let inSum = 0n;
    let outSum = 0n;
    const ops = Array.isArray(st.operations) ? st.operations : [];
    ops.forEach((op, i) => {
      const a = money(op?.amount, 'amount', i);
      if (a !== null && a < 0n) p('FMT_BAD_VALUE', 'amount', `the amount ${f(a)} is negative (the direction carries the sign)`, i);
      if (op?.direction === 'credit') inSum += a ?? 0n;
      else if (op?.direction === 'debit') outSum += a ?? 0n;
      else p('FMT_BAD_VALUE', 'direction', "direction must be 'credit' or 'debit'", i);
      for (const k of ['date', 'valueDate', 'documentDate'] as const) {
        const v = op?.[k];
        if ((k === 'date' || v !== undefined) && (typeof v !== 'string' || !ISO_DATE.test(v))) p('FMT_BAD_DATE', k, `'${String(v)}' is not a date YYYY-MM-DD`, i);
      }
      // :61: carries the entry date as MMDD next to the value date: it must read back as the same day.
      if (typeof op?.date === 'string' && ISO_DATE.test(op.date) && typeof op.valueDate === 'string' && ISO_DATE.test(op.valueDate)) {
        if (entryDate(op.date.slice(5, 7) + op.date.slice(8, 10), op.valueDate)?.iso !== op.date) p('FMT_BAD_DATE', 'date', `the booking date ${op.date} is too far from the value date ${op.valueDate} for the :61: entry date MMDD`, i);
      }
      const r = op?.references ?? {};
      // :61: takes the customer and bank references when they fit (16x); any other reference travels in :86:.
      for (const k of ['customer', 'accountServicer', 'endToEndId', 'mandateId', 'paymentInfoId', 'instructionId', 'transactionId'] as const) {
        const v = r[k];
        if (v === undefined) continue;
        const why = (k === 'customer' || k === 'accountServicer') && reference(v, 16) === null ? null : detailReference(v);
        if (why) p(why.includes('character set') ? 'FMT_UNENCODABLE' : 'FMT_BAD_VALUE', `references.${k}`, `'${v}': ${why}`, i);
      }
      if (op && typeof op === 'object' && op.amount && detailTags(op).fixed.length > LINE * DETAIL_LINES) {
        p('FMT_BAD_VALUE', 'references', `the references and identifiers alone need more than the ${DETAIL_LINES} × ${LINE} characters of :86:`, i);
      }
      for (const [k, v] of [['knp', op?.knp], ['counterparty.iban', op?.counterparty?.iban], ['counterparty.bic', op?.counterparty?.bic], ['counterparty.binIin', op?.counterparty?.binIin]] as const) {
        if (v !== undefined && firstNonX(v) !== null) p('FMT_UNENCODABLE', k, `'${firstNonX(v)}' in '${v}' is not in the SWIFT X character set`, i);
      }
      for (const [k, m] of [['originalAmount', op?.originalAmount], ['charges', op?.charges]] as const) {
        if (m !== undefined && (typeof m.minor !== 'bigint' || m.minor < 0n || !/^[A-Z]{3}$/.test(m.currency))) p('FMT_BAD_VALUE', k, 'not a non-negative Money', i);
      }
    });
    if (credits !== null && inSum !== credits) p('FMT_TOTALS_MISMATCH', 'totalCredits', `${ops.filter((o) => o.direction === 'credit').length} credit entries bring in ${f(inSum)}, but totalCredits is ${f(credits)}`);
    if (debits !== null && outSum !== debits) p('FMT_TOTALS_MISMATCH', 'totalDebits', `${ops.filter((o) => o.direction === 'debit').length} debit entries take out ${f(outSum)}, but totalDebits is ${f(debits)}`);
  });
  return out;
}
