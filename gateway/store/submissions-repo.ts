// Bank submissions: the "send started" record committed before a connector is called, the bank's answers, and the
// document state that follows from them — each change with its audit event, in one transaction.
import type { BankStatus } from '../core/connector.ts';
import type { DocumentState } from './schema.ts';
import { appendEventTx } from './sql/audit-log.ts';
import { forUpdate, ROWS, type Db } from './sql/executor.ts';

export interface SubmissionRow {
  documentId: string;
  connector: string;
  idempotencyKey: string;
  payloadSha256: string;
  bankId: string | null;
  bankState: string | null;
  reasonJson: string | null;
  executionDate: string | null;
  entryBankId: string | null;
  attempts: number;
  lastError: string | null;
  sentAt: number;
  updatedAt: number;
  reportedState: string | null;
}

const COLS = `document_id AS "documentId", connector, idempotency_key AS "idempotencyKey", payload_sha256 AS "payloadSha256", bank_id AS "bankId",
  bank_state AS "bankState", reason_json AS "reasonJson", execution_date AS "executionDate", entry_bank_id AS "entryBankId", attempts,
  last_error AS "lastError", sent_at AS "sentAt", updated_at AS "updatedAt", reported_state AS "reportedState"`;

const SQL = {
  get: `SELECT ${COLS} FROM bank_submissions WHERE document_id = $1`,
  byBankId: `SELECT ${COLS} FROM bank_submissions WHERE bank_id = $1`,
  insert: `INSERT INTO bank_submissions (document_id, connector, idempotency_key, payload_sha256, attempts, sent_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING ${COLS}`,
  attempt: 'UPDATE bank_submissions SET attempts = attempts + 1, updated_at = $1 WHERE document_id = $2',
  error: 'UPDATE bank_submissions SET last_error = $1, updated_at = $2 WHERE document_id = $3',
  answer:
    'UPDATE bank_submissions SET bank_id = $1, bank_state = $2, reason_json = $3, execution_date = $4, entry_bank_id = COALESCE($5, entry_bank_id), last_error = NULL, updated_at = $6 WHERE document_id = $7',
  docState: 'SELECT state FROM documents WHERE id = $1',
  setDocState: 'UPDATE documents SET state = $1 WHERE id = $2',
  reported: 'UPDATE bank_submissions SET reported_state = $1 WHERE document_id = $2',
  open: `SELECT ${COLS} FROM bank_submissions s WHERE (s.bank_state IS NULL OR s.bank_state IN ('received', 'accepted')) ORDER BY s.sent_at LIMIT $1`,
  unreported: `SELECT ${COLS} FROM bank_submissions WHERE bank_state IS NOT NULL AND (reported_state IS NULL OR reported_state <> bank_state) ORDER BY updated_at LIMIT $1`,
};

export function getSubmission(db: Db, documentId: string): Promise<SubmissionRow | undefined> {
  return db.get<SubmissionRow & Record<string, unknown>>(SQL.get, [documentId]);
}

export function submissionByBankId(db: Db, bankId: string): Promise<SubmissionRow | undefined> {
  return db.get<SubmissionRow & Record<string, unknown>>(SQL.byBankId, [bankId]);
}

/** Submissions still waiting for a final answer (or for any answer at all). */
export function openSubmissions(db: Db, limit = 500): Promise<SubmissionRow[]> {
  return db.all<SubmissionRow & Record<string, unknown>>(SQL.open, [limit]);
}

/** Submissions whose current bank state has no status file for 1C yet. */
export function unreportedSubmissions(db: Db, limit = 500): Promise<SubmissionRow[]> {
  return db.all<SubmissionRow & Record<string, unknown>>(SQL.unreported, [limit]);
}

export async function markReported(db: Db, documentId: string, state: string): Promise<void> {
  await db.run(SQL.reported, [state, documentId]);
}

/*
 * The writes here run as 'rows' transactions (executor.ts): on PostgreSQL, submissions of several workers commit side
 * by side. Each locks what it decides on, always the submission row before the document row, so two of them never
 * wait on each other in a circle.
 */

