// Library encoding of a detached CMS SignedData (RFC 5652 5) with pkijs: the reference every fast-path container must equal byte for byte.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_SIGNING_TIME, hasNullParameters } from './oids.ts';
import { signingTimeValue } from './signing-time.ts';

export interface SignedDataParts {
  certificate: pkijs.Certificate;
  digestOid: string;
  signatureOid: string;
  /** Whole seconds (see signing-time.ts). */
  signingTime: Date;
  messageDigest: Uint8Array;
  signature: Uint8Array;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/**
 * The signed attributes (RFC 5652 5.3, 11.1–11.3). A SET OF is DER only with its elements sorted by their encodings
 * (X.690 11.6); OpenSSL re-encodes the set before checking the signature, so an unsorted set would not verify there.
 */
function signedAttributes(p: Pick<SignedDataParts, 'signingTime' | 'messageDigest'>): pkijs.Attribute[] {
  const attrs = [
    new pkijs.Attribute({ type: ID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: ID_DATA })] }),
    new pkijs.Attribute({ type: ID_SIGNING_TIME, values: [signingTimeValue(p.signingTime)] }),
    new pkijs.Attribute({ type: ID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: p.messageDigest })] }),
  ];
  const encoded = attrs.map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER()) }));
  return encoded.sort((x, y) => compareBytes(x.der, y.der)).map((e) => e.a);
}

/** RFC 5652 5.4: the signature covers the DER of the attributes with an explicit SET OF tag, not the [0] IMPLICIT one. */
export function signedAttributesDer(p: Pick<SignedDataParts, 'signingTime' | 'messageDigest'>): Uint8Array {
  return new Uint8Array(new asn1js.Set({ value: signedAttributes(p).map((a) => a.toSchema()) }).toBER());
}

function algorithm(oid: string, nullParameters: boolean): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier(nullParameters ? { algorithmId: oid, algorithmParams: new asn1js.Null() } : { algorithmId: oid });
}

/** DER ContentInfo(SignedData): detached (RFC 5652 5.2: eContent absent, eContentType id-data), one signer, its certificate. */
export function buildSignedDataDer(p: SignedDataParts): Uint8Array {
  const signerInfo = new pkijs.SignerInfo({
    // RFC 5652 5.3: version 1 with issuerAndSerialNumber.
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: p.certificate.issuer, serialNumber: p.certificate.serialNumber }),
    digestAlgorithm: algorithm(p.digestOid, false),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes(p) }),
    signatureAlgorithm: algorithm(p.signatureOid, hasNullParameters(p.signatureOid)),
    signature: new asn1js.OctetString({ valueHex: p.signature }),
  });
  // pkijs sets SignedData.version per RFC 5652 5.1: 1 here (id-data, X.509 certificates only, SignerInfo v1).
  const signedData = new pkijs.SignedData({
    digestAlgorithms: [algorithm(p.digestOid, false)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA }),
    certificates: [p.certificate],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
