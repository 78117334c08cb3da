// API v1 JSON (snake_case, base64) → the connector model (camelCase, bytes): document statuses, FX confirmations, letters.
import type { FxConfirmationJson, LetterJson } from '../bank-api/contract.ts';
import type { BankLetter, BankStatus, FxConfirmation } from '../../gateway/core/connector.ts';
import type { DocumentStatusJson } from './api.ts';

export function toBankStatus(s: DocumentStatusJson): BankStatus {
  return {
    bankId: s.bank_id,
    idempotencyKey: s.idempotency_key,
    state: s.status,
    reason: s.reason,
    executionDate: s.execution_date,
    entryBankId: s.entry_bank_id,
  };
}

export function toFxConfirmation(f: FxConfirmationJson): FxConfirmation {
  return {
    dealId: f.deal_id,
    orderBankId: f.order_bank_id,
    clientDocumentId: f.client_document_id,
    direction: f.direction,
    tradeDate: f.trade_date,
    valueDate: f.value_date,
    pair: f.pair,
    amount: f.amount,
    currency: f.currency,
    counterAmount: f.counter_amount,
    counterCurrency: f.counter_currency,
    rate: f.rate,
    kztEquivalent: f.kzt_equivalent,
    debitAccount: f.debit_account,
    creditAccount: f.credit_account,
    commission: f.commission,
    commissionCurrency: f.commission_currency,
    confirmedAt: f.confirmed_at,
  };
}

export function toBankLetter(l: LetterJson): BankLetter {
  return {
    bankId: l.bank_id,
    direction: l.direction,
    subject: l.subject,
    body: l.body,
    attachments: l.attachments.map((a) => ({ name: a.name, content: new Uint8Array(Buffer.from(a.content_b64, 'base64')) })),
    createdAt: l.created_at,
  };
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
