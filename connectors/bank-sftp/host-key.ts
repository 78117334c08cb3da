// The SSH host key check: OpenSSH-style SHA-256 fingerprints, and the refusal that names both fingerprints.
import { createHash } from 'node:crypto';
import { GatewayError } from '../../gateway/core/errors.ts';

/** `SHA256:<base64 without padding>` of the key blob, exactly what `ssh-keygen -lf` and the ssh client print. */
export function hostKeyFingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export function hostKeyMismatch(host: string, port: number, pinned: string, presented: string): GatewayError {
  return new GatewayError('CONN_HOST_KEY', `the SFTP server ${host}:${port} presented host key ${presented}, pinned is ${pinned}: connection refused before authentication`, {
    host,
    port,
    expected: pinned,
    actual: presented,
    sent: false,
  });
}
