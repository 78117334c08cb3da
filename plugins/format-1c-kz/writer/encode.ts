// Text → bytes for the writers: cp1251 / RK1048 through a flat table, UTF-8 through TextEncoder. A character the
// charset cannot represent is found before writing and reported; nothing is ever replaced by '?'.
import { encodeTable16, type Charset } from '../charsets.ts';

export type WriteCharset = 'windows-1251' | 'utf-8' | 'rk1048';

export interface Unencodable {
  /** Index in the text. */
  at: number;
  char: string;
  /** 'U+049A'. */
  code: string;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of `text` the charset cannot write (a lone surrogate for UTF-8), or null. */
export function findUnencodable(text: string, charset: Charset): Unencodable | null {
  if (charset === 'utf-8') {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdfff) continue;
      if (c <= 0xdbff && i + 1 < text.length) {
        const n = text.charCodeAt(i + 1);
        if (n >= 0xdc00 && n <= 0xdfff) {
          i++;
          continue;
        }
      }
      return { at: i, char: text[i]!, code: hex(c) };
    }
    return null;
  }
  const t = encodeTable16(charset);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (t[c]! < 0) {
      // Name the whole character when it is a surrogate pair (an emoji), not half of it.
      const cp = text.codePointAt(i)!;
      return { at: i, char: String.fromCodePoint(cp), code: hex(cp) };
    }
  }
  return null;
}

/**
 * Accumulates encoded text into fixed-size chunks; `take()` hands out full chunks (each a fresh buffer the consumer
 * may keep). Text must have been checked with `findUnencodable` (an unencodable character throws RangeError here).
 */
export class ChunkEncoder {
  private buf: Uint8Array;
  private used = 0;
  private readonly full: Uint8Array[] = [];
  private readonly table: Int16Array | null;
  private readonly utf8 = new TextEncoder();

  constructor(
    private readonly charset: WriteCharset,
    private readonly size = 64 * 1024,
  ) {
    this.buf = new Uint8Array(size);
    this.table = charset === 'utf-8' ? null : encodeTable16(charset);
  }

  write(text: string): void {
    if (this.table) {
      const t = this.table;
      let buf = this.buf;
      let used = this.used;
      for (let i = 0; i < text.length; i++) {
        const b = t[text.charCodeAt(i)]!;
        if (b < 0) throw new RangeError(`'${text[i]}' cannot be written in ${this.charset}`);
        if (used === buf.length) {
          this.full.push(buf);
          buf = new Uint8Array(this.size);
          used = 0;
        }
        buf[used++] = b;
      }
      this.buf = buf;
      this.used = used;
      return;
    }
    let rest = text;
    for (;;) {
      const r = this.utf8.encodeInto(rest, this.buf.subarray(this.used));
      this.used += r.written;
      if (r.read === rest.length) return;
      rest = rest.slice(r.read);
      this.full.push(this.buf.subarray(0, this.used));
      this.buf = new Uint8Array(Math.max(this.size, 4));
      this.used = 0;
    }
  }

  writeBytes(b: Uint8Array): void {
    for (const x of b) {
      if (this.used === this.buf.length) {
        this.full.push(this.buf);
        this.buf = new Uint8Array(this.size);
        this.used = 0;
      }
      this.buf[this.used++] = x;
    }
  }

  /** Full chunks so far. */
  take(): Uint8Array[] {
    return this.full.splice(0);
  }

  /** Everything left, including the partly filled last chunk. */
  flush(): Uint8Array[] {
    const out = this.full.splice(0);
    if (this.used > 0) out.push(this.buf.subarray(0, this.used));
    this.buf = new Uint8Array(this.size);
    this.used = 0;
    return out;
  }
}