/** The document's state, locked to the end of the transaction (a 'rows' transaction decides its move on it). */
async function docState(tx: Db, documentId: string): Promise<string | undefined> {
  return (await tx.get<{ state: string }>(SQL.docState + forUpdate(tx), [documentId]))?.state;
}

/**
 * "Send started": the submission row (its first attempt counted: the call follows at once) and the document's move
 * to 'queued', durably, before any byte goes to the bank. Resolves after the WAL barrier; concurrent submissions
 * share one commit and one fsync (db.durableAsync).
 */
export function recordSendStarted(db: Db, s: { documentId: string; connector: string; idempotencyKey: string; payloadSha256: string; fromState: DocumentState }): Promise<SubmissionRow> {
  return db.durableAsync(async (tx) => {
    const now = tx.clock.now();
    // A new row: nobody else can hold it (a second insert of the same document waits for this one, then fails).
    const row = (await tx.get<SubmissionRow & Record<string, unknown>>(SQL.insert, [s.documentId, s.connector, s.idempotencyKey, s.payloadSha256, now, now]))!;
    await tx.run(SQL.setDocState, ['queued', s.documentId]);
    await appendEventTx(tx, { entityType: 'document', entityId: s.documentId, type: 'document.queued', actor: 'system', at: now, data: { connector: s.connector, idempotencyKey: s.idempotencyKey, payloadSha256: s.payloadSha256, from: s.fromState } });
    return row;
  }, ROWS);
}

/** Counts a call to the bank before it is made (a crash after it shows the bank may have the document). */
export async function recordAttempt(db: Db, documentId: string): Promise<void> {
  await db.durable((tx) => tx.run(SQL.attempt, [tx.clock.now(), documentId]), ROWS);
}

export async function recordError(db: Db, documentId: string, message: string, state?: DocumentState): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(SQL.error, [message.slice(0, 500), tx.clock.now(), documentId]);
    if (state) {
      const from = await docState(tx, documentId);
      if (from !== state) {
        await tx.run(SQL.setDocState, [state, documentId]);
        await appendEventTx(tx, { entityType: 'document', entityId: documentId, type: 'document.state', actor: 'system', data: { from, to: state, why: message.slice(0, 300) } });
      }
    }
  }, ROWS);
}

const STATE_OF: Record<BankStatus['state'], DocumentState> = { received: 'sent', accepted: 'accepted', executed: 'executed', rejected: 'rejected' };
/** The document never moves backwards on a late or repeated answer. */
const RANK: Record<string, number> = { signed: 0, queued: 1, 'unknown-outcome': 1, sent: 2, accepted: 3, executed: 4, rejected: 4 };

/**
 * Stores the bank's answer and moves the document accordingly (sent / accepted / executed / rejected). An ordinary
 * commit, not a durable one: an answer lost to a power cut is asked again (the status poller, the submit job's
 * status query first), so only "send started" pays for an fsync.
 */
export function recordBankStatus(db: Db, documentId: string, s: BankStatus, how: 'submit' | 'status' | 'statement'): Promise<DocumentState | null> {
  return db.transaction(async (tx) => {
    const now = tx.clock.now();
    const before = await tx.get<SubmissionRow & Record<string, unknown>>(SQL.get + forUpdate(tx), [documentId]);
    await tx.run(SQL.answer, [s.bankId, s.state, s.reason ? JSON.stringify(s.reason) : null, s.executionDate, s.entryBankId, now, documentId]);
    const from = (await docState(tx, documentId)) ?? null;
    const to = STATE_OF[s.state];
    const moves = from !== null && from !== to && (RANK[to] ?? 0) >= (RANK[from] ?? 0);
    if (moves) await tx.run(SQL.setDocState, [to, documentId]);
    if (moves || before?.bankState !== s.state) {
      await appendEventTx(tx, { entityType: 'document', entityId: documentId, type: 'document.bank-status', actor: 'bank', at: now, data: { how, bankId: s.bankId, bankState: s.state, reason: s.reason, executionDate: s.executionDate, entryBankId: s.entryBankId, from, to: moves ? to : from } });
    }
    return moves ? to : (from as DocumentState | null);
  }, ROWS);
}
