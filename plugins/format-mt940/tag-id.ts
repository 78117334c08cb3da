// Tag ids: the tags MT940/MT942 know, and the tag a line starts with (`:61:` → '61'), read without a regex, one string per id.
import { isDigit, isUpper } from './chars.ts';

/** The tags MT940 and MT942 have (plus `:28:` of old files and the `:NS:` non-SWIFT tag some banks add). */
export const KNOWN_TAGS: ReadonlySet<string> = new Set(['20', '21', '25', '25P', '28', '28C', '60F', '60M', '61', '62F', '62M', '64', '65', '86', '13', '13D', '34F', '90D', '90C', 'NS']);

/** Tag ids seen so far by number (NN × 27 + letter, 0 for none): no string is cut or hashed per line to find one. */
const IDS: (string | undefined)[] = [];

/**
 * The id of the tag at `at` as `^:([0-9]{2}[A-Z]?|NS):` would give it, or null. The strings are built from char codes,
 * not cut from the file text, so the cache keeps no file alive.
 */
export function tagAt(text: string, at: number): string | null {
  if (text.charCodeAt(at) !== 58) return null;
  const c1 = text.charCodeAt(at + 1);
  const c2 = text.charCodeAt(at + 2);
  const c3 = text.charCodeAt(at + 3);
  if (c1 === 78 && c2 === 83) return c3 === 58 ? 'NS' : null; // :NS:
  if (!isDigit(c1) || !isDigit(c2)) return null;
  let key = ((c1 - 48) * 10 + (c2 - 48)) * 27;
  if (isUpper(c3) && text.charCodeAt(at + 4) === 58) key += c3 - 64;
  else if (c3 !== 58) return null;
  return (IDS[key] ??= canonical(c3 === 58 ? String.fromCharCode(c1, c2) : String.fromCharCode(c1, c2, c3)));
}

/** A known id as the string literal of KNOWN_TAGS: `switch (tag.tag)` and `=== '61'` then compare identical strings. */
function canonical(id: string): string {
  for (const known of KNOWN_TAGS) if (known === id) return known;
  return id;
}
