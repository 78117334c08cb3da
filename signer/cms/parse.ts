// Reads a CMS SignedData container (RFC 5652 5) with the strict DER reader into the few facts verification needs; malformed input is SIGN_CMS_INVALID.
//
// Why not pkijs: its schema matching of SignedData and the certificates costs ~3.5 ms a container; this parse costs
// ~40–60 µs, most of it asn1js reading the signed attributes' values, which verify.ts inspects as asn1js objects.
// pkijs is left for the rare sid that names its certificate only by an equal but differently encoded issuer name
// (parse-pkijs.ts). Certificates are checked for their outer shape only; verify.ts parses the signer's fully.
import * as asn1js from 'asn1js';
import { GatewayError } from '../../gateway/core/errors.ts';
import { DerError, TAG, UNIVERSAL, checkTree, children, contents, decodeOid, encoding, isContext, isUniversal, readTlv, type Tlv } from './der.ts';
import { ID_SIGNED_DATA } from './oids.ts';
import { findSignerCertificatePkijs } from './parse-pkijs.ts';

export interface ParsedAttribute {
  type: string;
  values: asn1js.AsnType[];
}

export interface ParsedContainer {
  eContentType: string;
  /** eContent present (RFC 5652 5.2): the container carries the content instead of being detached. */
  attached: boolean;
  digestOid: string;
  signatureOid: string;
  signature: Uint8Array;
  /** The signed attributes as received with the SET OF tag: the bytes the signature covers (RFC 5652 5.4); null when absent. */
  signedAttributes: Uint8Array | null;
  attributes: ParsedAttribute[];
  /** DER of the certificate the SignerInfo's sid names, as it is in `certificates`; null when it is not there. */
  certificate: Uint8Array | null;
}

function invalid(message: string): GatewayError {
  return new GatewayError('SIGN_CMS_INVALID', `Signature container is malformed: ${message}`);
}

const UNIVERSAL_NAMES: Record<number, string> = { 1: 'BOOLEAN', 2: 'INTEGER', 3: 'BIT STRING', 4: 'OCTET STRING', 5: 'NULL', 6: 'OBJECT IDENTIFIER', 16: 'SEQUENCE', 17: 'SET' };

function shapeOf(t: Tlv): string {
  if (t.tagClass === 0) return `${UNIVERSAL_NAMES[t.tagNumber] ?? `universal ${t.tagNumber}`}${t.constructed ? ' (constructed)' : ''}`;
  return `[${t.tagNumber}] of class ${['universal', 'application', 'context', 'private'][t.tagClass]}`;
}

/** The fields of a constructed value read one by one in ASN.1 order, with messages naming what was expected. */
class Fields {
  private i = 0;
  private readonly list: Tlv[];
  constructor(der: Uint8Array, parent: Tlv, private readonly what: string) {
    this.list = children(der, parent);
  }
  /** The next field, which must be a universal `tagNumber` (primitive or constructed as `constructed` says). */
  universal(tagNumber: number, constructed: boolean, field: string): Tlv {
    const t = this.list[this.i];
    if (!t) throw invalid(`${this.what}: ${field} is missing`);
    if (!isUniversal(t, tagNumber, constructed)) throw invalid(`${this.what}: ${field} is ${shapeOf(t)}, expected ${UNIVERSAL_NAMES[tagNumber]}${constructed ? '' : ' (primitive)'}`);
    this.i++;
    return t;
  }
  /** The next field if it is the context-specific [tagNumber] (an OPTIONAL or DEFAULT field); null otherwise. */
  optionalContext(tagNumber: number): Tlv | null {
    const t = this.list[this.i];
    if (!t || !isContext(t, tagNumber)) return null;
    this.i++;
    return t;
  }
  get count(): number {
    return this.list.length;
  }
  end(): void {
    const t = this.list[this.i];
    if (t) throw invalid(`${this.what}: unexpected ${shapeOf(t)} after the last field`);
  }
}

/** OBJECT IDENTIFIER at the current field. */
function oid(der: Uint8Array, f: Fields, field: string): string {
  return decodeOid(der, f.universal(TAG.OID, false, field));
}

