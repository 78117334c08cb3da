// Lines → raw messages: SWIFT blocks `{1:}{2:}{4:` … `-}`, bare `:20:`-started messages, `$` and `-` separators,
// tags with their continuation lines. Nothing is interpreted here except where a message and a tag begin.
import type { Issue } from '../../gateway/core/issue.ts';
import { isBlank } from './chars.ts';
import { cleanLine, hasControl, isPlainText, lastNonBlank, splitLines } from './lines.ts';
import { KNOWN_TAGS, tagAt } from './tag-id.ts';
import { controlCharacters, strayText, unknownTag } from './texts.ts';

export interface RawTag {
  /** '20', '28C', '61', '86', 'NS', … */
  tag: string;
  line: number;
  /** The text after `:tag:` first, then each continuation line as written. */
  lines: string[];
}

export interface RawMessage {
  line: number;
  endLine: number;
  /** Basic header block `{1:…}` content, e.g. 'F01BANKKZKAAXXX0000000000'. */
  block1?: string;
  /** Application header `{2:…}` content, e.g. 'O9401506110804…' or 'I940BANKKZKAXXXXN'. */
  block2?: string;
  tags: RawTag[];
}

/** Tags whose text may go on over several lines (unknown tags swallow theirs). */
const MULTILINE: ReadonlySet<string> = new Set(['86', '61', 'NS', '21', '25', '25P']);

const PADDED_TAG = /^\s+:([0-9]{2}[A-Z]?|NS):/;

/** Splits the blocks of a header line `{1:…}{2:…}{3:{108:…}}{4:rest`; a `{2:` left open (seen in the wild) ends at the next `{`. */
function headerBlocks(text: string): { block1?: string; block2?: string; rest: string | null } {
  const b1 = /\{1:([^{}]*)\}?/.exec(text);
  const b2 = /\{2:([^{}]*)\}?/.exec(text);
  const at4 = text.indexOf('{4:');
  const out: { block1?: string; block2?: string; rest: string | null } = { rest: at4 >= 0 ? text.slice(at4 + 3) : null };
  if (b1) out.block1 = b1[1]!.trim();
  if (b2) out.block2 = b2[1]!.trim();
  return out;
}

/**
 * Reads raw messages from a decoded file, reporting stray text and unknown tags to `report`. A file without control
 * characters, lone CRs and `@@` breaks (nearly all) is read in one pass over the text; others line by line as split.
 * `controlFree`: the caller has already checked (on the bytes) that the text holds no control characters or lone CRs.
 */
export function* rawMessages(text: string, report: (i: Issue) => void, controlFree = false): Generator<RawMessage> {
  const reader = new MessageReader(report);
  if (isPlainText(text, controlFree)) {
    const n = text.length;
    let start = 0;
    let no = 0;
    // As many lines as text.split('\n') gives: the text after the last '\n' (maybe '') is a line too.
    while (start <= n) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = n;
      no++;
      const last = lastNonBlank(text, start, end);
      // A tag line's text after `:tag:` is cut from the file text directly, without the line in between.
      const id = tagAt(text, start);
      const done = id !== null ? reader.onTagLine(text.slice(start + id.length + 2, last), no, false, id) : reader.line(text.slice(start, last), no, false);
      if (done) yield done;
      start = end + 1;
    }
  } else {
    const lines = splitLines(text);
    for (let n = 0; n < lines.length; n++) {
      const raw = lines[n]!;
      const control = hasControl(raw);
      const done = reader.line(cleanLine(raw, control), n + 1, control);
      if (done) yield done;
    }
  }
  const last = reader.close();
  if (last) yield last;
}

/** Tracks the open message and tag while lines come in; `line` returns a message each time one is complete. */
class MessageReader {
  private msg: RawMessage | null = null;
  private tag: RawTag | null = null;
  /** The header blocks of the `{4:` block being read: every message (`:20:`) inside it gets them. */
  private blocks: { block1?: string; block2?: string } | null = null;

  constructor(private readonly report: (i: Issue) => void) {}

  /** Ends the open message; returns it when it has tags. */
  close(): RawMessage | null {
    const done = this.msg !== null && this.msg.tags.length > 0 ? this.msg : null;
    this.msg = null;
    this.tag = null;
    return done;
  }

