// Per-key container templates: pkijs encodes a key's container once; each signature copies it and writes its own values in place.
//
// Why: asn1js costs ~10 µs per node and ~250 µs to re-encode a certificate, so a pkijs build per signature (~1.2 ms) caps ECDSA
// at ~800 signatures/s. Everything but three values is the same for every signature of one key, and those three
// never change length for a given time kind (UTCTime vs GeneralizedTime) and signature length:
//   - the message-digest value (RFC 5652 11.2): the digest's raw bytes,
//   - the signing-time value (11.3): the DER of a UTCTime/GeneralizedTime, encoded by asn1js,
//   - SignerInfo.signature (5.3): the bytes the key session returned.
// The offsets come from parsing the library's own output with asn1js, and each template is checked once against a second
// library build with other values, so a container from here is byte-for-byte what pkijs would encode (tests/signer/cms-template.test.ts).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { KeyInfo } from '../provider.ts';
import { buildSignedDataDer, signedAttributesDer, type SignedDataParts } from './build.ts';
import { ID_MESSAGE_DIGEST, ID_SIGNING_TIME, digestLength, digestOfName, type NodeDigest } from './oids.ts';
import { signingTimeDer, timeKind, type TimeKind } from './signing-time.ts';

interface AttributesTemplate {
  /** DER SET OF signed attributes with placeholder values. */
  der: Uint8Array;
  digestAt: number;
  digestLength: number;
  /** Offset and length of the whole signing-time value (tag, length, contents). */
  timeAt: number;
  timeLength: number;
}

interface ContainerTemplate {
  der: Uint8Array;
  /** Offset of SignerInfo.signedAttrs ([0] IMPLICIT SET OF) and of the signature's contents. */
  attrsAt: number;
  attrsLength: number;
  signatureAt: number;
}

export interface KeyTemplates {
  digest: NodeDigest;
  /** Fresh DER SET OF signed attributes for one signature: the bytes the key session signs (RFC 5652 5.4). */
  signedAttributes(signingTime: Date, messageDigest: Uint8Array): Uint8Array;
  /** Fresh DER ContentInfo(SignedData) holding `attributes` (from signedAttributes) and `signature`. */
  container(signingTime: Date, attributes: Uint8Array, signature: Uint8Array): Uint8Array;
}

// Placeholders: one instant per time kind, and a second set for the self-check.
const PLACEHOLDER_TIME: Record<TimeKind, [Date, Date]> = {
  utc: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2011, 10, 12, 13, 14, 15))],
  generalized: [new Date(Date.UTC(2050, 0, 1)), new Date(Date.UTC(2061, 10, 12, 13, 14, 15))],
};

/** Offset of a parsed block inside `buffer`: asn1js keeps views into the buffer it parsed. */
function offsetIn(buffer: ArrayBuffer, view: Uint8Array): number {
  if (view.buffer !== buffer) throw new Error('CMS template: asn1js view is not into the parsed buffer');
  return view.byteOffset;
}

