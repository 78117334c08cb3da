// API v1 statement JSON → BankStatement: decimal strings to bigint minor units, and a statement that does not add up
// (totals vs entries, opening + credits − debits vs closing) refused before it can reach 1C.
import type { StatementJson } from '../bank-api/contract.ts';
import type { BankStatement } from '../../gateway/core/connector.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { parseDecimal, type Money } from '../../gateway/core/model/money.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import type { StatementOperation } from '../../gateway/core/model/statement.ts';

function bad(s: StatementJson, problem: string): GatewayError {
  return new GatewayError('CONN_BAD_RESPONSE', `statement of ${s.account} ${s.from}..${s.to}: ${problem}`, { account: s.account, from: s.from, to: s.to, sent: true });
}

function moneyOf(s: StatementJson, text: string, currency: string, what: string): Money {
  const minor = parseDecimal(text, currency);
  if (minor === null) throw bad(s, `${what} '${text}' is not an amount in ${currency}`);
  return { minor, currency };
}

/** Party without the keys the bank left null (the model uses absent, not null). */
function party(c: StatementJson['entries'][number]['counterparty']): Party {
  const p: Party = { name: c.name };
  if (c.bin) p.binIin = c.bin;
  if (c.iban) p.iban = c.iban;
  if (c.bic) p.bic = c.bic;
  if (c.code) p.code = c.code;
  return p;
}

export function toBankStatement(s: StatementJson): BankStatement {
  const cur = s.currency;
  const operations: StatementOperation[] = [];
  const entryIds: string[] = [];
  const documentBankIds: (string | null)[] = [];
  const seen = new Set<string>();
  let credits = 0n;
  let debits = 0n;
  for (const e of s.entries) {
    if (seen.has(e.bank_id)) throw bad(s, `entry ${e.bank_id} appears twice`);
    seen.add(e.bank_id);
    if (e.currency !== cur) throw bad(s, `entry ${e.bank_id} is in ${e.currency}, the account in ${cur}`);
    const amount = moneyOf(s, e.amount, cur, `entry ${e.bank_id} amount`);
    if (amount.minor <= 0n) throw bad(s, `entry ${e.bank_id} amount must be positive (the direction carries the sign)`);
    if (e.direction === 'credit') credits += amount.minor;
    else debits += amount.minor;
    const op: StatementOperation = {
      date: e.booking_date,
      valueDate: e.value_date,
      number: e.document_number,
      direction: e.direction,
      amount,
      counterparty: party(e.counterparty),
      purpose: e.purpose,
      documentKind: e.document_kind,
    };
    if (e.document_date !== e.booking_date) op.documentDate = e.document_date;
    if (e.knp) op.knp = e.knp;
    operations.push(op);
    entryIds.push(e.bank_id);
    documentBankIds.push(e.document_bank_id);
  }
  const opening = moneyOf(s, s.opening_balance, cur, 'opening_balance');
  const totalCredits = moneyOf(s, s.total_credits, cur, 'total_credits');
  const totalDebits = moneyOf(s, s.total_debits, cur, 'total_debits');
  const closing = moneyOf(s, s.closing_balance, cur, 'closing_balance');
  if (totalCredits.minor !== credits) throw bad(s, `total_credits ${s.total_credits} differs from the sum of credit entries`);
  if (totalDebits.minor !== debits) throw bad(s, `total_debits ${s.total_debits} differs from the sum of debit entries`);
  if (opening.minor + credits - debits !== closing.minor) throw bad(s, 'opening + credits − debits does not equal closing_balance');
  return {
    account: s.account,
    currency: cur,
    from: s.from,
    to: s.to,
    owner: { name: s.owner.name, binIin: s.owner.bin },
    openingBalance: opening,
    totalCredits,
    totalDebits,
    closingBalance: closing,
    operations,
    entryIds,
    documentBankIds,
  };
}
