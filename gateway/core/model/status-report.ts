// A bank's payment status report (ISO 20022 pain.002): statuses at group, payment-information and transaction level.
import type { Money } from './money.ts';

/** One reason as the report gives it (`StsRsnInf`): ISO ExternalStatusReason1Code (AC01, AM04, …) or a proprietary code, plus text. */
export interface StatusReason {
  code?: string;
  proprietary?: string;
  /** `AddtlInf` lines, as written. */
  text: string[];
}

/** pain.002 `OrgnlPmtInfAndSts` (payment level) or `TxInfAndSts` (transaction level). */
export interface TransactionStatus {
  /** ISO ExternalPaymentTransactionStatus1Code: RCVD, PDNG, ACTC, ACCP, ACSP, ACWC, ACSC, ACCC, RJCT, PART, … absent = not stated (inherits). */
  status?: string;
  reasons: StatusReason[];
  /** The original payment information id this status is under. */
  paymentInfoId?: string;
  instructionId?: string;
  endToEndId?: string;
  /** `OrgnlTxRef/Amt` when the report repeats it. */
  amount?: Money;
  /** `AccptncDtTm` or the execution date the bank names (ISO date or date-time as written). */
  acceptedAt?: string;
}

export interface PaymentInfoStatus {
  paymentInfoId: string;
  status?: string;
  reasons: StatusReason[];
  transactions: TransactionStatus[];
}

export interface StatusReport {
  /** `GrpHdr/MsgId` of the report itself. */
  messageId: string;
  createdAt?: string;
  /** `OrgnlGrpInfAndSts/OrgnlMsgId`: the pain.001 this answers. */
  originalMessageId: string;
  /** `OrgnlMsgNmId`, e.g. 'pain.001.001.09'. */
  originalMessageType?: string;
  /** `GrpSts`; absent when only lower levels carry a status. */
  groupStatus?: string;
  groupReasons: StatusReason[];
  payments: PaymentInfoStatus[];
}
