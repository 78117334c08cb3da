// Streaming XML writer for the messages we produce (pain.001, camt.053): elements and escaped text into UTF-8 chunks
// of about 64 KiB, so a writer can yield them as it goes and never hold a whole 100 MB file.

const CHUNK = 64 * 1024;
/** Characters XML 1.0 cannot carry at all (§2.2 Char): C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// CR as a character reference: a parser turns a literal CR (or CRLF) into LF (XML 1.0 §2.11), so it would not read back.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** True when `text` can be written as XML character data (check inputs with this before writing a byte). */
export function isXmlText(text: string): boolean {
  return !NOT_XML_CHAR.test(text);
}

export function escapeXml(text: string): string {
  if (!isXmlText(text)) throw new RangeError(`text holds a character XML cannot carry: ${JSON.stringify(text.slice(0, 40))}`);
  return text.replace(/[&<>"\r]/g, (c) => ESCAPES[c]!);
}

export class XmlWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly stack: string[] = [];
  private readonly encoder = new TextEncoder();

  constructor(private readonly indent = '  ') {}

  declaration(): this {
    return this.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  }

  open(name: string, attrs?: Record<string, string | undefined>): this {
    this.push(`${this.pad()}<${name}${attributes(attrs)}>\n`);
    this.stack.push(name);
    return this;
  }

  /** An element with text content; skipped when `text` is undefined. */
  leaf(name: string, text: string | undefined, attrs?: Record<string, string | undefined>): this {
    if (text === undefined) return this;
    return this.push(`${this.pad()}<${name}${attributes(attrs)}>${escapeXml(text)}</${name}>\n`);
  }

  close(): this {
    const name = this.stack.pop();
    if (name === undefined) throw new Error('XmlWriter.close: no open element');
    return this.push(`${this.pad()}</${name}>\n`);
  }

  /** The bytes written so far when they reach a chunk's size (or `force`), else null. */
  take(force = false): Uint8Array | null {
    if (this.size === 0 || (!force && this.size < CHUNK)) return null;
    const bytes = this.encoder.encode(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    return bytes;
  }

  /** Closes what is open and returns the remaining bytes. */
  end(): Uint8Array {
    while (this.stack.length) this.close();
    return this.take(true) ?? new Uint8Array(0);
  }

  private pad(): string {
    return this.indent.repeat(this.stack.length);
  }

  private push(s: string): this {
    this.parts.push(s);
    this.size += s.length;
    return this;
  }
}

function attributes(attrs: Record<string, string | undefined> | undefined): string {
  if (!attrs) return '';
  let s = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) s += ` ${k}="${escapeXml(v)}"`;
  return s;
}
