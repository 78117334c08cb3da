// Signing keys as the Keys page and GET /api/v1/keys show them: the running signers' view (token present, unlocked,
// queue counts) or, with no signers in this process, the recorded keys; plus binding a recorded key to a user.
import { parseCertificate } from '../../../signer/certificate.ts';
import { keyView, type KeyView } from '../../../signer/signers.ts';
import { GatewayError } from '../../core/errors.ts';
import { bindKey, getKey, listKeys } from '../../store/keys-repo.ts';
import type { Db } from '../../store/sql/executor.ts';
import type { UserRow } from '../../store/users-repo.ts';
import type { WebDeps } from '../deps.ts';

export async function keyViews(d: Pick<WebDeps, 'store' | 'signers'>): Promise<KeyView[]> {
  if (d.signers) return d.signers.list();
  // No signers in this process: the recorded keys, none of them served here.
  return (await listKeys(d.store.sql)).map((k) => keyView(k));
}

/** Whole days until the certificate expires (negative once it has); the page warns under 30. */
export function daysLeft(notAfter: string, now: number): number {
  return Math.floor((Date.parse(notAfter) - now) / 86_400_000);
}

export const EXPIRY_WARNING_DAYS = 30;

/**
 * Binds a key the gateway has recorded (a first binding needs the provider to read the token's certificate, which
 * `bankgate keys bind` does) to a user — the same bindKey and audit event as the CLI, with the stored certificate.
 * Administrators never sign, so no key is bound to one; a certificate that is not for signing is refused.
 */
export async function rebindKey(db: Db, keyId: string, user: UserRow, actor: string): Promise<void> {
  const k = await getKey(db, keyId);
  if (!k) throw new GatewayError('SIGN_KEY_NOT_FOUND', `no key ${keyId} is recorded`);
  if (user.role === 'admin') throw new GatewayError('AUTH_ADMIN_NO_SIGNING', `${user.login} is an administrator and cannot sign`);
  const cert = parseCertificate(k.certificate);
  if (!cert.canSign) throw new GatewayError('SIGN_CERT_USAGE', `the certificate of ${k.id} is not for digital signatures`);
  await bindKey(db, { id: k.id, provider: k.provider, label: k.label, tokenLabel: k.tokenLabel, tokenSerial: k.tokenSerial, certificate: k.certificate, fingerprint: k.fingerprint, subject: k.subject, iin: k.iin, bin: k.bin, notBefore: new Date(k.notBefore), notAfter: new Date(k.notAfter) }, user.id, actor);
}
