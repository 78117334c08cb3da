// Encoding by sniffing (BOM, UTF-8 validity, Cyrillic letter statistics, RK1048 letters), never by trusting `Кодировка`.
import type { Text } from '../../gateway/core/i18n.ts';
import { decodeSingleByte, type Charset, type SingleByteCharset } from './charsets.ts';

export type { Charset } from './charsets.ts';

export type SniffReason = 'bom' | 'valid-utf8' | 'mostly-utf8' | 'ascii' | 'letter-statistics' | 'kazakh-letters' | 'given';

export interface Sniffed {
  charset: Charset;
  reason: SniffReason;
  /** The head starts with a UTF-8 byte order mark. */
  bom: boolean;
}

/** Human name for messages: 'cp1251', 'cp866', 'RK1048', 'UTF-8'. */
export const CHARSET_LABEL: Readonly<Record<Charset, string>> = {
  'utf-8': 'UTF-8',
  'windows-1251': 'cp1251 (Windows)',
  ibm866: 'cp866 (DOS)',
  rk1048: 'RK1048 (Kazakh Windows)',
};

/** CHARSET_LABEL in each report language. */
export const CHARSET_TEXT: Readonly<Record<Charset, Text>> = {
  'utf-8': { en: 'UTF-8', ru: 'UTF-8', kk: 'UTF-8' },
  'windows-1251': { en: CHARSET_LABEL['windows-1251'], ru: 'cp1251 (Windows)', kk: 'cp1251 (Windows)' },
  ibm866: { en: CHARSET_LABEL.ibm866, ru: 'cp866 (DOS)', kk: 'cp866 (DOS)' },
  rk1048: { en: CHARSET_LABEL.rk1048, ru: 'RK1048 (казахская Windows)', kk: 'RK1048 (қазақша Windows)' },
};

export function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

function hasNonAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return true;
  return false;
}

/** True when the bytes are valid UTF-8; a sequence cut at the very end (head cut at 64 KiB) is tolerated. */
export function isValidUtf8Prefix(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-8 with a few broken sequences (one bad byte pasted into a UTF-8 file) must stay UTF-8, so that the damage is
 * reported on its line instead of the whole file being read as cp866 garbage. Single-byte Cyrillic text almost never
 * forms valid multi-byte sequences, so at least 8 valid non-ASCII characters per invalid one means UTF-8.
 */
export function isMostlyUtf8(b: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(b, { stream: true });
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) invalid++;
    else if (c >= 0x80) valid++;
  }
  return valid > 0 && valid >= 8 * invalid;
}

/** The 15 most frequent Russian lowercase letters (≈ 75 % of Russian letters in running text). */
const FREQUENT = new Set('оеаинтсрвлкмдпу');

/** Share of non-ASCII characters that are frequent lowercase Cyrillic letters: high for the right code page. */
export function cyrillicScore(text: string): number {
  let nonAscii = 0;
  let frequent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (FREQUENT.has(c)) frequent++;
  }
  return nonAscii === 0 ? 0 : frequent / nonAscii;
}

/** Letters that RK1048 Kazakh letters turn into when read as cp1251 (ecosystem.md 1.1), both cases. */
const RK1048_AS_CP1251 = 'ЈЄЌЅҐЎЇЋјєќѕґўїћ';
const SUSPECT = new Set(RK1048_AS_CP1251);
const CYR = /[А-яЁёІі]/;

function isLetterLike(c: string | undefined): boolean {
  return c !== undefined && (CYR.test(c) || SUSPECT.has(c));
}

/**
 * Counts places in cp1251-decoded text where one of Ј Є Ќ Ѕ Ґ Ў Ї Ћ (either case) sits inside a Cyrillic word —
 * the sign of RK1048 bytes read as cp1251. UTF-8 read as cp1251 also yields these letters, but always right after
 * a lead byte shown as `Р`/`С` and followed by another lead byte or a non-letter (`РљРѕРЅРµС†`); such hits are not counted.
 */
