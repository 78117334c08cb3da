// Employee lists that travel beside a 1C payment file (kz-formats.md 9.1): `<base>.csv` / `<base>.employees.csv`
// and the 1C salary-project XML (standard 109, `СчетаПК`). Recognised and checked here; the host links them.
import { defineFormat, type ParseItem } from '../../gateway/core/plugin.ts';
import { parseSideCar } from './sidecar/match.ts';
import { encodeSingleByte } from './charsets.ts';

export const FORMAT_1C_KZ_EMPLOYEES = '1c.kz.employees';

/** Markers as they appear in UTF-8 and in cp1251 bytes. */
function markers(...words: string[]): Uint8Array[] {
  return words.flatMap((w) => [new TextEncoder().encode(w), encodeSingleByte(w, 'windows-1251')]);
}
const XML_MARKERS = markers('СчетаПК');
const CSV_MARKERS = markers('ИИН', 'IIN', 'iin', 'Иин');

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Only the first line of a CSV (its header) decides. */
function firstLine(head: Uint8Array): Uint8Array {
  const nl = head.indexOf(10);
  return nl < 0 ? head : head.subarray(0, nl);
}

export const format1cKzLists = defineFormat({
  name: 'format-1c-kz-lists',
  formats: [FORMAT_1C_KZ_EMPLOYEES],
  attachment: true,
  detect(file) {
    const n = file.name.toLowerCase();
    if (n.endsWith('.xml')) return XML_MARKERS.some((m) => contains(file.head, m)) ? FORMAT_1C_KZ_EMPLOYEES : null;
    if (n.endsWith('.csv')) return CSV_MARKERS.some((m) => contains(firstLine(file.head), m)) ? FORMAT_1C_KZ_EMPLOYEES : null;
    return null;
  },
  async *parse(file): AsyncIterable<ParseItem> {
    // Lists are small (one row per employee): read whole, then the pure side-car readers.
    const parts: Uint8Array[] = [];
    for await (const c of file.open()) parts.push(c);
    const parsed = parseSideCar(file.name, Buffer.concat(parts));
    if (!parsed) return;
    yield { type: 'meta', encoding: parsed.charset };
    for (const i of parsed.issues) yield { type: 'issue', ...i };
  },
});
