// Streaming XML reader for ISO 20022 messages (our well-formedness-checking tokenizer, tokenizer.ts): element subtrees by local name, with the repeated records
// (camt `Ntry`, pain.001 `CdtTrfTxInf`) handed out and dropped as they close, so a 100 MB file stays bounded.
// DTDs and entities other than XML's five are refused (XXE, billion laughs); namespaces and their absence are tolerated.
import { decoderFor, type XmlDecoder } from './decode.ts';
import { XmlTokenError, XmlTokenizer, type XmlTokenHandler } from './tokenizer.ts';
import { Utf8CharCheck } from './utf8-chars.ts';

export interface XmlElement {
  /** Local name (the prefix stripped). */
  name: string;
  /** Namespace URI the element is in ('' when none is declared). */
  ns: string;
  /** Attributes by local name (`xmlns` declarations left out). */
  attrs: Record<string, string>;
  /** Read-only: leaves share one empty array. */
  children: readonly XmlElement[];
  /** The element's own character data (text and CDATA), untrimmed. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export type XmlEvent =
  /** First: the root element, without children yet (its name and namespace tell the message and version). */
  | { type: 'root'; element: XmlElement }
  /** A complete record; `ancestors` are the open elements root..parent with the children closed before it. */
  | { type: 'record'; path: readonly string[]; element: XmlElement; ancestors: readonly XmlElement[]; endLine: number }
  /** An element that had records below it closed (and, always, the root), with its remaining children; not kept in its parent. */
  | { type: 'end'; path: readonly string[]; element: XmlElement };

export interface XmlStreamOptions {
  /** Which elements are records, by their path of local names from the root. */
  records(path: readonly string[]): boolean;
  /** The local names records may have: `records` is asked only about these (it is otherwise asked for every element). */
  recordNames?: readonly string[];
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

/** An open element; one per depth, reused (a 100 MB file opens millions of elements). */
interface Open {
  el: XmlElement;
  /** Namespace declarations in force (prefix → URI, '' for the default namespace). */
  scope: Record<string, string>;
  /** The prefix of its name ('' when none). */
  prefix: string;
  hadRecords: boolean;
  record: boolean;
  /** Where its closed children begin in `TreeBuilder.closed`. */
  start: number;
  /** The end of its children in `closed` when `el.children` was last set (-1: never): unchanged since, not copied again. */
  copied: number;
  /**
   * Text that began with white space and came before any other, not looked at yet (`lead.slice(leadStart, leadEnd)`):
   * nearly always the indentation before a first child, which the child makes irrelevant. Looked at only if none comes.
   */
  lead: string | null;
  leadStart: number;
  leadEnd: number;
}

const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]) as readonly XmlElement[];

