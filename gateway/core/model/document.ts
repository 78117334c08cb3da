// The canonical document: one discriminated union over every kind the gateway handles.
import type { Money } from './money.ts';
import type { Party } from './party.ts';

export const DOCUMENT_KINDS = ['payment', 'pension', 'social', 'medical', 'budget', 'salary', 'fx-payment', 'fx-order', 'letter'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Fields every payment-like kind shares. Dates are ISO 'YYYY-MM-DD' business dates. */
export interface PaymentBase {
  number: string;
  date: string;
  valueDate?: string;
  amount: Money;
  payer: Party;
  beneficiary: Party;
  /** Actual payer / beneficiary when someone pays on behalf of another (ISO 20022 UltmtDbtr/UltmtCdtr). */
  actualPayer?: Party;
  actualBeneficiary?: Party;
  /** KNP: 3-digit payment purpose code. */
  knp?: string;
  purpose: string;
  /** Payment priority / urgency as the source states it. */
  priority?: string;
}

/** A row of an employee list (pension, social, medical, salary). */
export interface ListRow {
  iin: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate?: string;
  amount: Money;
  /** Period the contribution is for, 'YYYY-MM'. */
  period?: string;
  /** Card / personal account the row is credited to (salary lists: `ЛицевойСчет` of 1C standard 109). */
  account?: string;
  /** 1-based line of the row in the file it was read from (the payment file or its side-car list). */
  line?: number;
}

export interface PaymentDocument extends PaymentBase { kind: 'payment' }
export interface BudgetDocument extends PaymentBase { kind: 'budget'; kbk: string }
export interface PensionDocument extends PaymentBase { kind: 'pension'; scheme: 'OPV' | 'OPVR' | 'OPPV'; rows: ListRow[] }
export interface SocialDocument extends PaymentBase { kind: 'social'; rows: ListRow[] }
export interface MedicalDocument extends PaymentBase { kind: 'medical'; scheme: 'OOSMS' | 'VOSMS'; rows: ListRow[] }
export interface SalaryDocument extends PaymentBase { kind: 'salary'; rows: ListRow[] }
export interface FxPaymentDocument extends PaymentBase {
  kind: 'fx-payment';
  /** Intermediary bank, charges bearer (OUR/SHA/BEN), currency contract number. */
  intermediaryBic?: string;
  charges?: 'OUR' | 'SHA' | 'BEN';
  contractNumber?: string;
}
export interface FxOrderDocument {
  kind: 'fx-order';
  number: string;
  date: string;
  direction: 'buy' | 'sell';
  /** Amount of the currency bought or sold. */
  amount: Money;
  /** Account debited and account credited. */
  fromIban: string;
  toIban: string;
  rateLimit?: string;
  purpose: string;
}
export interface LetterDocument {
  kind: 'letter';
  number: string;
  date: string;
  subject: string;
  body: string;
  attachments?: { name: string; sha256: string }[];
}

export type CanonicalDocument =
  | PaymentDocument
  | BudgetDocument
  | PensionDocument
  | SocialDocument
  | MedicalDocument
  | SalaryDocument
  | FxPaymentDocument
  | FxOrderDocument
  | LetterDocument;

export function isDocumentKind(v: string): v is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(v);
}
