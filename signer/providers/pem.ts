// PEM text (RFC 7468): the private key block (PKCS#8, encrypted PKCS#8, SEC1, PKCS#1) and certificate blocks of a file.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { GatewayError } from '../../gateway/core/errors.ts';
import { certificateDer } from '../certificate.ts';

/** RFC 7468 section 10-11 (PKCS#8, encrypted PKCS#8), RFC 5915 (SEC1 EC), RFC 8017 / OpenSSL (PKCS#1 RSA). */
const KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY']);

export interface PemBlock {
  label: string;
  /** The whole block, BEGIN to END line, as node:crypto wants it. */
  text: string;
}

export interface PemKeyFile {
  key: PemBlock | null;
  /** True for `ENCRYPTED PRIVATE KEY` and for OpenSSL's legacy `Proc-Type: 4,ENCRYPTED` header (RFC 1421 style). */
  encrypted: boolean;
  certificates: Uint8Array[];
}

export function isPem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8192)).toString('latin1').includes('-----BEGIN ');
}

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)) out.push({ label: m[1]!, text: m[0] });
  return out;
}

export function readPemKeyFile(text: string): PemKeyFile {
  const blocks = pemBlocks(text);
  const key = blocks.find((b) => KEY_LABELS.has(b.label)) ?? null;
  const encrypted = key !== null && (key.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,\s*ENCRYPTED/i.test(key.text));
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => certificateDer(b.text));
  return { key, encrypted, certificates };
}

/** All certificates of a cert file: PEM (one or a chain) or a single DER certificate. */
export function readCertificateFile(bytes: Uint8Array): Uint8Array[] {
  if (!isPem(bytes)) return [bytes];
  return pemBlocks(Buffer.from(bytes).toString('latin1'))
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => certificateDer(b.text));
}

/**
 * The private key of a PEM block. For an encrypted block any failure is a wrong password (OpenSSL reports a bad
 * password as "bad decrypt" or, when the padding happens to pass, as an ASN.1 error), except unsupported ciphers.
 */
export function pemPrivateKey(block: PemBlock, encrypted: boolean, password: string, where: string): KeyObject {
  try {
    return createPrivateKey(encrypted ? { key: block.text, format: 'pem', passphrase: password } : { key: block.text, format: 'pem' });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (encrypted && !/UNSUPPORTED/.test(code)) throw new GatewayError('SIGN_PASSWORD_INCORRECT', undefined, { path: where }, { cause: e });
    throw new GatewayError('SIGN_KEY_FILE_UNREADABLE', `${where}: the ${block.label} block cannot be read`, { path: where }, { cause: e });
  }
}
