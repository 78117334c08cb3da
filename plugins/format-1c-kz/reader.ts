// The byte → event pipeline every 1C reader shares: line splitting, charset sniffing and decoding, `Кодировка`
// checks, the grammar; emits grammar events and issues, never throws on bad input. Single-byte files (cp1251, cp866,
// RK1048) take a fast path: each pushed chunk is decoded once and the usual `Key=Value` line is recognised on its
// bytes (its key predicted from the previous line) and cut from that text; every other line, and all of a UTF-8
// file, goes the exact way (decoded alone, split by the grammar). Both give the same events.
// Memory: values are cut from the chunk's text, so a value kept after its document keeps that text alive (the
// payment plugin pushes 32 KiB pieces); issue messages and remembered keys are copied out (flat.ts).
import { issue, t, type Issue } from '../../gateway/core/issue.ts';
import { CP1251_RK1048_DIFF, cp1251TextToRk1048, decodeSingleByte, RK1048_DIFF_BYTES, type Charset } from './charsets.ts';
import { CHARSET_TEXT, declaredCharset, hasUtf8Bom, LineDecoder, sniffEncoding, type Sniffed } from './encoding.ts';
import { detach } from './flat.ts';
import { ExchangeGrammar, type GrammarEvent } from './grammar.ts';
import { HEADER_KEYS, keyId, keySlot } from './keys.ts';
import { NOT_UTF8 } from './texts.ts';
import { LineSplitter, MAX_LINE_BYTES, type LineSink, type RawLine } from './lines.ts';
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

/** Keys remembered per reader (a file repeats the same few dozen keys), and the longest key remembered. */
const MAX_KEYS = 1024;
const MAX_KEY_LENGTH = 64;

/**
 * A key as written (copied out of its chunk), its keyId, grammar keyword and keySlot, and the key that followed it last time.
 * `bytes`: the key's bytes (one per character: single-byte charsets only), compared with a line's start.
 */
interface KeyEntry {
  key: string;
  k: string;
  kw: number;
  slot: number;
  next: KeyEntry | null;
  bytes: Uint8Array;
}

/** Bytes that decode to white space (what String#trim removes), per single-byte charset. */
const SPACE_BYTES: Record<Exclude<Charset, 'utf-8'>, Uint8Array> = {
  'windows-1251': spaceBytes('windows-1251'),
  ibm866: spaceBytes('ibm866'),
  rk1048: spaceBytes('rk1048'),
};

