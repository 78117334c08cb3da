// Rows the signing repositories' tests stand on (a user, a file, documents in a state), written as plain SQL on the
// port so the same fixtures work on SQLite and PostgreSQL whatever state the users and documents repositories are in.
import type { Db } from '../../gateway/store/sql/executor.ts';

export async function insertUser(db: Db, id: string, login = id): Promise<void> {
  const now = db.clock.now();
  await db.run('INSERT INTO users (id, login, name, password_hash, must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [id, login, login.toUpperCase(), 'x', false, now]);
}

export async function insertFile(db: Db, id: string, sha256 = id.padEnd(64, '0')): Promise<void> {
  const now = db.clock.now();
  await db.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ($1, 'main', $2, $3, $4, 10, 'parsed', $5, $5)`, [id, `${id}.txt`, `claim-${id}`, sha256, now]);
}

/** A payment order from `iban` (null: none) in `state`; its id sorts as given (tests pick ULID-like ids). */
export async function insertDocument(db: Db, o: { id: string; fileId: string; seq: number; state: string; iban?: string | null; amountMinor?: string }): Promise<void> {
  const body = { kind: 'payment', number: o.id, date: '2025-01-15', ...(o.iban === null ? {} : { payer: { name: 'ТОО «Ромашка»', iban: o.iban ?? 'KZ86125KZT5004100100' } }) };
  await db.run(
    `INSERT INTO documents (id, file_id, seq, kind, number, doc_date, amount_minor, currency, body_json, state, created_at) VALUES ($1, $2, $3, 'payment', $4, '2025-01-15', $5, 'KZT', $6, $7, $8)`,
    [o.id, o.fileId, o.seq, o.id, o.amountMinor ?? '1000', JSON.stringify(body), o.state, db.clock.now()],
  );
}

/** The columns a signing key needs (the repository's own insert is bindKey; this one skips the audit event). */
export async function insertKey(db: Db, id: string, userId: string | null): Promise<void> {
  const now = db.clock.now();
  await db.run(
    `INSERT INTO signing_keys (id, provider, label, certificate, fingerprint, subject, not_before, not_after, user_id, bound_at, created_at) VALUES ($1, 'software', $1, $2, $3, 'CN=T', 0, $4, $5, $6, $4)`,
    [id, Buffer.from(`cert-${id}`), `fp-${id}`, now, userId, userId ? now : null],
  );
}

/** The error a promise rejects with (a test of a refusal fails if it resolves). */
export async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}
