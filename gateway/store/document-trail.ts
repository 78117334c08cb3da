// What happened to one document, read from the store for its page: the audit events of the document and of its
// source file, its bank submission, the statement entries that book it, the files written for 1C, its signatures.
import type Database from 'better-sqlite3';
import { listEntityEvents, type AuditEvent } from './audit.ts';
import type { Store } from './db.ts';
import { getSubmission, type SubmissionRow } from './submissions-repo.ts';

export interface StatementEntryRow {
  bankId: string;
  account: string;
  currency: string;
  bookingDate: string;
  direction: 'credit' | 'debit';
  amountMinor: string;
  fetchedAt: number;
}

export interface ExportRow {
  key: string;
  mailbox: string;
  path: string;
  writtenAt: number;
}

export interface SignatureDetail {
  seq: number;
  role: string;
  signingTime: number;
  automatic: boolean;
  signedSha256: string;
  login: string;
  name: string;
  keyId: string;
  keyLabel: string;
  subject: string;
  certificate: Buffer;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
}

export interface DocumentTrail {
  fileEvents: AuditEvent[];
  documentEvents: AuditEvent[];
  submission: SubmissionRow | undefined;
  entries: StatementEntryRow[];
  /** Status files of this document and the statement files of the days its entries were booked on. */
  exports: ExportRow[];
}

interface Statements {
  entries: Database.Statement<[string]>;
  exportRange: Database.Statement<[string, string]>;
  exportKey: Database.Statement<[string]>;
  signatures: Database.Statement<[string]>;
}
const cache = new WeakMap<Database.Database, Statements>();
function st(sqlite: Database.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) {
    s = {
      entries: sqlite.prepare(
        `SELECT bank_id AS bankId, account, currency, booking_date AS bookingDate, direction, amount_minor AS amountMinor, fetched_at AS fetchedAt
         FROM statement_entries WHERE document_id = ? ORDER BY booking_date, bank_id`,
      ),
      exportRange: sqlite.prepare('SELECT key, mailbox, path, written_at AS writtenAt FROM exports WHERE key >= ? AND key < ? ORDER BY written_at'),
      exportKey: sqlite.prepare('SELECT key, mailbox, path, written_at AS writtenAt FROM exports WHERE key = ?'),
      signatures: sqlite.prepare(
        `SELECT s.seq, s.role, s.signing_time AS signingTime, s.automatic, s.signed_sha256 AS signedSha256, u.login, u.name, k.id AS keyId, k.label AS keyLabel,
           k.subject, k.certificate, k.not_before AS notBefore, k.not_after AS notAfter, k.fingerprint
         FROM signatures s JOIN users u ON u.id = s.user_id JOIN signing_keys k ON k.id = s.key_id WHERE s.document_id = ? ORDER BY s.seq`,
      ),
    };
    cache.set(sqlite, s);
  }
  return s;
}

export async function documentTrail(store: Store, doc: { id: string; fileId: string }): Promise<DocumentTrail> {
  const s = st(store.sqlite);
  const entries = s.entries.all(doc.id) as StatementEntryRow[];
  // 'status:<id>:<state>' keys: the range of keys starting with 'status:<id>:' (';' is the character after ':').
  const exports = s.exportRange.all(`status:${doc.id}:`, `status:${doc.id};`) as ExportRow[];
  for (const e of entries) {
    const statement = s.exportKey.get(`statement:${e.account}:${e.bookingDate}`) as ExportRow | undefined;
    if (statement && !exports.some((x) => x.key === statement.key)) exports.push(statement);
  }
  return {
    fileEvents: listEntityEvents(store.sqlite, 'file', doc.fileId),
    documentEvents: listEntityEvents(store.sqlite, 'document', doc.id),
    submission: await getSubmission(store.sql, doc.id),
    entries,
    exports,
  };
}

export function signatureDetails(store: Store, documentId: string): SignatureDetail[] {
  return (st(store.sqlite).signatures.all(documentId) as (Omit<SignatureDetail, 'automatic'> & { automatic: number })[]).map((r) => ({ ...r, automatic: r.automatic === 1 }));
}
