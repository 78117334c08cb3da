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
  // What ISO 20022 camt.05x and SWIFT MT940/942 state beyond 1C's fields (all optional: 1C statements have none).
  /** camt `Ntry/Sts` BOOK / PDNG / INFO; absent = booked. MT942 entries are 'pending' only where the bank says so. */
  status?: 'booked' | 'pending' | 'info';
  /** camt `RvslInd`, MT940 :61: mark RC / RD (a reversal of an earlier entry). */
  reversal?: boolean;
  /** References as the bank gives them (camt `Refs`, MT940 :61: reference for the account owner `//` bank reference). */
  references?: OperationReferences;
  /** camt `BkTxCd` (Domn/Cd, Fmly/Cd, SubFmlyCd or Prtry); MT940 :61: transaction type (e.g. 'NTRF') as proprietary, issuer 'SWIFT'. */
  bankTransactionCode?: BankTransactionCode;
  /** The account of the own side when the bank names it per entry (camt `NtryDtls/TxDtls/RltdPties`). */
  ownAccount?: string;
  /** Ultimate debtor of a credit / ultimate creditor of a debit (camt `UltmtDbtr` / `UltmtCdtr`). */
  ultimateCounterparty?: Party;
  /** Instructed amount when it differs from the booked one (camt `AmtDtls/InstdAmt`, MT940 :86: `/OCMT/`). */
  originalAmount?: Money;
  /** Charges taken on this entry (camt `Chrgs`, MT940 :86: `/CHGS/`). */
  charges?: Money;
  /** A batch booking: one entry for several transactions (camt `NtryDtls/Btch` + several `TxDtls`), each kept. */
  transactions?: OperationTransaction[];
  /** Free text beyond `purpose` (camt `AddtlNtryInf`, MT940 :86: as received when it is not structured). */
  additionalInfo?: string;
}

export interface OperationReferences {
  /** camt `AcctSvcrRef`; MT940 :61: bank reference after `//`. */
  accountServicer?: string;
  /** camt `MsgId`, `PmtInfId`, `InstrId`, `EndToEndId`, `TxId`, `MndtId`; MT940 :61: reference for the account owner. */
  messageId?: string;
  paymentInfoId?: string;
  instructionId?: string;
  endToEndId?: string;
  transactionId?: string;
  mandateId?: string;
  /** MT940 :61: reference for the account owner (`NONREF` kept as written). */
  customer?: string;
}

export interface BankTransactionCode {
  domain?: string;
  family?: string;
  subFamily?: string;
  proprietary?: string;
  issuer?: string;
}

/** One transaction inside a batch-booked entry. */
export interface OperationTransaction {
  amount?: Money;
  direction?: StatementDirection;
  counterparty?: Party;
  purpose?: string;
  references?: OperationReferences;
}

/** A balance as the statement states it (camt `Bal`, MT940 :60a:/:62a:/:64:/:65:). */
export interface StatementBalance {
  /** ISO 20022 BalanceType code: OPBD (:60F:), CLBD (:62F:), CLAV (:64:), FWAV (:65:), ITBD, OPAV, PRCD, INFO, … */
  type: string;
  /** Signed: below zero is a debit balance (camt `CdtDbtInd` DBIT, MT940 D mark). */
  amount: Money;
  date: string;
  /** MT940 :60M: / :62M: (an intermediate balance of a statement split over several messages). */
  intermediate?: boolean;
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
  // ISO 20022 / SWIFT facts (optional: a 1C statement has none).
  /** statement (camt.053, MT940; the default), intraday report (camt.052, MT942) or debit/credit notification (camt.054). */
  kind?: 'statement' | 'intraday' | 'notification';
  /**
   * False when the source states no opening and closing balance (camt.054, most MT942, a camt.052 without `Bal`):
   * the balances above are then zero and mean nothing, and writers of full statements (1C, MT940, camt.053) refuse it.
   */
  balancesStated?: boolean;
  /** camt `Stmt/Id` (`Rpt/Id`, `Ntfctn/Id`); MT940 :20: transaction reference. */
  id?: string;
  /** camt `ElctrncSeqNb` (or `LglSeqNb`); MT940 :28C: statement number, with `/sequence` when present. */
  sequence?: string;
  /** camt `CreDtTm` of the statement, ISO date-time as written. */
  createdAt?: string;
  /** BIC of the bank that keeps the account (camt `Acct/Svcr`, MT block 2 / 1 sender). */
  servicerBic?: string;
  /** Every balance as stated, in file order (opening/closing above repeat OPBD/CLBD). */
  balances?: StatementBalance[];
  /** camt `AddtlStmtInf`; MT940 :86: after the last :61: (statement-level information). */
  additionalInfo?: string;
}