function spaceBytes(charset: Exclude<Charset, 'utf-8'>): Uint8Array {
  const text = decodeSingleByte(Uint8Array.from({ length: 256 }, (_, i) => i), charset);
  return Uint8Array.from({ length: 256 }, (_, i) => (/\s/.test(text[i]!) ? 1 : 0));
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
  /** Single-byte files: the chunk being scanned, decoded whole (or null until a line needs it) and in which charset. */
  private text: string | null = null;
  private textCharset: Charset = 'windows-1251';
  /** In `text` read as cp1251: where the next character that RK1048 reads differently is (-1: none left), and the next '='. */
  private nextDiff = -1;
  private nextEq = -1;
  private readonly keys = new Map<string, KeyEntry>();
  /** The white space bytes of `textCharset`. */
  private space: Uint8Array = SPACE_BYTES['windows-1251'];
  /** The key of the previous line: documents repeat their keys in the same order, so its `next` is usually this line's. */
  private lastKey: KeyEntry | null = null;
  private readonly sink: LineSink = {
    inChunk: (chunk, start, end, no) => this.fastLine(chunk, start, end, no),
    line: (raw) => {
      this.lastKey = null;
      this.feed(raw);
    },
    quick: (chunk, start, no, max) => this.quickLine(chunk, start, no, max),
  };

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
    if (this.decoder.charset === 'utf-8') {
      for (const raw of this.splitter.push(chunk)) this.feed(raw);
      return;
    }
    // Single-byte charsets (one byte, one character): the chunk is decoded once and its lines are cut from the text.
    this.text = null;
    try {
      this.splitter.scan(chunk, this.sink);
    } finally {
      this.text = null;
    }
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
    const rk = CHARSET_TEXT.rk1048;
    this.onIssue(
      issue(
        'FMT_ENCODING_MISMATCH',
        t({
          en: `Kazakh letters found: the file is read as ${rk.en}, not cp1251`,
          ru: `найдены казахские буквы: файл читается в кодировке ${rk.ru}, а не cp1251`,
          kk: `қазақ әріптері табылды: файл cp1251 емес, ${rk.kk} кодтауында оқылады`,
        }),
        { line, field: HEADER_KEYS.encoding, severity: 'warning' },
      ),
    );
  }

  private onHeader(key: string, value: string, line: number): void {
    const k = keyId(key);
    if (k === KIND_KEY) {
      if (this.header.documentKinds.length < MAX_HEADER_KINDS) this.header.documentKinds.push(detach(value));
      return;
    }
    if (k !== ENCODING_KEY || this.encodingReported) return;
    this.encodingReported = true;
    const declared = declaredCharset(value);
    if (declared === 'rk1048' && this.decoder.charset === 'windows-1251') {
      this.decoder.charset = 'rk1048';
      return;
    }
    const actual = CHARSET_TEXT[this.decoder.charset];
    if (declared === null) {
      const v = detach(value);
      this.onIssue(
        issue(
          'FMT_BAD_VALUE',
          t({
            en: `unknown '${key}' value '${v}'; the file is read as ${actual.en}`,
            ru: `неизвестное значение '${key}': '${v}'; файл читается в кодировке ${actual.ru}`,
            kk: `'${key}' кілтінің мәні белгісіз: '${v}'; файл ${actual.kk} кодтауында оқылады`,
          }),
          { line, field: key, severity: 'warning', expected: t({ en: 'Windows or DOS', ru: "'Windows' или 'DOS'", kk: "'Windows' немесе 'DOS'" }) },
        ),
      );
    } else if (declared !== this.decoder.charset) {
      const v = detach(value);
      const said = CHARSET_TEXT[declared];
      this.onIssue(
        issue(
          'FMT_ENCODING_MISMATCH',
          t({
            en: `the file is ${actual.en} but '${key}' says '${v}' (${said.en}); it is read as ${actual.en}`,
            ru: `файл в кодировке ${actual.ru}, но в '${key}' указано '${v}' (${said.ru}); файл читается как ${actual.ru}`,
            kk: `файл ${actual.kk} кодтауында, бірақ '${key}' кілтінде '${v}' (${said.kk}) көрсетілген; файл ${actual.kk} ретінде оқылады`,
          }),
          { line, field: key, severity: 'warning' },
        ),
      );
    }
  }

  /**
   * A line inside the current chunk of a single-byte file. The common `Key=Value` line (no white space to trim
   * around the key or the value, nothing RK1048 would read differently) goes straight to the grammar, cut from the
   * decoded chunk; any other line takes the exact path (`feed`), which gives the same result for these lines too.
   */
  private fastLine(chunk: Uint8Array, start: number, end: number, no: number): void {
    if (no === 1) return this.exactLine(chunk, start, end, no); // a BOM is dropped there
    let t = this.text;
    if (t === null || this.textCharset !== this.decoder.charset) t = this.decodeChunk(chunk, t);
    // cp1251 with a letter RK1048 reads differently: the exact path decides whether the file switches.
    if (this.nextDiff >= 0 && this.nextDiff < end && this.diffIn(t, start, end)) return this.exactLine(chunk, start, end, no);
    if (start === end) return this.grammar.line(no, '');
    const space = this.space;
    if (space[chunk[end - 1]!] === 1) return this.exactLine(chunk, start, end, no);
    // Most lines start with the key that followed the previous line's key last time, then '=' (or end there).
    const last = this.lastKey;
    const guess = last === null ? null : last.next;
    if (guess !== null) {
      const keyEnd = start + guess.bytes.length;
      if (keyEnd <= end && this.startsWithKey(chunk, start, guess)) {
        if (keyEnd === end) {
          this.lastKey = guess;
          return this.grammar.entry(no, guess.k, guess.key, undefined, guess.key, guess.kw, guess.slot);
        }
        if (chunk[keyEnd] === 0x3d) {
          if (keyEnd + 1 < end && space[chunk[keyEnd + 1]!] === 1) return this.exactLine(chunk, start, end, no);
          this.lastKey = guess;
          return this.grammar.entry(no, guess.k, guess.key, t.slice(keyEnd + 1, end), guess.key, guess.kw, guess.slot);
        }
      }
    }
    if (space[chunk[start]!] === 1) return this.exactLine(chunk, start, end, no);
    if (this.nextEq >= 0 && this.nextEq < start) this.nextEq = t.indexOf('=', start);
    const eq = this.nextEq;
    if (eq < 0 || eq >= end) {
      const e = this.keyAt(t, chunk, start, end);
      return this.grammar.entry(no, e.k, e.key, undefined, e.key, e.kw, e.slot);
    }
    if (eq === start || space[chunk[eq - 1]!] === 1 || (eq + 1 < end && space[chunk[eq + 1]!] === 1)) return this.exactLine(chunk, start, end, no);
    const e = this.keyAt(t, chunk, start, eq);
    this.grammar.entry(no, e.k, e.key, t.slice(eq + 1, end), e.key, e.kw, e.slot);
  }

  /** Does `chunk` hold the bytes of key `e` at `start`? (The caller checked that they fit.) */
  private startsWithKey(chunk: Uint8Array, start: number, e: KeyEntry): boolean {
    const bytes = e.bytes;
    for (let i = 0; i < bytes.length; i++) if (chunk[start + i] !== bytes[i]) return false;
    return true;
  }

  /**
   * The usual line of a single-byte file, found and read in one go: it starts with the key predicted from the previous
   * line, then '=' and a value without white space at its ends, or it is just that key (as `fastLine` reads it, without
   * searching for the line's end first). Returns the index of the line's CR or LF, or -1 to leave the line to `fastLine`.
   */
  private quickLine(chunk: Uint8Array, start: number, no: number, maxLineBytes: number): number {
    const last = this.lastKey;
    const guess = last === null ? null : last.next;
    if (guess === null || no === 1) return -1;
    const n = chunk.length;
    const keyEnd = start + guess.bytes.length;
    if (keyEnd >= n || !this.startsWithKey(chunk, start, guess)) return -1;
    let end = keyEnd;
    let c = chunk[keyEnd]!;
    if (c === 0x3d) {
      for (end = keyEnd + 1; end < n; end++) {
        c = chunk[end]!;
        if (c < 0x0e && (c === 0x0d || c === 0x0a)) break;
      }
      if (end === n) return -1;
    } else if (c !== 0x0d && c !== 0x0a) return -1;
    if (end - start > maxLineBytes) return -1;
    let t = this.text;
    if (t === null || this.textCharset !== this.decoder.charset) t = this.decodeChunk(chunk, t);
    if (this.nextDiff >= 0 && this.nextDiff < end && this.diffIn(t, start, end)) return -1;
    const space = this.space;
    if (end > keyEnd + 1 && (space[chunk[keyEnd + 1]!] === 1 || space[chunk[end - 1]!] === 1)) return -1;
    this.lastKey = guess;
    this.grammar.entry(no, guess.k, guess.key, end === keyEnd ? undefined : t.slice(keyEnd + 1, end), guess.key, guess.kw, guess.slot);
    return end;
  }

  private exactLine(chunk: Uint8Array, start: number, end: number, no: number): void {
    this.lastKey = null; // this line's key is not known here: predict nothing from it (and link nothing to it)
    this.feed({ no, bytes: chunk.subarray(start, end), truncated: false });
  }

  /** Is one of the characters RK1048 reads differently in `t[start, end)`? (Moves `nextDiff` on.) */
  private diffIn(t: string, start: number, end: number): boolean {
    if (this.nextDiff < start) {
      CP1251_RK1048_DIFF.lastIndex = start;
      this.nextDiff = CP1251_RK1048_DIFF.exec(t)?.index ?? -1;
    }
    return this.nextDiff >= 0 && this.nextDiff < end;
  }

  /** The key `t[start, end)`, looked up; remembered as what follows the previous line's key. */
  private keyAt(t: string, chunk: Uint8Array, start: number, end: number): KeyEntry {
    const e = this.keyEntry(t.slice(start, end), chunk, start, end);
    if (this.lastKey !== null) this.lastKey.next = e;
    this.lastKey = e;
    return e;
  }

  /** Decodes the whole chunk in the current charset (`previous`: the chunk already decoded as cp1251, on a switch to RK1048). */
  private decodeChunk(chunk: Uint8Array, previous: string | null): string {
    const charset = this.decoder.charset as Exclude<Charset, 'utf-8'>;
    const t = previous !== null && this.textCharset === 'windows-1251' && charset === 'rk1048' ? cp1251TextToRk1048(previous) : decodeSingleByte(chunk, charset);
    this.text = t;
    this.textCharset = charset;
    this.space = SPACE_BYTES[charset];
    this.nextEq = t.indexOf('=');
    this.nextDiff = -1;
    if (charset === 'windows-1251') {
      // Where the first byte RK1048 reads differently is (one character per byte: the same index in `t`).
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const b of RK1048_DIFF_BYTES) {
        const i = buf.indexOf(b);
        if (i >= 0 && (this.nextDiff < 0 || i < this.nextDiff)) this.nextDiff = i;
      }
    }
    return t;
  }

  /** The entry of key `key`, which is `chunk[start, end)`. */
  private keyEntry(key: string, chunk: Uint8Array, start: number, end: number): KeyEntry {
    let e = this.keys.get(key);
    if (e === undefined) {
      const flat = detach(key);
      const k = keyId(flat);
      e = { key: flat, k, kw: this.grammar.keyword(k), slot: keySlot(k), next: null, bytes: chunk.slice(start, end) };
      if (key.length <= MAX_KEY_LENGTH && this.keys.size < MAX_KEYS) this.keys.set(flat, e);
    }
    return e;
  }

  private feed(raw: RawLine): void {
    const d = this.decoder.decode(raw.bytes);
    if (d.badBytes) this.grammar.flaw(issue('FMT_BAD_BYTES', NOT_UTF8, { line: raw.no }));
    if (d.switchedToRk1048) {
      this.encodingReported = true;
      const rk = CHARSET_TEXT.rk1048;
      this.onIssue(
        issue(
          'FMT_ENCODING_MISMATCH',
          t({
            en: `Kazakh letters found at this line: from here on the file is read as ${rk.en}, not cp1251`,
            ru: `в этой строке найдены казахские буквы: дальше файл читается в кодировке ${rk.ru}, а не cp1251`,
            kk: `бұл жолда қазақ әріптері табылды: осы жерден бастап файл cp1251 емес, ${rk.kk} кодтауында оқылады`,
          }),
          { line: raw.no, severity: 'warning' },
        ),
      );
    }
    if (raw.truncated) {
      this.grammar.flaw(
        issue(
          'FMT_SYNTAX',
          t({
            en: `the line is longer than ${MAX_LINE_BYTES} bytes and was cut`,
            ru: `строка длиннее ${MAX_LINE_BYTES} байт и обрезана`,
            kk: `жол ${MAX_LINE_BYTES} байттан ұзын, сондықтан қысқартылды`,
          }),
          { line: raw.no, expected: t({ en: 'one Key=Value per line', ru: 'одна пара Ключ=Значение в строке', kk: 'әр жолда бір Кілт=Мән' }) },
        ),
      );
    }
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
