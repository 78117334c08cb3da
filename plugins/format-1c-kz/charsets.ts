// Single-byte code pages of 1C exchange files (cp1251, cp866, RK1048) as byte→char tables, decode and encode.

export type SingleByteCharset = 'windows-1251' | 'ibm866' | 'rk1048';
export type Charset = 'utf-8' | SingleByteCharset;

/** Upper half (0x80–0xFF) of a code page as Node's ICU TextDecoder decodes it (cp1251, cp866 are built in). */
function upperHalfFromIcu(label: string): string {
  const bytes = new Uint8Array(128);
  for (let i = 0; i < 128; i++) bytes[i] = 0x80 + i;
  return new TextDecoder(label).decode(bytes);
}

/**
 * RK1048 (ST RK 1048-2002, "KZ-1048") upper half, 0x80–0xFF, written out as data.
 * Same as cp1251 except 16 positions that carry the Kazakh letters where cp1251 has
 * Serbian/Macedonian/Ukrainian/Belarusian ones (cp1251 shown in brackets):
 *   0x8D Қ [Ќ]  0x8E Һ [Ћ]  0x9D қ [ќ]  0x9E һ [ћ]  0xA1 Ұ [Ў]  0xA2 ұ [ў]  0xA3 Ә [Ј]  0xA5 Ө [Ґ]
 *   0xAA Ғ [Є]  0xAF Ү [Ї]  0xB4 ө [ґ]  0xBA ғ [є]  0xBC ә [ј]  0xBD Ң [Ѕ]  0xBE ң [ѕ]  0xBF ү [ї]
 * and 0x98, which RK1048 leaves undefined (decoded as U+FFFD). Source: the KZ1048 mapping shipped as
 * CPython's `kz1048` codec (Unicode MAPPINGS/VENDORS/MISC/KZ1048.TXT); cross-checked against cp1251 in tests.
 */
const RK1048_UPPER =
  // 0x80–0x8F
  '\u0402\u0403\u201A\u0453\u201E\u2026\u2020\u2021\u20AC\u2030\u0409\u2039\u040A\u049A\u04BA\u040F' +
  // 0x90–0x9F
  '\u0452\u2018\u2019\u201C\u201D\u2022\u2013\u2014\uFFFD\u2122\u0459\u203A\u045A\u049B\u04BB\u045F' +
  // 0xA0–0xAF
  '\u00A0\u04B0\u04B1\u04D8\u00A4\u04E8\u00A6\u00A7\u0401\u00A9\u0492\u00AB\u00AC\u00AD\u00AE\u04AE' +
  // 0xB0–0xBF
  '\u00B0\u00B1\u0406\u0456\u04E9\u00B5\u00B6\u00B7\u0451\u2116\u0493\u00BB\u04D9\u04A2\u04A3\u04AF' +
  // 0xC0–0xFF: А–Я, а–я as in cp1251
  Array.from({ length: 64 }, (_, i) => String.fromCharCode(0x0410 + i)).join('');

/** Upper halves (128 chars each) by charset; the lower half is ASCII in all three. */
export const UPPER_HALF: Readonly<Record<SingleByteCharset, string>> = {
  'windows-1251': upperHalfFromIcu('windows-1251'),
  ibm866: upperHalfFromIcu('ibm866'),
  rk1048: RK1048_UPPER,
};

const DECODE: Record<SingleByteCharset, Uint16Array> = {
  'windows-1251': buildDecodeTable(UPPER_HALF['windows-1251']),
  ibm866: buildDecodeTable(UPPER_HALF.ibm866),
  rk1048: buildDecodeTable(UPPER_HALF.rk1048),
};

function buildDecodeTable(upper: string): Uint16Array {
  if (upper.length !== 128) throw new Error(`code page table must have 128 upper-half chars, has ${upper.length}`);
  const t = new Uint16Array(256);
  for (let i = 0; i < 128; i++) t[i] = i;
  for (let i = 0; i < 128; i++) t[128 + i] = upper.charCodeAt(i);
  return t;
}

/**
 * cp1251 and cp866 are built into Node's ICU, whose native decoder is several times faster than a table loop. ICU's
 * cp866 swaps three control characters (0x1A, 0x1C, 0x7F) against the table: such differences, found at start-up by
 * decoding all 256 bytes, are put back afterwards, so the result is always exactly the table's.
 */
interface NativeDecoder {
  decoder: InstanceType<typeof TextDecoder>;
  /** Characters the native decoder gives differently from the table, and the table's character. */
  fix: { re: RegExp; map: Map<string, string> } | null;
}

