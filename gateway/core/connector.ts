// Bank connector contract (defineConnector): the bank decides the signed bytes, receives signed documents exactly
// once per idempotency key, reports statuses, statements, FX deal confirmations and letters. Connectors get a
// context, never the store or the queue (architecture.md 3).
import type { Logger } from './logger.ts';
import type { CanonicalDocument } from './model/document.ts';
import type { Statement } from './model/statement.ts';

export interface ConnectorContext {
  logger: Logger;
  /** Environment for secrets named by `*_env` config keys. */
  env: Record<string, string | undefined>;
}

export interface ConnectorDocument {
  /** The gateway's document id. */
  id: string;
  document: CanonicalDocument;
}

export interface SignedSubmission extends ConnectorDocument {
  /** Exactly the bytes the signatures cover: what signingPayload returned when the signers signed. */
  payload: Uint8Array;
  /** Detached CMS SignedData, in signing order. */
  signatures: Uint8Array[];
}

export type BankState = 'received' | 'accepted' | 'executed' | 'rejected';

export interface BankReasonText {
  code: string;
  ru: string;
  kk: string;
  en: string;
}

export interface Receipt {
  /** The bank's id of the document. */
  bankId: string;
  idempotencyKey: string;
}

export interface BankStatus extends Receipt {
  state: BankState;
  reason: BankReasonText | null;
  /** Business date of execution (planned or done). */
  executionDate: string | null;
  /** The statement entry of the executed debit, when the bank names it. */
  entryBankId: string | null;
}

/** A statement with the bank's unique id per operation (stored once however often it is fetched). */
export interface BankStatement extends Statement {
  entryIds: string[];
  /** Per operation: the bank id of the submitted document it books, when it is ours. */
  documentBankIds: (string | null)[];
}

export interface FxConfirmation {
  dealId: string;
  orderBankId: string;
  clientDocumentId: string;
  direction: 'buy' | 'sell';
  tradeDate: string;
  valueDate: string;
  pair: string;
  amount: string;
  currency: string;
  counterAmount: string;
  counterCurrency: string;
  rate: string;
  kztEquivalent: string;
  debitAccount: string;
  creditAccount: string;
  commission: string;
  commissionCurrency: string;
  confirmedAt: string;
}

export interface BankLetter {
  bankId: string;
  direction: 'to-bank' | 'from-bank';
  subject: string;
  body: string;
  attachments: { name: string; content: Uint8Array }[];
  createdAt: string;
}

export interface ConnectorTestResult {
  ok: boolean;
  /** What was checked and what the bank said (bank name, business date, latency). */
  details: Record<string, unknown>;
  error?: string;
}

export interface ConnectorSession {
  /** The bank decides what exactly is signed (architecture.md 6): these bytes are signed and later sent as they are. */
  signingPayload(doc: ConnectorDocument): Uint8Array;
  /** Sends once per idempotency key; repeating the key returns the first receipt (never a second payment). */
  submit(doc: SignedSubmission, idempotencyKey: string): Promise<BankStatus>;
  /** The status of a document by receipt, or by idempotency key alone when the submit's answer was lost (unknown outcome). */
  status(receipt: Receipt | { idempotencyKey: string }): Promise<BankStatus | null>;
  statement(account: string, from: string, to: string): Promise<BankStatement>;
  fxConfirmations(since: string): Promise<FxConfirmation[]>;
  letters: {
    send(letter: { subject: string; body: string; attachments: { name: string; content: Uint8Array }[] }, idempotencyKey: string): Promise<BankLetter>;
    fetch(since: string): Promise<BankLetter[]>;
  };
  test(): Promise<ConnectorTestResult>;
  close(): Promise<void>;
}

export interface Connector<C = unknown> {
  /** 'bank-http', 'bank-sandbox'. */
  name: string;
  /** Config paths holding secrets (masked in logs and the UI). */
  secrets: readonly string[];
  open(config: C, ctx: ConnectorContext): Promise<ConnectorSession>;
}

export function defineConnector<C, const P extends Connector<C> = Connector<C>>(connector: P): P {
  return connector;
}
