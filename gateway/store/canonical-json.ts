// Canonical JSON for hashing: keys sorted recursively, no whitespace, strings NFC, bigints as decimal strings.
// Stable across runs and machines, so a hash computed today verifies years later (reliability-security.md §8).

/**
 * Keys are NFC-normalised and then sorted by UTF-16 code units (as RFC 8785 JCS does); numbers use
 * JavaScript's shortest round-trip form (JSON.stringify). Values JSON cannot represent faithfully
 * (NaN, Infinity, functions, symbols) are refused rather than silently turned into null.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false);
}

function write(v: unknown, inArray: boolean): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.normalize('NFC'));
    case 'bigint':
      return JSON.stringify(v.toString());
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number ${v}`);
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      // Same as JSON.stringify: a hole in an array is null; object members that are undefined are skipped (see below).
      if (inArray) return 'null';
      throw new TypeError('canonicalJson: undefined is not a JSON value');
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) return `[${v.map((x) => write(x, true)).join(',')}]`;
      if (v instanceof Date) return JSON.stringify(v.toISOString());
      const entries: [string, unknown][] = [];
      for (const [k, x] of Object.entries(v)) if (x !== undefined) entries.push([k.normalize('NFC'), x]);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (let i = 1; i < entries.length; i++) {
        if (entries[i]![0] === entries[i - 1]![0]) throw new TypeError(`canonicalJson: two keys normalise to "${entries[i]![0]}"`);
      }
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x, false)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${typeof v} is not a JSON value`);
  }
}