function nativeDecoder(charset: SingleByteCharset, label: string): NativeDecoder {
  const decoder = new TextDecoder(label);
  const native = decoder.decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const map = new Map<string, string>();
  for (let b = 0; b < 256; b++) {
    const want = String.fromCharCode(DECODE[charset][b]!);
    if (native[b] !== want) map.set(native[b]!, want);
  }
  // Each replaced character must come from one byte only, or the replacement would be ambiguous.
  if (native.length !== 256 || [...map.keys()].some((c) => native.indexOf(c) !== native.lastIndexOf(c))) throw new Error(`native ${label} decoder does not fit the ${charset} table`);
  const cls = [...map.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return { decoder, fix: map.size === 0 ? null : { re: new RegExp(`[${cls}]`, 'g'), map } };
}

const NATIVE: Partial<Record<SingleByteCharset, NativeDecoder>> = {
  'windows-1251': nativeDecoder('windows-1251', 'windows-1251'),
  ibm866: nativeDecoder('ibm866', 'ibm866'),
};

function decodeNative(n: NativeDecoder, bytes: Uint8Array): string {
  const text = n.decoder.decode(bytes);
  if (!n.fix) return text;
  n.fix.re.lastIndex = 0;
  if (!n.fix.re.test(text)) return text;
  const { map } = n.fix;
  return text.replace(n.fix.re, (c: string) => map.get(c)!);
}

/** Bytes where RK1048 differs from cp1251 (a text without them decodes the same in both). */
export const RK1048_DIFF_BYTES: readonly number[] = [0x8d, 0x8e, 0x98, 0x9d, 0x9e, 0xa1, 0xa2, 0xa3, 0xa5, 0xaa, 0xaf, 0xb4, 0xba, 0xbc, 0xbd, 0xbe, 0xbf];

/** The cp1251 characters of RK1048_DIFF_BYTES, as a character class (global: use `lastIndex`). */
export const CP1251_RK1048_DIFF = new RegExp(`[${RK1048_DIFF_BYTES.map((b) => `\\u${UPPER_HALF['windows-1251'].charCodeAt(b - 0x80).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
const CP1251_TO_RK1048 = new Map<string, string>(RK1048_DIFF_BYTES.map((b) => [UPPER_HALF['windows-1251'][b - 0x80]!, UPPER_HALF.rk1048[b - 0x80]!]));

/** cp1251 text → the same bytes read as RK1048. */
export function cp1251TextToRk1048(text: string): string {
  CP1251_RK1048_DIFF.lastIndex = 0;
  if (!CP1251_RK1048_DIFF.test(text)) return text;
  return text.replace(CP1251_RK1048_DIFF, (c) => CP1251_TO_RK1048.get(c)!);
}

/** Decodes single-byte text (never fails; an undefined byte becomes U+FFFD). */
export function decodeSingleByte(bytes: Uint8Array, charset: SingleByteCharset): string {
  if (charset === 'rk1048') return cp1251TextToRk1048(decodeNative(NATIVE['windows-1251']!, bytes));
  return decodeNative(NATIVE[charset]!, bytes);
}

const ENCODE = new Map<SingleByteCharset, Map<number, number>>();

function encodeTable(charset: SingleByteCharset): Map<number, number> {
  let m = ENCODE.get(charset);
  if (!m) {
    m = new Map();
    const t = DECODE[charset];
    for (let b = 0; b < 256; b++) if (t[b] !== 0xfffd && !m.has(t[b]!)) m.set(t[b]!, b);
    ENCODE.set(charset, m);
  }
  return m;
}

/** Encodes text into a single-byte charset; throws RangeError naming the first character the charset lacks (never writes '?'). */
export function encodeSingleByte(text: string, charset: SingleByteCharset): Uint8Array {
  const m = encodeTable(charset);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = m.get(text.charCodeAt(i));
    if (b === undefined) throw new RangeError(`'${text[i]}' (U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${charset}`);
    out[i] = b;
  }
  return out;
}

const ENCODE16 = new Map<SingleByteCharset, Int16Array>();

/**
 * UTF-16 code unit → byte for a single-byte charset, -1 where the charset has no such character. A flat table
 * (128 KiB) so that encoding large outputs is one array read per character.
 */
export function encodeTable16(charset: SingleByteCharset): Int16Array {
  let t = ENCODE16.get(charset);
  if (!t) {
    t = new Int16Array(65536).fill(-1);
    const d = DECODE[charset];
    for (let b = 255; b >= 0; b--) if (d[b] !== 0xfffd) t[d[b]!] = b; // lowest byte wins, like encodeSingleByte
    ENCODE16.set(charset, t);
  }
  return t;
}
