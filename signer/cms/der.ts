// Strict DER reader (X.690 8.1 and 10): one tag-length-value at a time, definite lengths only, bounds-checked; plus OID decoding (8.19).

/** X.690 8.1.2.2 Table 1: bits 8–7 of the identifier octet. */
export const UNIVERSAL = 0;
export const APPLICATION = 1;
export const CONTEXT = 2;
export const PRIVATE = 3;
export type TagClass = typeof UNIVERSAL | typeof APPLICATION | typeof CONTEXT | typeof PRIVATE;

/** Universal tag numbers used by the CMS reader (X.680 8.4 Table 1). */
export const TAG = { BOOLEAN: 1, INTEGER: 2, BIT_STRING: 3, OCTET_STRING: 4, NULL: 5, OID: 6, SEQUENCE: 16, SET: 17 } as const;

/** One TLV: the identifier at `start`, the contents from `valueStart` to `valueEnd` (exclusive; also the end of the whole TLV). */
export interface Tlv {
  tagClass: TagClass;
  constructed: boolean;
  tagNumber: number;
  start: number;
  headerLength: number;
  valueStart: number;
  valueEnd: number;
}

/** Input that is not strict DER; `offset` is where in the input the problem is. */
export class DerError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'DerError';
    this.offset = offset;
  }
}

/** Largest tag number accepted in the high-tag-number form: keeps the arithmetic exact; no CMS tag comes near it. */
const MAX_TAG_NUMBER = 2 ** 28;
/** Length octets accepted in the long form: 4 covers any input a Uint8Array here can hold. */
const MAX_LENGTH_OCTETS = 4;

/**
 * Reads the TLV at `offset`, which must end at or before `end` (the enclosing value's end; the input's end by default).
 * Throws DerError on truncated input, indefinite lengths, non-minimal tag or length encodings and reserved length octets.
 */
export function readTlv(der: Uint8Array, offset: number, end: number = der.length): Tlv {
  if (end > der.length) throw new DerError(`end ${end} past the input's ${der.length} bytes`, offset);
  if (offset >= end) throw new DerError('truncated: identifier octet missing', offset);
  let p = offset;
  const first = der[p++]!;
  // X.690 8.1.2.2–8.1.2.3: class in bits 8–7, constructed flag in bit 6, tag number in bits 5–1.
  const tagClass = (first >> 6) as TagClass;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    // X.690 8.1.2.4: high-tag-number form, base 128, bit 8 set on all but the last octet.
    tagNumber = 0;
    for (;;) {
      if (p >= end) throw new DerError('truncated: tag number octets missing', p);
      const b = der[p++]!;
      // 8.1.2.4.2 c: the first subsequent octet's bits 7–1 shall not all be zero.
      if (tagNumber === 0 && b === 0x80) throw new DerError('non-minimal tag number encoding (X.690 8.1.2.4.2)', p - 1);
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (tagNumber >= MAX_TAG_NUMBER) throw new DerError('tag number too large', p - 1);
      if ((b & 0x80) === 0) break;
    }
    // X.690 8.1.2.2/8.1.2.4: numbers 0–30 use the low-tag-number form.
    if (tagNumber < 0x1f) throw new DerError(`tag number ${tagNumber} in the high-tag-number form (X.690 8.1.2.4)`, offset);
  }
  if (p >= end) throw new DerError('truncated: length octets missing', p);
  const lengthAt = p;
  const l0 = der[p++]!;
  let length: number;
  if (l0 < 0x80) {
    // X.690 8.1.3.4: short form.
    length = l0;
  } else if (l0 === 0x80) {
    throw new DerError('indefinite length (X.690 8.1.3.6; DER allows only the definite form, 10.1)', lengthAt);
  } else if (l0 === 0xff) {
    throw new DerError('reserved length octet 0xFF (X.690 8.1.3.5 c)', lengthAt);
  } else {
    // X.690 8.1.3.5: long form; DER (10.1) requires the fewest octets, so no leading zero and no value under 128.
    const n = l0 & 0x7f;
    if (n > MAX_LENGTH_OCTETS) throw new DerError(`length of ${n} octets is too large`, lengthAt);
    if (p + n > end) throw new DerError('truncated: length octets missing', p);
    if (der[p] === 0) throw new DerError('non-minimal length encoding: leading zero octet (X.690 10.1)', lengthAt);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[p++]!;
    if (length < 0x80) throw new DerError(`non-minimal length encoding: ${length} in the long form (X.690 10.1)`, lengthAt);
  }
  const valueStart = p;
  if (length > end - valueStart) {
    throw new DerError(`truncated: ${length} content octets declared, ${end - valueStart} available`, lengthAt);
  }
  return { tagClass, constructed, tagNumber, start: offset, headerLength: valueStart - offset, valueStart, valueEnd: valueStart + length };
}

