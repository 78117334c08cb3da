// Streaming XML reader for ISO 20022 messages (saxes): element subtrees by local name, with the repeated records
// (camt `Ntry`, pain.001 `CdtTrfTxInf`) handed out and dropped as they close, so a 100 MB file stays bounded.
// DTDs and entities other than XML's five are refused (XXE, billion laughs); namespaces and their absence are tolerated.
import { SaxesParser } from 'saxes';
import { decoderFor } from './decode.ts';

export interface XmlElement {
  /** Local name (the prefix stripped). */
  name: string;
  /** Namespace URI the element is in ('' when none is declared). */
  ns: string;
  /** Attributes by local name (`xmlns` declarations left out). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), untrimmed. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export type XmlEvent =
  /** First: the root element, without children yet (its name and namespace tell the message and version). */
  | { type: 'root'; element: XmlElement }
  /** A complete record; `ancestors` are the open elements root..parent with the children closed before it. */
  | { type: 'record'; path: readonly string[]; element: XmlElement; ancestors: readonly XmlElement[] }
  /** An element that had records below it closed (and, always, the root), with its remaining children; not kept in its parent. */
  | { type: 'end'; path: readonly string[]; element: XmlElement };

export interface XmlStreamOptions {
  /** Which elements are records, by their path of local names from the root. */
  records(path: readonly string[]): boolean;
  signal?: AbortSignal;
  /** Elements kept in memory outside records (default 200,000) and characters of one element's text (default 8 MiB). */
  maxRetained?: number;
  maxText?: number;
}

export type XmlStreamReason = 'syntax' | 'dtd' | 'encoding' | 'limit';

export class XmlStreamError extends Error {
  constructor(
    message: string,
    readonly reason: XmlStreamReason,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'XmlStreamError';
  }
}

const MAX_DEPTH = 100;

interface Open {
  el: XmlElement;
  scope: Record<string, string>;
  hadRecords: boolean;
  record: boolean;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}

function localOf(qname: string): [prefix: string, local: string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

/** Reads XML bytes into root / record / end events; throws XmlStreamError on the first problem. */
export async function* readXml(chunks: AsyncIterable<Uint8Array>, options: XmlStreamOptions): AsyncGenerator<XmlEvent> {
  const maxRetained = options.maxRetained ?? 200_000;
  const maxText = options.maxText ?? 8 * 1024 * 1024;
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Open[] = [];
  const path: string[] = [];
  const out: XmlEvent[] = [];
  let retained = 0;
  /** Open elements that are records (or inside one): what closes inside them belongs to the record. */
  let inRecords = 0;
  let seenRoot = false;
  const fail = (message: string, reason: XmlStreamReason): never => {
    throw new XmlStreamError(message, reason, parser.line, parser.column);
  };
  parser.on('error', (e) => fail(e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), 'syntax'));
  parser.on('doctype', () => fail('a DOCTYPE (DTD) is not allowed in a payment message', 'dtd'));
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`, 'limit');
    const parent = stack[stack.length - 1];
    let scope = parent?.scope ?? {};
    const attrs: Record<string, string> = {};
    let declared = false;
    const tagAttrs = tag.attributes as Record<string, string>;
    for (const k in tagAttrs) {
      const v = tagAttrs[k]!;
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        if (!declared) scope = { ...scope };
        declared = true;
        scope[k === 'xmlns' ? '' : k.slice(6)] = v;
      } else attrs[localOf(k)[1]] = v;
    }
    const [prefix, name] = localOf(tag.name);
    const el: XmlElement = { name, ns: scope[prefix] ?? '', attrs, children: [], text: '', line: parser.line };
    path.push(name);
    const record = seenRoot && options.records(path);
    if (record || inRecords > 0) inRecords++;
    stack.push({ el, scope, hadRecords: false, record });
    if (!seenRoot) {
      seenRoot = true;
      out.push({ type: 'root', element: el });
    }
  });
  const onText = (text: string) => {
    const top = stack[stack.length - 1];
    if (!top) return; // whitespace (or stray text, which saxes reports) outside the root
    // ISO 20022 elements hold text or children, never both: the indentation between children is not kept (a 100 MB
    // statement would otherwise hold every line break between its entries).
    if (top.el.children.length > 0 || top.hadRecords || (top.el.text === '' && isBlank(text))) return;
    if (top.el.text.length + text.length > maxText) fail(`more than ${maxText} characters of text in <${top.el.name}>`, 'limit');
    top.el.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const top = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (inRecords > 0) inRecords--;
    if (top.record) {
      out.push({ type: 'record', path: [...path], element: top.el, ancestors: stack.map((o) => o.el) });
      for (const o of stack) o.hadRecords = true;
    } else if (top.hadRecords || !parent) {
      // Handed out and not kept: a file of 100,000 one-transaction PmtInf must not pile their headers up.
      out.push({ type: 'end', path: [...path], element: top.el });
    } else if (inRecords === 0) {
      // Kept for the enclosing header; inside a record it is part of the record and counted with it.
      if (++retained > maxRetained) fail(`more than ${maxRetained} elements outside the repeated records`, 'limit');
      parent.el.children.push(top.el);
    } else parent.el.children.push(top.el);
    path.pop();
  });

  let decode: ((bytes: Uint8Array, last: boolean) => string) | null = null;
  let head: Uint8Array = new Uint8Array(0);
  const feed = (bytes: Uint8Array, last: boolean) => {
    let text: string;
    try {
      text = decode!(bytes, last);
    } catch (e) {
      return fail(`bytes that are not valid in the file's encoding (${(e as Error).message})`, 'encoding');
    }
    if (text) parser.write(text);
  };
  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    if (!decode) {
      // The XML declaration must be whole before the encoding is chosen.
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < 1024 && !/\?>/.test(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1'))) continue;
      const d = decoderFor(head);
      if ('error' in d) fail(d.error, 'encoding');
      else decode = d.decode;
      feed(head, false);
    } else feed(chunk, false);
    if (out.length) yield* out.splice(0);
  }
  if (!decode) {
    const d = decoderFor(head);
    if ('error' in d) fail(d.error, 'encoding');
    else decode = d.decode;
    feed(head, false);
  }
  feed(new Uint8Array(0), true);
  parser.close();
  if (!seenRoot) fail('no XML element in the file', 'syntax');
  yield* out.splice(0);
}

/** The first child with this local name, following a path of names. */
export function child(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  // Plain loops: mappings call this for every field of every record.
  let cur = el;
  for (let n = 0; n < names.length && cur; n++) {
    const kids = cur.children;
    let found: XmlElement | undefined;
    for (let i = 0; i < kids.length; i++) {
      if (kids[i]!.name === names[n]) {
        found = kids[i];
        break;
      }
    }
    cur = found;
  }
  return cur;
}

/** Every child with this local name. */
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text at a path of local names below `el` (el's own text with no names); undefined when absent or empty. */
export function textOf(el: XmlElement | undefined, ...names: string[]): string | undefined {
  const t = child(el, ...names)?.text.trim();
  return t ? t : undefined;
}
