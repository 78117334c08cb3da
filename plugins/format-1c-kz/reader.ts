// The byte → event pipeline every 1C reader shares: line splitting, charset sniffing and per-line decoding,
// `Кодировка` checks, the grammar; emits grammar events and issues, never throws on bad input.
import { issue, type Issue } from '../../gateway/core/issue.ts';
import type { Charset } from './charsets.ts';
import { CHARSET_LABEL, declaredCharset, hasUtf8Bom, LineDecoder, sniffEncoding, type Sniffed } from './encoding.ts';
import { ExchangeGrammar, type GrammarEvent } from './grammar.ts';
import { HEADER_KEYS, keyId } from './keys.ts';
import { LineSplitter, MAX_LINE_BYTES, type RawLine } from './lines.ts';
import type { HeaderInfo } from './map-document.ts';
import { DEFAULT_LIST_GRAMMAR, type ListGrammar } from './rows.ts';

/** Header `Документ=` values kept (a bare `СекцияДокумент` takes its kind from them); more are ignored. */
const MAX_HEADER_KINDS = 32;
const ENCODING_KEY = keyId(HEADER_KEYS.encoding);
const KIND_KEY = keyId(HEADER_KEYS.documentKind);

/** How many bytes the charset is sniffed from (what the host hands plugins as `InboundFile.head`). */
export const HEAD_BYTES = 64 * 1024;

export interface ReaderOptions {
  list?: ListGrammar;
  /** Skip sniffing and read in this charset (the caller knows it, e.g. from a bank profile). */
  encoding?: Charset;
}

/** Non-issue grammar events; issues go to `onIssue`. */
export type ReaderEvent = Exclude<GrammarEvent, { type: 'issue' }>;

/**
 * Feed chunks with `push`, then call `end`. The charset is sniffed from `head` (the first bytes of the file);
 * a file that declares `Кодировка=RK1048` while its bytes look like cp1251 is read as RK1048 (the two differ only
 * in the Kazakh letters, which sniffing can miss when they stand alone). RK1048 found otherwise is reported once.
 */
export class ExchangeReader {
  readonly sniffed: Sniffed;
  readonly header: HeaderInfo = { documentKinds: [] };
  private readonly decoder: LineDecoder;
  private readonly grammar: ExchangeGrammar;
  private readonly splitter = new LineSplitter();
  private encodingReported = false;

  constructor(
    head: Uint8Array,
    private readonly onEvent: (e: ReaderEvent, reader: ExchangeReader) => void,
    private readonly onIssue: (i: Issue) => void,
    options: ReaderOptions = {},
  ) {
    this.sniffed = options.encoding ? { charset: options.encoding, reason: 'given', bom: hasUtf8Bom(head) } : sniffEncoding(head);
    this.decoder = new LineDecoder(this.sniffed);
    if (options.encoding) this.encodingReported = true;
    const list = options.list ?? DEFAULT_LIST_GRAMMAR;
    this.grammar = new ExchangeGrammar((e) => this.event(e), { listStart: list.start, listEnd: list.end });
  }

  /** The charset lines are currently decoded in (may switch from cp1251 to RK1048 mid-file). */
  get charset(): Charset {
    return this.decoder.charset;
  }

  get lineCount(): number {
    return this.splitter.lineCount;
  }

  push(chunk: Uint8Array): void {
    for (const raw of this.splitter.push(chunk)) this.feed(raw);
  }

  end(): void {
    for (const raw of this.splitter.end()) this.feed(raw);
    this.grammar.end();
    this.reportRk1048(Math.max(this.splitter.lineCount, 1));
  }

  private event(e: GrammarEvent): void {
    switch (e.type) {
      case 'issue':
        this.onIssue(e.issue);
        return;
      case 'header':
        this.onHeader(e.key, e.value, e.line);
        break;
      case 'account-section':
        this.reportRk1048(e.line);
        break;
      case 'document':
        this.reportRk1048(e.doc.line);
        break;
    }
    this.onEvent(e, this);
  }

