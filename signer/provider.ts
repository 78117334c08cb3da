// Key provider contract: where signing keys live (key files, PKCS#11 tokens) and how one signs with them.
// Providers are plain objects made by defineKeyProvider; they get a context, never the store or the queue.
import type { Logger } from '../gateway/core/logger.ts';

/** Signature algorithms a key can produce; `custom` carries a configured OID (GOST via a vendor PKCS#11 mechanism). */
export type KeyAlgorithm = 'rsa-sha256' | 'ecdsa-p256-sha256' | 'custom';

export interface SignatureAlgorithm {
  algorithm: KeyAlgorithm;
  /** CMS SignerInfo.digestAlgorithm OID (e.g. 2.16.840.1.101.3.4.2.1 for SHA-256). */
  digestOid: string;
  /** Node/WebCrypto name of that digest when it has one ('SHA-256'); null for digests only the token knows. */
  digestName: 'SHA-256' | 'SHA-384' | 'SHA-512' | null;
  /** CMS SignerInfo.signatureAlgorithm OID (1.2.840.113549.1.1.11 sha256WithRSA, 1.2.840.10045.4.3.2 ecdsa-with-SHA256, kz-formats.md 6.2 for GOST). */
  signatureOid: string;
}

/** One key (certificate + private key) a provider can see. */
export interface KeyInfo {
  /** Stable across restarts: 'software:<sha256 of the certificate>' or 'pkcs11:<token serial>:<CKA_ID hex>'. */
  id: string;
  provider: string;
  /** Key label (CKA_LABEL, file name, friendly name). */
  label: string;
  /** Token label and serial for PKCS#11 keys; the file path for key files. */
  tokenLabel: string | null;
  tokenSerial: string | null;
  /** DER X.509 certificate of the key. */
  certificate: Uint8Array;
  signature: SignatureAlgorithm;
}

/** A logged-in key: holds the secret (PIN/password) for its lifetime; close() forgets it. */
export interface KeySession {
  readonly key: KeyInfo;
  /**
   * Signs `data` (the DER of the CMS signed attributes): the provider hashes with key.signature's digest
   * (or lets the token do it) and returns the value that goes into SignerInfo.signature as-is:
   * PKCS#1 v1.5 bytes for RSA, a DER `ECDSA-Sig-Value` SEQUENCE { r, s } for ECDSA.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface KeyProviderContext {
  logger: Logger;
}

export interface KeyProvider {
  /** 'software', 'pkcs11', ... */
  name: string;
  /** The keys visible now (token keys only while the token is present). Never needs a PIN. */
  list(): Promise<KeyInfo[]>;
  /**
   * Logs in with the secret (PIN for a token, password for a PKCS#12 file or an encrypted PEM key) and returns a
   * session for one key. Wrong secrets and absent tokens reject with a GatewayError carrying a SIGN_ code.
   */
  open(keyId: string, secret: string): Promise<KeySession>;
  /** Releases library handles (PKCS#11 C_Finalize). */
  close(): Promise<void>;
}

export function defineKeyProvider<const P extends KeyProvider>(provider: P): P {
  return provider;
}

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
export const RSA_SHA256: SignatureAlgorithm = { algorithm: 'rsa-sha256', digestOid: SHA256_OID, digestName: 'SHA-256', signatureOid: '1.2.840.113549.1.1.11' };
export const ECDSA_P256_SHA256: SignatureAlgorithm = { algorithm: 'ecdsa-p256-sha256', digestOid: SHA256_OID, digestName: 'SHA-256', signatureOid: '1.2.840.10045.4.3.2' };
