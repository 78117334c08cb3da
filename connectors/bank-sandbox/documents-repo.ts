// Received documents (payment orders and FX orders): one row per client idempotency key, with status and reason.
import type { BankReason, DocumentStatus } from '../bank-api/contract.ts';
import { prepared, type SandboxDb } from './db.ts';

export type Channel = 'documents' | 'fx';

export interface DocumentRow {
  bank_id: string;
  client_id: string;
  idempotency_key: string;
  request_sha256: string;
  channel: Channel;
  client_document_id: string;
  kind: string;
  number: string;
  doc_date: string;
  payer_account: string | null;
  /** The decoded signed document (JSON, money minor units as digit strings as in the signed bytes). */
  document: string;
  status: DocumentStatus['status'];
  reason: string | null;
  received_at: string;
  execution_date: string | null;
  execute_at: number | null;
  executed_at: string | null;
  entry_bank_id: string | null;
}

export function insertDocument(db: SandboxDb, row: DocumentRow): void {
  prepared(db, 
    `INSERT INTO documents (bank_id, client_id, idempotency_key, request_sha256, channel, client_document_id, kind, number, doc_date, payer_account,
       document, status, reason, received_at, execution_date, execute_at, executed_at, entry_bank_id)
     VALUES (@bank_id, @client_id, @idempotency_key, @request_sha256, @channel, @client_document_id, @kind, @number, @doc_date, @payer_account,
       @document, @status, @reason, @received_at, @execution_date, @execute_at, @executed_at, @entry_bank_id)`,
  ).run(row);
}

export function documentByKey(db: SandboxDb, clientId: string, key: string): DocumentRow | null {
  return (prepared(db, 'SELECT * FROM documents WHERE client_id = ? AND idempotency_key = ?').get(clientId, key) as DocumentRow | undefined) ?? null;
}

export function documentByBankId(db: SandboxDb, bankId: string): DocumentRow | null {
  return (prepared(db, 'SELECT * FROM documents WHERE bank_id = ?').get(bankId) as DocumentRow | undefined) ?? null;
}

/** An accepted or executed document with the same 1C identity: payer account + number + date (architecture.md 5). */
export function acceptedTwin(db: SandboxDb, payer: string, number: string, date: string): DocumentRow | null {
  return (prepared(db, "SELECT * FROM documents WHERE payer_account = ? AND number = ? AND doc_date = ? AND status IN ('accepted', 'executed') LIMIT 1")
    .get(payer, number, date) as DocumentRow | undefined) ?? null;
}

/** Accepted documents due at `now`, oldest first (execution order decides who gets the funds). */
export function dueDocuments(db: SandboxDb, now: number): DocumentRow[] {
  return prepared(db, "SELECT * FROM documents WHERE status = 'accepted' AND execute_at <= ? ORDER BY execute_at, received_at, rowid").all(now) as DocumentRow[];
}

export function markExecuted(db: SandboxDb, bankId: string, executedAt: string, entryBankId: string): void {
  prepared(db, "UPDATE documents SET status = 'executed', reason = NULL, executed_at = ?, entry_bank_id = ? WHERE bank_id = ?").run(executedAt, entryBankId, bankId);
}

export function markRejected(db: SandboxDb, bankId: string, reason: BankReason): void {
  prepared(db, "UPDATE documents SET status = 'rejected', reason = ?, execute_at = NULL WHERE bank_id = ?").run(JSON.stringify(reason), bankId);
}

export function documentStatus(row: DocumentRow): DocumentStatus {
  return {
    bank_id: row.bank_id,
    client_document_id: row.client_document_id,
    idempotency_key: row.idempotency_key,
    kind: row.kind,
    number: row.number,
    status: row.status,
    reason: row.reason === null ? null : (JSON.parse(row.reason) as BankReason),
    received_at: row.received_at,
    execution_date: row.execution_date,
    executed_at: row.executed_at,
    entry_bank_id: row.entry_bank_id,
  };
}
