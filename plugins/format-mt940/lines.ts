// Text → lines: CRLF, LF and CR breaks, `@@` breaks (some exports). Line n of the file is element n − 1.
import { isBlank } from './chars.ts';

/** A file that uses `@@` for its line breaks: `@@` right before a tag (`@@:61:`) or a block (`@@{`, `@@-}`). */
const AT_BREAKS = /@@(?=:[0-9]{2}[A-Z]?:|:NS:|-\}|\{|-$)/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!$)/;
const LONE_CR = /\r(?!\n)/;
/** What makes a file need line-by-line cleaning: control characters (TAB aside) or a CR that is not part of a CRLF. */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)/;

/** Splits a decoded file into lines (`@@` breaks count as line breaks for the line numbers too). */
export function splitLines(text: string): string[] {
  // Splitting on '\n' alone is much faster; the '\r' of CRLF is then trimmed with the trailing blanks.
  const raw = LONE_CR.test(text) ? text.split(/\r\n|\r|\n/) : text.split('\n');
  return AT_BREAKS.test(text) ? raw.flatMap((l) => l.split('@@')) : raw;
}

/** True when the line holds control characters other than TAB (read as spaces, with a warning). */
export function hasControl(line: string): boolean {
  return HAS_CONTROL.test(line);
}

/** The line with control characters as spaces and no trailing blanks (`:86:` lines are often padded to 65). */
export function cleanLine(line: string, control: boolean): string {
  return (control ? line.replace(CONTROL, ' ') : line).trimEnd();
}

/**
 * True when no line of the text needs cleaning and lines end at '\n' alone: no control characters, no lone CR (so a
 * CR only ends a line), no `@@` breaks. Such a text is read line by line in place (`lastNonBlank`), without `splitLines`.
 */
export function isPlainText(text: string, controlFree = false): boolean {
  return (controlFree || !NOT_PLAIN.test(text)) && (text.indexOf('@@') < 0 || !AT_BREAKS.test(text));
}

/**
 * True when UTF-8 (or any ASCII-compatible) bytes hold no control character but TAB and LF, and every CR is part of a
 * CRLF: what `isPlainText` checks on the text, several times faster on the bytes. Four bytes are tested at a time (a
 * bit test that finds any byte below 0x20 or equal to 0x7F in a 32-bit word); only such words are looked at byte by byte.
 */
export function controlFreeBytes(bytes: Uint8Array): boolean {
  // Words are read where the bytes are 4-aligned in their buffer; the bytes before and after one by one.
  const head = (4 - (bytes.byteOffset % 4)) % 4;
  if (bytes.length < head + 4) return controlFreeFrom(bytes, 0, bytes.length);
  const words = (bytes.length - head) >>> 2;
  const tail = head + words * 4;
  if (!controlFreeFrom(bytes, 0, head)) return false;
  const w32 = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
  for (let k = 0; k < words; k++) {
    const w = w32[k]!;
    const x = w ^ 0x7f7f7f7f;
    // "Has a byte less than 0x20" and "has a zero byte" of w ^ 0x7F7F7F7F: no misses, rare false alarms (checked below).
    if ((((w - 0x20202020) & ~w) | ((x - 0x01010101) & ~x)) & 0x80808080) {
      const at = head + k * 4;
      if (!controlFreeFrom(bytes, at, at + 4)) return false;
    }
  }
  return controlFreeFrom(bytes, tail, bytes.length);
}

/** `controlFreeBytes` of bytes[from, to), byte by byte (a CR looks at the byte after `to` too). */
function controlFreeFrom(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b >= 32 && b !== 127) continue;
    if (b === 9 || b === 10 || (b === 13 && bytes[i + 1] === 10)) continue;
    return false;
  }
  return true;
}

/** Where line `text[start, end)` of a plain text ends as `cleanLine` gives it: the CR of CRLF and trailing blanks cut off. */
export function lastNonBlank(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isBlank(text.charCodeAt(e - 1))) e--;
  return e;
}
