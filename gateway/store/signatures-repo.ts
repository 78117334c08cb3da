// Signatures on documents: the signing hot path's reads and writes as plain SQL on the store's port (a query built per
// call through the query builder cost ~0.7 ms per document; the port caches each statement on SQLite), and the
// queries of what waits for a signature.
import type { Db } from './sql/executor.ts';

export type SignatureRow = {
  id: string;
  documentId: string;
  seq: number;
  userId: string;
  keyId: string;
  role: string;
  signedSha256: string;
  cms: Buffer;
  signingTime: number;
  automatic: boolean;
  createdAt: number;
};

/** What signing needs of a document: its state, stored body text (compared at commit) and its file's hash. */
export type SigningDocumentRow = {
  id: string;
  fileId: string;
  kind: string;
  state: string;
  bodyJson: string;
  amountMinor: string | null;
  currency: string | null;
  fileSha256: string | null;
};

export type SignatureBrief = {
  id: string;
  userId: string;
  role: string;
  signedSha256: string;
};

/** A signature to store: the row without its creation time, the container as any byte array. */
export type NewSignature = Omit<SignatureRow, 'createdAt' | 'cms'> & { cms: Uint8Array };

export async function signaturesOf(db: Db, documentId: string): Promise<SignatureRow[]> {
  const rows = await db.all<SignatureRow>(
    `SELECT id, document_id AS "documentId", seq, user_id AS "userId", key_id AS "keyId", role, signed_sha256 AS "signedSha256", cms,
       signing_time AS "signingTime", automatic, created_at AS "createdAt"
     FROM signatures WHERE document_id = $1 ORDER BY seq`,
    [documentId],
  );
  // 0/1 on SQLite, a boolean on PostgreSQL.
  for (const r of rows) r.automatic = Boolean(r.automatic);
  return rows;
}

export async function documentForSigning(db: Db, id: string): Promise<SigningDocumentRow | undefined> {
  return db.get<SigningDocumentRow>(
    `SELECT d.id AS id, d.file_id AS "fileId", d.kind AS kind, d.state AS state, d.body_json AS "bodyJson", d.amount_minor AS "amountMinor", d.currency AS currency, f.sha256 AS "fileSha256"
     FROM documents d LEFT JOIN files f ON f.id = d.file_id WHERE d.id = $1 AND d.state NOT LIKE 'staging:%'`,
    [id],
  );
}

export async function signatureBriefs(db: Db, documentId: string): Promise<SignatureBrief[]> {
  return db.all<SignatureBrief>('SELECT id, user_id AS "userId", role, signed_sha256 AS "signedSha256" FROM signatures WHERE document_id = $1 ORDER BY seq', [documentId]);
}

/** State, body text and signature count now: the commit compares them with what was signed. */
export async function documentNow(db: Db, id: string): Promise<{ state: string; bodyJson: string; n: number } | undefined> {
  return db.get<{ state: string; bodyJson: string; n: number }>('SELECT state, body_json AS "bodyJson", (SELECT COUNT(*) FROM signatures WHERE document_id = $1) AS n FROM documents WHERE id = $1', [id]);
}

/** Inserts the signature and moves the document from `from` to `to`; false when the state moved meanwhile. Call inside a transaction. */
export async function insertSignature(tx: Db, s: NewSignature, from: string, to: string): Promise<boolean> {
  if ((await tx.run('UPDATE documents SET state = $1 WHERE id = $2 AND state = $3', [to, s.documentId, from])).changes !== 1) return false;
  await tx.run(
    'INSERT INTO signatures (id, document_id, seq, user_id, key_id, role, signed_sha256, cms, signing_time, automatic, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
    [s.id, s.documentId, s.seq, s.userId, s.keyId, s.role, s.signedSha256, Buffer.from(s.cms.buffer, s.cms.byteOffset, s.cms.byteLength), s.signingTime, s.automatic, s.signingTime],
  );
  return true;
}

/** The payer's IBAN in a document's body (`alias.body_json`), as signed-bytes' payerAccount reads it. */
function payerIban(db: Db, alias: string): string {
  return db.dialect === 'postgres' ? `(${alias}.body_json::jsonb #>> '{payer,iban}')` : `json_extract(${alias}.body_json, '$.payer.iban')`;
}

/*
 * Document ids are ULIDs (digits and capital letters, one length): every collation orders them alike, so ORDER BY id
 * keeps the state index's order on PostgreSQL too.
 */

/**
 * Documents awaiting their first signature, by id; `account` limits them to one payer account (null: any). Automatic
 * signing queues these.
 */
export async function awaitingFirstSignature(db: Db, account: string | null, limit: number): Promise<string[]> {
  const byAccount = account === null ? '' : `AND ${payerIban(db, 'd')} = $2`;
  const rows = await db.all<{ id: string }>(
    `SELECT d.id FROM documents d WHERE d.state = 'awaiting-signature' ${byAccount} AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.document_id = d.id) ORDER BY d.id LIMIT $1`,
    account === null ? [limit] : [limit, account],
  );
  return rows.map((r) => r.id);
}

/**
 * Documents that wait for a signature (awaiting one, or partially signed) and that this user has not signed, by id;
 * `accounts` limits them to these payer accounts (absent: any), `limit` to that many (absent: all).
 */
export async function unsignedBy(db: Db, userId: string, o: { accounts?: readonly string[]; limit?: number } = {}): Promise<string[]> {
  if (o.accounts?.length === 0) return [];
  const params: (string | number)[] = [userId];
  const byAccount = o.accounts ? `AND ${payerIban(db, 'd')} IN (${o.accounts.map((a) => `$${params.push(a)}`).join(', ')})` : '';
  const limit = o.limit === undefined ? '' : `LIMIT $${params.push(o.limit)}`;
  const rows = await db.all<{ id: string }>(
    `SELECT d.id FROM documents d WHERE d.state IN ('awaiting-signature', 'partially-signed') ${byAccount}
     AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.document_id = d.id AND s.user_id = $1) ORDER BY d.id ${limit}`,
    params,
  );
  return rows.map((r) => r.id);
}
