// Object identifiers and algorithm rules of the signature container: RFC 5652 content types and attributes, RFC 5754 (SHA-2), RFC 5753/5758 (ECDSA).

/** RFC 5652 4 (id-data) and 5.1 (id-signedData). */
export const ID_DATA = '1.2.840.113549.1.7.1';
export const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
/** RFC 5652 11.1–11.3: content-type, message-digest, signing-time attributes. */
export const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const ID_SIGNING_TIME = '1.2.840.113549.1.9.5';
/** RFC 5280 4.2.1.2: subjectKeyIdentifier (a SignerInfo may name its certificate by it, RFC 5652 5.3). */
export const ID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

export type NodeDigest = 'sha256' | 'sha384' | 'sha512';

interface DigestRule { oid: string; node: NodeDigest; length: number }

const DIGESTS: DigestRule[] = [
  { oid: '2.16.840.1.101.3.4.2.1', node: 'sha256', length: 32 },
  { oid: '2.16.840.1.101.3.4.2.2', node: 'sha384', length: 48 },
  { oid: '2.16.840.1.101.3.4.2.3', node: 'sha512', length: 64 },
];

/** node:crypto name of a digest OID; null for digests the host cannot compute (GOST 34.311, kz-formats.md 6.2). */
export function digestOfOid(oid: string): NodeDigest | null {
  return DIGESTS.find((d) => d.oid === oid)?.node ?? null;
}

/** node:crypto name of a KeyInfo digestName ('SHA-256' → 'sha256'). */
export function digestOfName(name: 'SHA-256' | 'SHA-384' | 'SHA-512'): NodeDigest {
  return name.replace('SHA-', 'sha') as NodeDigest;
}

export function digestLength(node: NodeDigest): number {
  return DIGESTS.find((d) => d.node === node)!.length;
}

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** Signature algorithm OID → the key type it needs and the digest it names (null: rsaEncryption names none). */
const SIGNATURES: Record<string, { key: 'rsa' | 'ec'; digest: NodeDigest | null }> = {
  [RSA_ENCRYPTION]: { key: 'rsa', digest: null },
  '1.2.840.113549.1.1.11': { key: 'rsa', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'rsa', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'rsa', digest: 'sha512' },
  '1.2.840.10045.4.3.2': { key: 'ec', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'ec', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'ec', digest: 'sha512' },
};

/**
 * How a SignerInfo.signatureAlgorithm fits the certificate's key type (node:crypto asymmetricKeyType) and the SignerInfo's digest.
 * OpenSSL writes rsaEncryption there (RFC 5754 3.2 allows it); a sha*WithRSA / ecdsa-with-SHA* OID must name the same digest.
 */
export function signatureFit(signatureOid: string, keyType: string | undefined, digest: NodeDigest): 'fits' | 'unknown' | 'mismatch' {
  const rule = SIGNATURES[signatureOid];
  if (!rule) return 'unknown';
  return rule.key === keyType && (rule.digest === null || rule.digest === digest) ? 'fits' : 'mismatch';
}

/** RFC 5754 3.2 / RFC 4055 5: RSA signature AlgorithmIdentifiers carry NULL parameters; ECDSA ones (RFC 5758 3.2) and SHA-2 digests (RFC 5754 2) none. */
export function hasNullParameters(signatureOid: string): boolean {
  return signatureOid.startsWith('1.2.840.113549.1.1.');
}
