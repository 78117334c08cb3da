// The gateway's own JSON document format, `bankgate.document.v1`: payment orders as an ERP (or the inbox queue's
// `document` job) writes them in the shape the API shows documents, so they take the path of any parsed file — the
// same validation, storage, signing and reports. A file is `{ "format": "bankgate.document.v1", "documents": [ … ] }`
// in UTF-8; each bad field is an FMT_ issue with its line and JSON path (map-document.ts for the keys).
import { defineFormat, type FormatId, type InboundFile, type ParseItem, type PluginContext } from '../../gateway/core/plugin.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { mapDocument } from './map-document.ts';
import { JsonReader, JsonSyntaxError, type JsonNode } from './reader.ts';
import { A_LIST, A_STRING, badValue, duplicateKey, missing, notUtf8, syntaxIssue, unknownKey, wrongType } from './texts.ts';

export const FORMAT_JSON = 'bankgate.document.v1';
export { FILE_KINDS } from './map-document.ts';

const TOP_KEYS = ['format', 'documents'] as const;
/** In the head: the marker member anywhere (producers need not write it first), within an object. */
const MARKER = /"format"\s*:\s*"bankgate\.document\.v1"/;
const FORMAT_TEXT = { en: `"${FORMAT_JSON}"`, ru: `"${FORMAT_JSON}"`, kk: `"${FORMAT_JSON}"` };

/** `bankgate.document.v1` when the head (after an optional BOM and whitespace) opens an object that names the format. */
export function detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>): FormatId | null {
  const h = file.head;
  let i = h.length >= 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf ? 3 : 0;
  while (i < h.length && (h[i] === 0x20 || h[i] === 0x09 || h[i] === 0x0a || h[i] === 0x0d)) i++;
  if (h[i] !== 0x7b) return null;
  // latin1 maps bytes 1:1, so the ASCII marker is found whatever the rest of the head holds.
  return MARKER.test(Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('latin1')) ? FORMAT_JSON : null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text (BOM dropped), or the 1-based line of the first bytes that are not UTF-8. */
function decode(bytes: Uint8Array): string | { badLine: number } {
  try {
    return UTF8.decode(bytes);
  } catch {
    let line = 1;
    for (let start = 0; start <= bytes.length; line++) {
      const nl = bytes.indexOf(0x0a, start);
      const end = nl < 0 ? bytes.length : nl;
      try {
        new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start, end));
      } catch {
        return { badLine: line };
      }
      start = end + 1;
    }
    return { badLine: line };
  }
}

async function* parseJson(file: InboundFile, _format: FormatId, ctx: PluginContext): AsyncGenerator<ParseItem> {
  // A JSON text is read whole (bounded by the mailbox's max_bytes); documents are then built one at a time.
  const parts: Uint8Array[] = [];
  for await (const c of file.open()) {
    ctx.signal.throwIfAborted();
    parts.push(c);
  }
  yield { type: 'meta', encoding: 'utf-8' };
  const text = decode(Buffer.concat(parts));
  if (typeof text !== 'string') {
    yield { type: 'issue', ...notUtf8(text.badLine) };
    return;
  }
  const seen = new Map<string, number>();
  let documents = 0;
  let problems = 0;
  const report = (i: Issue): ParseItem => (problems++, { type: 'issue', ...i });
  const top = (key: string, line: number) => ({ line, field: key });
  /** False when the top-level key came before. */
  const once = (key: string, line: number): boolean => {
    if (seen.has(key)) return false;
    seen.set(key, line);
    return true;
  };
  try {
    for (const ev of new JsonReader(text).topLevel()) {
      if (ev.type === 'document') {
        if (ev.index % 256 === 0) ctx.signal.throwIfAborted();
        const r = mapDocument(ev.node, `documents[${ev.index}]`);
        for (const i of r.issues) yield report(i);
        // No endLine: documents of a one-line file share their line, and an issue must never attach to a neighbour.
        // Every issue this format reports is an error that keeps its document back, so it belongs to the file anyway.
        if (r.document) {
          documents++;
          yield { type: 'document', line: ev.node.line, document: r.document };
        }
      } else if (ev.type === 'documents') {
        if (!once('documents', ev.line)) yield report(duplicateKey(top('documents', ev.line)));
      } else if (ev.type === 'member') {
        if (!(TOP_KEYS as readonly string[]).includes(ev.key)) yield report(unknownKey(top(ev.key, ev.line), TOP_KEYS));
        else if (!once(ev.key, ev.line)) yield report(duplicateKey(top(ev.key, ev.line)));
        else if (ev.key === 'documents') yield report(wrongType(ev.value, top('documents', ev.value.line), A_LIST));
        else yield* formatMember(ev.value, report);
      }
    }
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    yield report(syntaxIssue(e));
    seen.set('format', 0).set('documents', 0); // a broken text: no "missing" on top of the syntax error
  }
  for (const key of TOP_KEYS) if (!seen.has(key)) yield report(missing({ line: 1, field: key }, key === 'format' ? FORMAT_TEXT : A_LIST));
  ctx.logger.info({ file: file.name, documents, issues: problems }, `${FORMAT_JSON} file parsed`);
}

function* formatMember(v: JsonNode, report: (i: Issue) => ParseItem): Generator<ParseItem> {
  const at = { line: v.line, field: 'format' };
  if (v.type !== 'string') yield report(wrongType(v, at, A_STRING));
  else if (v.value !== FORMAT_JSON) {
    const why = { en: 'a format this gateway version does not read', ru: 'формат, который эта версия шлюза не читает', kk: 'шлюздің осы нұсқасы оқымайтын пішім' };
    yield report(badValue(v.value, at, why, FORMAT_TEXT, 'FMT_NOT_SUPPORTED'));
  }
}

export const formatJson = defineFormat({
  name: 'format-json',
  formats: [FORMAT_JSON],
  detect,
  parse: parseJson,
});
