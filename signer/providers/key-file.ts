// One configured software key file (PKCS#12 or PEM, optional certificate file): its public view and its unlocking.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createPrivateKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { GatewayError, isGatewayError } from '../../gateway/core/errors.ts';
import type { SignatureAlgorithm } from '../provider.ts';
import { certificateMatches, nodeCertificate, signatureAlgorithmOf } from './key-check.ts';
import { isPem, pemPrivateKey, readCertificateFile, readPemKeyFile } from './pem.ts';
import { readPkcs12Public, unlockPkcs12, type Pkcs12Certificate } from './pkcs12.ts';

export interface KeyFileEntry {
  path: string;
  cert_path?: string | undefined;
}

export interface UnlockedKey {
  privateKey: KeyObject;
  certificate: Uint8Array;
  signature: SignatureAlgorithm;
}

export interface KeyFile {
  /** Absolute path of the key file. */
  path: string;
  format: 'pkcs12' | 'pem';
  label: string;
  /** The certificate when readable without the password (cert_path, a plain PEM block, an unencrypted PKCS#12 bag). */
  certificate: Uint8Array | null;
  /** Known without the password when the certificate (or an unencrypted key) is readable. */
  signature: SignatureAlgorithm | null;
  /** Decrypts with the password and checks key type and certificate; the password is not kept. */
  unlock(password: string): UnlockedKey;
}

const unreadable = (where: string, why: string, extra: Record<string, unknown> = {}, cause?: unknown) =>
  new GatewayError('SIGN_KEY_FILE_UNREADABLE', `${where}: ${why}`, { path: where, ...extra }, { cause });

async function readBytes(path: string, optional: boolean): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A key file on removable media that is not plugged in reads as missing; list() skips such files.
    if (code === 'ENOENT' || code === 'ENOTDIR') throw unreadable(path, 'file not found', { missing: optional }, e);
    throw unreadable(path, `cannot be read (${code ?? 'error'})`, {}, e);
  }
}

/** True for the SIGN_KEY_FILE_UNREADABLE thrown when the key file itself is absent. */
export function isMissingKeyFile(e: unknown): boolean {
  return isGatewayError(e) && e.code === 'SIGN_KEY_FILE_UNREADABLE' && e.details?.['missing'] === true;
}

function parsedCerts(ders: Uint8Array[], where: string): { der: Uint8Array; cert: X509Certificate }[] {
  return ders.map((der) => ({ der, cert: nodeCertificate(der, where) }));
}

/** Without the key: the end-entity certificate (a file may carry the CA chain too). */
function guessLeaf(certs: { der: Uint8Array; cert: X509Certificate }[]): Uint8Array | null {
  return (certs.find((c) => !c.cert.ca) ?? certs[0])?.der ?? null;
}

/** With the key: the certificate whose public key is the key's, else SIGN_KEY_FILE_UNREADABLE. */
function matchingCertificate(candidates: Uint8Array[], privateKey: KeyObject, where: string): Uint8Array {
  for (const c of parsedCerts(candidates, where)) if (certificateMatches(c.cert, privateKey)) return c.der;
  throw unreadable(where, candidates.length ? 'no certificate in the file (or cert_path) belongs to its private key' : 'no certificate: put it in the file or set cert_path');
}

function finish(privateKey: KeyObject, candidates: Uint8Array[], listed: Uint8Array | null, where: string): UnlockedKey {
  const signature = signatureAlgorithmOf(privateKey, where);
  // The listed certificate named the key id; a key that does not fit it would sign under someone else's name.
  if (listed && !certificateMatches(nodeCertificate(listed, where), privateKey)) {
    throw unreadable(where, 'the certificate does not belong to the private key');
  }
  return { privateKey, certificate: listed ?? matchingCertificate(candidates, privateKey, where), signature };
}

function signatureOfCertificate(der: Uint8Array | null, where: string): SignatureAlgorithm | null {
  return der ? signatureAlgorithmOf(nodeCertificate(der, where).publicKey, where) : null;
}

function pkcs12File(path: string, bytes: Uint8Array, external: Uint8Array[] | null): KeyFile {
  const pub = readPkcs12Public(bytes, path);
  const byKeyId = pub.key?.localKeyId ? pub.certificates.find((c) => c.localKeyId === pub.key!.localKeyId) : undefined;
  const certificate = external ? guessLeaf(parsedCerts(external, path)) : (byKeyId?.der ?? guessLeaf(parsedCerts(pub.certificates.map((c) => c.der), path)));
  return {
    path,
    format: 'pkcs12',
    label: pub.key?.friendlyName ?? byKeyId?.friendlyName ?? basename(path),
    certificate,
    signature: signatureOfCertificate(certificate, path),
    unlock(password) {
      const unlocked = unlockPkcs12(bytes, password, path);
      let privateKey: KeyObject;
      try {
        privateKey = createPrivateKey({ key: Buffer.from(unlocked.pkcs8), format: 'der', type: 'pkcs8' });
      } catch (e) {
        throw unreadable(path, 'the private key inside cannot be read', {}, e);
      }
      const own = (c: Pkcs12Certificate) => unlocked.localKeyId !== null && c.localKeyId === unlocked.localKeyId;
      const candidates = external ?? [...unlocked.certificates.filter(own), ...unlocked.certificates.filter((c) => !own(c))].map((c) => c.der);
      return finish(privateKey, candidates, certificate, path);
    },
  };
}

function pemFile(path: string, bytes: Uint8Array, external: Uint8Array[] | null): KeyFile {
  const pem = readPemKeyFile(Buffer.from(bytes).toString('latin1'));
  const block = pem.key;
  if (!block) throw unreadable(path, 'no private key block (PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY) in the PEM file');
  const candidates = external ?? pem.certificates;
  // An unencrypted key is read now: its certificate and algorithm are then known for list().
  const plainKey = pem.encrypted ? null : pemPrivateKey(block, false, '', path);
  const certificate = plainKey ? matchingCertificate(candidates, plainKey, path) : guessLeaf(parsedCerts(candidates, path));
  if (!certificate) throw unreadable(path, 'no certificate: put it in the PEM file or set cert_path');
  return {
    path,
    format: 'pem',
    label: basename(path),
    certificate,
    signature: plainKey ? signatureAlgorithmOf(plainKey, path) : signatureOfCertificate(certificate, path),
    unlock(password) {
      // An unencrypted PEM key has no password to check: the file's permissions are its only protection.
      const privateKey = plainKey ?? pemPrivateKey(block, true, password, path);
      return finish(privateKey, candidates, certificate, path);
    },
  };
}

/** Reads a configured key file. Absent file → SIGN_KEY_FILE_UNREADABLE with details.missing (see isMissingKeyFile). */
export async function readKeyFile(entry: KeyFileEntry): Promise<KeyFile> {
  const path = resolve(entry.path);
  const bytes = await readBytes(path, true);
  const external = entry.cert_path ? readCertificateFile(await readBytes(resolve(entry.cert_path), false)) : null;
  try {
    return isPem(bytes) ? pemFile(path, bytes, external) : pkcs12File(path, bytes, external);
  } catch (e) {
    if (isGatewayError(e)) throw e;
    throw unreadable(path, 'malformed key file', {}, e);
  }
}
