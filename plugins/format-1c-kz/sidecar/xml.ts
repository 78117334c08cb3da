// A small, strict XML reader for side-car files: elements, attributes, text, CDATA, comments, the five entities and
// character references. No DOCTYPE (refused: nothing to expand), no external anything. Stops at the first error.
import { issue, type Issue } from '../../../gateway/core/issue.ts';

export interface XmlElement {
  /** Local name (prefix removed): `СчетаПК` for `<ns:СчетаПК>`. */
  name: string;
  /** Attributes by local name; `xmlns` declarations are dropped. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (entities decoded, not trimmed). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export interface XmlParse {
  root: XmlElement | null;
  issues: Issue[];
}

const NAME = /^[^\s<>/=!?"']+$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_DEPTH = 64;

class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const localName = (q: string) => q.slice(q.indexOf(':') + 1);

/** Parses decoded XML text. A malformed document gives `root: null` and one FMT_SYNTAX error with its line. */
export function parseXml(text: string): XmlParse {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineAt = 0; // text index up to which newlines are counted
  const lineOf = (i: number): number => {
    if (i < lineAt) {
      line = 1;
      lineAt = 0;
    }
    for (let j = lineAt; j < i; j++) if (text.charCodeAt(j) === 10) line++;
    lineAt = i;
    return line;
  };
  const fail = (message: string, at: number): never => {
    throw new XmlError(message, lineOf(at));
  };
  const decode = (s: string, at: number): string =>
    s.indexOf('&') < 0
      ? s
      : s.replace(/&([^;\s&]*);?/g, (m, name: string) => {
          if (!m.endsWith(';')) fail(`'&' must start an entity like &amp;`, at);
          if (name.startsWith('#')) {
            const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
            if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) fail(`bad character reference '${m}'`, at);
            return String.fromCodePoint(code);
          }
          const e = ENTITIES[name];
          if (e === undefined) fail(`unknown entity '${m}'`, at);
          return e!;
        });

  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  try {
    while (pos < text.length) {
      const lt = text.indexOf('<', pos);
      const chunk = text.slice(pos, lt < 0 ? text.length : lt);
      if (chunk.length > 0) {
        const top = stack[stack.length - 1];
        if (top) top.text += decode(chunk, pos);
        else if (chunk.trim() !== '') fail(root ? 'text after the root element' : 'text before the root element', pos);
      }
      if (lt < 0) break;
      pos = lt;
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('comment not closed', pos);
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos + 9);
        if (end < 0) fail('CDATA section not closed', pos);
        const top = stack[stack.length - 1];
        if (!top) fail('CDATA outside the root element', pos);
        top!.text += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) fail('processing instruction not closed', pos);
        pos = end + 2;
      } else if (text.startsWith('<!', pos)) {
        fail('DOCTYPE and other declarations are not accepted', pos);
      } else if (text.startsWith('</', pos)) {
        const end = text.indexOf('>', pos);
        if (end < 0) fail('end tag not closed', pos);
        const name = text.slice(pos + 2, end).trim();
        const top = stack.pop();
        if (!top) fail(`end tag </${name}> without a start tag`, pos);
        if (localName(name) !== top!.name) fail(`end tag </${name}> does not match <${top!.name}> opened at line ${top!.line}`, pos);
        pos = end + 1;
      } else {
        const start = pos;
        const at = lineOf(start);
        pos++;
        const nameStart = pos;
        while (pos < text.length && !/[\s/>]/.test(text[pos]!)) pos++;
        const qname = text.slice(nameStart, pos);
        if (!NAME.test(qname)) fail(`bad element name '${qname}'`, start);
        const el: XmlElement = { name: localName(qname), attrs: new Map(), children: [], text: '', line: at };
        let selfClosing = false;
        for (;;) {
          while (pos < text.length && /\s/.test(text[pos]!)) pos++;
          if (pos >= text.length) fail(`start tag <${qname}> not closed`, start);
          if (text[pos] === '>') {
            pos++;
            break;
          }
          if (text.startsWith('/>', pos)) {
            pos += 2;
            selfClosing = true;
            break;
          }
          const an = pos;
          while (pos < text.length && !/[\s=/>]/.test(text[pos]!)) pos++;
          const aname = text.slice(an, pos);
          if (!NAME.test(aname)) fail(`bad attribute name '${aname}' in <${qname}>`, an);
          while (pos < text.length && /\s/.test(text[pos]!)) pos++;
          if (text[pos] !== '=') fail(`attribute '${aname}' in <${qname}> has no value`, an);
          pos++;
          while (pos < text.length && /\s/.test(text[pos]!)) pos++;
          const q = text[pos];
          if (q !== '"' && q !== "'") fail(`attribute '${aname}' value must be quoted`, an);
          const vend = text.indexOf(q!, pos + 1);
          if (vend < 0) fail(`attribute '${aname}' value not closed`, an);
          const value = decode(text.slice(pos + 1, vend), an);
          pos = vend + 1;
          if (aname === 'xmlns' || aname.startsWith('xmlns:')) continue;
          const local = localName(aname);
          if (el.attrs.has(local)) fail(`attribute '${aname}' repeats in <${qname}>`, an);
          el.attrs.set(local, value);
        }
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(el);
        else if (root) fail('a second root element', start);
        else root = el;
        if (!selfClosing) {
          if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`, start);
          stack.push(el);
        }
      }
    }
    if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      throw new XmlError(`unexpected end of file: <${top.name}> opened at line ${top.line} is not closed`, lineOf(text.length));
    }
    if (!root) throw new XmlError('no root element', lineOf(text.length));
    return { root, issues: [] };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    return { root: null, issues: [issue('FMT_SYNTAX', `XML: ${e.message}`, { line: e.line, expected: 'well-formed XML' })] };
  }
}

/** The first child with a local name. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
