// Splits decoded MT text into messages (kz-formats.md 2.1: `{1:…}{2:…}{4:` … `-}`; bare `:20:` blocks too) and block 4
// into tags with their 1-based lines. Never throws: what it cannot place becomes an issue.
import { issue, t, type Issue } from '../../gateway/core/issue.ts';
import { shown } from './texts.ts';

export interface MtTextLine {
  text: string;
  line: number;
}

/** One tag of block 4: `:50:` and its continuation lines. `lines[0].text` is the value after the tag. */
export interface MtField {
  tag: string;
  line: number;
  lines: MtTextLine[];
}

export interface MtMessage {
  /** First line (its `{1:` or first tag) and last line. */
  line: number;
  endLine: number;
  /** Block 2: 'I' / 'O', message type ('100', '102', '103' …), the rest, and its line. */
  block2?: { io: string; type: string; rest: string; line: number };
  fields: MtField[];
  /** Structural problems: the message is reported, never handed on as a document. */
  broken: boolean;
  issues: Issue[];
}

const TAG = /^:(\d{2}[A-Z]?):(.*)$/;

/** Lines of a text (CRLF, LF or CR), numbered from 1. */
export function splitLines(text: string): MtTextLine[] {
  const out: MtTextLine[] = [];
  let n = 1;
  for (const l of text.split(/\r\n|\n|\r/)) out.push({ text: l, line: n++ });
  if (out.length > 1 && out[out.length - 1]!.text === '') out.pop();
  return out;
}

/** Index after the brace that closes the block opened at `from` (nested braces of block 3/ACKs), or -1. */
function blockEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

export function readMessages(lines: readonly MtTextLine[]): { messages: MtMessage[]; issues: Issue[] } {
  const messages: MtMessage[] = [];
  const issues: Issue[] = [];
  let header: { line: number; block2?: MtMessage['block2'] } | null = null;
  let cur: MtMessage | null = null;
  let junk = false;

  const open = (line: number): MtMessage => {
    const m: MtMessage = { line: header?.line ?? line, endLine: line, fields: [], broken: false, issues: [] };
    if (header?.block2) m.block2 = header.block2;
    header = null;
    messages.push(m);
    return m;
  };
  const body = (m: MtMessage, l: MtTextLine): void => {
    m.endLine = l.line;
    const tag = TAG.exec(l.text);
    if (tag) {
      m.fields.push({ tag: tag[1]!, line: l.line, lines: [{ text: tag[2]!, line: l.line }] });
      return;
    }
    const f = m.fields[m.fields.length - 1];
    if (f) f.lines.push(l);
    else {
      m.broken = true;
      m.issues.push(issue('FMT_SYNTAX', t({ en: `'${shown(l.text)}' before the first tag of block 4`, ru: `'${shown(l.text)}' перед первым тегом блока 4`, kk: `'${shown(l.text)}' 4-блоктың бірінші тегінен бұрын тұр` }), { line: l.line, field: '{4:}', expected: t({ en: 'a tag such as :20:', ru: 'тег, например :20:', kk: ':20: сияқты тег' }) }));
    }
  };

  for (const l of lines) {
    if (cur) {
      if (l.text.startsWith('-}')) {
        cur.endLine = l.line;
        cur = null;
        continue;
      }
      if (!l.text.startsWith('{1:') && !l.text.startsWith('{2:')) {
        body(cur, l);
        continue;
      }
      // A new envelope inside block 4: the message was cut off.
      cur.broken = true;
      cur.issues.push(issue('FMT_UNEXPECTED_EOF', t({ en: 'block 4 is not closed with -} before the next message', ru: 'блок 4 не закрыт строкой -} до следующего сообщения', kk: '4-блок келесі хабарламаға дейін -} жолымен жабылмаған' }), { line: l.line, field: '{4:}', expected: t({ en: '-}', ru: '-}', kk: '-}' }) }));
      cur = null;
    }
    const s = l.text;
    if (s.trim() === '' || s.trim() === '$') continue;
    if (s.startsWith('{')) {
      junk = false;
      let i = 0;
      while (i < s.length && s[i] === '{' && !cur) {
        const m = /^\{([1-5A-Za-z]+):/.exec(s.slice(i));
        if (!m) break;
        const id = m[1]!;
        if (id === '4') {
          const after = i + 3;
          if (s[after] === '{') {
            // Block 4 in brace form (an ACK/NAK or system message): not a payment message.
            header = null;
            const e = blockEnd(s, i);
            i = e < 0 ? s.length : e;
            continue;
          }
          cur = open(l.line);
          const rest = s.slice(after);
          if (rest.trim() !== '') body(cur, { text: rest, line: l.line });
          i = s.length;
          break;
        }
        const e = blockEnd(s, i);
        if (e < 0) {
          issues.push(issue('FMT_SYNTAX', t({ en: `block {${id}: is not closed on its line`, ru: `блок {${id}: не закрыт в своей строке`, kk: `{${id}: блогы өз жолында жабылмаған` }), { line: l.line, field: `{${id}:}` }));
          header = null;
          i = s.length;
          break;
        }
        if (id === '1') header = { line: l.line };
        if (id === '2') {
          const v = s.slice(i + 3, e - 1);
          const b2 = /^([IO])(\d{3})(.*)$/.exec(v);
          header ??= { line: l.line };
          header.block2 = b2 ? { io: b2[1]!, type: b2[2]!, rest: b2[3]!, line: l.line } : { io: '?', type: v.slice(1, 4), rest: v, line: l.line };
        }
        i = e;
      }
      continue;
    }
    if (TAG.test(s)) {
      // A bare block 4 (no envelope): `:20:` … up to `-}` or the end.
      cur = open(l.line);
      body(cur, l);
      continue;
    }
    if (!junk) {
      issues.push(issue('FMT_SYNTAX', t({ en: `'${shown(s)}' is outside any MT message`, ru: `'${shown(s)}' — вне сообщения MT`, kk: `'${shown(s)}' — MT хабарламасынан тыс` }), { line: l.line, expected: t({ en: '{1:…}{2:…}{4: or a tag such as :20:', ru: '{1:…}{2:…}{4: или тег, например :20:', kk: '{1:…}{2:…}{4: немесе :20: сияқты тег' }) }));
      junk = true;
    }
  }
  const last = cur as MtMessage | null;
  if (last && last.block2) {
    // An enveloped message must end with -}; a bare block 4 may simply end with the file.
    last.broken = true;
    last.issues.push(issue('FMT_UNEXPECTED_EOF', t({ en: 'the file ends inside block 4 (no -})', ru: 'файл заканчивается внутри блока 4 (нет -})', kk: 'файл 4-блоктың ішінде аяқталады (-} жоқ)' }), { line: last.endLine, field: '{4:}', expected: t({ en: '-}', ru: '-}', kk: '-}' }) }));
  }
  return { messages, issues };
}
