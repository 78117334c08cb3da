// Character tests on char codes for the reader's per-line and per-entry paths (cheaper there than a regex per value).

/** A decimal digit 0–9. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A Latin capital letter A–Z. */
export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** What a regex `\s` (and String.prototype.trim) counts as white space, so hand-written scans agree with the regexes they replace. */
export function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
