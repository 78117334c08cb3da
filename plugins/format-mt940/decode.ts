// MT940 bytes → text: a UTF-8 BOM or valid UTF-8 is read as UTF-8, anything else in a single-byte charset (latin1 by default).
import iconv from 'iconv-lite';

/** The single-byte charset of files that are not UTF-8: 'latin1' (ISO-8859-1, the default), 'cp852', 'windows-1252', … (an iconv-lite name). */
export type SingleByteCharset = string;

export interface Decoded {
  text: string;
  /** WHATWG-style label of the charset used: 'utf-8', 'iso-8859-1', 'ibm852', … */
  encoding: string;
}

const LABEL: Record<string, string> = { latin1: 'iso-8859-1', 'iso-8859-1': 'iso-8859-1', cp852: 'ibm852', ibm852: 'ibm852', cp1252: 'windows-1252', 'windows-1252': 'windows-1252' };

/** True when iconv-lite knows the charset (the option is checked once, before reading). */
export function isKnownCharset(charset: string): boolean {
  return iconv.encodingExists(charset);
}

/**
 * Decodes a whole file. SWIFT text itself is ASCII (the X character set); banks put national letters into `:86:` in
 * UTF-8 or in their DOS/ISO code page, and a file carries no label: valid UTF-8 is taken as UTF-8 (a single-byte text
 * with national letters is practically never valid UTF-8), anything else as `fallback`.
 */
export function decodeMt(bytes: Uint8Array, fallback: SingleByteCharset = 'latin1'): Decoded {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8' };
  } catch {
    const charset = isKnownCharset(fallback) ? fallback : 'latin1';
    return { text: iconv.decode(body, charset), encoding: LABEL[charset.toLowerCase()] ?? charset.toLowerCase() };
  }
}
