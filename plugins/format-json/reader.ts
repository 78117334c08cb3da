// A JSON reader (RFC 8259) that keeps the line of every value, which JSON.parse forgets: issues must name the line and
// the field. The top-level object is read member by member and the `documents` array element by element, so only one
// document's tree is held at a time.
import { own } from '../../gateway/core/i18n.ts';

/** A value with the 1-based line it starts on (objects and arrays also where they end). */
export type JsonNode =
  | { type: 'object'; line: number; endLine: number; members: JsonMember[] }
  | { type: 'array'; line: number; endLine: number; items: JsonNode[] }
  | { type: 'string'; line: number; value: string }
  /** The number's text as written: money must never pass through a binary float. */
  | { type: 'number'; line: number; raw: string }
  | { type: 'boolean'; line: number; value: boolean }
  | { type: 'null'; line: number };

export interface JsonMember {
  key: string;
  line: number;
  value: JsonNode;
}

/** What the syntax problem is, for the text (texts.ts renders it in en/ru/kk). */
export type SyntaxProblem =
  | { kind: 'eof' }
  | { kind: 'unexpected'; char: string; expected: 'value' | 'key' | 'colon' | 'comma-or-end' | 'end-of-file' | 'object' }
  | { kind: 'bad-string'; why: 'control' | 'escape' }
  | { kind: 'bad-literal' }
  | { kind: 'too-deep' };

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: SyntaxProblem,
  ) {
    super(`JSON syntax error on line ${line}: ${problem.kind}`);
  }
}

/** Deeper nesting is refused: a document needs four levels; recursion must stay far from the stack's end. */
export const MAX_DEPTH = 32;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Events of the top-level object: its members, except the elements of `documents`, which come one by one. */
export type TopEvent =
  | { type: 'member'; key: string; line: number; value: JsonNode }
  | { type: 'documents'; line: number }
  | { type: 'document'; index: number; node: JsonNode }
  | { type: 'documents-end'; line: number };

export class JsonReader {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  /** Reads `{ …, "documents": [ … ], … }`; throws JsonSyntaxError at the first syntax problem. */
  *topLevel(): Generator<TopEvent> {
    this.ws();
    if (this.peek() !== '{') throw this.unexpected('object');
    this.pos++;
    this.ws();
    if (this.peek() === '}') {
      this.pos++;
      return this.end();
    }
    for (;;) {
      this.ws();
      const line = this.line;
      const key = this.key();
      this.ws();
      if (key === 'documents' && this.peek() === '[') {
        yield { type: 'documents', line: this.line };
        this.pos++;
        let index = 0;
        this.ws();
        if (this.peek() === ']') this.pos++;
        else {
          for (;;) {
            yield { type: 'document', index: index++, node: this.value(2) };
            if (this.separator(']')) break;
          }
        }
        yield { type: 'documents-end', line: this.line };
      } else {
        yield { type: 'member', key, line, value: this.value(1) };
      }
      if (this.separator('}')) return this.end();
    }
  }

  /** Only whitespace may follow the top-level value. */
  private end(): void {
    this.ws();
    if (this.pos < this.text.length) throw this.unexpected('end-of-file');
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x0a) this.line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
      this.pos++;
    }
  }

  private unexpected(expected: Extract<SyntaxProblem, { kind: 'unexpected' }>['expected']): JsonSyntaxError {
    if (this.pos >= this.text.length) return new JsonSyntaxError(this.line, { kind: 'eof' });
    return new JsonSyntaxError(this.line, { kind: 'unexpected', char: String.fromCodePoint(this.text.codePointAt(this.pos)!), expected });
  }

  /** After a member or an element: ',' (more follow, false) or the closing bracket (true). */
  private separator(close: '}' | ']'): boolean {
    this.ws();
    const c = this.peek();
    if (c === ',') {
      this.pos++;
      this.ws();
      return false;
    }
    if (c === close) {
      this.pos++;
      return true;
    }
    throw this.unexpected('comma-or-end');
  }

  private key(): string {
    if (this.peek() !== '"') throw this.unexpected('key');
    const k = this.string();
    this.ws();
    if (this.peek() !== ':') throw this.unexpected('colon');
    this.pos++;
    return k;
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.line, { kind: 'too-deep' });
    this.ws();
    const line = this.line;
    const c = this.peek();
    switch (c) {
      case '{': {
        this.pos++;
        const members: JsonMember[] = [];
        this.ws();
        if (this.peek() === '}') this.pos++;
        else {
          do {
            const at = this.line;
            const key = this.key();
            members.push({ key, line: at, value: this.value(depth + 1) });
          } while (!this.separator('}'));
        }
        return { type: 'object', line, endLine: this.line, members };
      }
      case '[': {
        this.pos++;
        const items: JsonNode[] = [];
        this.ws();
        if (this.peek() === ']') this.pos++;
        else {
          do items.push(this.value(depth + 1));
          while (!this.separator(']'));
        }
        return { type: 'array', line, endLine: this.line, items };
      }
      case '"':
        return { type: 'string', line, value: this.string() };
      case 't':
      case 'f':
      case 'n':
        return this.literal(line);
      default: {
        NUMBER.lastIndex = this.pos;
        const m = NUMBER.exec(this.text);
        if (!m) throw this.unexpected('value');
        this.pos += m[0].length;
        return { type: 'number', line, raw: m[0] };
      }
    }
  }

  private literal(line: number): JsonNode {
    for (const [word, node] of [
      ['true', { type: 'boolean', line, value: true }],
      ['false', { type: 'boolean', line, value: false }],
      ['null', { type: 'null', line }],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return node;
      }
    }
    throw new JsonSyntaxError(this.line, { kind: 'bad-literal' });
  }

  /** At the opening quote; returns the decoded text. Raw control characters (line breaks among them) are refused. */
  private string(): string {
    const t = this.text;
    let at = ++this.pos;
    let out = '';
    for (;;) {
      if (this.pos >= t.length) throw new JsonSyntaxError(this.line, { kind: 'eof' });
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(at, this.pos++);
        // A copy, not a view into the whole file's text, which documents and issues would otherwise keep alive.
        return own(out);
      }
      if (c < 0x20) throw new JsonSyntaxError(this.line, { kind: 'bad-string', why: 'control' });
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(at, this.pos);
      const e = t[this.pos + 1];
      if (e === undefined) throw new JsonSyntaxError(this.line, { kind: 'eof' });
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else {
        if (this.pos + 6 > t.length && e === 'u') throw new JsonSyntaxError(this.line, { kind: 'eof' });
        throw new JsonSyntaxError(this.line, { kind: 'bad-string', why: 'escape' });
      }
      at = this.pos;
    }
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