/** The TLVs that make up a constructed value's contents, in order; they must fill it exactly (X.690 8.1.1). */
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  if (!parent.constructed) throw new DerError('primitive encoding where a constructed one is required', parent.start);
  const out: Tlv[] = [];
  for (let p = parent.valueStart; p < parent.valueEnd;) {
    const t = readTlv(der, p, parent.valueEnd);
    out.push(t);
    p = t.valueEnd;
  }
  return out;
}

/** The TLV's contents (a view, not a copy). */
export function contents(der: Uint8Array, t: Tlv): Uint8Array {
  return der.subarray(t.valueStart, t.valueEnd);
}

/** The whole TLV, identifier to last content octet (a view, not a copy). */
export function encoding(der: Uint8Array, t: Tlv): Uint8Array {
  return der.subarray(t.start, t.valueEnd);
}

export function isUniversal(t: Tlv, tagNumber: number, constructed: boolean): boolean {
  return t.tagClass === UNIVERSAL && t.tagNumber === tagNumber && t.constructed === constructed;
}

export function isContext(t: Tlv, tagNumber: number): boolean {
  return t.tagClass === CONTEXT && t.tagNumber === tagNumber;
}

/**
 * Dotted form of an OBJECT IDENTIFIER's contents (X.690 8.19): base-128 subidentifiers without 0x80 padding (8.19.2),
 * the first one holding the first two arcs (8.19.4). Arcs beyond 2^53 are exact (BigInt).
 */
export function decodeOid(der: Uint8Array, t: Tlv): string {
  if (t.valueStart === t.valueEnd) throw new DerError('empty OBJECT IDENTIFIER (X.690 8.19.1)', t.start);
  const arcs: string[] = [];
  let value = 0;
  let big: bigint | null = null;
  let fresh = true;
  for (let p = t.valueStart; p < t.valueEnd; p++) {
    const b = der[p]!;
    if (fresh && b === 0x80) throw new DerError('OBJECT IDENTIFIER subidentifier with a leading 0x80 octet (X.690 8.19.2)', p);
    fresh = false;
    if (big !== null) big = big * 128n + BigInt(b & 0x7f);
    else if (value >= 2 ** 45) big = BigInt(value) * 128n + BigInt(b & 0x7f);
    else value = value * 128 + (b & 0x7f);
    if ((b & 0x80) !== 0) continue;
    if (arcs.length === 0) {
      // X.690 8.19.4: (X*40)+Y, X in 0..2; only X = 2 has Y above 39.
      if (big !== null) arcs.push('2', String(big - 80n));
      else if (value < 40) arcs.push('0', String(value));
      else if (value < 80) arcs.push('1', String(value - 40));
      else arcs.push('2', String(value - 80));
    } else {
      arcs.push(big !== null ? String(big) : String(value));
    }
    value = 0;
    big = null;
    fresh = true;
  }
  if (!fresh) throw new DerError('truncated OBJECT IDENTIFIER subidentifier (X.690 8.19.2)', t.valueEnd - 1);
  return arcs.join('.');
}

/** Universal types whose DER encoding is constructed (X.690 8.9.1, 8.11.1, 8.18.1, 8.19 of EMBEDDED PDV, CHARACTER STRING); all others are primitive (10.2). */
const CONSTRUCTED_UNIVERSAL = new Set([8, 11, 16, 17, 29]);

/**
 * Checks that a whole value is DER as far as its TLV structure goes: every nested TLV reads strictly, fills its parent
 * exactly, and universal types have the form DER gives them (strings primitive, X.690 10.2; SEQUENCE and SET constructed).
 */
export function checkTree(der: Uint8Array, t: Tlv, maxDepth = 32): void {
  if (t.tagClass === UNIVERSAL && t.tagNumber === 0) throw new DerError('end-of-contents octets outside an indefinite length (X.690 8.1.5)', t.start);
  if (t.tagClass === UNIVERSAL && CONSTRUCTED_UNIVERSAL.has(t.tagNumber) !== t.constructed) {
    throw new DerError(`universal type ${t.tagNumber} in the ${t.constructed ? 'constructed' : 'primitive'} form (X.690 10.2)`, t.start);
  }
  if (!t.constructed) return;
  if (maxDepth <= 0) throw new DerError('nesting too deep', t.start);
  for (const c of children(der, t)) checkTree(der, c, maxDepth - 1);
}
