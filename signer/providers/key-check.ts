// Which keys the signer accepts (RSA >= 2048 bits, ECDSA P-256) and whether a certificate belongs to a private key.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { GatewayError } from '../../gateway/core/errors.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, type SignatureAlgorithm } from '../provider.ts';

/** Smallest RSA modulus accepted: NIST SP 800-131A rev.2 disallows RSA < 2048 bits for signatures. */
export const MIN_RSA_BITS = 2048;

/** The signature algorithm of a key (private or public), or SIGN_KEY_UNSUPPORTED naming what the key is. */
export function signatureAlgorithmOf(key: KeyObject, where: string): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits >= MIN_RSA_BITS) return RSA_SHA256;
    throw new GatewayError('SIGN_KEY_UNSUPPORTED', `${where}: RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required`, { where, keyType: 'rsa', bits });
  }
  if (type === 'ec') {
    // Node names P-256 by its OpenSSL name (RFC 5480 section 2.1.1.1 secp256r1 = prime256v1).
    if (details.namedCurve === 'prime256v1') return ECDSA_P256_SHA256;
    throw new GatewayError('SIGN_KEY_UNSUPPORTED', `${where}: ECDSA key on curve ${details.namedCurve ?? 'unknown'}; only P-256 is supported`, { where, keyType: 'ec', curve: details.namedCurve });
  }
  throw new GatewayError('SIGN_KEY_UNSUPPORTED', `${where}: ${type ?? 'unknown'} keys are not supported (RSA 2048+ or ECDSA P-256)`, { where, keyType: type });
}

/** Parses a DER certificate with node:crypto, mapping garbage to SIGN_KEY_FILE_UNREADABLE. */
export function nodeCertificate(der: Uint8Array, where: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (e) {
    throw new GatewayError('SIGN_KEY_FILE_UNREADABLE', `${where}: the certificate cannot be parsed`, { path: where }, { cause: e });
  }
}

/** True when the certificate's public key is the public half of `privateKey`. */
export function certificateMatches(cert: X509Certificate, privateKey: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(privateKey);
  } catch {
    return false;
  }
}
