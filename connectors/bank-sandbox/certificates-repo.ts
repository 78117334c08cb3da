// Registered signing certificates: the user they belong to and their right (single / first / second) per account or '*'.
import { certificateDer, parseCertificate } from '../../signer/certificate.ts';
import type { SignatureRole } from '../../signer/policy.ts';
import { prepared, type SandboxDb } from './db.ts';

export interface RegisteredCertificate {
  fingerprint: string;
  client_id: string;
  user: string;
  subject: string;
}

export function registerCertificate(db: SandboxDb, c: { client_id: string; pem: string; user: string; account: string; right: SignatureRole }, now: string): RegisteredCertificate {
  const der = certificateDer(c.pem);
  const info = parseCertificate(der);
  const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  prepared(db, 
    `INSERT INTO certificates (fingerprint, client_id, user, pem, subject, registered_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(fingerprint) DO UPDATE SET client_id = excluded.client_id, user = excluded.user`,
  ).run(info.fingerprint, c.client_id, c.user, pem, info.subject, now);
  prepared(db, 'INSERT INTO certificate_rights (fingerprint, account, sig_right) VALUES (?, ?, ?) ON CONFLICT(fingerprint, account) DO UPDATE SET sig_right = excluded.sig_right').run(info.fingerprint, c.account, c.right);
  return { fingerprint: info.fingerprint, client_id: c.client_id, user: c.user, subject: info.subject };
}

export function certificateByFingerprint(db: SandboxDb, fingerprint: string): RegisteredCertificate | null {
  return (prepared(db, 'SELECT fingerprint, client_id, user, subject FROM certificates WHERE fingerprint = ?').get(fingerprint) as RegisteredCertificate | undefined) ?? null;
}

/** The right on `account`: an exact account entry wins over '*'. */
export function rightOn(db: SandboxDb, fingerprint: string, account: string): SignatureRole | null {
  const row = prepared(db, `SELECT sig_right AS "right" FROM certificate_rights WHERE fingerprint = ? AND account IN (?, '*') ORDER BY account = '*' LIMIT 1`)
    .get(fingerprint, account) as { right: SignatureRole } | undefined;
  return row?.right ?? null;
}

export function rightsOf(db: SandboxDb, fingerprint: string): { account: string; right: SignatureRole }[] {
  return prepared(db, 'SELECT account, sig_right AS "right" FROM certificate_rights WHERE fingerprint = ? ORDER BY account').all(fingerprint) as { account: string; right: SignatureRole }[];
}

/** Forgets every certificate of a client (a seed client's certificates are exactly those of the config). */
export function forgetCertificates(db: SandboxDb, clientId: string): void {
  prepared(db, 'DELETE FROM certificate_rights WHERE fingerprint IN (SELECT fingerprint FROM certificates WHERE client_id = ?)').run(clientId);
  prepared(db, 'DELETE FROM certificates WHERE client_id = ?').run(clientId);
}
