// What the camt.053.001.08 writer checks before it writes a byte: balances stated and reconciling, the sums, and
// every value against the schema's forms and lengths. All problems are collected into one GatewayError.
import { GatewayError } from '../../../gateway/core/errors.ts';
import type { ErrorCode } from '../../../gateway/core/error-codes.ts';
import { formatDecimal, type Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { OperationReferences, Statement, StatementOperation } from '../../../gateway/core/model/statement.ts';
import type { WriteOptions } from '../../../gateway/core/plugin.ts';
import { isXmlText } from '../xml/write.ts';
import { isIsoDate } from './values.ts';

export const IBAN = /^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$/;
export const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const CCY = /^[A-Z]{3}$/;

interface Problem {
  code: ErrorCode;
  where: string;
  message: string;
}

/** Collects every problem of the input; `where` names the statement / operation. */
class Checker {
  readonly problems: Problem[] = [];
  constructor(public where = '') {}
  add(message: string, code: ErrorCode = 'FMT_BAD_VALUE'): void {
    this.problems.push({ code, where: this.where, message });
  }
  /** Optional text of at most `max` characters that XML can carry (Max35Text, Max140Text…: at least one character when present). */
  text(v: unknown, max: number, field: string): void {
    if (v === undefined) return;
    if (typeof v !== 'string') return this.add(`${field} is not a string`);
    if (v.length > max) this.add(`${field} is ${v.length} characters long; camt.053 allows ${max}`);
    if (!isXmlText(v)) this.add(`${field} holds a character XML cannot carry`);
  }
  money(m: Money | undefined, field: string, currency?: string, nonNegative = true): void {
    if (m === undefined) return;
    if (!m || typeof m.minor !== 'bigint' || typeof m.currency !== 'string') return this.add(`${field} must be Money with bigint minor units`);
    if (!CCY.test(m.currency)) return this.add(`${field}: currency '${m.currency}' is not an ISO 4217 letter code`);
    if (currency !== undefined && m.currency !== currency) this.add(`${field} is in ${m.currency}, the statement in ${currency}`);
    if (nonNegative && m.minor < 0n) this.add(`${field} must not be negative`);
    if ((m.minor < 0n ? -m.minor : m.minor).toString().length > 18) this.add(`${field} has more than 18 digits`);
  }
  date(v: unknown, field: string, required: boolean): void {
    if (v === undefined || v === '') {
      if (required) this.add(`${field} is missing`);
    } else if (typeof v !== 'string' || !isIsoDate(v)) this.add(`${field} '${String(v)}' is not a date 'YYYY-MM-DD'`);
  }
  party(p: Party | Omit<Party, 'iban'> | undefined, field: string): void {
    if (!p) return;
    if (typeof p.name !== 'string') this.add(`${field}.name is not a string`);
    this.text(p.name || undefined, 140, `${field}.name`);
    if (p.binIin !== undefined) this.text(p.binIin, 35, `${field}.binIin`);
    if ('iban' in p && p.iban) this.account(p.iban, `${field}.iban`);
    if (p.bic !== undefined && !BIC.test(p.bic)) this.add(`${field}.bic '${p.bic}' is not a BIC (8 or 11 letters and digits)`);
    this.text(p.bankName || undefined, 140, `${field}.bankName`);
    if (p.country !== undefined && !/^[A-Z]{2}$/.test(p.country)) this.add(`${field}.country '${p.country}' is not an ISO 3166 alpha-2 code`);
  }
  account(v: unknown, field: string): void {
    if (typeof v !== 'string' || v === '') return this.add(`${field} is empty`);
    if (!IBAN.test(v)) this.text(v, 34, field);
  }
  refs(r: OperationReferences | undefined, field: string): void {
    if (!r) return;
    for (const [k, v] of Object.entries(r)) this.text(v, 35, `${field}.${k}`);
  }
}

const booked = (op: StatementOperation) => !op.status || op.status === 'booked';

function checkStatement(st: Statement, i: number, c: Checker): void {
  c.where = `statement ${i + 1}${st?.account ? ` (${st.account})` : ''}`;
  if (!st || typeof st !== 'object') return c.add('is not an object');
  if (st.balancesStated === false) {
    c.add('states no opening and closing balance (an intraday report or a notification): a camt.053 statement needs both', 'FMT_NOT_SUPPORTED');
  }
  c.account(st.account, 'account');
  if (typeof st.currency !== 'string' || !CCY.test(st.currency)) return c.add(`currency '${String(st.currency)}' is not an ISO 4217 letter code`);
  const ccy = st.currency;
  c.date(st.from, 'from', true);
  c.date(st.to, 'to', true);
  if (typeof st.from === 'string' && typeof st.to === 'string' && st.from > st.to) c.add(`the period starts (${st.from}) after it ends (${st.to})`);
  c.text(st.id, 35, 'id');
  c.text(st.additionalInfo, 500, 'additionalInfo');
  c.party(st.owner, 'owner');
  if (st.servicerBic !== undefined && !BIC.test(st.servicerBic)) c.add(`servicerBic '${st.servicerBic}' is not a BIC`);
  c.money(st.openingBalance, 'openingBalance', ccy, false);
  c.money(st.closingBalance, 'closingBalance', ccy, false);
  c.money(st.totalCredits, 'totalCredits', ccy);
  c.money(st.totalDebits, 'totalDebits', ccy);
  for (const [j, b] of (st.balances ?? []).entries()) {
    const f = `balances[${j}]`;
    if (typeof b?.type !== 'string' || !b.type) c.add(`${f}.type is empty`);
    else c.text(b.type, 35, `${f}.type`);
    c.money(b?.amount, `${f}.amount`, ccy, false);
    c.date(b?.date, `${f}.date`, true);
  }
  if (!Array.isArray(st.operations)) return c.add('operations is not a list');
  let credits = 0n;
  let debits = 0n;
  const where = c.where;
  st.operations.forEach((op, j) => {
    c.where = `${where}, operation ${j + 1}${op?.number ? ` (№ ${op.number})` : ''}`;
    if (!op || typeof op !== 'object') return c.add('is not an object');
    if (op.direction !== 'credit' && op.direction !== 'debit') return c.add("direction must be 'credit' or 'debit'");
    c.money(op.amount, 'amount', ccy);
    if (typeof op.amount?.minor !== 'bigint') return;
    if (booked(op)) {
      if (op.direction === 'credit') credits += op.amount.minor;
      else debits += op.amount.minor;
    }
    if (op.status !== undefined && !['booked', 'pending', 'info'].includes(op.status)) c.add(`status '${String(op.status)}' is not booked, pending or info`);
    c.date(op.date, 'date', false);
    c.date(op.valueDate, 'valueDate', false);
    c.text(op.number || undefined, 35, 'number');
    if (typeof op.purpose !== 'string') c.add('purpose is not a string');
    else c.text(op.purpose, 100_000, 'purpose');
    c.text(op.knp, 35, 'knp');
    c.text(op.additionalInfo ?? (op.transactions ? op.purpose || undefined : undefined), 500, 'additionalInfo');
    c.refs(op.references, 'references');
    c.party(op.counterparty, 'counterparty');
    c.party(op.ultimateCounterparty, 'ultimateCounterparty');
    if (op.ownAccount) c.account(op.ownAccount, 'ownAccount');
    c.money(op.originalAmount, 'originalAmount');
    c.money(op.charges, 'charges');
    const code = op.bankTransactionCode;
    if (code) {
      for (const k of ['domain', 'family', 'subFamily'] as const) if (code[k] !== undefined) c.text(code[k], 4, `bankTransactionCode.${k}`);
      c.text(code.proprietary, 35, 'bankTransactionCode.proprietary');
      c.text(code.issuer, 35, 'bankTransactionCode.issuer');
    }
    for (const [k, tx] of (op.transactions ?? []).entries()) {
      const f = `transactions[${k}]`;
      c.money(tx.amount, `${f}.amount`);
      if (tx.direction !== undefined && tx.direction !== 'credit' && tx.direction !== 'debit') c.add(`${f}.direction must be 'credit' or 'debit'`);
      c.party(tx.counterparty, `${f}.counterparty`);
      c.refs(tx.references, `${f}.references`);
      c.text(tx.purpose, 100_000, `${f}.purpose`);
    }
  });
  c.where = where;
  const f = (v: bigint) => formatDecimal(v, ccy);
  const ok = (m: Money | undefined) => typeof m?.minor === 'bigint';
  if (st.balancesStated !== false && ok(st.openingBalance) && ok(st.closingBalance)) {
    const o = st.openingBalance.minor;
    if (o + credits - debits !== st.closingBalance.minor) {
      c.add(`balances do not reconcile: opening ${f(o)} + booked credits ${f(credits)} − booked debits ${f(debits)} = ${f(o + credits - debits)}, but the closing balance is ${f(st.closingBalance.minor)}`, 'FMT_TOTALS_MISMATCH');
    }
    const first = (type: string) => st.balances?.find((b) => b.type === type);
    const opbd = first('OPBD');
    const clbd = first('CLBD');
    if (ok(opbd?.amount) && opbd!.amount.minor !== o) c.add(`the stated OPBD balance ${f(opbd!.amount.minor)} is not the opening balance ${f(o)}`, 'FMT_TOTALS_MISMATCH');
    if (ok(clbd?.amount) && clbd!.amount.minor !== st.closingBalance.minor) c.add(`the stated CLBD balance ${f(clbd!.amount.minor)} is not the closing balance ${f(st.closingBalance.minor)}`, 'FMT_TOTALS_MISMATCH');
  }
  if (ok(st.totalCredits) && st.totalCredits.minor !== credits) c.add(`totalCredits ${f(st.totalCredits.minor)} is not the sum of the booked credits ${f(credits)}`, 'FMT_TOTALS_MISMATCH');
  if (ok(st.totalDebits) && st.totalDebits.minor !== debits) c.add(`totalDebits ${f(st.totalDebits.minor)} is not the sum of the booked debits ${f(debits)}`, 'FMT_TOTALS_MISMATCH');
}

/** Throws one GatewayError listing every problem of the input (nothing is written then). */
export function checkCamt053(statements: readonly Statement[], options: WriteOptions = {}): void {
  const c = new Checker();
  if (!Array.isArray(statements) || statements.length === 0) c.add('there is no statement to write');
  else statements.forEach((st, i) => checkStatement(st, i, c));
  c.where = 'options';
  c.text(options.messageId, 35, 'messageId');
  if (options.createdAt !== undefined && !DATE_TIME.test(options.createdAt)) c.add(`createdAt '${options.createdAt}' is not an ISO date-time`);
  if (c.problems.length) {
    const lines = c.problems.map((p) => (p.where ? `${p.where}: ${p.message}` : p.message));
    const shown = lines.slice(0, 20).join('; ') + (lines.length > 20 ? `; and ${lines.length - 20} more` : '');
    throw new GatewayError(c.problems[0]!.code, `statements cannot be written as camt.053.001.08: ${shown}`, { problems: c.problems });
  }
}

