// Streaming line splitter over raw bytes: CRLF, LF or lone CR (mixed allowed), bounded memory per line.

export interface RawLine {
  /** 1-based line number. */
  no: number;
  /** The line's bytes without the terminator; may be a view into the pushed chunk (use before the next push). */
  bytes: Uint8Array;
  /** True when the line was longer than the limit and was cut. */
  truncated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Receives the lines of `LineSplitter.scan`. */
export interface LineSink {
  /** Line `no` is `chunk[start, end)` (use it before the next push: the producer may reuse the chunk). */
  inChunk(chunk: Uint8Array, start: number, end: number, no: number): void;
  /** A line assembled across chunks, or cut at the limit. */
  line(line: RawLine): void;
  /**
   * Optional: take line `no`, which starts at `chunk[start]`, if the sink can find its end cheaply: returns the index
   * of its CR or LF (the line has no other before it and is at most `maxLineBytes` long), or -1 to leave the line
   * to `inChunk` / `line`.
   */
  quick?(chunk: Uint8Array, start: number, no: number, maxLineBytes: number): number;
}

/** Default cap on one line's bytes: a 1C line is short; a file without line breaks must not grow memory. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits byte chunks into lines incrementally. Splitting bytes (not text) is safe for UTF-8 and the
 * single-byte code pages alike: CR and LF never occur inside a multi-byte UTF-8 sequence.
 */
export class LineSplitter {
  private parts: Uint8Array[] = [];
  private partLen = 0;
  private cut = false;
  /** The previous chunk ended with CR: a leading LF of the next chunk belongs to it. */
  private pendingCr = false;
  private no = 0;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** Lines seen so far (the number of the last complete line). */
  get lineCount(): number {
    return this.no;
  }

  push(chunk: Uint8Array): RawLine[] {
    const out: RawLine[] = [];
    this.scan(chunk, {
      inChunk: (c, start, end, no) => out.push({ no, bytes: c.subarray(start, end), truncated: false }),
      line: (l) => out.push(l),
    });
    return out;
  }

  /**
   * Like `push`, without a line object per line: a line wholly inside `chunk` (and within the limit) goes to
   * `sink.inChunk` as a range; a line assembled from several chunks, or cut, to `sink.line`.
   */
  scan(chunk: Uint8Array, sink: LineSink): void {
    const n = chunk.length;
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (n > 0 && chunk[0] === LF) start = 1;
    }
    // Buffer#indexOf is a native memchr; the next CR and LF are searched once each and reused until passed.
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let cr = -2;
    let lf = -2;
    for (;;) {
      // The sink may take the line itself, finding its end on the way (no partial line is pending then).
      let i = sink.quick !== undefined && this.parts.length === 0 && !this.cut ? sink.quick(chunk, start, this.no + 1, this.maxLineBytes) : -1;
      if (i >= 0) this.no++;
      else {
        if (cr !== -1 && cr < start) cr = buf.indexOf(CR, start);
        if (lf !== -1 && lf < start) lf = buf.indexOf(LF, start);
        i = cr < 0 ? lf : lf < 0 || cr < lf ? cr : lf;
        if (i < 0) break;
        if (this.parts.length > 0 || this.cut || i - start > this.maxLineBytes) sink.line(this.finish(chunk.subarray(start, i)));
        else sink.inChunk(chunk, start, i, ++this.no);
      }
      if (chunk[i] === CR) {
        if (i + 1 < n) {
          if (chunk[i + 1] === LF) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
    }
    if (start < n) this.keep(chunk.subarray(start));
  }

  /** Flushes the last line when the input does not end with a line break. */
  end(): RawLine[] {
    this.pendingCr = false;
    if (this.partLen === 0 && !this.cut) return [];
    return [this.finish(new Uint8Array(0))];
  }

  private keep(piece: Uint8Array): void {
    const room = this.maxLineBytes - this.partLen;
    if (piece.length > room) this.cut = true;
    if (room <= 0) return;
    const take = piece.length > room ? piece.subarray(0, room) : piece;
    this.parts.push(take.slice()); // copy: the producer may reuse its chunk buffer
    this.partLen += take.length;
  }

  private finish(tail: Uint8Array): RawLine {
    this.no++;
    let bytes: Uint8Array;
    let truncated = this.cut;
    if (this.parts.length === 0) {
      bytes = tail;
      if (bytes.length > this.maxLineBytes) {
        bytes = bytes.subarray(0, this.maxLineBytes);
        truncated = true;
      }
    } else {
      this.keep(tail);
      truncated = this.cut;
      bytes = new Uint8Array(this.partLen);
      let o = 0;
      for (const p of this.parts) {
        bytes.set(p, o);
        o += p.length;
      }
      this.parts = [];
    }
    this.partLen = 0;
    this.cut = false;
    return { no: this.no, bytes, truncated };
  }
}

/** Async convenience wrapper: the lines of a chunk stream. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<RawLine> {
  const splitter = new LineSplitter(maxLineBytes);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
