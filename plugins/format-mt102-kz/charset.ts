// Character sets of MT files (cp1251, RK1048, cp866, UTF-8) on the 1C plugin's tables: names people write for them, the
// first character a charset cannot write (never replaced by '?'), and decoding a file (BOM / valid UTF-8 / configured).
import { decodeSingleByte, encodeTable16 } from '../format-1c-kz/charsets.ts';

export type MtCharset = 'windows-1251' | 'rk1048' | 'ibm866' | 'utf-8';

export const MT_CHARSETS: readonly MtCharset[] = ['windows-1251', 'rk1048', 'ibm866', 'utf-8'];

/** Names people write for the same charsets. */
const ALIASES: Readonly<Record<string, MtCharset>> = {
  'windows-1251': 'windows-1251',
  cp1251: 'windows-1251',
  'win-1251': 'windows-1251',
  rk1048: 'rk1048',
  'kz-1048': 'rk1048',
  strk1048: 'rk1048',
  ibm866: 'ibm866',
  cp866: 'ibm866',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
};

/** The canonical name of a charset label, or null when MT files are not written in it here. */
export function mtCharset(label: string): MtCharset | null {
  return ALIASES[label.trim().toLowerCase()] ?? null;
}

// The single-byte tables and the encodability check are the 1C plugin's (the same Kazakh charsets).
export { findUnencodable, type Unencodable } from '../format-1c-kz/writer/encode.ts';

/** Bytes of text already checked with `findUnencodable` (throws RangeError on a character it cannot write). */
export function encodeText(text: string, cs: MtCharset): Uint8Array {
  if (cs === 'utf-8') return new TextEncoder().encode(text);
  const t = encodeTable16(cs);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = t[text.charCodeAt(i)]!;
    if (b < 0) throw new RangeError(`'${text[i]}' cannot be written in ${cs}`);
    out[i] = b;
  }
  return out;
}

export interface Decoded {
  text: string;
  charset: MtCharset;
  /** Why this charset: a BOM, valid UTF-8 with non-ASCII bytes, or the configured one. */
  reason: 'bom' | 'utf-8' | 'configured';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A UTF-8 BOM, or valid UTF-8 holding non-ASCII, is UTF-8; anything else is read in `fallback` (never throws). */
export function decodeBytes(bytes: Uint8Array, fallback: MtCharset): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8', reason: 'bom' };
  }
  let ascii = true;
  for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i]! < 0x80;
  if (!ascii && fallback !== 'utf-8') {
    try {
      return { text: UTF8.decode(bytes), charset: 'utf-8', reason: 'utf-8' };
    } catch {
      // not UTF-8: the configured single-byte charset below
    }
  }
  if (fallback === 'utf-8') return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', reason: 'configured' };
  return { text: decodeSingleByte(bytes, fallback), charset: fallback, reason: 'configured' };
}
