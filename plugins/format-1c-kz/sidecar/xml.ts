// A small, strict XML reader for side-car files: elements, attributes, text, CDATA, comments, the five entities and
// character references. No DOCTYPE (refused: nothing to expand), no external anything. Stops at the first error.
import { issue, t, type Issue, type Text } from '../../../gateway/core/issue.ts';

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
    readonly text: Text,
    readonly line: number,
  ) {
    super(text.en);
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
  const fail = (text: Text, at: number): never => {
    throw new XmlError(text, lineOf(at));
  };
  const decode = (s: string, at: number): string =>
    s.indexOf('&') < 0
      ? s
      : s.replace(/&([^;\s&]*);?/g, (m, name: string) => {
          if (!m.endsWith(';')) fail(t({ en: `'&' must start an entity like &amp;`, ru: `'&' должен начинать ссылку на сущность, например &amp;`, kk: `'&' белгісі &amp; сияқты нысанға сілтемені бастауы керек` }), at);
          if (name.startsWith('#')) {
            const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
            if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) fail(t({ en: `bad character reference '${m}'`, ru: `неверная ссылка на символ '${m}'`, kk: `таңбаға қате сілтеме '${m}'` }), at);
            return String.fromCodePoint(code);
          }
          const e = ENTITIES[name];
          if (e === undefined) fail(t({ en: `unknown entity '${m}'`, ru: `неизвестная сущность '${m}'`, kk: `белгісіз нысан '${m}'` }), at);
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
        else if (chunk.trim() !== '') {
          fail(
            root
              ? t({ en: 'text after the root element', ru: 'текст после корневого элемента', kk: 'түбір элементтен кейінгі мәтін' })
              : t({ en: 'text before the root element', ru: 'текст перед корневым элементом', kk: 'түбір элементке дейінгі мәтін' }),
            pos,
          );
        }
      }
      if (lt < 0) break;
      pos = lt;
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail(t({ en: 'comment not closed', ru: 'комментарий не закрыт', kk: 'түсініктеме жабылмаған' }), pos);
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos + 9);
        if (end < 0) fail(t({ en: 'CDATA section not closed', ru: 'секция CDATA не закрыта', kk: 'CDATA секциясы жабылмаған' }), pos);
        const top = stack[stack.length - 1];
        if (!top) fail(t({ en: 'CDATA outside the root element', ru: 'CDATA вне корневого элемента', kk: 'CDATA түбір элементтен тыс тұр' }), pos);
        top!.text += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) fail(t({ en: 'processing instruction not closed', ru: 'инструкция обработки не закрыта', kk: 'өңдеу нұсқауы жабылмаған' }), pos);
        pos = end + 2;
      } else if (text.startsWith('<!', pos)) {
        fail(t({ en: 'DOCTYPE and other declarations are not accepted', ru: 'DOCTYPE и другие объявления не принимаются', kk: 'DOCTYPE және басқа жариялаулар қабылданбайды' }), pos);
      } else if (text.startsWith('</', pos)) {
        const end = text.indexOf('>', pos);
        if (end < 0) fail(t({ en: 'end tag not closed', ru: 'закрывающий тег не закрыт', kk: 'жабатын тег жабылмаған' }), pos);
        const name = text.slice(pos + 2, end).trim();
        const top = stack.pop();
        if (!top) fail(t({ en: `end tag </${name}> without a start tag`, ru: `закрывающий тег </${name}> без открывающего`, kk: `</${name}> жабатын тегінің ашатын тегі жоқ` }), pos);
        if (localName(name) !== top!.name) {
          const [o, l] = [top!.name, top!.line];
          fail(
            t({
              en: `end tag </${name}> does not match <${o}> opened at line ${l}`,
              ru: `закрывающий тег </${name}> не соответствует тегу <${o}>, открытому в строке ${l}`,
              kk: `</${name}> жабатын тегі ${l}-жолда ашылған <${o}> тегіне сәйкес келмейді`,
            }),
            pos,
          );
        }
        pos = end + 1;
      } else {
        const start = pos;
        const at = lineOf(start);
        pos++;
        const nameStart = pos;
        while (pos < text.length && !/[\s/>]/.test(text[pos]!)) pos++;
        const qname = text.slice(nameStart, pos);
        if (!NAME.test(qname)) fail(t({ en: `bad element name '${qname}'`, ru: `неверное имя элемента '${qname}'`, kk: `элементтің атауы қате: '${qname}'` }), start);
        const el: XmlElement = { name: localName(qname), attrs: new Map(), children: [], text: '', line: at };
        let selfClosing = false;
        for (;;) {
          while (pos < text.length && /\s/.test(text[pos]!)) pos++;
          if (pos >= text.length) fail(t({ en: `start tag <${qname}> not closed`, ru: `открывающий тег <${qname}> не закрыт`, kk: `<${qname}> ашатын тегі жабылмаған` }), start);
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
          if (!NAME.test(aname)) fail(t({ en: `bad attribute name '${aname}' in <${qname}>`, ru: `неверное имя атрибута '${aname}' в <${qname}>`, kk: `<${qname}> ішіндегі '${aname}' атрибутының атауы қате` }), an);
          while (pos < text.length && /\s/.test(text[pos]!)) pos++;
          if (text[pos] !== '=') fail(t({ en: `attribute '${aname}' in <${qname}> has no value`, ru: `у атрибута '${aname}' в <${qname}> нет значения`, kk: `<${qname}> ішіндегі '${aname}' атрибутының мәні жоқ` }), an);
          pos++;
          while (pos < text.length && /\s/.test(text[pos]!)) pos++;
          const q = text[pos];
          if (q !== '"' && q !== "'") fail(t({ en: `attribute '${aname}' value must be quoted`, ru: `значение атрибута '${aname}' должно быть в кавычках`, kk: `'${aname}' атрибутының мәні тырнақшада болуы керек` }), an);
          const vend = text.indexOf(q!, pos + 1);
          if (vend < 0) fail(t({ en: `attribute '${aname}' value not closed`, ru: `значение атрибута '${aname}' не закрыто`, kk: `'${aname}' атрибутының мәні жабылмаған` }), an);
          const value = decode(text.slice(pos + 1, vend), an);
          pos = vend + 1;
          if (aname === 'xmlns' || aname.startsWith('xmlns:')) continue;
          const local = localName(aname);
          if (el.attrs.has(local)) fail(t({ en: `attribute '${aname}' repeats in <${qname}>`, ru: `атрибут '${aname}' повторяется в <${qname}>`, kk: `'${aname}' атрибуты <${qname}> ішінде қайталанады` }), an);
          el.attrs.set(local, value);
        }
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(el);
        else if (root) fail(t({ en: 'a second root element', ru: 'второй корневой элемент', kk: 'екінші түбір элемент' }), start);
        else root = el;
        if (!selfClosing) {
          if (stack.length >= MAX_DEPTH) {
            fail(t({ en: `elements nested deeper than ${MAX_DEPTH}`, ru: `вложенность элементов глубже ${MAX_DEPTH} уровней`, kk: `элементтер ${MAX_DEPTH} деңгейден тереңірек орналасқан` }), start);
          }
          stack.push(el);
        }
      }
    }
    if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [n, l] = [top.name, top.line];
      const unclosed = t({
        en: `unexpected end of file: <${n}> opened at line ${l} is not closed`,
        ru: `неожиданный конец файла: элемент <${n}>, открытый в строке ${l}, не закрыт`,
        kk: `файл күтпеген жерде аяқталды: ${l}-жолда ашылған <${n}> элементі жабылмаған`,
      });
      throw new XmlError(unclosed, lineOf(text.length));
    }
    if (!root) throw new XmlError(t({ en: 'no root element', ru: 'нет корневого элемента', kk: 'түбір элемент жоқ' }), lineOf(text.length));
    return { root, issues: [] };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    const x = e.text;
    const msg = t({ en: `XML: ${x.en}`, ru: `XML: ${x.ru}`, kk: `XML: ${x.kk}` });
    return { root: null, issues: [issue('FMT_SYNTAX', msg, { line: e.line, expected: t({ en: 'well-formed XML', ru: 'корректный XML', kk: 'дұрыс құрылған XML' }) })] };
  }
}

/** The first child with a local name. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
