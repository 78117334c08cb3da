// Lines → raw messages: SWIFT blocks `{1:}{2:}{4:` … `-}`, bare `:20:`-started messages, `$` and `-` separators,
// tags with their continuation lines. Nothing is interpreted here except where a message and a tag begin.
import type { Issue } from '../../gateway/core/issue.ts';
import { cleanLine, hasControl } from './lines.ts';
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

/** The tags MT940 and MT942 have (plus `:28:` of old files and the `:NS:` non-SWIFT tag some banks add). */
export const KNOWN_TAGS: ReadonlySet<string> = new Set(['20', '21', '25', '25P', '28', '28C', '60F', '60M', '61', '62F', '62M', '64', '65', '86', '13', '13D', '34F', '90D', '90C', 'NS']);

/** Tags whose text may go on over several lines (unknown tags swallow theirs). */
const MULTILINE: ReadonlySet<string> = new Set(['86', '61', 'NS', '21', '25', '25P']);

const TAG = /^:([0-9]{2}[A-Z]?|NS):/;
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

/** Reads raw messages from lines, reporting stray text and unknown tags to `report`. */
export function* rawMessages(lines: readonly string[], report: (i: Issue) => void): Generator<RawMessage> {
  let msg: RawMessage | null = null;
  let tag: RawTag | null = null;
  // The header blocks of the `{4:` block being read: every message (`:20:`) inside it gets them.
  let blocks: { block1?: string; block2?: string } | null = null;

  /** Ends the open message; returns it when it has tags. */
  const close = (): RawMessage | null => {
    const done = msg !== null && msg.tags.length > 0 ? msg : null;
    msg = null;
    tag = null;
    return done;
  };
  const open = (line: number): RawMessage => {
    const m: RawMessage = { line, endLine: line, tags: [] };
    if (blocks?.block1 !== undefined) m.block1 = blocks.block1;
    if (blocks?.block2 !== undefined) m.block2 = blocks.block2;
    return m;
  };

  /** A line starting with a tag; returns the message it closed (a new `:20:`), if any. */
  const onTagLine = (text: string, no: number, control: boolean): RawMessage | null => {
    const id = TAG.exec(text)![1]!;
    // `:20:` starts a message; so does any tag when no message is open (a fragment without `:20:`, reported later).
    const done = id === '20' && msg !== null && (msg as RawMessage).tags.length > 0 ? close() : null;
    if (msg === null) msg = open(no);
    const cur = msg as RawMessage;
    cur.endLine = no;
    if (control) report(controlCharacters(no, `:${id}:`));
    if (!KNOWN_TAGS.has(id)) {
      report(unknownTag(`:${id}:`, no));
      tag = { tag: id, line: no, lines: [] };
      return done;
    }
    tag = { tag: id, line: no, lines: [text.slice(id.length + 2)] };
    cur.tags.push(tag);
    return done;
  };

  for (let n = 0; n < lines.length; n++) {
    const rawLine = lines[n]!;
    const control = hasControl(rawLine);
    const text = cleanLine(rawLine, control);
    const no = n + 1;
    // Fast path: most lines start with a tag.
    if (text.charCodeAt(0) === 58 && TAG.test(text)) {
      const done = onTagLine(text, no, control);
      if (done) yield done;
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const first = trimmed[0];
    if (first === '{' && /\{[1-4]:/.test(trimmed)) {
      const done = close();
      if (done) yield done;
      const h = headerBlocks(trimmed);
      blocks = {};
      if (h.block1 !== undefined) blocks.block1 = h.block1;
      if (h.block2 !== undefined) blocks.block2 = h.block2;
      msg = open(no);
      const rest = h.rest?.trim() ?? '';
      if (rest.startsWith(':') && TAG.test(rest)) onTagLine(rest, no, false);
      continue;
    }
    if (trimmed.startsWith('-}') || trimmed === '$' || trimmed.startsWith('$')) {
      // End of the text block (trailer blocks `{5:…}` after it are skipped) or a `$` message separator.
      const done = close();
      if (done) yield done;
      blocks = null;
      continue;
    }
    if (trimmed === '-') {
      // A lone '-' ends a message in files without blocks; banks also leave one inside `:86:`: the message stays open.
      tag = null;
      continue;
    }
    if (TAG.test(text) || (PADDED_TAG.test(text) && KNOWN_TAGS.has(PADDED_TAG.exec(text)![1]!))) {
      const done = onTagLine(text.trimStart(), no, control);
      if (done) yield done;
      continue;
    }
    if (first === '{') continue; // trailer blocks {5:…}{S:…} on their own line
    // Only `:86:` and `:61:` (supplementary details) go on over several lines; text after any other tag is not part of it.
    if (tag !== null && msg !== null && MULTILINE.has((tag as RawTag).tag)) {
      (tag as RawTag).lines.push(text);
      (msg as RawMessage).endLine = no;
      if (control && trimmed !== '') report(controlCharacters(no, `:${(tag as RawTag).tag}:`));
      continue;
    }
    if (tag !== null && !KNOWN_TAGS.has((tag as RawTag).tag)) continue; // the text of an unknown tag, reported with it
    tag = null;
    report(strayText(trimmed, no));
  }
  const last = close();
  if (last) yield last;
}
