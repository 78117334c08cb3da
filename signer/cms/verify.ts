// Verification side of the container: signature, message digest, signing time, certificate validity and key usage; collects every problem.
import * as asn1js from 'asn1js';
import { X509Certificate, createHash, verify, type KeyObject } from 'node:crypto';
import type { ErrorCode } from '../../gateway/core/error-codes.ts';
import { isGatewayError } from '../../gateway/core/errors.ts';
import { parseCertificate, type CertificateInfo } from '../certificate.ts';
import { ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNING_TIME, digestOfOid, signatureFit, type NodeDigest } from './oids.ts';
import { parseContainer, type ParsedAttribute, type ParsedContainer } from './parse.ts';

export interface SignatureProblem {
  code: ErrorCode;
  message: string;
}

export interface VerifiedSignature {
  /** No problems: the caller still checks that certificate.fingerprint is bound to the signing user (SIGN_KEY_NOT_BOUND). */
  ok: boolean;
  errors: SignatureProblem[];
  signingTime: Date | null;
  /** parseCertificate of the signer's certificate. */
  certificate: CertificateInfo | null;
  certificateDer: Uint8Array | null;
  /** Hex SHA-256 of the content given, whatever digest the signer used. */
  contentSha256: string;
}

export interface VerifyOptions {
  /** Instant at which the certificate must be valid; the signing-time attribute when absent (now if that is missing too). */
  at?: Date;
}

/** RFC 5652 11.1–11.3: each of these attributes occurs once and has exactly one value. */
function singleValue(attrs: ParsedAttribute[], type: string, name: string, problems: SignatureProblem[]): asn1js.AsnType | null {
  const found = attrs.filter((a) => a.type === type);
  if (found.length === 0) {
    problems.push({ code: 'SIGN_CMS_INVALID', message: `The ${name} signed attribute is missing` });
    return null;
  }
  if (found.length > 1 || found[0]!.values.length !== 1) {
    problems.push({ code: 'SIGN_CMS_INVALID', message: `The ${name} signed attribute must occur once with one value` });
    return null;
  }
  return found[0]!.values[0]!;
}

/** Hosts verify RSA 2048+ and ECDSA P-256 (the SIGN_KEY_UNSUPPORTED catalogue text); GOST needs the token vendor's library. */
function keyProblem(key: KeyObject): string | null {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return (d.modulusLength ?? 0) >= 2048 ? null : `RSA key of ${d.modulusLength} bits (2048+ needed)`;
  if (key.asymmetricKeyType === 'ec') return d.namedCurve === 'prime256v1' ? null : `EC key on curve ${d.namedCurve} (P-256 needed)`;
  return `${key.asymmetricKeyType} key`;
}

/** Public keys by certificate SHA-256 (CertificateInfo.fingerprint): reading one from the DER costs ~100 µs, and few certificates sign many documents. */
const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_MAX = 1000;

/** The certificate's public key; throws as new X509Certificate(der).publicKey does. Failures are not cached. */
function publicKeyOf(certDer: Uint8Array, fingerprint: string): KeyObject {
  const hit = keyCache.get(fingerprint);
  if (hit) return hit;
  const key = new X509Certificate(certDer).publicKey;
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(fingerprint, key);
  return key;
}

