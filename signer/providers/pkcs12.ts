// PKCS#12 (RFC 7292) key files: the password-free view, then MAC check and decryption with the password.
// ASN.1 by pkijs/asn1js; crypto by node:crypto (pbe.ts, pkcs12-kdf.ts, rc2.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AuthenticatedSafe, CertBag, ContentInfo, EncryptedData, PFX, PKCS8ShroudedKeyBag, PrivateKeyInfo, SafeContents, type Attribute, type SafeBag } from 'pkijs';
import { GatewayError } from '../../gateway/core/errors.ts';
import { pbeDecrypt, UnsupportedPbeError } from './pbe.ts';
import { bmpPassword, KDF_MAC, pkcs12Kdf, type Pkcs12KdfHash } from './pkcs12-kdf.ts';

const DATA = '1.2.840.113549.1.7.1';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
/** RFC 7292 section 4.2: bag types. */
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';
const X509_CERT = '1.2.840.113549.1.9.22.1';
/** PKCS#9 attributes RFC 2985 section 5.5.1-5.5.2. */
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

/** MacData digest OIDs → hash (RFC 7292 section 5.3 allows any digest; OpenSSL 3 uses SHA-256, -legacy SHA-1). */
const MAC_HASHES: Record<string, Pkcs12KdfHash> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const HASH_LENGTH: Record<Pkcs12KdfHash, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export interface Pkcs12Certificate {
  der: Uint8Array;
  /** localKeyId attribute, hex: ties a certificate to its key bag. */
  localKeyId: string | null;
  friendlyName: string | null;
}

/** What a PKCS#12 file shows without its password. */
export interface Pkcs12Public {
  certificates: Pkcs12Certificate[];
  /** The first key bag's attributes when it sits in a plain SafeContents (OpenSSL puts the shrouded key bag there). */
  key: { localKeyId: string | null; friendlyName: string | null } | null;
  /** True when some SafeContents are password-encrypted: certificates may hide there. */
  encrypted: boolean;
}

export interface Pkcs12Unlocked {
  /** DER PrivateKeyInfo (PKCS#8) of the first key in the file. */
  pkcs8: Uint8Array;
  localKeyId: string | null;
  friendlyName: string | null;
  certificates: Pkcs12Certificate[];
}

interface Parsed {
  pfx: PFX;
  authSafeData: Uint8Array;
  safes: ContentInfo[];
}

const unreadable = (where: string, why: string, cause?: unknown) =>
  new GatewayError('SIGN_KEY_FILE_UNREADABLE', `${where}: ${why}`, { path: where }, { cause });

function octetsOf(content: unknown, what: string): Uint8Array {
  if (!(content instanceof asn1js.OctetString)) throw new Error(`${what} is not an OCTET STRING`);
  return new Uint8Array(content.getValue());
}

function parse(der: Uint8Array, where: string): Parsed {
  try {
    const pfx = PFX.fromBER(der);
    if (pfx.version !== 3) throw new Error(`PFX version ${pfx.version}`);
    // RFC 7292 section 4: password integrity mode wraps AuthenticatedSafe in id-data; id-signedData is public-key mode.
    if (pfx.authSafe.contentType !== DATA) throw new UnsupportedPbeError(`authSafe of type ${pfx.authSafe.contentType} (public-key integrity mode) is not supported`);
    const authSafeData = octetsOf(pfx.authSafe.content, 'authSafe');
    const safes = AuthenticatedSafe.fromBER(authSafeData).safeContents;
    return { pfx, authSafeData, safes };
  } catch (e) {
    if (e instanceof UnsupportedPbeError) throw unreadable(where, e.message, e);
    throw unreadable(where, 'not a PKCS#12 (.p12/.pfx) file', e);
  }
}

function attribute(attrs: Attribute[] | undefined, type: string): unknown {
  return attrs?.find((a) => a.type === type)?.values[0];
}

function bagAttributes(bag: SafeBag): { localKeyId: string | null; friendlyName: string | null } {
  const id = attribute(bag.bagAttributes, LOCAL_KEY_ID);
  const name = attribute(bag.bagAttributes, FRIENDLY_NAME);
  return {
    localKeyId: id instanceof asn1js.OctetString ? Buffer.from(id.getValue()).toString('hex') : null,
    friendlyName: name instanceof asn1js.BmpString ? name.valueBlock.value : null,
  };
}

/** Walks SafeBags, descending into nested SafeContents bags (RFC 7292 section 4.2.6). */
function* walk(bags: SafeBag[]): Generator<SafeBag> {
  for (const bag of bags) {
    if (bag.bagId === SAFE_CONTENTS_BAG) yield* walk((bag.bagValue as unknown as SafeContents).safeBags);
    else yield bag;
  }
}

function certificateOf(bag: SafeBag): Pkcs12Certificate | null {
  const cert = bag.bagValue as unknown as CertBag;
  if (cert.certId !== X509_CERT) return null;
  return { der: octetsOf(cert.certValue, 'certValue'), ...bagAttributes(bag) };
}