/** X.690 8.3.1: an INTEGER has at least one contents octet. */
function integer(f: Fields, field: string): Tlv {
  const t = f.universal(TAG.INTEGER, false, field);
  if (t.valueStart === t.valueEnd) throw invalid(`${field} is an empty INTEGER`);
  return t;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } (RFC 5280 4.1.1.2); its OID. */
function algorithm(der: Uint8Array, f: Fields, field: string): string {
  const a = new Fields(der, f.universal(TAG.SEQUENCE, true, field), field);
  const id = oid(der, a, 'algorithm');
  if (a.count > 2) throw invalid(`${field}: more than algorithm and parameters`);
  return id;
}

/** Name ::= RDNSequence: SEQUENCE OF SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY } (RFC 5280 4.1.2.4). */
function checkName(der: Uint8Array, name: Tlv, what: string): void {
  for (const rdn of children(der, name)) {
    if (!isUniversal(rdn, TAG.SET, true)) throw invalid(`${what}: a relative distinguished name is ${shapeOf(rdn)}, expected SET`);
    const atvs = children(der, rdn);
    if (atvs.length === 0) throw invalid(`${what}: empty relative distinguished name`);
    for (const atv of atvs) {
      if (!isUniversal(atv, TAG.SEQUENCE, true)) throw invalid(`${what}: an attribute is ${shapeOf(atv)}, expected SEQUENCE`);
      const f = new Fields(der, atv, what);
      oid(der, f, 'attribute type');
      if (f.count !== 2) throw invalid(`${what}: an attribute has ${f.count} fields, expected type and value`);
    }
  }
}

interface RawAttribute {
  type: string;
  /** The attrValues SET OF AttributeValue. */
  values: Tlv;
}

/** SignedAttributes / UnsignedAttributes (RFC 5652 5.3): SET OF Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }. */
function attributeList(der: Uint8Array, set: Tlv, what: string): RawAttribute[] {
  if (!set.constructed) throw invalid(`${what} is primitive, expected a SET OF Attribute`);
  return children(der, set).map((a, i) => {
    if (!isUniversal(a, TAG.SEQUENCE, true)) throw invalid(`${what}: attribute ${i + 1} is ${shapeOf(a)}, expected SEQUENCE`);
    const f = new Fields(der, a, `${what} attribute ${i + 1}`);
    const type = oid(der, f, 'attrType');
    const values = f.universal(TAG.SET, true, 'attrValues');
    f.end();
    return { type, values };
  });
}

/** The facts of one CertificateChoices entry (RFC 5652 10.2.2); for an X.509 certificate those the sid is matched with. */
interface CertificateEntry {
  tlv: Tlv;
  /** TBSCertificate fields (RFC 5280 4.1); null for the other choices (extended and attribute certificates, other formats). */
  serialNumber: Tlv | null;
  issuer: Tlv | null;
  extensions: Tlv | null;
}

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } and TBSCertificate ::=
 * SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo,
 * issuerUniqueID [1] OPTIONAL, subjectUniqueID [2] OPTIONAL, extensions [3] EXPLICIT OPTIONAL } (RFC 5280 4.1).
 * Only this outer shape is checked here; verify.ts parses the signer's certificate fully.
 */
function certificateEntry(der: Uint8Array, t: Tlv, n: number): CertificateEntry {
  if (t.tagClass === 2 && t.tagNumber <= 3 && t.constructed) return { tlv: t, serialNumber: null, issuer: null, extensions: null };
  const what = `certificate ${n}`;
  if (!isUniversal(t, TAG.SEQUENCE, true)) throw invalid(`${what} is ${shapeOf(t)}, expected a Certificate SEQUENCE or a tagged CertificateChoices`);
  const cert = new Fields(der, t, what);
  const tbs = new Fields(der, cert.universal(TAG.SEQUENCE, true, 'tbsCertificate'), `${what} TBSCertificate`);
  algorithm(der, cert, `${what} signatureAlgorithm`);
  cert.universal(TAG.BIT_STRING, false, 'signatureValue');
  cert.end();
  const version = tbs.optionalContext(0);
  if (version && !version.constructed) throw invalid(`${what}: version is not [0] EXPLICIT`);
  const serialNumber = integer(tbs, 'serialNumber');
  algorithm(der, tbs, `${what} signature`);
  const issuer = tbs.universal(TAG.SEQUENCE, true, 'issuer');
  tbs.universal(TAG.SEQUENCE, true, 'validity');
  tbs.universal(TAG.SEQUENCE, true, 'subject');
  tbs.universal(TAG.SEQUENCE, true, 'subjectPublicKeyInfo');
  tbs.optionalContext(1);
  tbs.optionalContext(2);
  const extensions = tbs.optionalContext(3);
  if (extensions && !extensions.constructed) throw invalid(`${what}: extensions are not [3] EXPLICIT`);
  tbs.end();
  return { tlv: t, serialNumber, issuer, extensions };
}

