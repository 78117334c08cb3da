// X.509 certificate facts the signing policy needs: NCA RK subject (IIN, BIN), validity, key usage, fingerprint.
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface CertificateInfo {
  /** Hex SHA-256 of the DER: the certificate's identity in the store. */
  fingerprint: string;
  serialNumber: string;
  subject: string;
  issuer: string;
  commonName: string | null;
  /** NCA RK individual: subject SERIALNUMBER=IIN<12 digits> (kz-formats.md 6.1). */
  iin: string | null;
  /** NCA RK legal entity: subject OU=BIN<12 digits> (kz-formats.md 6.1). */
  bin: string | null;
  notBefore: Date;
  notAfter: Date;
  /** True when the keyUsage extension has digitalSignature or nonRepudiation, or there is no keyUsage (RFC 5280 4.2.1.3: any use). */
  canSign: boolean;
  keyUsage: string[];
  /** Extended key usage OIDs (NCA signing certificates carry 1.3.6.1.5.5.7.3.4). */
  extendedKeyUsage: string[];
}

const SERIALNUMBER = '2.5.4.5';
const OU = '2.5.4.11';
const CN = '2.5.4.3';

const USAGE_NAMES: [x509.KeyUsageFlags, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
];

function firstMatch(values: string[], prefix: string): string | null {
  for (const v of values) {
    const m = new RegExp(`^${prefix}(\\d{12})$`, 'i').exec(v.trim());
    if (m) return m[1]!;
  }
  return null;
}

/** Parsed certificates by SHA-256: the same few certificates sign thousands of documents (parsing one costs ~1 ms). */
const cache = new Map<string, CertificateInfo>();
const CACHE_MAX = 1000;

export function parseCertificate(der: Uint8Array): CertificateInfo {
  const fingerprint = createHash('sha256').update(der).digest('hex');
  const hit = cache.get(fingerprint);
  if (hit) return { ...hit, keyUsage: [...hit.keyUsage], extendedKeyUsage: [...hit.extendedKeyUsage] };
  const info = parseUncached(der, fingerprint);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(fingerprint, info);
  return { ...info, keyUsage: [...info.keyUsage], extendedKeyUsage: [...info.extendedKeyUsage] };
}

function parseUncached(der: Uint8Array, fingerprint: string): CertificateInfo {
  const cert = new x509.X509Certificate(der);
  const name = cert.subjectName;
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const usages = ku ? USAGE_NAMES.filter(([f]) => (ku.usages & f) !== 0).map(([, n]) => n) : [];
  return {
    fingerprint,
    serialNumber: cert.serialNumber,
    subject: cert.subject,
    issuer: cert.issuer,
    commonName: name.getField(CN)[0] ?? null,
    iin: firstMatch(name.getField(SERIALNUMBER), 'IIN'),
    bin: firstMatch(name.getField(OU), 'BIN'),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    canSign: !ku || usages.includes('digitalSignature') || usages.includes('nonRepudiation'),
    keyUsage: usages,
    extendedKeyUsage: eku ? [...eku.usages].map(String) : [],
  };
}

/** DER from PEM text or DER bytes. */
export function certificateDer(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string') return new Uint8Array(x509.PemConverter.decodeFirst(input));
  const head = Buffer.from(input.subarray(0, 64)).toString('latin1');
  if (head.includes('-----BEGIN')) return new Uint8Array(x509.PemConverter.decodeFirst(Buffer.from(input).toString('latin1')));
  return input;
}