  /** RK1048 without a `Кодировка` line to compare with: say so once, before the first section. */
  private reportRk1048(line: number): void {
    if (this.encodingReported || this.decoder.charset !== 'rk1048') return;
    this.encodingReported = true;
    this.onIssue(issue('FMT_ENCODING_MISMATCH', `Kazakh letters found: the file is read as ${CHARSET_LABEL.rk1048}, not cp1251`, { line, field: HEADER_KEYS.encoding, severity: 'warning' }));
  }

  private onHeader(key: string, value: string, line: number): void {
    const k = keyId(key);
    if (k === KIND_KEY) {
      if (this.header.documentKinds.length < MAX_HEADER_KINDS) this.header.documentKinds.push(value);
      return;
    }
    if (k !== ENCODING_KEY || this.encodingReported) return;
    this.encodingReported = true;
    const declared = declaredCharset(value);
    if (declared === 'rk1048' && this.decoder.charset === 'windows-1251') {
      this.decoder.charset = 'rk1048';
      return;
    }
    const actual = CHARSET_LABEL[this.decoder.charset];
    if (declared === null) {
      this.onIssue(issue('FMT_BAD_VALUE', `unknown '${key}' value '${value}'; the file is read as ${actual}`, { line, field: key, severity: 'warning', expected: 'Windows or DOS' }));
    } else if (declared !== this.decoder.charset) {
      this.onIssue(issue('FMT_ENCODING_MISMATCH', `the file is ${actual} but '${key}' says '${value}' (${CHARSET_LABEL[declared]}); it is read as ${actual}`, { line, field: key, severity: 'warning' }));
    }
  }

  private feed(raw: RawLine): void {
    const d = this.decoder.decode(raw.bytes);
    if (d.badBytes) this.grammar.flaw(issue('FMT_BAD_BYTES', `the line is not valid ${CHARSET_LABEL['utf-8']}; bad bytes are shown as U+FFFD`, { line: raw.no }));
    if (d.switchedToRk1048) {
      this.encodingReported = true;
      this.onIssue(issue('FMT_ENCODING_MISMATCH', `Kazakh letters found at this line: from here on the file is read as ${CHARSET_LABEL.rk1048}, not cp1251`, { line: raw.no, severity: 'warning' }));
    }
    if (raw.truncated) this.grammar.flaw(issue('FMT_SYNTAX', `the line is longer than ${MAX_LINE_BYTES} bytes and was cut`, { line: raw.no, expected: 'one Key=Value per line' }));
    this.grammar.line(raw.no, d.text);
  }
}

/**
 * Runs a reader over bytes or a chunk stream. For a stream, the first `HEAD_BYTES` are collected before the
 * charset is sniffed (as the host does for `InboundFile.head`); `signal` is checked between chunks.
 */
export async function readExchange(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  onEvent: (e: ReaderEvent, reader: ExchangeReader) => void,
  onIssue: (i: Issue) => void,
  options: ReaderOptions & { signal?: AbortSignal } = {},
): Promise<ExchangeReader> {
  if (input instanceof Uint8Array) {
    const reader = new ExchangeReader(input.subarray(0, HEAD_BYTES), onEvent, onIssue, options);
    reader.push(input);
    reader.end();
    return reader;
  }
  const pending: Uint8Array[] = [];
  let pendingLen = 0;
  let reader: ExchangeReader | null = null;
  const start = (): ExchangeReader => {
    const head = new Uint8Array(Math.min(pendingLen, HEAD_BYTES));
    let o = 0;
    for (const p of pending) {
      if (o >= head.length) break;
      const take = p.subarray(0, head.length - o);
      head.set(take, o);
      o += take.length;
    }
    const r = new ExchangeReader(head, onEvent, onIssue, options);
    for (const p of pending.splice(0)) r.push(p);
    return r;
  };
  for await (const chunk of input) {
    options.signal?.throwIfAborted();
    if (reader) {
      reader.push(chunk);
      continue;
    }
    pending.push(chunk.slice());
    pendingLen += chunk.length;
    if (pendingLen >= HEAD_BYTES) reader = start();
  }
  reader ??= start();
  reader.end();
  return reader;
}