/** 2.5.29.14 (RFC 5280 4.2.1.2) as OBJECT IDENTIFIER contents. */
const SKI_OID = Uint8Array.of(0x55, 0x1d, 0x0e);

/** The key identifier of the subjectKeyIdentifier extension (RFC 5280 4.2.1.2: extnValue holds KeyIdentifier ::= OCTET STRING); null when absent. */
function subjectKeyIdentifier(der: Uint8Array, extensions: Tlv, what: string): Uint8Array | null {
  // Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension; Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
  const outer = new Fields(der, extensions, `${what} extensions`);
  const list = outer.universal(TAG.SEQUENCE, true, 'Extensions');
  outer.end();
  for (const ext of children(der, list)) {
    if (!isUniversal(ext, TAG.SEQUENCE, true)) throw invalid(`${what}: an extension is ${shapeOf(ext)}, expected SEQUENCE`);
    const f = new Fields(der, ext, `${what} extension`);
    const id = f.universal(TAG.OID, false, 'extnID');
    if (f.count === 3) f.universal(TAG.BOOLEAN, false, 'critical');
    const value = f.universal(TAG.OCTET_STRING, false, 'extnValue');
    f.end();
    if (!sameBytes(contents(der, id), SKI_OID)) continue;
    const keyId = readTlv(der, value.valueStart, value.valueEnd);
    if (!isUniversal(keyId, TAG.OCTET_STRING, false) || keyId.valueEnd !== value.valueEnd) throw invalid(`${what}: subjectKeyIdentifier is not one OCTET STRING`);
    return contents(der, keyId);
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type SignerId = { kind: 'issuerAndSerialNumber'; issuer: Tlv; serialNumber: Tlv } | { kind: 'subjectKeyIdentifier'; keyId: Uint8Array };

/** RFC 5652 5.3: SignerIdentifier ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0] IMPLICIT OCTET STRING }. */
function signerId(der: Uint8Array, t: Tlv): SignerId {
  if (isContext(t, 0)) {
    if (t.constructed) throw invalid('SignerInfo sid [0] subjectKeyIdentifier is constructed, expected an IMPLICIT OCTET STRING');
    return { kind: 'subjectKeyIdentifier', keyId: contents(der, t) };
  }
  if (!isUniversal(t, TAG.SEQUENCE, true)) throw invalid(`SignerInfo sid is ${shapeOf(t)}, expected issuerAndSerialNumber or [0] subjectKeyIdentifier`);
  // IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber } (RFC 5652 10.2.4).
  const f = new Fields(der, t, 'SignerInfo sid');
  const issuer = f.universal(TAG.SEQUENCE, true, 'issuer');
  checkName(der, issuer, 'SignerInfo sid issuer');
  const serialNumber = integer(f, 'serialNumber');
  f.end();
  return { kind: 'issuerAndSerialNumber', issuer, serialNumber };
}

/** Index of the first certificate the sid names by the same bytes (issuer Name and serialNumber DER, or key identifier); -1 for none. */
function matchByBytes(der: Uint8Array, sid: SignerId, certificates: CertificateEntry[]): number {
  for (let i = 0; i < certificates.length; i++) {
    const c = certificates[i]!;
    if (!c.issuer || !c.serialNumber) continue;
    if (sid.kind === 'issuerAndSerialNumber') {
      if (sameBytes(encoding(der, sid.serialNumber), encoding(der, c.serialNumber)) && sameBytes(encoding(der, sid.issuer), encoding(der, c.issuer))) return i;
    } else if (c.extensions) {
      const ski = subjectKeyIdentifier(der, c.extensions, `certificate ${i + 1}`);
      if (ski && sameBytes(ski, sid.keyId)) return i;
    }
  }
  return -1;
}

/**
 * The values of each signed attribute as asn1js objects: verify.ts checks their types (OID, OCTET STRING, UTCTime).
 * Each value goes through asn1js on its own: asn1js costs ~5–10 µs per node, so the whole SET OF (13 nodes for our
 * three attributes) would cost ~90 µs where the three values cost ~25 µs.
 */
function attributeValues(der: Uint8Array, raw: RawAttribute[]): ParsedAttribute[] {
  return raw.map((a) => ({
    type: a.type,
    values: children(der, a.values).map((v) => {
      // A private copy, so the value's views do not alias the container or the returned signedAttributes.
      const bytes = der.slice(v.start, v.valueEnd);
      const asn1 = asn1js.fromBER(bytes, { copyInput: false });
      if (asn1.offset === -1) throw invalid(`signed attribute ${a.type} has a value asn1js cannot read (${asn1.result.error})`);
      if (asn1.offset !== bytes.length) throw invalid(`signed attribute ${a.type} has a value asn1js reads differently`);
      return asn1.result;
    }),
  }));
}

function parse(der: Uint8Array): ParsedContainer {
  // ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType } (RFC 5652 3).
  const root = readTlv(der, 0);
  if (root.valueEnd !== der.length) throw invalid('trailing bytes after the ContentInfo');
  if (!isUniversal(root, TAG.SEQUENCE, true)) throw invalid(`ContentInfo is ${shapeOf(root)}, expected SEQUENCE`);
  const ci = new Fields(der, root, 'ContentInfo');
  const contentType = oid(der, ci, 'contentType');
  if (contentType !== ID_SIGNED_DATA) throw invalid(`content type ${contentType} is not SignedData`);
  const explicit = ci.optionalContext(0);
  if (!explicit || !explicit.constructed) throw invalid('ContentInfo: content is not [0] EXPLICIT');
  ci.end();
  const wrapper = new Fields(der, explicit, 'ContentInfo content');
  const signedDataTlv = wrapper.universal(TAG.SEQUENCE, true, 'SignedData');
  wrapper.end();

  // SignedData ::= SEQUENCE { version, digestAlgorithms SET OF, encapContentInfo, certificates [0] IMPLICIT OPTIONAL,
  //   crls [1] IMPLICIT OPTIONAL, signerInfos SET OF SignerInfo } (RFC 5652 5.1).
  const sd = new Fields(der, signedDataTlv, 'SignedData');
  integer(sd, 'version');
  const digestAlgorithms = new Fields(der, sd.universal(TAG.SET, true, 'digestAlgorithms'), 'digestAlgorithms');
  for (let i = 0; i < digestAlgorithms.count; i++) algorithm(der, digestAlgorithms, `digestAlgorithms ${i + 1}`);

  // EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL } (RFC 5652 5.2).
  const eci = new Fields(der, sd.universal(TAG.SEQUENCE, true, 'encapContentInfo'), 'encapContentInfo');
  const eContentType = oid(der, eci, 'eContentType');
  const eContent = eci.optionalContext(0);
  if (eContent) {
    if (!eContent.constructed) throw invalid('encapContentInfo: eContent is not [0] EXPLICIT');
    // Only its presence matters. pkijs (and other BER writers) write it in the constructed form (X.690 8.7.3), which
    // DER would not (10.2); either is taken, so such a container is refused as attached rather than as malformed.
    const inner = children(der, eContent);
    if (inner.length !== 1 || inner[0]!.tagClass !== UNIVERSAL || inner[0]!.tagNumber !== TAG.OCTET_STRING) throw invalid('encapContentInfo: eContent is not one OCTET STRING');
  }
  eci.end();

  // CertificateSet ::= SET OF CertificateChoices (RFC 5652 10.2.3), [0] IMPLICIT here: each entry's DER as it is.
  const certSet = sd.optionalContext(0);
  if (certSet && !certSet.constructed) throw invalid('SignedData: certificates [0] is primitive');
  const certificates = certSet ? children(der, certSet).map((t, i) => certificateEntry(der, t, i + 1)) : [];
  // RevocationInfoChoices (RFC 5652 10.2.1), [1] IMPLICIT: verification does not use them.
  const crls = sd.optionalContext(1);
  if (crls && !crls.constructed) throw invalid('SignedData: crls [1] is primitive');

  const signerInfos = children(der, sd.universal(TAG.SET, true, 'signerInfos'));
  sd.end();
  if (signerInfos.length !== 1) throw invalid(`${signerInfos.length} SignerInfos, expected exactly one`);

  // SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL, signatureAlgorithm,
  //   signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL } (RFC 5652 5.3).
  const siTlv = signerInfos[0]!;
  if (!isUniversal(siTlv, TAG.SEQUENCE, true)) throw invalid(`SignerInfo is ${shapeOf(siTlv)}, expected SEQUENCE`);
  const si = new Fields(der, siTlv, 'SignerInfo');
  integer(si, 'SignerInfo version');
  const sidTlv = si.optionalContext(0) ?? si.universal(TAG.SEQUENCE, true, 'sid');
  const sid = signerId(der, sidTlv);
  const digestOid = algorithm(der, si, 'SignerInfo digestAlgorithm');
  const signedAttrs = si.optionalContext(0);
  const rawAttributes = signedAttrs ? attributeList(der, signedAttrs, 'signedAttrs') : [];
  if (signedAttrs) {
    // SignedAttributes ::= SET SIZE (1..MAX) OF Attribute, and MUST be DER encoded even in a BER container (RFC 5652 5.3).
    if (rawAttributes.length === 0) throw invalid('signedAttrs is empty');
    checkTree(der, signedAttrs);
  }
  const signatureOid = algorithm(der, si, 'SignerInfo signatureAlgorithm');
  const signature = si.universal(TAG.OCTET_STRING, false, 'signature');
  const unsignedAttrs = si.optionalContext(1);
  // Read for their shape only; an empty set is let through as pkijs did.
  if (unsignedAttrs) attributeList(der, unsignedAttrs, 'unsignedAttrs');
  si.end();

  let signedAttributes: Uint8Array | null = null;
  let attributes: ParsedAttribute[] = [];
  if (signedAttrs) {
    // RFC 5652 5.4: the signature covers the received encoding with the EXPLICIT SET OF tag in place of [0] IMPLICIT.
    signedAttributes = der.slice(signedAttrs.start, signedAttrs.valueEnd);
    signedAttributes[0] = 0x31;
    attributes = attributeValues(der, rawAttributes);
  }

  let index = matchByBytes(der, sid, certificates);
  // Slow path: an issuer encoded differently from the certificate's (another string type, other letter case).
  if (index < 0 && certificates.length > 0) index = findSignerCertificatePkijs(encoding(der, sidTlv), certificates.map((c) => encoding(der, c.tlv)));
  const cert = index >= 0 ? certificates[index]! : null;

  return {
    eContentType,
    attached: eContent !== null,
    digestOid,
    signatureOid,
    signature: der.slice(signature.valueStart, signature.valueEnd),
    signedAttributes,
    attributes,
    certificate: cert ? der.slice(cert.tlv.start, cert.tlv.valueEnd) : null,
  };
}

/** Parses a DER ContentInfo(SignedData) with exactly one SignerInfo. Throws GatewayError SIGN_CMS_INVALID, never anything else. */
export function parseContainer(der: Uint8Array): ParsedContainer {
  try {
    // A plain Uint8Array over the same bytes: slices of it are copies, also when `der` is a Buffer (whose slice is a view).
    return parse(new Uint8Array(der.buffer, der.byteOffset, der.byteLength));
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    if (e instanceof DerError) throw invalid(e.message);
    throw invalid(e instanceof Error ? e.message : String(e));
  }
}
