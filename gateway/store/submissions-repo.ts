// Bank submissions: the "send started" record committed before a connector is called, the bank's answers, and the
// document state that follows from them — each change with its audit event, in one transaction.
import type Database from 'better-sqlite3';
import type { BankStatus } from '../core/connector.ts';
import { appendEvent } from './audit.ts';
import type { Store } from './db.ts';
import type { DocumentState } from './schema.ts';

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

const COLS = `document_id AS documentId, connector, idempotency_key AS idempotencyKey, payload_sha256 AS payloadSha256, bank_id AS bankId,
  bank_state AS bankState, reason_json AS reasonJson, execution_date AS executionDate, entry_bank_id AS entryBankId, attempts,
  last_error AS lastError, sent_at AS sentAt, updated_at AS updatedAt, reported_state AS reportedState`;

const cache = new WeakMap<Database.Database, Record<string, Database.Statement>>();
function st(store: Store) {
  let s = cache.get(store.sqlite);
  if (!s) {
    const q = store.sqlite;
    s = {
      get: q.prepare(`SELECT ${COLS} FROM bank_submissions WHERE document_id = ?`),
      byBankId: q.prepare(`SELECT ${COLS} FROM bank_submissions WHERE bank_id = ?`),
      insert: q.prepare('INSERT INTO bank_submissions (document_id, connector, idempotency_key, payload_sha256, attempts, sent_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)'),
      attempt: q.prepare('UPDATE bank_submissions SET attempts = attempts + 1, updated_at = ? WHERE document_id = ?'),
      error: q.prepare('UPDATE bank_submissions SET last_error = ?, updated_at = ? WHERE document_id = ?'),
      answer: q.prepare('UPDATE bank_submissions SET bank_id = ?, bank_state = ?, reason_json = ?, execution_date = ?, entry_bank_id = COALESCE(?, entry_bank_id), last_error = NULL, updated_at = ? WHERE document_id = ?'),
      docState: q.prepare('SELECT state FROM documents WHERE id = ?'),
      setDocState: q.prepare('UPDATE documents SET state = ? WHERE id = ?'),
      reported: q.prepare('UPDATE bank_submissions SET reported_state = ? WHERE document_id = ?'),
      open: q.prepare(`SELECT ${COLS} FROM bank_submissions s WHERE (s.bank_state IS NULL OR s.bank_state IN ('received', 'accepted')) ORDER BY s.sent_at LIMIT ?`),
      unreported: q.prepare(`SELECT ${COLS} FROM bank_submissions WHERE bank_state IS NOT NULL AND (reported_state IS NULL OR reported_state <> bank_state) ORDER BY updated_at LIMIT ?`),
    };
    cache.set(store.sqlite, s);
  }
  return s;
}

export function getSubmission(store: Store, documentId: string): SubmissionRow | undefined {
  return st(store).get!.get(documentId) as SubmissionRow | undefined;
}

export function submissionByBankId(store: Store, bankId: string): SubmissionRow | undefined {
  return st(store).byBankId!.get(bankId) as SubmissionRow | undefined;
}

/** Submissions still waiting for a final answer (or for any answer at all). */
export function openSubmissions(store: Store, limit = 500): SubmissionRow[] {
  return st(store).open!.all(limit) as SubmissionRow[];
}

/** Submissions whose current bank state has no status file for 1C yet. */
export function unreportedSubmissions(store: Store, limit = 500): SubmissionRow[] {
  return st(store).unreported!.all(limit) as SubmissionRow[];
}

export function markReported(store: Store, documentId: string, state: string): void {
  st(store).reported!.run(state, documentId);
}

/**
 * "Send started": the submission row (its first attempt counted: the call follows at once) and the document's move
 * to 'queued', durably, before any byte goes to the bank. Resolves after the WAL barrier; concurrent submissions
 * share one commit and one fsync (store.durableAsync).
 */
export async function recordSendStarted(store: Store, s: { documentId: string; connector: string; idempotencyKey: string; payloadSha256: string; fromState: DocumentState }): Promise<SubmissionRow> {
  await store.durableAsync(() => {
    const now = store.clock.now();
    st(store).insert!.run(s.documentId, s.connector, s.idempotencyKey, s.payloadSha256, now, now);
    st(store).setDocState!.run('queued', s.documentId);
    appendEvent(store.sqlite, { entityType: 'document', entityId: s.documentId, type: 'document.queued', actor: 'system', at: now, data: { connector: s.connector, idempotencyKey: s.idempotencyKey, payloadSha256: s.payloadSha256, from: s.fromState } });
  });
  return getSubmission(store, s.documentId)!;
}

/** Counts a call to the bank before it is made (a crash after it shows the bank may have the document). */
export function recordAttempt(store: Store, documentId: string): void {
  store.durable(() => st(store).attempt!.run(store.clock.now(), documentId));
}

export function recordError(store: Store, documentId: string, message: string, state?: DocumentState): void {
  store.transaction(() => {
    st(store).error!.run(message.slice(0, 500), store.clock.now(), documentId);
    if (state) {
      const from = (st(store).docState!.get(documentId) as { state: string } | undefined)?.state;
      if (from !== state) {
        st(store).setDocState!.run(state, documentId);
        appendEvent(store.sqlite, { entityType: 'document', entityId: documentId, type: 'document.state', actor: 'system', data: { from, to: state, why: message.slice(0, 300) } });
      }
    }
  });
}

const STATE_OF: Record<BankStatus['state'], DocumentState> = { received: 'sent', accepted: 'accepted', executed: 'executed', rejected: 'rejected' };
/** The document never moves backwards on a late or repeated answer. */
const RANK: Record<string, number> = { signed: 0, queued: 1, 'unknown-outcome': 1, sent: 2, accepted: 3, executed: 4, rejected: 4 };

/**
 * Stores the bank's answer and moves the document accordingly (sent / accepted / executed / rejected). An ordinary
 * commit, not a durable one: an answer lost to a power cut is asked again (the status poller, the submit job's
 * status query first), so only "send started" pays for an fsync.
 */
export function recordBankStatus(store: Store, documentId: string, s: BankStatus, how: 'submit' | 'status' | 'statement'): DocumentState | null {
  return store.transaction(() => {
    const now = store.clock.now();
    const before = getSubmission(store, documentId);
    st(store).answer!.run(s.bankId, s.state, s.reason ? JSON.stringify(s.reason) : null, s.executionDate, s.entryBankId, now, documentId);
    const from = (st(store).docState!.get(documentId) as { state: string } | undefined)?.state ?? null;
    const to = STATE_OF[s.state];
    const moves = from !== null && from !== to && (RANK[to] ?? 0) >= (RANK[from] ?? 0);
    if (moves) st(store).setDocState!.run(to, documentId);
    if (moves || before?.bankState !== s.state) {
      appendEvent(store.sqlite, { entityType: 'document', entityId: documentId, type: 'document.bank-status', actor: 'bank', at: now, data: { how, bankId: s.bankId, bankState: s.state, reason: s.reason, executionDate: s.executionDate, entryBankId: s.entryBankId, from, to: moves ? to : from } });
    }
    return moves ? to : (from as DocumentState | null);
  });
}
