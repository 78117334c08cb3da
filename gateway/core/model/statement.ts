// An account statement (bank → 1C): balances for a period and the operations booked on the account.
import type { Money } from './money.ts';
import type { Party } from './party.ts';

export type StatementDirection = 'credit' | 'debit';

/** One booked operation. Dates are ISO 'YYYY-MM-DD'. */
export interface StatementOperation {
  /** Booking (operation) date. */
  date: string;
  /** Date of the underlying document, when it differs from the booking date. */
  documentDate?: string;
  valueDate?: string;
  /** Document number as the bank states it ('' when it has none). */
  number: string;
  /** credit = money came in (`СуммаПриход`), debit = money went out (`СуммаРасход`). */
  direction: StatementDirection;
  /** Always > 0; the direction carries the sign. */
  amount: Money;
  /** The other side: the payer of a credit, the beneficiary of a debit. */
  counterparty: Party;
  /** KNP, 3 digits. */
  knp?: string;
  purpose: string;
  /** Kind of the bank document as 1C names it (`ВидДокумента`): 'ПлатежноеПоручение', 'Мемориальный ордер', …; '' when unknown. */
  documentKind: string;
}

export interface Statement {
  /** The statement account (IIK / IBAN). */
  account: string;
  /** ISO 4217 code of the account; balances and operations are in it. */
  currency: string;
  /** Period, inclusive. */
  from: string;
  to: string;
  /** Holder of the account (its iban is `account`); written as the own side of every operation. */
  owner?: Omit<Party, 'iban'>;
  openingBalance: Money;
  totalCredits: Money;
  totalDebits: Money;
  closingBalance: Money;
  operations: StatementOperation[];
}