function isBlank(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Shared, never written: most elements declare no namespace and carry no attributes. */
const NO_SCOPE: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Sets a property named by the file. Plain objects, not prototype-less ones (those are dictionaries to V8 and made the
 * whole read a third slower), so `__proto__` must be defined, not assigned.
 */
function setOwn(o: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Reads XML bytes into root / record / end events; throws XmlStreamError on the first problem. */
export async function* readXml(chunks: AsyncIterable<Uint8Array>, options: XmlStreamOptions): AsyncGenerator<XmlEvent> {
  for await (const batch of readXmlBatches(chunks, options)) yield* batch;
}

/**
 * `readXml` a chunk at a time: the events each chunk of bytes completed, in order (never an empty batch). The readers
 * use this: one await per chunk instead of one per record (100,000 records, 100,000 promise round trips).
 */
export async function* readXmlBatches(chunks: AsyncIterable<Uint8Array>, options: XmlStreamOptions): AsyncGenerator<XmlEvent[]> {
  const builder = new TreeBuilder(options);
  const tokenizer = new XmlTokenizer(builder, options.maxText === undefined ? {} : { maxMarkup: options.maxText });
  builder.position = () => tokenizer.position;
  const out = builder.out;
  const fail = (message: string, reason: XmlStreamReason): never => {
    const { line, column } = tokenizer.position;
    throw new XmlStreamError(message, reason, line, column);
  };
  const tokens = (run: () => void) => {
    try {
      run();
    } catch (e) {
      if (e instanceof XmlTokenError) throw new XmlStreamError(e.message, e.reason, e.line, e.column);
      throw e;
    }
  };
  let decode: ((bytes: Uint8Array, last: boolean) => string) | null = null;
  /** UTF-8 files have their characters checked on the bytes (cheaper); other encodings by the tokenizer on the text. */
  let check: Utf8CharCheck | null = null;
  let head: Uint8Array = new Uint8Array(0);
  const feed = (bytes: Uint8Array, last: boolean) => {
    let text: string;
    try {
      text = decode!(bytes, last);
    } catch (e) {
      return fail(`bytes that are not valid in the file's encoding (${(e as Error).message})`, 'encoding');
    }
    const checked = check !== null && check.ok(bytes);
    if (text) tokens(() => tokenizer.write(text, checked));
  };
  const choose = (d: XmlDecoder) => {
    if ('error' in d) return fail(d.error, 'encoding');
    decode = d.decode;
    if (d.encoding === 'utf-8') check = new Utf8CharCheck();
  };
  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    if (!decode) {
      // The XML declaration must be whole before the encoding is chosen.
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < 1024 && !/\?>/.test(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1'))) continue;
      choose(decoderFor(head));
      feed(head, false);
    } else feed(chunk, false);
    if (out.length) yield out.splice(0);
  }
  if (!decode) {
    choose(decoderFor(head));
    feed(head, false);
  }
  feed(new Uint8Array(0), true);
  tokens(() => tokenizer.end());
  if (out.length) yield out.splice(0);
}

/** Builds element subtrees from the tokenizer's events and queues root / record / end events in `out`. */
class TreeBuilder implements XmlTokenHandler {
  readonly out: XmlEvent[] = [];
  position: () => { line: number; column: number } = () => ({ line: 0, column: 0 });
  /** Open elements root..innermost are `opens[0..depth)`; the objects past `depth` wait to be reused. */
  private readonly opens: Open[] = [];
  private depth = 0;
  /**
   * The closed children of every open element, outermost first, each element's after its parent's. An element gets
   * its `children` as one exact-sized copy when it closes: pushing into an array per parent made V8 grow every one
   * to 17 slots, most of a large file's garbage. Its length is `closedEnd`, kept apart: setting an array's length is
   * a runtime call (the slots past it are overwritten as elements close; at most the widest element's children wait there).
   */
  private readonly closed: XmlElement[] = [];
  private closedEnd = 0;
  private readonly recordNames: readonly string[] | null;
  private recordLengths = 0;
  private retained = 0;
  /** Open elements that are records (or inside one): what closes inside them belongs to the record. */
  private inRecords = 0;
  private seenRoot = false;
  private readonly maxRetained: number;
  private readonly maxText: number;
  private readonly records: (path: readonly string[]) => boolean;

  constructor(options: XmlStreamOptions) {
    this.maxRetained = options.maxRetained ?? 200_000;
    this.maxText = options.maxText ?? 8 * 1024 * 1024;
    this.records = options.records;
    this.recordNames = options.recordNames ?? null;
    for (const r of this.recordNames ?? []) this.recordLengths |= r.length < 32 ? 1 << r.length : 0;
  }

  private fail(message: string, reason: XmlStreamReason): never {
    const { line, column } = this.position();
    throw new XmlStreamError(message, reason, line, column);
  }

  open(qname: string, tagAttrs: string[] | null, line: number, colon: number): void {
    const depth = this.depth;
    if (depth >= MAX_DEPTH) this.fail(`elements nested deeper than ${MAX_DEPTH}`, 'limit');
    let scope = depth === 0 ? NO_SCOPE : this.opens[depth - 1]!.scope;
    let attrs: Record<string, string> = NO_ATTRS;
    if (tagAttrs !== null) {
      attrs = {};
      let declared = false;
      for (let i = 0; i < tagAttrs.length; i += 2) {
        const k = tagAttrs[i]!;
        const v = tagAttrs[i + 1]!;
        if (k === 'xmlns' || k.startsWith('xmlns:')) {
          if (!declared) scope = { ...scope };
          declared = true;
          setOwn(scope, k === 'xmlns' ? '' : k.slice(6), v);
        } else setOwn(attrs, localName(k), v);
      }
    }
    const name = colon < 0 ? qname : qname.slice(colon + 1);
    // Nearly every element has its parent's prefix and no declarations of its own: then it has its parent's namespace
    // (one comparison instead of a keyed lookup per element).
    const parent = depth === 0 ? undefined : this.opens[depth - 1]!;
    let prefix: string;
    let ns: string;
    if (parent !== undefined && scope === parent.scope && (colon < 0 ? parent.prefix === '' : parent.prefix.length === colon && qname.startsWith(parent.prefix))) {
      prefix = parent.prefix;
      ns = parent.el.ns;
    } else {
      prefix = colon < 0 ? '' : qname.slice(0, colon);
      // Own properties only: a prefix such as `constructor` is not found on Object.prototype.
      ns = Object.hasOwn(scope, prefix) ? scope[prefix]! : '';
    }
    const el: XmlElement = { name, ns, attrs, children: NO_CHILDREN, text: '', line };
    const record = this.seenRoot && this.mayBeRecord(name) && this.records(this.pathTo(depth, name));
    if (record || this.inRecords > 0) this.inRecords++;
    const open = this.opens[depth];
    const start = this.closedEnd;
    if (open === undefined) this.opens.push({ el, scope, prefix, hadRecords: false, record, start, copied: -1, lead: null, leadStart: 0, leadEnd: 0 });
    else {
      open.el = el;
      open.scope = scope;
      open.prefix = prefix;
      open.hadRecords = false;
      open.record = record;
      open.start = start;
      open.copied = -1;
      open.lead = null;
    }
    this.depth = depth + 1;
    if (!this.seenRoot) {
      this.seenRoot = true;
      this.out.push({ type: 'root', element: el });
    }
  }

  /** Local names from the root to the element open at `depth` (given by name: it is not in `opens` yet). */
  private pathTo(depth: number, name: string): string[] {
    const path: string[] = new Array(depth + 1);
    for (let i = 0; i < depth; i++) path[i] = this.opens[i]!.el.name;
    path[depth] = name;
    return path;
  }

  /**
   * A loop over a few names, not a Set: hashing every freshly sliced name costs more than comparing. Most names are
   * told apart by their length alone (`recordLengths`, one bit per length below 32).
   */
  private mayBeRecord(name: string): boolean {
    const names = this.recordNames;
    if (names === null) return true;
    const n = name.length;
    if (n < 32 && ((this.recordLengths >>> n) & 1) === 0) return false;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return true;
    return false;
  }

  text(source: string, start: number, end: number): void {
    if (this.depth === 0) return;
    const top = this.opens[this.depth - 1]!;
    // ISO 20022 elements hold text or children, never both: the indentation between children is not kept (a 100 MB
    // statement would otherwise hold every line break between its entries).
    const el = top.el;
    if (this.closedEnd > top.start || top.hadRecords) return;
    if (top.lead !== null) this.takeLead(top);
    if (el.text === '') {
      if (source.charCodeAt(start) <= 32) {
        top.lead = source;
        top.leadStart = start;
        top.leadEnd = end;
        return;
      }
      if (end - start > this.maxText) this.fail(`more than ${this.maxText} characters of text in <${el.name}>`, 'limit');
      el.text = source.slice(start, end);
    } else {
      if (el.text.length + end - start > this.maxText) this.fail(`more than ${this.maxText} characters of text in <${el.name}>`, 'limit');
      el.text += source.slice(start, end);
    }
  }

  /** The waiting text of `top` (see `Open.lead`): kept as the element's text unless it is all white space. */
  private takeLead(top: Open): void {
    const source = top.lead!;
    top.lead = null;
    if (isBlank(source, top.leadStart, top.leadEnd)) return;
    if (top.leadEnd - top.leadStart > this.maxText) this.fail(`more than ${this.maxText} characters of text in <${top.el.name}>`, 'limit');
    top.el.text = source.slice(top.leadStart, top.leadEnd);
  }

  close(): void {
    const depth = --this.depth;
    const top = this.opens[depth]!;
    const el = top.el;
    const closed = this.closed;
    if (top.lead !== null) {
      if (this.closedEnd === top.start && !top.hadRecords) this.takeLead(top);
      top.lead = null;
    }
    if (this.closedEnd > top.start) {
      el.children = closed.slice(top.start, this.closedEnd);
      this.closedEnd = top.start;
    }
    if (this.inRecords > 0) this.inRecords--;
    if (top.record) {
      const ancestors: XmlElement[] = new Array(depth);
      for (let i = 0; i < depth; i++) {
        const o = this.opens[i]!;
        ancestors[i] = o.el;
        o.hadRecords = true;
        // The children closed so far (the header a record's mapping reads), copied only when more have closed.
        const end = i + 1 < depth ? this.opens[i + 1]!.start : this.closedEnd;
        if (o.copied !== end) {
          o.el.children = end > o.start ? closed.slice(o.start, end) : NO_CHILDREN;
          o.copied = end;
        }
      }
      // The tokenizer stands at this end tag: its line ends the record (issues on lines in between are the record's).
      this.out.push({ type: 'record', path: this.pathTo(depth, el.name), element: el, ancestors, endLine: this.position().line });
    } else if (top.hadRecords || depth === 0) {
      // Handed out and not kept: a file of 100,000 one-transaction PmtInf must not pile their headers up.
      this.out.push({ type: 'end', path: this.pathTo(depth, el.name), element: el });
    } else {
      // Kept for the enclosing header; inside a record it is part of the record and counted with it.
      if (this.inRecords === 0 && ++this.retained > this.maxRetained) this.fail(`more than ${this.maxRetained} elements outside the repeated records`, 'limit');
      closed[this.closedEnd++] = el;
    }
  }
}

/** The first child of `el` with this local name. */
function firstNamed(el: XmlElement, name: string): XmlElement | undefined {
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) if (kids[i]!.name === name) return kids[i];
  return undefined;
}

/**
 * The first child with this local name, following a path of up to five names (`el` itself with none). Fixed
 * parameters, not a rest array: mappings call this for every field of every record.
 */
export function child(el: XmlElement | undefined, a?: string, b?: string, c?: string, d?: string, e?: string): XmlElement | undefined {
  let cur = el;
  if (cur === undefined || a === undefined) return cur;
  if ((cur = firstNamed(cur, a)) === undefined || b === undefined) return cur;
  if ((cur = firstNamed(cur, b)) === undefined || c === undefined) return cur;
  if ((cur = firstNamed(cur, c)) === undefined || d === undefined) return cur;
  if ((cur = firstNamed(cur, d)) === undefined || e === undefined) return cur;
  return firstNamed(cur, e);
}

/** `child` along a path of any length. */
export function childAt(el: XmlElement | undefined, names: readonly string[]): XmlElement | undefined {
  let cur = el;
  for (let n = 0; n < names.length && cur !== undefined; n++) cur = firstNamed(cur, names[n]!);
  return cur;
}

/** Every child with this local name. */
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text at a path of local names below `el` (el's own text with no names); undefined when absent or empty. */
export function textOf(el: XmlElement | undefined, a?: string, b?: string, c?: string, d?: string, e?: string): string | undefined {
  const t = child(el, a, b, c, d, e)?.text.trim();
  return t ? t : undefined;
}