function parseExact(der: Uint8Array): { buffer: ArrayBuffer; root: asn1js.AsnType } {
  const buffer = new Uint8Array(der).buffer;
  // copyInput: false keeps the parsed views in `buffer`, so their byteOffset is a position in the DER.
  const asn1 = asn1js.fromBER(buffer, { copyInput: false });
  if (asn1.offset === -1) throw new Error(`CMS template: library output does not parse: ${asn1.result.error}`);
  return { buffer, root: asn1.result };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function attributesTemplate(kind: TimeKind, digest: NodeDigest): AttributesTemplate {
  const [t0, t1] = PLACEHOLDER_TIME[kind];
  const len = digestLength(digest);
  const der = signedAttributesDer({ signingTime: t0, messageDigest: new Uint8Array(len) });
  const { buffer, root } = parseExact(der);
  let digestAt = -1;
  let timeAt = -1;
  let timeLength = 0;
  for (const attr of (root as asn1js.Set).valueBlock.value as asn1js.Sequence[]) {
    const [type, values] = attr.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Set];
    const value = values.valueBlock.value[0]!;
    if (type.getValue() === ID_MESSAGE_DIGEST) digestAt = offsetIn(buffer, (value as asn1js.OctetString).valueBlock.valueHexView);
    if (type.getValue() === ID_SIGNING_TIME) {
      timeAt = offsetIn(buffer, value.valueBeforeDecodeView);
      timeLength = value.valueBeforeDecodeView.length;
    }
  }
  if (digestAt < 0 || timeAt < 0) throw new Error('CMS template: signed attributes lack message-digest or signing-time');
  const tpl: AttributesTemplate = { der, digestAt, digestLength: len, timeAt, timeLength };
  const other = new Uint8Array(len).fill(0x5a);
  if (!sameBytes(fillAttributes(tpl, t1, other), signedAttributesDer({ signingTime: t1, messageDigest: other }))) {
    throw new Error('CMS template: signed attributes template differs from the library encoding');
  }
  return tpl;
}

function fillAttributes(tpl: AttributesTemplate, signingTime: Date, messageDigest: Uint8Array): Uint8Array {
  const time = signingTimeDer(signingTime);
  // Only same-length values may go in place; anything else would overwrite its neighbours.
  if (time.length !== tpl.timeLength) throw new RangeError(`CMS template: signing time ${signingTime.toISOString()} does not encode in ${tpl.timeLength} bytes`);
  if (messageDigest.length !== tpl.digestLength) throw new Error(`CMS template: a ${messageDigest.length}-byte digest where ${tpl.digestLength} bytes go`);
  const out = tpl.der.slice();
  out.set(messageDigest, tpl.digestAt);
  out.set(time, tpl.timeAt);
  return out;
}

