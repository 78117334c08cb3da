// A streaming, non-validating XML 1.0 tokenizer that checks well-formedness (XML 1.0 Fifth Edition §2–§4) and hands
// start tags, end tags and character data to a handler. It scans with indexOf over whole decoded chunks instead of
// a state machine per character, which is what makes a 100 MB statement cheap to read; DTDs and entities other than
// the five predefined ones are refused (§4.6: a document without a DTD may use no others), so nothing ever expands.
import { isNameChar, isNameStart, NAME_REST } from './names.ts';

export interface XmlTokenHandler {
  /**
   * A start tag (an empty-element tag is followed by `close` at once); `attrs` alternates names and values, or is null;
   * `colon` is where the first ':' of the name is (-1: none), found while the name was read.
   */
  open(name: string, attrs: string[] | null, line: number, colon: number): void;
  close(name: string): void;
  /**
   * Character data `source.slice(start, end)` (text with references resolved, or a CDATA section's content); may come
   * in several pieces. A range, not a string: most pieces are the indentation between tags, which need no copy.
   */
  text(source: string, start: number, end: number): void;
}

export type XmlTokenReason = 'syntax' | 'dtd' | 'limit';

export class XmlTokenError extends Error {
  constructor(
    message: string,
    readonly reason: XmlTokenReason,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'XmlTokenError';
  }
}

/**
 * §2.2 Char: the code points below U+10000 XML cannot carry (C0 controls but TAB/LF/CR, U+FFFE, U+FFFF). Unpaired
 * surrogates never get here: the decoders are fatal. (A `u`-flag class over every chunk cost more than the whole scan.)
 */
const NOT_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
/** §2.8 XMLDecl, whole (the encoding itself was chosen by the decoder). */
const XML_DECL = /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>$/;
/** A Map, not an object: `&constructor;` or `&__proto__;` must be refused, not found on Object.prototype. */
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['apos', "'"],
  ['quot', '"'],
]);
const LT = 60;
const GT = 62;
const AMP = 38;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQ = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const NL = 10;
const COLON = 58;

const isSpace = (c: number) => c === 32 || c === NL || c === 9 || c === 13;

