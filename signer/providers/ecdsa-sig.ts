// ECDSA signature encoding: PKCS#11 r||s to the DER ECDSA-Sig-Value CMS wants.
// Why: CKM_ECDSA returns r||s (PKCS#11 2.40 current mechanisms section 2.3.1); SignerInfo.signature holds
// SEQUENCE { r INTEGER, s INTEGER } (RFC 5753 section 2.1.1, RFC 3279 section 2.2.3).
import * as asn1js from 'asn1js';

function integer(bytes: Uint8Array): asn1js.Integer {
  return asn1js.Integer.fromBigInt(BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`));
}

/** r||s (two equal halves, big-endian) → DER ECDSA-Sig-Value; asn1js writes minimal INTEGERs with a 0x00 sign byte when needed. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new Error(`ECDSA signature of ${raw.length} bytes is not r||s`);
  const half = raw.length / 2;
  const seq = new asn1js.Sequence({ value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))] });
  return new Uint8Array(seq.toBER());
}