/** ContentInfo → [0] SignedData → signerInfos (last) → the one SignerInfo. */
function signerInfoBlock(root: asn1js.AsnType): asn1js.Sequence {
  const signedData = (root as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed;
  const fields = (signedData.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  return (fields[fields.length - 1] as asn1js.Set).valueBlock.value[0] as asn1js.Sequence;
}

function containerTemplate(parts: Omit<SignedDataParts, 'signingTime' | 'messageDigest' | 'signature'>, kind: TimeKind, digest: NodeDigest, signatureLength: number): ContainerTemplate {
  const [t0, t1] = PLACEHOLDER_TIME[kind];
  const len = digestLength(digest);
  const der = buildSignedDataDer({ ...parts, signingTime: t0, messageDigest: new Uint8Array(len), signature: new Uint8Array(signatureLength) });
  const { buffer, root } = parseExact(der);
  const fields = signerInfoBlock(root).valueBlock.value;
  const attrs = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0);
  const signature = fields.find((f) => f instanceof asn1js.OctetString) as asn1js.OctetString | undefined;
  if (!attrs || !signature) throw new Error('CMS template: SignerInfo lacks signedAttrs or signature');
  const tpl: ContainerTemplate = {
    der,
    attrsAt: offsetIn(buffer, attrs.valueBeforeDecodeView),
    attrsLength: attrs.valueBeforeDecodeView.length,
    signatureAt: offsetIn(buffer, signature.valueBlock.valueHexView),
  };
  const other = { digest: new Uint8Array(len).fill(0x5a), signature: new Uint8Array(signatureLength).fill(0x5a) };
  const filled = fillContainer(tpl, signedAttributesDer({ signingTime: t1, messageDigest: other.digest }), other.signature);
  if (!sameBytes(filled, buildSignedDataDer({ ...parts, signingTime: t1, messageDigest: other.digest, signature: other.signature }))) {
    throw new Error('CMS template: container template differs from the library encoding');
  }
  return tpl;
}

function fillContainer(tpl: ContainerTemplate, attributes: Uint8Array, signature: Uint8Array): Uint8Array {
  const out = tpl.der.slice();
  // Same attributes, tag byte left as [0] IMPLICIT (RFC 5652 5.3); the SET OF tag was only for signing (5.4).
  out.set(attributes.subarray(1), tpl.attrsAt + 1);
  out.set(signature, tpl.signatureAt);
  return out;
}

function unsupported(key: KeyInfo, why: string): GatewayError {
  return new GatewayError('SIGN_KEY_UNSUPPORTED', `Key "${key.label}" (${key.id}): ${why}`, { keyId: key.id, signatureOid: key.signature.signatureOid });
}

function makeTemplates(key: KeyInfo): KeyTemplates {
  const sig = key.signature;
  if (sig.digestName === null) {
    // GOST keys (kz-formats.md 6.2/6.4): the message-digest attribute needs the content's GOST 34.311/34.11-2015 hash on the
    // host, and no maintained JS implementation with NCA parameters exists. Supporting them needs a host GOST digest or a
    // token mechanism that returns a whole CMS; neither is in scope.
    throw unsupported(key, `its digest (${sig.digestOid}) is computed only inside the token, so a CMS container cannot be built on the host; GOST keys need a host GOST digest or a token mechanism that returns a whole CMS, which are not supported`);
  }
  let certificate: pkijs.Certificate;
  try {
    certificate = pkijs.Certificate.fromBER(key.certificate);
  } catch (e) {
    throw unsupported(key, `its certificate cannot be parsed (${e instanceof Error ? e.message : String(e)})`);
  }
  const parts = { certificate, digestOid: sig.digestOid, signatureOid: sig.signatureOid };
  const digest = digestOfName(sig.digestName);
  const attributes = new Map<TimeKind, AttributesTemplate>();
  const containers = new Map<string, ContainerTemplate>();
  const newContainer = (kind: TimeKind, signatureLength: number): ContainerTemplate => {
    const tpl = containerTemplate(parts, kind, digest, signatureLength);
    // The library re-encodes the parsed certificate; a certificate that is not DER would change and lose its own signature.
    if (Buffer.from(tpl.der).indexOf(Buffer.from(key.certificate)) < 0) throw unsupported(key, 'its certificate is not DER-encoded');
    return tpl;
  };
  return {
    digest,
    signedAttributes(signingTime, messageDigest) {
      const kind = timeKind(signingTime);
      let tpl = attributes.get(kind);
      if (!tpl) attributes.set(kind, (tpl = attributesTemplate(kind, digest)));
      return fillAttributes(tpl, signingTime, messageDigest);
    },
    container(signingTime, attrs, signature) {
      const kind = timeKind(signingTime);
      const id = `${kind}:${signature.length}`;
      let tpl = containers.get(id);
      if (!tpl) {
        // ECDSA DER signatures vary by a few bytes; bound the map against a session returning arbitrary lengths.
        if (containers.size >= 16) containers.clear();
        containers.set(id, (tpl = newContainer(kind, signature.length)));
      }
      if (tpl.attrsLength !== attrs.length) throw new Error('CMS template: signed attributes do not fit the container template');
      return fillContainer(tpl, attrs, signature);
    },
  };
}

const cache = new WeakMap<KeyInfo, { certificate: Uint8Array; signatureOid: string; digestOid: string; templates: KeyTemplates }>();

/** Templates for a key, made on first use and kept while the KeyInfo lives (one per session's key). */
export function templatesFor(key: KeyInfo): KeyTemplates {
  const hit = cache.get(key);
  if (hit && hit.certificate === key.certificate && hit.signatureOid === key.signature.signatureOid && hit.digestOid === key.signature.digestOid) return hit.templates;
  const templates = makeTemplates(key);
  cache.set(key, { certificate: key.certificate, signatureOid: key.signature.signatureOid, digestOid: key.signature.digestOid, templates });
  return templates;
}
