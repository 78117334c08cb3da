// A logged-in software key: signs with the KeyObject kept in memory; close() drops it.
import { sign as signCallback, type KeyObject } from 'node:crypto';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { KeyInfo, KeySession } from '../provider.ts';

function signOnThreadPool(data: Uint8Array, key: KeyObject): Promise<Uint8Array> {
  return new Promise((resolve, reject) => signCallback('sha256', data, key, (err, sig) => (err ? reject(err) : resolve(sig))));
}

/**
 * SHA-256 with RSA PKCS#1 v1.5 (RFC 8017 section 8.2) or ECDSA with a DER ECDSA-Sig-Value (RFC 5480 section 2.2 / RFC 3279
 * section 2.2.3, Node's default dsaEncoding 'der'). ECDSA P-256 takes ~25 µs: cheaper inline than a thread-pool hop.
 * RSA-2048 takes ~350 µs: it goes to the libuv pool so concurrent signatures use every core and the event loop stays free.
 */
export function createSoftwareSession(key: KeyInfo, privateKey: KeyObject): KeySession {
  let held: KeyObject | null = privateKey;
  const inline = key.signature.algorithm === 'ecdsa-p256-sha256';
  return {
    key,
    async sign(data) {
      const k = held;
      if (!k) throw new GatewayError('SIGN_SESSION_LOCKED', 'the key session is closed: open the key again', { keyId: key.id });
      return inline ? signCallback('sha256', data, k) : signOnThreadPool(data, k);
    },
    async close() {
      held = null;
    },
  };
}