  private open(line: number): RawMessage {
    const m: RawMessage = { line, endLine: line, tags: [] };
    const blocks = this.blocks;
    if (blocks?.block1 !== undefined) m.block1 = blocks.block1;
    if (blocks?.block2 !== undefined) m.block2 = blocks.block2;
    return m;
  }

  /** A line starting with tag `id` (`text`: what follows `:id:`); returns the message it closed (a new `:20:`), if any. */
  onTagLine(text: string, no: number, control: boolean, id: string): RawMessage | null {
    // `:20:` starts a message; so does any tag when no message is open (a fragment without `:20:`, reported later).
    const done = id === '20' && this.msg !== null && this.msg.tags.length > 0 ? this.close() : null;
    const cur = this.msg ?? (this.msg = this.open(no));
    cur.endLine = no;
    if (control) this.report(controlCharacters(no, `:${id}:`));
    if (!KNOWN_TAGS.has(id)) {
      this.report(unknownTag(`:${id}:`, no));
      this.tag = { tag: id, line: no, lines: [] };
      return done;
    }
    const tag: RawTag = { tag: id, line: no, lines: [text] };
    this.tag = tag;
    cur.tags.push(tag);
    return done;
  }

  /** One line (control characters as spaces, no trailing blanks), numbered from 1. */
  line(text: string, no: number, control: boolean): RawMessage | null {
    const c0 = text.charCodeAt(0);
    // Fast path: most lines start with a tag.
    if (c0 === 58) {
      const id = tagAt(text, 0);
      if (id !== null) return this.onTagLine(text.slice(id.length + 2), no, control, id);
    }
    // The line has no trailing blanks: only leading ones can be trimmed (continuation text, most other lines, has none).
    const trimmed = isBlank(c0) ? text.trim() : text;
    if (trimmed === '') return null;
    const first = trimmed.charCodeAt(0);
    if (first === 123 && /\{[1-4]:/.test(trimmed)) {
      const done = this.close();
      const h = headerBlocks(trimmed);
      const blocks: { block1?: string; block2?: string } = {};
      if (h.block1 !== undefined) blocks.block1 = h.block1;
      if (h.block2 !== undefined) blocks.block2 = h.block2;
      this.blocks = blocks;
      this.msg = this.open(no);
      const rest = h.rest?.trim() ?? '';
      const id = tagAt(rest, 0);
      if (id !== null) this.onTagLine(rest.slice(id.length + 2), no, false, id);
      return done;
    }
    if (first === 36 || (first === 45 && trimmed.charCodeAt(1) === 125)) {
      // `-}`: end of the text block (trailer blocks `{5:…}` after it are skipped), or a `$` message separator.
      const done = this.close();
      this.blocks = null;
      return done;
    }
    if (trimmed === '-') {
      // A lone '-' ends a message in files without blocks; banks also leave one inside `:86:`: the message stays open.
      this.tag = null;
      return null;
    }
    if (isBlank(c0)) {
      const padded = PADDED_TAG.exec(text);
      if (padded && KNOWN_TAGS.has(padded[1]!)) return this.onTagLine(text.trimStart().slice(padded[1]!.length + 2), no, control, padded[1]!);
    }
    if (first === 123) return null; // trailer blocks {5:…}{S:…} on their own line
    // Only `:86:` and `:61:` (supplementary details) go on over several lines; text after any other tag is not part of it.
    const tag = this.tag;
    if (tag !== null && this.msg !== null && MULTILINE.has(tag.tag)) {
      // Exact-size arrays while they are short: `push` would give a 2-line field room for 19, kept for the whole message.
      if (tag.lines.length < 16) tag.lines = tag.lines.concat(text);
      else tag.lines.push(text);
      this.msg.endLine = no;
      if (control) this.report(controlCharacters(no, `:${tag.tag}:`));
      return null;
    }
    if (tag !== null && !KNOWN_TAGS.has(tag.tag)) return null; // the text of an unknown tag, reported with it
    this.tag = null;
    this.report(strayText(trimmed, no));
    return null;
  }
}
