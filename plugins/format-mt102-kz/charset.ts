// Character sets of MT files: single-byte tables built from iconv-lite (cp1251, RK1048, cp866) plus UTF-8; finds the
// first character a charset cannot write (never replaced by '?') and decodes a file (BOM / valid UTF-8 / configured).
import iconv from 'iconv-lite';

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

const decodeTables = new Map<MtCharset, string>();
const encodeTables = new Map<MtCharset, Int16Array>();

/** The 256 characters of a single-byte charset (U+FFFD for an unassigned byte). */
function decodeTable(cs: Exclude<MtCharset, 'utf-8'>): string {
  let t = decodeTables.get(cs);
  if (!t) {
    const all = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) all[i] = i;
    t = iconv.decode(all, cs);
    decodeTables.set(cs, t);
  }
  return t;
}

/** UTF-16 code unit → byte (-1: not in the charset). */
function encodeTable(cs: Exclude<MtCharset, 'utf-8'>): Int16Array {
  let t = encodeTables.get(cs);
  if (!t) {
    t = new Int16Array(65536).fill(-1);
    const d = decodeTable(cs);
    for (let b = 0; b < 256; b++) {
      const c = d.charCodeAt(b);
      if (c !== 0xfffd && t[c] === -1) t[c] = b;
    }
    encodeTables.set(cs, t);
  }
  return t;
}

export interface Unencodable {
  /** Index in the text. */
  at: number;
  char: string;
  /** 'U+04D9'. */
  code: string;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of `text` the charset cannot write (a lone surrogate for UTF-8), or null. */
export function findUnencodable(text: string, cs: MtCharset): Unencodable | null {
  if (cs === 'utf-8') {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdfff) continue;
      if (c <= 0xdbff && i + 1 < text.length) {
        const n = text.charCodeAt(i + 1);
        if (n >= 0xdc00 && n <= 0xdfff) {
          i++;
          continue;
        }
      }
      return { at: i, char: text[i]!, code: hex(c) };
    }
    return null;
  }
  const t = encodeTable(cs);
  for (let i = 0; i < text.length; i++) {
    if (t[text.charCodeAt(i)]! < 0) {
      const cp = text.codePointAt(i)!;
      return { at: i, char: String.fromCodePoint(cp), code: hex(cp) };
    }
  }
  return null;
}

/** Bytes of text already checked with `findUnencodable` (throws RangeError on a character it cannot write). */
export function encodeText(text: string, cs: MtCharset): Uint8Array {
  if (cs === 'utf-8') return new TextEncoder().encode(text);
  const t = encodeTable(cs);
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
  const d = decodeTable(fallback);
  let s = '';
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    s += d[bytes[i]!];
    if (s.length >= 8192) {
      parts.push(s);
      s = '';
    }
  }
  parts.push(s);
  return { text: parts.join(''), charset: fallback, reason: 'configured' };
}