function isChar(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export interface XmlTokenizerOptions {
  /** Characters of one piece of markup (a tag, comment, PI or CDATA section) before it is refused; default 8 MiB. */
  maxMarkup?: number;
}

/** Feed decoded text with `write`, then `end`; a problem throws XmlTokenError with the line and column it is at. */
export class XmlTokenizer {
  private buf = '';
  /** Everything before `pos` is handled. */
  private pos = 0;
  /** Line feeds are counted up to `linePos`: `line` is the line it is on, `lineStart` where that line begins. */
  private line = 1;
  private linePos = 0;
  private lineStart = 0;
  /** The next line feed, '&' and "]]>" at or after where they were last looked for (-1: none in `buf`). */
  private nextNl = -1;
  private nextAmp = -1;
  private nextCdEnd = -1;
  private readonly stack: string[] = [];
  /** Where `nameEnd` saw the first ':' of the name it read (-1: none); the tree needs it for every element. */
  private colon = -1;
  private sawRoot = false;
  private atStart = true;
  /** A carriage return at the end of the last chunk, held back: it may be the first half of CR LF (§2.11). */
  private heldCr = false;
  /** The file has ended: markup cut off by the end of the buffer is an error, not a wait for more. */
  private final = false;
  private readonly maxMarkup: number;
  /** The end of the buffer is followed by '<' (`stitch`): a run of text reaching it is complete. */
  private textComplete = false;

  constructor(
    private readonly handler: XmlTokenHandler,
    options: XmlTokenizerOptions = {},
  ) {
    this.maxMarkup = options.maxMarkup ?? 8 * 1024 * 1024;
  }

  /** Line and column of the scan position (1-based). */
  get position(): { line: number; column: number } {
    return this.locate(this.pos);
  }

  /** `checked`: the caller has found no character XML refuses in this text already (utf8-chars.ts, on the bytes). */
  write(chunk: string, checked = false): void {
    if (this.heldCr) {
      chunk = '\r' + chunk;
      this.heldCr = false;
    }
    if (chunk.length > 0 && chunk.charCodeAt(chunk.length - 1) === 13) {
      chunk = chunk.slice(0, -1);
      this.heldCr = true;
    }
    // §2.11: CR LF and lone CR become LF before anything else looks at the text.
    if (chunk.indexOf('\r') >= 0) chunk = chunk.replace(/\r\n?/g, '\n');
    if (this.atStart && this.buf.length === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    if (!checked && !NOT_CHAR.test(chunk)) checked = true;
    if (checked && this.pos < this.buf.length && this.stitch(chunk)) return;
    this.append(chunk, checked);
    this.scan();
  }

  end(): void {
    if (this.heldCr) this.append('\n', true);
    this.heldCr = false;
    this.final = true;
    this.scan();
    if (this.pos < this.buf.length) this.fail('unexpected end of the file inside markup');
    if (this.stack.length > 0) this.fail(`unexpected end of the file: <${this.stack[this.stack.length - 1]}> is not closed`);
    if (!this.sawRoot) this.fail('the file holds no XML element');
  }

  /**
   * The usual case of a chunk arriving while a token of the last one is cut off: that token is completed in a small
   * buffer (the rest of the old one and the new chunk up to its first '<' after a '>'), and scanning then goes on in
   * the new chunk itself, so the 64 KiB chunk is never copied to be joined. False when the small buffer does not end
   * the token (a '>' in an attribute value, a long comment): the caller joins the whole chunk instead.
   */
  private stitch(chunk: string): boolean {
    const gt = chunk.indexOf('>');
    const m = gt < 0 ? -1 : chunk.indexOf('<', gt + 1);
    if (m < 0) return false;
    this.setBuffer([this.buf.slice(this.pos), chunk.slice(0, m)].join(''), 0);
    // What the small buffer ends with is followed by '<': text there is complete.
    this.textComplete = true;
    try {
      this.scan();
    } finally {
      this.textComplete = false;
    }
    if (this.pos < this.buf.length) {
      this.setBuffer([this.buf.slice(this.pos), chunk.slice(m)].join(''), 0);
    } else {
      this.setBuffer(chunk, m);
    }
    this.scan();
    return true;
  }

  /** A chunk added to what is left of the buffer (`checked`: no character XML refuses in it). */
  private append(chunk: string, checked: boolean): void {
    const keep = this.pos < this.buf.length ? this.buf.slice(this.pos) : '';
    // join, not '+': a cons string would make every character read below go through the rope.
    this.setBuffer(keep.length > 0 ? [keep, chunk].join('') : chunk, 0);
    const bad = checked ? null : NOT_CHAR.exec(chunk);
    if (bad) this.fail(`character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, keep.length + bad.index);
  }

  /** Scanning moves to `next`, where position `at` is where the old buffer's scan position was. */
  private setBuffer(next: string, at: number): void {
    this.advanceLines(this.pos);
    this.lineStart += at - this.pos;
    this.buf = next;
    this.pos = this.linePos = at;
    this.nextNl = next.indexOf('\n', at);
    this.nextAmp = next.indexOf('&', at);
    this.nextCdEnd = next.indexOf(']]>', at);
  }

  /** Counts the line feeds before `to`; positions only move forward. */
  private advanceLines(to: number): void {
    let nl = this.nextNl;
    if (nl !== -1 && nl < to) {
      const buf = this.buf;
      let line = this.line;
      let start = this.lineStart;
      do {
        line++;
        start = nl + 1;
        nl = buf.indexOf('\n', start);
      } while (nl !== -1 && nl < to);
      this.line = line;
      this.lineStart = start;
      this.nextNl = nl;
    }
    if (to > this.linePos) this.linePos = to;
  }

  /** Line and column of `p`. */
  private locate(p: number): { line: number; column: number } {
    if (p >= this.linePos) {
      this.advanceLines(p);
      return { line: this.line, column: p - this.lineStart + 1 };
    }
    const buf = this.buf;
    let line = this.line;
    for (let i = this.linePos - 1; i >= p; i--) if (buf.charCodeAt(i) === NL) line--;
    return { line, column: p - (buf.lastIndexOf('\n', p - 1) + 1) + 1 };
  }

  private fail(message: string, p = this.pos, reason: XmlTokenReason = 'syntax'): never {
    const { line, column } = this.locate(p);
    throw new XmlTokenError(message, reason, line, column);
  }

  /**
   * The loop: '<' found with indexOf (native, far cheaper than reading every character in JS; most of a message is
   * indentation), the text before it checked against the next '&' and "]]>" known, markup by the methods below, which
   * return -1 when the buffer ends inside it: it is then scanned again when more text has come.
   */
  private scan(): void {
    const buf = this.buf;
    const len = buf.length;
    let i = this.pos;
    while (i < len) {
      this.pos = i;
      if (buf.charCodeAt(i) !== LT) {
        const lt = buf.indexOf('<', i);
        if (lt < 0) {
          if (this.final || this.textComplete) {
            this.charData(i, len);
            i = len;
            break;
          }
          // No '<' yet: keep a short run for the next chunk; of a long one hand out what the next cannot change.
          if (len - i >= 4096) {
            const cut = this.safeCut(i, len);
            this.charData(i, cut);
            this.pos = cut;
          }
          return;
        }
        this.charData(i, lt);
        this.pos = i = lt;
      }
      const c1 = buf.charCodeAt(i + 1);
      let next: number;
      if (c1 === SLASH) next = this.endTag(i);
      else if (c1 === BANG) next = this.bang(i);
      else if (c1 === QUESTION) next = this.instruction(i);
      else if (c1 !== c1) next = this.more(i); // NaN: the buffer ends after '<'
      else next = this.startTag(i);
      if (next < 0) return;
      i = next;
    }
    this.pos = i;
  }

  /** Character data in [s, e): references resolved; outside the root element only white space (§2.1 Misc). */
  private charData(s: number, e: number): void {
    const buf = this.buf;
    if (this.stack.length === 0) {
      for (let k = s; k < e; k++) if (!isSpace(buf.charCodeAt(k))) this.fail('text is not allowed outside the root element', k);
      this.atStart = false;
      return;
    }
    let cd = this.nextCdEnd;
    if (cd !== -1 && cd < s) cd = this.nextCdEnd = buf.indexOf(']]>', s);
    if (cd !== -1 && cd < e) this.fail('"]]>" is not allowed in text', cd);
    let amp = this.nextAmp;
    if (amp !== -1 && amp < s) amp = this.nextAmp = buf.indexOf('&', s);
    if (amp !== -1 && amp < e) {
      const text = this.resolve(s, e, false);
      this.handler.text(text, 0, text.length);
    } else this.handler.text(buf, s, e);
  }

  /** Where a long run of text without '<' yet may be cut: not inside a reference, and not within a possible "]]>". */
  private safeCut(s: number, len: number): number {
    let cut = len - 2;
    const amp = this.buf.lastIndexOf('&', cut - 1);
    if (amp >= s) {
      const semi = this.buf.indexOf(';', amp);
      if ((semi < 0 || semi >= cut) && cut - amp < 16) cut = amp;
    }
    return cut;
  }

  /** Text or an attribute value in [s, e) with its references resolved; in attributes white space becomes spaces (§3.3.3). */
  private resolve(s: number, e: number, attribute: boolean): string {
    const buf = this.buf;
    let out = '';
    let from = s;
    for (let i = s; i < e; i++) {
      const c = buf.charCodeAt(i);
      if (attribute && (c === NL || c === 9)) {
        out += buf.slice(from, i) + ' ';
        from = i + 1;
      } else if (attribute && c === LT) this.fail('"<" is not allowed in an attribute value', i);
      else if (c === AMP) {
        const semi = buf.indexOf(';', i + 1);
        if (semi < 0 || semi >= e || semi - i > 12) this.fail('"&" must start a reference such as &amp;', i);
        const ref = buf.slice(i + 1, semi);
        let value: string | undefined;
        if (ref.charCodeAt(0) === 35) {
          const hex = ref.charCodeAt(1) === 120;
          const digits = ref.slice(hex ? 2 : 1);
          const cp = (hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
          if (!isChar(cp)) this.fail(`&${ref}; is not a character XML can carry`, i);
          value = String.fromCodePoint(cp);
        } else {
          value = PREDEFINED.get(ref);
          if (value === undefined) this.fail(`the entity &${ref}; is not defined (only &lt; &gt; &amp; &apos; &quot; are)`, i);
        }
        out += buf.slice(from, i) + value;
        from = semi + 1;
        i = semi;
      }
    }
    return from === s ? buf.slice(s, e) : out + buf.slice(from, e);
  }

  /** The buffer ends inside the markup at `lt`: wait for more text (-1), unless the file has ended or it is too long. */
  private more(lt: number): number {
    if (this.final) this.fail('unexpected end of the file inside markup', lt);
    if (this.buf.length - lt > this.maxMarkup) this.fail(`markup longer than ${this.maxMarkup} characters`, lt, 'limit');
    return -1;
  }

  /** A start tag or empty-element tag at `lt` (§3.1): the position after it, or -1 when it is not all here yet. */
  private startTag(lt: number): number {
    const buf = this.buf;
    const len = buf.length;
    if (this.stack.length === 0 && this.sawRoot) this.fail('a second root element is not allowed', lt);
    const nameEnd = this.nameEnd(lt + 1);
    if (nameEnd === lt + 1) this.fail('a tag name must start with a letter, "_" or ":"', lt + 1);
    if (nameEnd >= len) return this.more(lt);
    const colon = this.colon < 0 ? -1 : this.colon - (lt + 1);
    let attrs: string[] | null = null;
    let p = nameEnd;
    let empty = false;
    for (;;) {
      if (p >= len) return this.more(lt);
      let c = buf.charCodeAt(p);
      const spaced = isSpace(c);
      if (spaced) {
        while (++p < len && isSpace((c = buf.charCodeAt(p))));
        if (p >= len) return this.more(lt);
      }
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= len) return this.more(lt);
        if (buf.charCodeAt(p + 1) !== GT) this.fail('"/" in a tag must be followed by ">"', p);
        empty = true;
        p += 2;
        break;
      }
      if (!spaced) this.fail('attributes must be separated by white space', p);
      const an = this.nameEnd(p);
      if (an === p) this.fail('an attribute name must start with a letter, "_" or ":"', p);
      let q = an;
      while (q < len && isSpace(buf.charCodeAt(q))) q++;
      if (q >= len) return this.more(lt);
      if (buf.charCodeAt(q) !== EQ) this.fail(`the attribute ${buf.slice(p, an)} needs "=" and a quoted value`, q);
      while (++q < len && isSpace(buf.charCodeAt(q)));
      if (q >= len) return this.more(lt);
      const quote = buf.charCodeAt(q);
      if (quote !== DQUOTE && quote !== SQUOTE) this.fail(`the value of ${buf.slice(p, an)} must be in quotes`, q);
      let close = q + 1;
      let plain = true;
      for (; close < len; close++) {
        c = buf.charCodeAt(close);
        if (c === quote) break;
        if (c === NL || c === AMP || c === LT || c === 9) plain = false;
      }
      if (close >= len) return this.more(lt);
      const name = buf.slice(p, an);
      if (attrs === null) attrs = [];
      else for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) this.fail(`the attribute ${name} is given twice`, p);
      attrs.push(name, plain ? buf.slice(q + 1, close) : this.resolve(q + 1, close, true));
      p = close + 1;
    }
    const name = buf.slice(lt + 1, nameEnd);
    this.advanceLines(lt);
    this.sawRoot = true;
    this.atStart = false;
    this.handler.open(name, attrs, this.line, colon);
    if (empty) this.handler.close(name);
    else this.stack.push(name);
    return p;
  }

  /** An end tag at `lt` (§3.1 ETag): it must close the innermost open element. */
  private endTag(lt: number): number {
    const buf = this.buf;
    const len = buf.length;
    const top = this.stack[this.stack.length - 1];
    const p0 = lt + 2;
    if (top === undefined) {
      const end = this.nameEnd(p0);
      if (end >= len) return this.more(lt);
      return this.fail(`</${buf.slice(p0, end)}> closes no open element`, lt);
    }
    const n = top.length;
    if (p0 + n >= len) return this.more(lt);
    let k = 0;
    while (k < n && buf.charCodeAt(p0 + k) === top.charCodeAt(k)) k++;
    if (k < n || isNameChar(buf, p0 + n)) {
      const end = this.nameEnd(p0);
      if (end >= len) return this.more(lt);
      if (end === p0) this.fail('a closing tag needs a name', p0);
      this.fail(`</${buf.slice(p0, end)}> does not close <${top}>`, lt);
    }
    let p = p0 + n;
    let c = buf.charCodeAt(p);
    while (isSpace(c)) {
      if (++p >= len) return this.more(lt);
      c = buf.charCodeAt(p);
    }
    if (c !== GT) this.fail('only white space may follow the name in a closing tag', p);
    this.stack.pop();
    this.handler.close(top);
    return p + 1;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE` (refused). */
  private bang(lt: number): number {
    const buf = this.buf;
    if (buf.length - lt < 9) {
      // Too short to tell which markup this is yet.
      const head = buf.slice(lt);
      if ('<!--'.startsWith(head) || '<![CDATA['.startsWith(head) || '<!DOCTYPE'.startsWith(head)) return this.more(lt);
    }
    if (buf.startsWith('<!--', lt)) {
      const dash = buf.indexOf('--', lt + 4);
      if (dash < 0 || dash + 2 >= buf.length) return this.more(lt);
      if (buf.charCodeAt(dash + 2) !== GT) this.fail('"--" is not allowed inside a comment', dash);
      return dash + 3;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      if (this.stack.length === 0) this.fail('a CDATA section is not allowed outside the root element', lt);
      const end = buf.indexOf(']]>', lt + 9);
      if (end < 0) return this.more(lt);
      this.handler.text(buf, lt + 9, end);
      return end + 3;
    }
    if (buf.startsWith('<!DOCTYPE', lt)) this.fail('a DOCTYPE (DTD) is not allowed in a payment message', lt, 'dtd');
    return this.fail('"<!" must start a comment or a CDATA section', lt);
  }

  /** A processing instruction; `<?xml …?>` only as the very first thing in the file (§2.8). */
  private instruction(lt: number): number {
    const buf = this.buf;
    const end = buf.indexOf('?>', lt + 2);
    if (end < 0) return this.more(lt);
    const nameEnd = this.nameEnd(lt + 2);
    if (nameEnd === lt + 2) this.fail('a processing instruction needs a target name', lt + 2);
    const target = buf.slice(lt + 2, nameEnd);
    if (nameEnd < end && !isSpace(buf.charCodeAt(nameEnd))) this.fail('white space must follow a processing instruction target', nameEnd);
    if (target.toLowerCase() === 'xml') {
      if (!this.atStart || lt !== 0 || target !== 'xml') this.fail('the XML declaration is allowed only at the very start of the file', lt);
      if (!XML_DECL.test(buf.slice(lt, end + 2))) this.fail('the XML declaration is malformed (expected <?xml version="1.0" encoding="…"?>)', lt);
    }
    this.atStart = false;
    return end + 2;
  }

  /** The end of the XML Name (§2.3) starting at `p` (`p` itself when there is none); its first ':' goes to `colon`. */
  private nameEnd(p: number): number {
    const buf = this.buf;
    const len = buf.length;
    this.colon = -1;
    if (p >= len || !isNameStart(buf, p)) return p;
    if (buf.charCodeAt(p) === COLON) this.colon = p;
    let i = p + 1;
    for (; i < len; i++) {
      const c = buf.charCodeAt(i);
      if (c < 128) {
        if (NAME_REST[c] === 0) return i;
        if (c === COLON && this.colon < 0) this.colon = i;
      } else if (!isNameChar(buf, i)) return i;
      else if (c >= 0xd800 && c <= 0xdbff) i++;
    }
    return i;
  }
}
