// What happened to one document, read from the store for its page: the audit events of the document and of its
// source file, its bank submission, the statement entries that book it, the files written for 1C, its signatures.
import type { AuditEvent } from './audit.ts';
import { listEntityEvents } from './sql/audit-log.ts';
import type { Db } from './sql/executor.ts';
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

/** Entries, status-file exports and signatures of one document: three reads, same on both databases. */
export async function documentTrail(db: Db, doc: { id: string; fileId: string }): Promise<DocumentTrail> {
  const entries = await db.all<StatementEntryRow>(
    `SELECT bank_id AS "bankId", account, currency, booking_date AS "bookingDate", direction, amount_minor AS "amountMinor", fetched_at AS "fetchedAt"
     FROM statement_entries WHERE document_id = $1 ORDER BY booking_date, bank_id`,
    [doc.id],
  );
  // 'status:<id>:<state>' keys: the range of keys starting with 'status:<id>:' (';' is the character after ':'; the
  // PostgreSQL store refuses a database whose collation is not byte order, pg/open.ts).
  const exports = await db.all<ExportRow>(`SELECT key, mailbox, path, written_at AS "writtenAt" FROM exports WHERE key >= $1 AND key < $2 ORDER BY written_at`, [
    `status:${doc.id}:`,
    `status:${doc.id};`,
  ]);
  for (const e of entries) {
    const statement = await db.get<ExportRow>(`SELECT key, mailbox, path, written_at AS "writtenAt" FROM exports WHERE key = $1`, [`statement:${e.account}:${e.bookingDate}`]);
    if (statement && !exports.some((x) => x.key === statement.key)) exports.push(statement);
  }
  return {
    fileEvents: await listEntityEvents(db, 'file', doc.fileId),
    documentEvents: await listEntityEvents(db, 'document', doc.id),
    submission: await getSubmission(db, doc.id),
    entries,
    exports,
  };
}

export async function signatureDetails(db: Db, documentId: string): Promise<SignatureDetail[]> {
  const rows = await db.all<Omit<SignatureDetail, 'automatic'> & { automatic: number | boolean }>(
    `SELECT s.seq, s.role, s.signing_time AS "signingTime", s.automatic, s.signed_sha256 AS "signedSha256", u.login, u.name, k.id AS "keyId", k.label AS "keyLabel",
       k.subject, k.certificate, k.not_before AS "notBefore", k.not_after AS "notAfter", k.fingerprint
     FROM signatures s JOIN users u ON u.id = s.user_id JOIN signing_keys k ON k.id = s.key_id WHERE s.document_id = $1 ORDER BY s.seq`,
    [documentId],
  );
  return rows.map((r) => ({ ...r, automatic: Boolean(r.automatic) }));
}
