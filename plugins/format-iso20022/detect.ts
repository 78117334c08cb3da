// Recognises an ISO 20022 message from the first bytes only: the root `Document` element (any prefix), its namespace,
// and — for messages without one — the name of its first child; then the camt / pain mapping names the format id.
import type { FormatId, InboundFile } from '../../gateway/core/plugin.ts';
import type { XmlElement } from './xml/stream.ts';
import { camtFormatOf } from './camt/index.ts';
import { painFormatOf } from './pain/index.ts';

/** Skips the XML declaration, comments, processing instructions and whitespace before the root. */
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const START = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
const ATTR = /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function headText(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2));
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head.subarray(2));
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  // latin1 maps bytes 1:1: tags and namespaces are ASCII whatever the rest of the head is.
  return Buffer.from(head.buffer, head.byteOffset + start, head.byteLength - start).toString('latin1');
}

/** The root element's local name, namespace and first child's local name, read from the head; null when not XML. */
export function sniffRoot(head: Uint8Array): Pick<XmlElement, 'name' | 'ns' | 'children'> | null {
  let text = headText(head);
  text = text.slice(PROLOG.exec(text)![0].length);
  const m = START.exec(text);
  if (!m) return null;
  const [, prefix = '', name = '', attrs = '', selfClosing] = m;
  let ns = '';
  for (const a of attrs.matchAll(ATTR)) if (a[1] === (prefix ? `xmlns:${prefix}` : 'xmlns')) ns = a[2] ?? a[3] ?? '';
  const rest = text.slice(m[0].length);
  const child = selfClosing ? null : /^(?:\s+|<!--[\s\S]*?-->)*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(rest);
  // Only the first child's name is known from the head; the mappings look at nothing else of it.
  const first: XmlElement = { name: child?.[1] ?? '', ns: '', attrs: {}, children: [], text: '', line: 0 };
  return { name, ns, children: child ? [first] : [] };
}

export function detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>): FormatId | null {
  const root = sniffRoot(file.head);
  if (!root) return null;
  return camtFormatOf(root) ?? painFormatOf(root);
}