/** Reads what needs no password. Throws SIGN_KEY_FILE_UNREADABLE (naming `where`) for anything that is not PKCS#12. */
export function readPkcs12Public(der: Uint8Array, where: string): Pkcs12Public {
  const { safes } = parse(der, where);
  const out: Pkcs12Public = { certificates: [], key: null, encrypted: false };
  try {
    for (const safe of safes) {
      if (safe.contentType !== DATA) {
        out.encrypted = true;
        continue;
      }
      for (const bag of walk(SafeContents.fromBER(octetsOf(safe.content, 'SafeContents')).safeBags)) {
        if (bag.bagId === CERT_BAG) {
          const cert = certificateOf(bag);
          if (cert) out.certificates.push(cert);
        } else if ((bag.bagId === SHROUDED_KEY_BAG || bag.bagId === KEY_BAG) && !out.key) {
          out.key = bagAttributes(bag);
        }
      }
    }
  } catch (e) {
    throw unreadable(where, 'malformed PKCS#12 contents', e);
  }
  return out;
}

/** RFC 7292 section 5 + appendix B: MAC key from the PKCS#12 KDF (ID 3), HMAC over the AuthenticatedSafe octets. */
function macMatches(pfx: PFX, authSafeData: Uint8Array, password: Uint8Array, where: string): boolean {
  const macData = pfx.macData!;
  const hash = MAC_HASHES[macData.mac.digestAlgorithm.algorithmId];
  if (!hash) throw unreadable(where, `MAC algorithm ${macData.mac.digestAlgorithm.algorithmId} is not supported`);
  const salt = new Uint8Array(macData.macSalt.getValue());
  const key = pkcs12Kdf(hash, password, salt, KDF_MAC, macData.iterations ?? 1, HASH_LENGTH[hash]);
  const mac = createHmac(hash, key).update(authSafeData).digest();
  const expected = Buffer.from(macData.mac.digest.getValue());
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}

function checkMac(parsed: Parsed, password: string, where: string): void {
  if (!parsed.pfx.macData) return;
  if (macMatches(parsed.pfx, parsed.authSafeData, bmpPassword(password), where)) return;
  // OpenSSL writes an empty password either as BMP "\0\0" or as no bytes at all; accept both (RFC 7292 B.1 leaves it open).
  if (password === '' && macMatches(parsed.pfx, parsed.authSafeData, new Uint8Array(0), where)) return;
  throw new GatewayError('SIGN_PASSWORD_INCORRECT', undefined, { path: where });
}

/** Decrypts with the password; a failed decryption after a passed (or absent) MAC still means a wrong password. */
function decrypt(fn: () => Uint8Array, where: string): Uint8Array {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnsupportedPbeError) throw unreadable(where, e.message, e);
    throw new GatewayError('SIGN_PASSWORD_INCORRECT', undefined, { path: where }, { cause: e });
  }
}

/**
 * Checks the MAC (wrong password → SIGN_PASSWORD_INCORRECT), decrypts every SafeContents and the first key bag.
 * The password is used only inside this call.
 */
export function unlockPkcs12(der: Uint8Array, password: string, where: string): Pkcs12Unlocked {
  try {
    return unlock(parse(der, where), password, where);
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    throw unreadable(where, 'malformed PKCS#12 contents', e);
  }
}

function unlock(parsed: Parsed, password: string, where: string): Pkcs12Unlocked {
  checkMac(parsed, password, where);
  const certificates: Pkcs12Certificate[] = [];
  let key: Pkcs12Unlocked | null = null;
  for (const safe of parsed.safes) {
    let bags: SafeBag[];
    if (safe.contentType === DATA) {
      bags = SafeContents.fromBER(octetsOf(safe.content, 'SafeContents')).safeBags;
    } else if (safe.contentType === ENCRYPTED_DATA) {
      const info = new EncryptedData({ schema: safe.content }).encryptedContentInfo;
      const plain = decrypt(() => pbeDecrypt(info.contentEncryptionAlgorithm, password, new Uint8Array(info.getEncryptedContent())), where);
      try {
        bags = SafeContents.fromBER(plain).safeBags;
      } catch (e) {
        // No MAC to vouch for the password and the plaintext is garbage: the password was wrong.
        throw new GatewayError('SIGN_PASSWORD_INCORRECT', undefined, { path: where }, { cause: e });
      }
    } else {
      throw unreadable(where, `SafeContents of type ${safe.contentType} (public-key privacy mode) is not supported`);
    }
    for (const bag of walk(bags)) {
      if (bag.bagId === CERT_BAG) {
        const cert = certificateOf(bag);
        if (cert) certificates.push(cert);
      } else if (bag.bagId === SHROUDED_KEY_BAG && !key) {
        const shrouded = bag.bagValue as unknown as PKCS8ShroudedKeyBag;
        const pkcs8 = decrypt(() => pbeDecrypt(shrouded.encryptionAlgorithm, password, new Uint8Array(shrouded.encryptedData.getValue())), where);
        key = { pkcs8, ...bagAttributes(bag), certificates };
      } else if (bag.bagId === KEY_BAG && !key) {
        const info = bag.bagValue as unknown as PrivateKeyInfo;
        key = { pkcs8: new Uint8Array(info.toSchema().toBER()), ...bagAttributes(bag), certificates };
      }
    }
  }
  if (!key) throw unreadable(where, 'the PKCS#12 file holds no private key');
  return key;
}
