// XML 1.0 Name characters (§2.3 NameStartChar / NameChar): an ASCII table for the common case, ranges for the rest.

/** For code points below 128: 1 where a name may start (and continue), 2 where it may only continue, 0 elsewhere. */
export const NAME_REST = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME_REST[c] = 1;
  else if (/[-.0-9]/.test(ch)) NAME_REST[c] = 2;
}

function startRange(cp: number): boolean {
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

/** The code point at `p` (a surrogate pair read whole; an unpaired surrogate as itself). */
function codePoint(s: string, p: number): number {
  return s.codePointAt(p) ?? -1;
}

/** May the character at `p` start a Name? */
export function isNameStart(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  if (c < 128) return NAME_REST[c] === 1;
  return startRange(codePoint(s, p));
}

/** May the character at `p` continue a Name? False past the end of `s`. */
export function isNameChar(s: string, p: number): boolean {
  if (p >= s.length) return false;
  const c = s.charCodeAt(p);
  if (c < 128) return NAME_REST[c] !== 0;
  const cp = codePoint(s, p);
  return startRange(cp) || cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040);
}
