// Password-based decryption of PKCS#12 contents: PBES2 and the PKCS#12 PBE schemes.
// Why: OpenSSL 3 writes PBES2 (RFC 8018 section 6.2); `openssl pkcs12 -legacy`, Java keystores and NCA RK files use the
// PKCS#12 PBE schemes of RFC 7292 appendix C (3DES, RC2).
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, PBES2Params, PBKDF2Params } from 'pkijs';
import { KDF_IV, KDF_KEY, bmpPassword, pkcs12Kdf } from './pkcs12-kdf.ts';
import { rc2CbcDecrypt } from './rc2.ts';

/** The file uses an encryption scheme this module does not implement (a file-format problem, not a wrong password). */
export class UnsupportedPbeError extends Error {
  override name = 'UnsupportedPbeError';
}

export const PBES2_OID = '1.2.840.113549.1.5.13';
const PBKDF2_OID = '1.2.840.113549.1.5.12';

/** RFC 7292 appendix C: pkcs-12PbeIds → cipher, key length, RC2 effective bits. */
const PKCS12_PBE: Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number; rc2Bits?: number; name: string }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24, name: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16, name: 'pbeWithSHAAnd2-KeyTripleDES-CBC' },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, rc2Bits: 128, name: 'pbeWithSHAAnd128BitRC2-CBC' },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, rc2Bits: 40, name: 'pbewithSHAAnd40BitRC2-CBC' },
};

/** RFC 8018 appendix B.1.1-B.1.2 / RFC 8018 appendix A.2 (prf): HMAC digests for PBKDF2. */
const PBKDF2_PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

/** RFC 8018 appendix B.2 and RFC 3565 (AES): PBES2 encryption schemes whose parameter is the IV. */
const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};

/** pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER } (RFC 7292 appendix C). */
const PKCS12_PBE_PARAMS = new asn1js.Sequence({
  value: [new asn1js.OctetString({ name: 'salt' }), new asn1js.Integer({ name: 'iterations' })],
});

function octets(value: unknown, what: string): Uint8Array {
  if (!(value instanceof asn1js.OctetString)) throw new UnsupportedPbeError(`${what} is not an OCTET STRING`);
  return new Uint8Array(value.getValue());
}

function decipher(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const d = createDecipheriv(cipher, key, iv);
  return Buffer.concat([d.update(data), d.final()]);
}

function pkcs12PbeDecrypt(scheme: (typeof PKCS12_PBE)[string], params: unknown, password: string, data: Uint8Array): Uint8Array {
  const parsed = params instanceof asn1js.Sequence ? asn1js.compareSchema(params, params, PKCS12_PBE_PARAMS) : null;
  if (!parsed?.verified) throw new UnsupportedPbeError(`${scheme.name}: malformed parameters`);
  const salt = octets(parsed.result['salt'], 'PBE salt');
  const iterations = (parsed.result['iterations'] as asn1js.Integer).valueBlock.valueDec;
  const pass = bmpPassword(password);
  // RFC 7292 appendix C: the PKCS#12 PBE schemes derive key and IV with SHA-1.
  const key = pkcs12Kdf('sha1', pass, salt, KDF_KEY, iterations, scheme.keyLength);
  const iv = pkcs12Kdf('sha1', pass, salt, KDF_IV, iterations, 8);
  if (scheme.cipher === 'rc2') return rc2CbcDecrypt(key, scheme.rc2Bits!, iv, data);
  return decipher(scheme.cipher, key, iv, data);
}

function pbes2Decrypt(params: unknown, password: string, data: Uint8Array): Uint8Array {
  const pbes2 = new PBES2Params({ schema: params });
  if (pbes2.keyDerivationFunc.algorithmId !== PBKDF2_OID) throw new UnsupportedPbeError(`PBES2 key derivation ${pbes2.keyDerivationFunc.algorithmId} is not supported`);
  const kdf = new PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams });
  const prfOid = kdf.prf?.algorithmId ?? '1.2.840.113549.2.7';
  const prf = PBKDF2_PRF[prfOid];
  if (!prf) throw new UnsupportedPbeError(`PBKDF2 PRF ${prfOid} is not supported`);
  const scheme = PBES2_CIPHERS[pbes2.encryptionScheme.algorithmId];
  if (!scheme) throw new UnsupportedPbeError(`PBES2 encryption scheme ${pbes2.encryptionScheme.algorithmId} is not supported`);
  const salt = octets(kdf.salt, 'PBKDF2 salt');
  const iv = octets(pbes2.encryptionScheme.algorithmParams, 'PBES2 IV');
  // OpenSSL and Java feed PBES2 the password's UTF-8 bytes, not the BMPString of the PKCS#12 KDF.
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, kdf.iterationCount, kdf.keyLength ?? scheme.keyLength, prf);
  return decipher(scheme.cipher, key, iv, data);
}

/**
 * Decrypts `data` encrypted under `algorithm` with `password`. A wrong password shows as a padding error ("bad decrypt");
 * an unknown scheme throws UnsupportedPbeError.
 */
export function pbeDecrypt(algorithm: AlgorithmIdentifier, password: string, data: Uint8Array): Uint8Array {
  if (algorithm.algorithmId === PBES2_OID) return pbes2Decrypt(algorithm.algorithmParams, password, data);
  const scheme = PKCS12_PBE[algorithm.algorithmId];
  if (scheme) return pkcs12PbeDecrypt(scheme, algorithm.algorithmParams, password, data);
  throw new UnsupportedPbeError(`encryption algorithm ${algorithm.algorithmId} is not supported`);
}