/** `fingerprint`: the hex SHA-256 of `certDer` (parseCertificate's), the key cache's key. */
function checkSignature(p: ParsedContainer, certDer: Uint8Array, fingerprint: string, digest: NodeDigest, problems: SignatureProblem[]): void {
  if (!p.signedAttributes) return;
  let key: KeyObject;
  try {
    key = publicKeyOf(certDer, fingerprint);
  } catch (e) {
    problems.push({ code: 'SIGN_CMS_INVALID', message: `The signer's certificate has no usable public key: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const bad = keyProblem(key);
  if (bad) {
    problems.push({ code: 'SIGN_KEY_UNSUPPORTED', message: `The signer's certificate has an unsupported ${bad}` });
    return;
  }
  const fit = signatureFit(p.signatureOid, key.asymmetricKeyType, digest);
  if (fit !== 'fits') {
    problems.push(fit === 'unknown'
      ? { code: 'SIGN_KEY_UNSUPPORTED', message: `Signature algorithm ${p.signatureOid} is not supported` }
      : { code: 'SIGN_SIGNATURE_INVALID', message: `Signature algorithm ${p.signatureOid} does not fit the ${key.asymmetricKeyType} key and ${digest}` });
    return;
  }
  let good = false;
  try {
    // RSA: PKCS#1 v1.5 (node's default padding); ECDSA: DER ECDSA-Sig-Value (node's default dsaEncoding).
    good = verify(digest, p.signedAttributes, key, p.signature);
  } catch {
    good = false;
  }
  if (!good) problems.push({ code: 'SIGN_SIGNATURE_INVALID', message: 'The signature does not verify with the signer certificate\'s key' });
}

function checkAttributes(p: ParsedContainer, content: Uint8Array, digest: NodeDigest | null, problems: SignatureProblem[]): Date | null {
  if (!p.signedAttributes) {
    problems.push({ code: 'SIGN_CMS_INVALID', message: 'The SignerInfo has no signed attributes (content-type, message-digest, signing-time)' });
    return null;
  }
  const contentType = singleValue(p.attributes, ID_CONTENT_TYPE, 'content-type', problems);
  if (contentType && !(contentType instanceof asn1js.ObjectIdentifier && contentType.getValue() === p.eContentType)) {
    problems.push({ code: 'SIGN_CMS_INVALID', message: 'The content-type signed attribute differs from the encapsulated content type' });
  }
  const md = singleValue(p.attributes, ID_MESSAGE_DIGEST, 'message-digest', problems);
  if (md && digest) {
    const expected = createHash(digest).update(content).digest();
    if (!(md instanceof asn1js.OctetString) || Buffer.compare(Buffer.from(md.valueBlock.valueHexView), expected) !== 0) {
      problems.push({ code: 'SIGN_SIGNATURE_INVALID', message: `The signed message digest (${digest}) does not match the content` });
    }
  }
  const time = singleValue(p.attributes, ID_SIGNING_TIME, 'signing-time', problems);
  if (!time) return null;
  // GeneralizedTime extends UTCTime in asn1js.
  const date = time instanceof asn1js.UTCTime ? time.toDate() : null;
  if (date && !Number.isNaN(date.getTime())) return date;
  problems.push({ code: 'SIGN_CMS_INVALID', message: 'The signing-time attribute is not a valid UTCTime or GeneralizedTime' });
  return null;
}

function checkCertificate(info: CertificateInfo, at: Date, problems: SignatureProblem[]): void {
  // RFC 5280 4.1.2.5: valid from notBefore to notAfter inclusive.
  if (at.getTime() > info.notAfter.getTime()) {
    problems.push({ code: 'SIGN_CERT_EXPIRED', message: `The certificate expired on ${info.notAfter.toISOString()}, before ${at.toISOString()}` });
  }
  if (at.getTime() < info.notBefore.getTime()) {
    problems.push({ code: 'SIGN_CERT_NOT_YET_VALID', message: `The certificate is valid from ${info.notBefore.toISOString()}, after ${at.toISOString()}` });
  }
  if (!info.canSign) {
    problems.push({ code: 'SIGN_CERT_USAGE', message: `The certificate's key usage (${info.keyUsage.join(', ') || 'none'}) does not allow signing` });
  }
}

/**
 * Verifies a detached DER ContentInfo(SignedData) against the content bytes. Never throws on bad bytes: every problem is
 * in `errors` with its SIGN_ code, and `ok` is true only when there is none.
 */
export async function verifyDetached(cms: Uint8Array, content: Uint8Array, opts: VerifyOptions = {}): Promise<VerifiedSignature> {
  const out: VerifiedSignature = {
    ok: false,
    errors: [],
    signingTime: null,
    certificate: null,
    certificateDer: null,
    contentSha256: createHash('sha256').update(content).digest('hex'),
  };
  const problems = out.errors;
  try {
    const p = parseContainer(cms);
    if (p.attached) problems.push({ code: 'SIGN_CMS_INVALID', message: 'The container carries its content (attached); a detached one is expected' });
    const digest = digestOfOid(p.digestOid);
    if (!digest) problems.push({ code: 'SIGN_KEY_UNSUPPORTED', message: `Digest algorithm ${p.digestOid} cannot be computed on the host (GOST needs the token vendor's library)` });
    out.signingTime = checkAttributes(p, content, digest, problems);
    if (!p.certificate) {
      problems.push({ code: 'SIGN_CMS_INVALID', message: 'The signer\'s certificate is not in the container' });
    } else {
      out.certificateDer = p.certificate;
      out.certificate = parseCertificate(p.certificate);
      if (digest) checkSignature(p, p.certificate, out.certificate.fingerprint, digest, problems);
      checkCertificate(out.certificate, opts.at ?? out.signingTime ?? new Date(), problems);
    }
  } catch (e) {
    problems.push({ code: 'SIGN_CMS_INVALID', message: isGatewayError(e) ? e.message : `Signature container cannot be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  out.ok = problems.length === 0;
  return out;
}
