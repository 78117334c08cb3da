// pkijs reading of a container (RFC 5652 5): the slow sid-to-certificate match parse.ts falls back to, and the reference parser tests compare it with.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GatewayError } from '../../gateway/core/errors.ts';
import { ID_SIGNED_DATA, ID_SUBJECT_KEY_IDENTIFIER } from './oids.ts';
import type { ParsedContainer } from './parse.ts';

function invalid(message: string): GatewayError {
  return new GatewayError('SIGN_CMS_INVALID', `Signature container is malformed: ${message}`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** The raw DER of each entry of SignedData.certificates ([0] IMPLICIT CertificateSet), in order. */
function rawCertificates(signedData: asn1js.AsnType): Uint8Array[] {
  const fields = (signedData as asn1js.Sequence).valueBlock.value;
  const set = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0);
  return set ? (set as asn1js.Constructed).valueBlock.value.map((c) => c.valueBeforeDecodeView) : [];
}

function subjectKeyIdentifier(cert: pkijs.Certificate): Uint8Array | null {
  const ext = cert.extensions?.find((e) => e.extnID === ID_SUBJECT_KEY_IDENTIFIER);
  const value: unknown = ext?.parsedValue;
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView : null;
}

/** RFC 5652 5.3: sid is issuerAndSerialNumber or [0] subjectKeyIdentifier. */
function namesCertificate(sid: pkijs.SignerInfo['sid'], cert: pkijs.Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) return sid.issuer.isEqual(cert.issuer) && sid.serialNumber.isEqual(cert.serialNumber);
  const keyId: unknown = (sid as asn1js.Primitive | undefined)?.valueBlock?.valueHexView;
  const ski = subjectKeyIdentifier(cert);
  return keyId instanceof Uint8Array && ski !== null && sameBytes(keyId, ski);
}

/** One DER value parsed by asn1js; the whole input must be that value. */
function fromDer(der: Uint8Array): asn1js.AsnType {
  const asn1 = asn1js.fromBER(new Uint8Array(der).buffer);
  if (asn1.offset === -1) throw invalid(`not BER (${asn1.result.error})`);
  if (asn1.offset !== der.length) throw invalid('trailing bytes after a value');
  return asn1.result;
}

/**
 * Slow match of a SignerInfo sid (its DER: issuerAndSerialNumber SEQUENCE or [0] subjectKeyIdentifier, RFC 5652 5.3) to
 * the container's certificates (each one's DER; entries that are not X.509 certificates are skipped). pkijs compares names
 * attribute by attribute, strings case-insensitively whatever their string type (RelativeDistinguishedNames.isEqual),
 * so it finds a certificate whose issuer is encoded differently from the sid's. Index of the first match, -1 for none.
 * A certificate pkijs cannot read throws, as it made the whole container unreadable for the pkijs parser.
 */
export function findSignerCertificatePkijs(sidDer: Uint8Array, certificates: Uint8Array[]): number {
  const sidAsn1 = fromDer(sidDer);
  const sid: pkijs.SignerInfo['sid'] = sidAsn1.idBlock.tagClass === 1 ? new pkijs.IssuerAndSerialNumber({ schema: sidAsn1 }) : sidAsn1;
  for (let i = 0; i < certificates.length; i++) {
    const der = certificates[i]!;
    // CertificateChoices (RFC 5652 10.2.2): only the untagged choice is an X.509 certificate.
    if (der[0] !== 0x30) continue;
    if (namesCertificate(sid, new pkijs.Certificate({ schema: fromDer(der) }))) return i;
  }
  return -1;
}

/**
 * The pkijs parser parseContainer replaced (kept as the reference the tests compare the DER reader with; ~3.5 ms a container).
 * Parses a DER ContentInfo(SignedData) with exactly one SignerInfo. Throws GatewayError SIGN_CMS_INVALID, never anything else.
 */
export function parseContainerPkijs(der: Uint8Array): ParsedContainer {
  try {
    // A copy: a Buffer's .slice() is a view and its .buffer may be a shared pool larger than the DER.
    const buffer = new Uint8Array(der).buffer;
    const asn1 = asn1js.fromBER(buffer);
    if (asn1.offset === -1) throw invalid(`not BER (${asn1.result.error})`);
    if (asn1.offset !== buffer.byteLength) throw invalid('trailing bytes after the ContentInfo');
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== ID_SIGNED_DATA) throw invalid(`content type ${contentInfo.contentType} is not SignedData`);
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.signerInfos.length !== 1) throw invalid(`${signedData.signerInfos.length} SignerInfos, expected exactly one`);
    const si = signedData.signerInfos[0]!;
    const raw = rawCertificates(contentInfo.content);
    let certificate: Uint8Array | null = null;
    (signedData.certificates ?? []).forEach((c, i) => {
      if (certificate === null && c instanceof pkijs.Certificate && raw[i] && namesCertificate(si.sid, c)) certificate = raw[i].slice();
    });
    return {
      eContentType: signedData.encapContentInfo.eContentType,
      attached: signedData.encapContentInfo.eContent !== undefined,
      digestOid: si.digestAlgorithm.algorithmId,
      signatureOid: si.signatureAlgorithm.algorithmId,
      signature: si.signature.valueBlock.valueHexView.slice(),
      // pkijs keeps the received encoding and already swaps [0] for the SET OF tag (RFC 5652 5.4).
      signedAttributes: si.signedAttrs ? new Uint8Array(si.signedAttrs.encodedValue).slice() : null,
      attributes: (si.signedAttrs?.attributes ?? []).map((a) => ({ type: a.type, values: a.values as asn1js.AsnType[] })),
      certificate,
    };
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    throw invalid(e instanceof Error ? e.message : String(e));
  }
}
