// Signing keys known to the gateway (certificate, subject, validity) and the user each is bound to.
import { GatewayError } from '../core/errors.ts';
import { appendEventTx } from './sql/audit-log.ts';
import type { Db } from './sql/executor.ts';

export type KeyRow = {
  id: string;
  provider: string;
  label: string;
  tokenLabel: string | null;
  tokenSerial: string | null;
  /** DER. */
  certificate: Buffer;
  fingerprint: string;
  subject: string;
  iin: string | null;
  bin: string | null;
  notBefore: number;
  notAfter: number;
  userId: string | null;
  boundAt: number | null;
  createdAt: number;
};

export interface KeyRecordInput {
  id: string;
  provider: string;
  label: string;
  tokenLabel: string | null;
  tokenSerial: string | null;
  certificate: Uint8Array;
  fingerprint: string;
  subject: string;
  iin: string | null;
  bin: string | null;
  notBefore: Date;
  notAfter: Date;
}

/** The columns of signing_keys under KeyRow's names. */
const COLUMNS = `id, provider, label, token_label AS "tokenLabel", token_serial AS "tokenSerial", certificate, fingerprint, subject, iin, bin,
  not_before AS "notBefore", not_after AS "notAfter", user_id AS "userId", bound_at AS "boundAt", created_at AS "createdAt"`;

export async function getKey(db: Db, id: string): Promise<KeyRow | undefined> {
  return db.get<KeyRow>(`SELECT ${COLUMNS} FROM signing_keys WHERE id = $1`, [id]);
}

export async function listKeys(db: Db): Promise<KeyRow[]> {
  // Ids compared byte by byte on both databases (SQLite's default; PostgreSQL's collation may order them otherwise).
  return db.all<KeyRow>(`SELECT ${COLUMNS} FROM signing_keys ORDER BY id`);
}

/** Records the key (or refreshes its certificate facts) and binds it to the user; a key is bound to one user at a time. */
export function bindKey(db: Db, k: KeyRecordInput, userId: string, actor: string): Promise<KeyRow> {
  return db.transaction(async (tx) => {
    const now = tx.clock.now();
    const existing = await getKey(tx, k.id);
    if (existing && existing.fingerprint !== k.fingerprint) {
      throw new GatewayError('SIGN_KEY_NOT_BOUND', `key ${k.id} now shows another certificate (${k.fingerprint.slice(0, 16)}… instead of ${existing.fingerprint.slice(0, 16)}…): unbind it first`);
    }
    const values = [k.provider, k.label, k.tokenLabel, k.tokenSerial, Buffer.from(k.certificate), k.fingerprint, k.subject, k.iin, k.bin, k.notBefore.getTime(), k.notAfter.getTime(), userId, now, k.id];
    if (existing) {
      await tx.run(
        `UPDATE signing_keys SET provider = $1, label = $2, token_label = $3, token_serial = $4, certificate = $5, fingerprint = $6, subject = $7, iin = $8, bin = $9,
           not_before = $10, not_after = $11, user_id = $12, bound_at = $13 WHERE id = $14`,
        values,
      );
    } else {
      await tx.run(
        `INSERT INTO signing_keys (provider, label, token_label, token_serial, certificate, fingerprint, subject, iin, bin, not_before, not_after, user_id, bound_at, id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [...values, now],
      );
    }
    await appendEventTx(tx, { entityType: 'key', entityId: k.id, type: 'key.bound', actor, at: now, data: { userId, previousUserId: existing?.userId ?? null, fingerprint: k.fingerprint, subject: k.subject, iin: k.iin, bin: k.bin } });
    return (await getKey(tx, k.id))!;
  });
}

export function unbindKey(db: Db, id: string, actor: string): Promise<void> {
  return db.transaction(async (tx) => {
    const existing = await getKey(tx, id);
    if (!existing) throw new GatewayError('SIGN_KEY_NOT_FOUND', `no key ${id} is recorded`);
    await tx.run('UPDATE signing_keys SET user_id = NULL, bound_at = NULL WHERE id = $1', [id]);
    await appendEventTx(tx, { entityType: 'key', entityId: id, type: 'key.unbound', actor, data: { previousUserId: existing.userId } });
  });
}
