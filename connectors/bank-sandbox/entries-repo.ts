// Statement entries: every balance movement is one entry with a bank-unique id, booked in the same transaction as the
// balance change, so opening + credits − debits = closing holds for any period.
import type { StatementEntryJson } from '../bank-api/contract.ts';
import { formatDecimal } from '../../gateway/core/model/money.ts';
import { moveBalance } from './accounts-repo.ts';
import { prepared, type SandboxDb } from './db.ts';
import { bankId } from './ids.ts';

export type Counterparty = StatementEntryJson['counterparty'];

export interface Booking {
  account: string;
  currency: string;
  direction: 'credit' | 'debit';
  amount: bigint;
  bookingDate: string;
  valueDate?: string;
  counterparty: Counterparty;
  knp: string | null;
  purpose: string;
  documentNumber: string;
  documentDate: string;
  documentKind: string;
  documentBankId: string | null;
  clientDocumentId: string | null;
}

interface EntryRow {
  bank_id: string;
  account: string;
  booking_date: string;
  value_date: string;
  direction: 'credit' | 'debit';
  amount: string;
  currency: string;
  counterparty: string;
  knp: string | null;
  purpose: string;
  document_number: string;
  document_date: string;
  document_kind: string;
  document_bank_id: string | null;
  client_document_id: string | null;
}

/** Moves the balance and records the entry; run inside a transaction. Returns the entry's bank id. */
export function book(db: SandboxDb, b: Booking, now: number): string {
  if (b.amount <= 0n) throw new Error('an entry amount must be above zero');
  moveBalance(db, b.account, b.direction === 'credit' ? b.amount : -b.amount);
  const id = bankId('entry', now);
  prepared(db, 
    `INSERT INTO entries (bank_id, account, booking_date, value_date, direction, amount, currency, counterparty, knp, purpose,
       document_number, document_date, document_kind, document_bank_id, client_document_id, booked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, b.account, b.bookingDate, b.valueDate ?? b.bookingDate, b.direction, b.amount.toString(), b.currency, JSON.stringify(b.counterparty), b.knp, b.purpose,
    b.documentNumber, b.documentDate, b.documentKind, b.documentBankId, b.clientDocumentId, new Date(now).toISOString());
  return id;
}

export function entriesBetween(db: SandboxDb, account: string, from: string, to: string): StatementEntryJson[] {
  const rows = prepared(db, 'SELECT * FROM entries WHERE account = ? AND booking_date BETWEEN ? AND ? ORDER BY booking_date, seq').all(account, from, to) as EntryRow[];
  return rows.map((r) => ({
    bank_id: r.bank_id,
    booking_date: r.booking_date,
    value_date: r.value_date,
    direction: r.direction,
    amount: formatDecimal(BigInt(r.amount), r.currency),
    currency: r.currency,
    counterparty: JSON.parse(r.counterparty) as Counterparty,
    knp: r.knp,
    purpose: r.purpose,
    document_number: r.document_number,
    document_date: r.document_date,
    document_kind: r.document_kind,
    document_bank_id: r.document_bank_id,
    client_document_id: r.client_document_id,
  }));
}

/** Net movement (credits − debits) booked on or after `from`: the current balance minus it is the opening balance. */
export function netSince(db: SandboxDb, account: string, from: string): bigint {
  const rows = prepared(db, 'SELECT direction, amount FROM entries WHERE account = ? AND booking_date >= ?').all(account, from) as { direction: string; amount: string }[];
  return rows.reduce((s, r) => (r.direction === 'credit' ? s + BigInt(r.amount) : s - BigInt(r.amount)), 0n);
}