export function kazakhLetterHits(cp1251Text: string): number {
  let hits = 0;
  for (let i = 0; i < cp1251Text.length; i++) {
    const c = cp1251Text[i]!;
    if (!SUSPECT.has(c)) continue;
    const prev = cp1251Text[i - 1];
    const next = cp1251Text[i + 1];
    if (!isLetterLike(prev) && !isLetterLike(next)) continue;
    const mojibake = (prev === 'Р' || prev === 'С') && (next === 'Р' || next === 'С' || !isLetterLike(next));
    if (!mojibake) hits++;
  }
  return hits;
}

/** Decides the charset from the first bytes of the file (`InboundFile.head`). */
export function sniffEncoding(head: Uint8Array): Sniffed {
  const bom = hasUtf8Bom(head);
  if (bom) return { charset: 'utf-8', reason: 'bom', bom };
  if (!hasNonAscii(head)) return { charset: 'windows-1251', reason: 'ascii', bom };
  if (isValidUtf8Prefix(head)) return { charset: 'utf-8', reason: 'valid-utf8', bom };
  if (isMostlyUtf8(head)) return { charset: 'utf-8', reason: 'mostly-utf8', bom };
  const asWin = decodeSingleByte(head, 'windows-1251');
  const asDos = decodeSingleByte(head, 'ibm866');
  if (cyrillicScore(asDos) > cyrillicScore(asWin)) return { charset: 'ibm866', reason: 'letter-statistics', bom };
  if (kazakhLetterHits(asWin) > 0) return { charset: 'rk1048', reason: 'kazakh-letters', bom };
  return { charset: 'windows-1251', reason: 'letter-statistics', bom };
}

/** Maps a `Кодировка` value to a charset; null when the value is not one we know. */
export function declaredCharset(value: string): Charset | null {
  const v = value.trim().toLowerCase().replace(/[\s_-]/g, '');
  switch (v) {
    case 'windows':
    case 'win':
    case 'windows1251':
    case 'cp1251':
    case '1251':
    case 'ansi':
      return 'windows-1251';
    case 'dos':
    case 'cp866':
    case 'ibm866':
    case '866':
      return 'ibm866';
    case 'utf8':
      return 'utf-8';
    case 'rk1048':
    case 'kz1048':
    case 'strk10482002':
      return 'rk1048';
    default:
      return null;
  }
}

export interface DecodedLine {
  text: string;
  /** UTF-8 line with invalid byte sequences (replaced by U+FFFD). */
  badBytes: boolean;
  /** Set on the line where a cp1251 file turned out to contain RK1048 Kazakh letters; decoding switched to RK1048. */
  switchedToRk1048: boolean;
}

/** Positions where RK1048 differs from cp1251; a line without these bytes decodes the same in both. */
const RK1048_DIFF = new Uint8Array(256);
for (const b of [0x8d, 0x8e, 0x98, 0x9d, 0x9e, 0xa1, 0xa2, 0xa3, 0xa5, 0xaa, 0xaf, 0xb4, 0xba, 0xbc, 0xbd, 0xbe, 0xbf]) RK1048_DIFF[b] = 1;

/**
 * Decodes one line at a time in the sniffed charset. A file sniffed as cp1251 whose Kazakh letters only appear
 * after the head switches to RK1048 at the first such line (the earlier lines had no differing letters).
 */
export class LineDecoder {
  charset: Charset;
  private readonly strict = new TextDecoder('utf-8', { fatal: true });
  private readonly lax = new TextDecoder('utf-8');

  constructor(sniffed: Sniffed) {
    this.charset = sniffed.charset;
  }

  decode(bytes: Uint8Array): DecodedLine {
    if (this.charset === 'utf-8') {
      try {
        return { text: this.strict.decode(bytes), badBytes: false, switchedToRk1048: false };
      } catch {
        return { text: this.lax.decode(bytes), badBytes: true, switchedToRk1048: false };
      }
    }
    const charset: SingleByteCharset = this.charset;
    const text = decodeSingleByte(bytes, charset);
    if (charset === 'windows-1251' && hasRk1048DiffByte(bytes) && kazakhLetterHits(text) > 0) {
      this.charset = 'rk1048';
      return { text: decodeSingleByte(bytes, 'rk1048'), badBytes: false, switchedToRk1048: true };
    }
    return { text, badBytes: false, switchedToRk1048: false };
  }
}

function hasRk1048DiffByte(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (RK1048_DIFF[b[i]!]) return true;
  return false;
}
