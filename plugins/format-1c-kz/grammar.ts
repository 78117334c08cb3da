// The 1CClientBankExchange grammar as a line-driven state machine: header, СекцияРасчСчет, СекцияДокумент, КонецФайла.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import { KEYWORDS, keyId, keySlot, MAX_KEY_SLOTS } from './keys.ts';

/** One `Key=Value` line of a document, as written (key spelling kept for messages). */
export interface Field {
  key: string;
  value: string;
  line: number;
}

/** A closed key/value block: an employee row inside a document, or the `СекцияРасчСчет` balances. */
export interface RawSection {
  /** Line of the opening keyword. */
  line: number;
  /** Line of the closing keyword. */
  endLine: number;
  /** Fields by `keyId` (first occurrence wins). */
  fields: Map<string, Field>;
}

/** A closed `СекцияДокумент … КонецДокумента` block, not yet interpreted. */
export interface RawDocument {
  /** Line of `СекцияДокумент`. */
  line: number;
  /** Line of `КонецДокумента`. */
  endLine: number;
  /** `СекцияДокумент=<value>` with surrounding quotes removed; '' for a bare `СекцияДокумент`. */
  sectionValue: string;
  /** Fields by `keyId` (first occurrence wins). */
  fields: Map<string, Field>;
  /** Number of employee sub-sections (`СекцияСотрудник`) opened inside the document. */
  employeeSections: number;
  /** The closed employee sub-sections, in file order. */
  rows: RawSection[];
  /** Syntax errors reported inside the block (a line without '=', an unclosed sub-section): such a document is not used. */
  syntaxErrors: number;
}

/**
 * Where the fields of a grammar's open (or last closed) document are, by key slot (keys.ts keySlot): one table per
 * grammar, reused by every document. `stamp[slot] === gen` says the current document has a field in that slot.
 */
class SlotTable {
  gen = 0;
  /** Most fields a document of this grammar had so far (documents of a file look alike), capped. */
  sizeHint = 8;
  readonly at = new Int32Array(MAX_KEY_SLOTS);
  readonly stamp = new Int32Array(MAX_KEY_SLOTS);
}

/**
 * The RawDocument the grammar builds: its fields in line order (first occurrences), found by slot while the document
 * is its grammar's latest (when it is mapped), by search or through `fields` afterwards. The `fields` Map is built
 * only when asked for: a Map per document costs more than everything else the grammar does with it.
 */
export class DocumentBlock implements RawDocument {
  endLine: number;
  employeeSections = 0;
  rows: RawSection[] = [];
  syntaxErrors = 0;
  /** The fields in line order: `count` of them, in an array sized like the previous document's. */
  private readonly list: Field[];
  private count = 0;
  private map: Map<string, Field> | null = null;
  private readonly gen: number;

  constructor(
    public line: number,
    public sectionValue: string,
    private readonly table: SlotTable,
  ) {
    this.endLine = line;
    this.gen = ++table.gen;
    this.list = new Array<Field>(table.sizeHint);
  }

  /** Fields by `keyId` (first occurrence wins). */
  get fields(): Map<string, Field> {
    if (this.map === null) {
      this.map = new Map();
      for (let i = 0; i < this.count; i++) this.map.set(keyId(this.list[i]!.key), this.list[i]!);
    }
    return this.map;
  }

  /** The field of keyId `k`, whose keySlot is `slot`. */
  get(k: string, slot: number): Field | undefined {
    const t = this.table;
    if (t.gen !== this.gen) return this.fields.get(k);
    if (slot >= 0) return t.stamp[slot] === this.gen ? this.list[t.at[slot]!] : undefined;
    for (let i = 0; i < this.count; i++) if (keyId(this.list[i]!.key) === k) return this.list[i];
    return undefined;
  }

  /** Adds field `f` of keyId `k` (keySlot `slot`) unless the key is there already: then returns the first one. */
  add(k: string, slot: number, f: Field): Field | undefined {
    const t = this.table;
    if (slot >= 0 && t.gen === this.gen) {
      if (t.stamp[slot] === this.gen) return this.list[t.at[slot]!];
      t.stamp[slot] = this.gen;
      t.at[slot] = this.count;
    } else {
      const prev = this.get(k, -1);
      if (prev !== undefined) return prev;
    }
    if (this.count < this.list.length) this.list[this.count] = f;
    else this.list.push(f);
    this.count++;
    if (this.count > t.sizeHint && this.count <= 256) t.sizeHint = this.count;
    if (this.map !== null) this.map.set(k, f);
    return undefined;
  }
}

export type GrammarEvent =
  | { type: 'header'; key: string; value: string; line: number }
  | { type: 'account-section'; line: number }
  /** A closed `СекцияРасчСчет … КонецРасчСчет` with its fields (after `account-section`). */
  | { type: 'account'; section: RawSection }
  | { type: 'document'; doc: RawDocument }
  | { type: 'issue'; issue: Issue };

type State = 'marker' | 'header' | 'account' | 'document' | 'employee' | 'done';

const K = {
  marker: keyId(KEYWORDS.marker),
  accountStart: keyId(KEYWORDS.accountStart),
  accountEnd: keyId(KEYWORDS.accountEnd),
  documentStart: keyId(KEYWORDS.documentStart),
  documentEnd: keyId(KEYWORDS.documentEnd),
  fileEnd: keyId(KEYWORDS.fileEnd),
};

/** What a normalised key is to the grammar (`ExchangeGrammar.keyword`): a plain key, or one of the keywords. */
const KW_NONE = 0;
const KW_LIST_START = 1;
const KW_LIST_END = 2;
const KW_ACCOUNT_START = 3;
const KW_ACCOUNT_END = 4;
const KW_DOCUMENT_START = 5;
const KW_DOCUMENT_END = 6;
const KW_FILE_END = 7;

export interface GrammarOptions {
  /** Keywords of the employee sub-section (default `СекцияСотрудник` / `КонецСотрудник`). */
  listStart?: string;
  listEnd?: string;
}

/** Removes one pair of surrounding quotes: `"Выписка"` → `Выписка` (BCC writes the section value quoted). */
export function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2) {
    const a = t[0];
    const b = t[t.length - 1];
    if ((a === '"' && b === '"') || (a === "'" && b === "'") || (a === '«' && b === '»')) return t.slice(1, -1).trim();
  }
  return t;
}

/** The first line of a file, as the expectation of a problem with it (quoted: a keyword, not words). */
const MARKER_EXPECTED: Text = { en: KEYWORDS.marker, ru: `'${KEYWORDS.marker}'`, kk: `'${KEYWORDS.marker}'` };
const KEY_VALUE: Text = { en: 'Key=Value', ru: 'Ключ=Значение', kk: 'Кілт=Мән' };

/** Keeps messages short when a line is garbage. */
function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * Feed decoded lines in order with `line()`, then call `end()`. Events go to `emit` as they happen; problems
 * become `issue` events, never exceptions. A document is emitted only when its `КонецДокумента` is seen.
 */
export class ExchangeGrammar {
  private state: State = 'marker';
  private doc: DocumentBlock | null = null;
  private readonly slots = new SlotTable();
  private account: RawSection | null = null;
  private row: RawSection | null = null;
  private accountLine = 0;
  private employeeLine = 0;
  private lastLine = 0;
  private warnedAfterEnd = false;
  private readonly listStart: string;
  private readonly listEnd: string;
  private readonly kListStart: string;
  private readonly kListEnd: string;

  constructor(
    private readonly emit: (e: GrammarEvent) => void,
    options: GrammarOptions = {},
  ) {
    this.listStart = options.listStart ?? KEYWORDS.employeeStart;
    this.listEnd = options.listEnd ?? KEYWORDS.employeeEnd;
    this.kListStart = keyId(this.listStart);
    this.kListEnd = keyId(this.listEnd);
  }

  line(no: number, raw: string): void {
    this.lastLine = no;
    const text = (no === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw).trim();
    if (text === '') return;
    const eq = text.indexOf('=');
    const key = (eq < 0 ? text : text.slice(0, eq)).trim();
    const value = eq < 0 ? undefined : text.slice(eq + 1).trim();
    const k = keyId(key);
    this.entry(no, k, key, value, text, this.keyword(k), keySlot(k));
  }

  /** The keyword a normalised key is in this grammar (a number a reader may keep with the key; 0: a plain key). */
  keyword(k: string): number {
    if (k === this.kListStart) return KW_LIST_START;
    if (k === this.kListEnd) return KW_LIST_END;
    switch (k) {
      case K.accountStart:
        return KW_ACCOUNT_START;
      case K.accountEnd:
        return KW_ACCOUNT_END;
      case K.documentStart:
        return KW_DOCUMENT_START;
      case K.documentEnd:
        return KW_DOCUMENT_END;
      case K.fileEnd:
        return KW_FILE_END;
      default:
        return KW_NONE;
    }
  }

  /**
   * A non-empty line already split the way `line` splits it: `key` and `value` trimmed (`value` undefined for a line
   * without '='), `k` = keyId(key), `text` the trimmed line, `kw` = keyword(k), `slot` = keySlot(k). Lets a reader
   * that splits lines itself (and remembers keys) skip that work.
   */
  entry(no: number, k: string, key: string, value: string | undefined, text: string, kw: number, slot: number): void {
    this.lastLine = no;
    if (this.state === 'marker') {
      this.state = 'header';
      if (k === K.marker && value === undefined) return;
      const m = KEYWORDS.marker;
      this.problem('FMT_SYNTAX', t({ en: `the file must start with the line '${m}'`, ru: `файл должен начинаться строкой '${m}'`, kk: `файл '${m}' жолынан басталуы керек` }), no, m, MARKER_EXPECTED);
    }
    if (this.state === 'done') {
      if (!this.warnedAfterEnd) {
        this.warnedAfterEnd = true;
        const fe = KEYWORDS.fileEnd;
        const after = t({ en: `text after '${fe}' is ignored`, ru: `текст после '${fe}' не читается`, kk: `'${fe}' жолынан кейінгі мәтін оқылмайды` });
        this.emit({ type: 'issue', issue: issue('FMT_SYNTAX', after, { line: no, severity: 'warning', field: fe }) });
      }
      return;
    }

    if (kw === KW_LIST_START) {
      if (this.state === 'document' && this.doc) {
        this.state = 'employee';
        this.employeeLine = no;
        this.doc.employeeSections++;
        this.row = { line: no, endLine: no, fields: new Map() };
      } else if (this.state === 'employee') {
        const [ls, le, at] = [this.listStart, this.listEnd, this.employeeLine];
        this.problem(
          'FMT_SYNTAX',
          t({
            en: `'${ls}' opened at line ${at} is not closed by '${le}' before the next one`,
            ru: `подсекция '${ls}', открытая в строке ${at}, не закрыта ключом '${le}' до начала следующей`,
            kk: `${at}-жолда ашылған '${ls}' бөлімі келесісі басталғанға дейін '${le}' кілтімен жабылмаған`,
          }),
          no,
          le,
          t({ en: `'${le}' before the next '${ls}'`, ru: `'${le}' перед следующей '${ls}'`, kk: `келесі '${ls}' алдында '${le}'` }),
        );
        this.employeeLine = no;
        this.doc!.employeeSections++;
        this.row = { line: no, endLine: no, fields: new Map() };
      } else {
        const [ls, ds] = [this.listStart, KEYWORDS.documentStart];
        this.problem(
          'FMT_SYNTAX',
          t({ en: `'${ls}' outside a document`, ru: `'${ls}' вне документа`, kk: `'${ls}' құжаттан тыс тұр` }),
          no,
          ls,
          t({ en: `'${ls}' only inside '${ds}'`, ru: `'${ls}' только внутри '${ds}'`, kk: `'${ls}' тек '${ds}' ішінде` }),
        );
      }
      return;
    }
    if (kw === KW_LIST_END) {
      if (this.state === 'employee' && this.doc && this.row) {
        this.row.endLine = no;
        this.doc.rows.push(this.row);
        this.row = null;
        this.state = 'document';
      } else this.closerWithoutOpener(no, this.listEnd, this.listStart);
      return;
    }

    switch (kw) {
      case KW_ACCOUNT_START:
        this.closeOpenSection(no, KEYWORDS.accountStart);
        this.state = 'account';
        this.accountLine = no;
        this.account = { line: no, endLine: no, fields: new Map() };
        this.emit({ type: 'account-section', line: no });
        return;
      case KW_ACCOUNT_END:
        if (this.state === 'account') {
          this.state = 'header';
          if (this.account) {
            this.account.endLine = no;
            this.emit({ type: 'account', section: this.account });
          }
          this.account = null;
        } else this.closerWithoutOpener(no, KEYWORDS.accountEnd, KEYWORDS.accountStart);
        return;
      case KW_DOCUMENT_START:
        this.closeOpenSection(no, KEYWORDS.documentStart);
        this.state = 'document';
        this.doc = new DocumentBlock(no, unquote(value ?? ''), this.slots);
        return;
      case KW_DOCUMENT_END:
        if (this.state === 'employee') {
          const [ls, le, at, de] = [this.listStart, this.listEnd, this.employeeLine, KEYWORDS.documentEnd];
          this.problem(
            'FMT_SYNTAX',
            t({
              en: `'${ls}' opened at line ${at} is not closed by '${le}'`,
              ru: `подсекция '${ls}', открытая в строке ${at}, не закрыта ключом '${le}'`,
              kk: `${at}-жолда ашылған '${ls}' бөлімі '${le}' кілтімен жабылмаған`,
            }),
            no,
            le,
            t({ en: `'${le}' before '${de}'`, ru: `'${le}' перед '${de}'`, kk: `'${de}' алдында '${le}'` }),
          );
          this.state = 'document';
          this.row = null;
        }
        if (this.state === 'document' && this.doc) {
          this.doc.endLine = no;
          this.emit({ type: 'document', doc: this.doc });
          this.doc = null;
          this.state = 'header';
        } else {
          this.closerWithoutOpener(no, KEYWORDS.documentEnd, KEYWORDS.documentStart);
        }
        return;
      case KW_FILE_END:
        this.closeOpenSection(no, KEYWORDS.fileEnd);
        this.state = 'done';
        return;
    }

    if (value === undefined || key === '') {
      const header = this.state === 'header';
      const where = header ? t({ en: 'in the file header', ru: 'в заголовке файла', kk: 'файл тақырыбында' }) : t({ en: 'inside a section', ru: 'внутри секции', kk: 'секция ішінде' });
      const shown = value === undefined ? clip(text) : '';
      const message =
        value === undefined
          ? t({ en: `line without '=' ${where.en}: '${shown}'`, ru: `строка без '=' ${where.ru}: '${shown}'`, kk: `${where.kk} '=' белгісі жоқ жол: '${shown}'` })
          : t({ en: `line without a key ${where.en}`, ru: `строка без ключа ${where.ru}`, kk: `${where.kk} кілті жоқ жол` });
      this.problem('FMT_SYNTAX', message, no, clip(key), KEY_VALUE);
      return;
    }
    switch (this.state) {
      case 'header':
        this.emit({ type: 'header', key, value, line: no });
        return;
      case 'document':
        this.docField(this.doc!, k, slot, key, value, no);
        return;
      case 'employee':
        if (this.row) this.field(this.row.fields, k, key, value, no);
        return;
      case 'account':
        if (this.account) this.field(this.account.fields, k, key, value, no);
        return;
      default:
        return;
    }
  }

  private docField(doc: DocumentBlock, k: string, slot: number, key: string, value: string, no: number): void {
    const prev = doc.add(k, slot, { key, value, line: no });
    if (prev) this.duplicate(key, prev.line, no);
  }

  private field(fields: Map<string, Field>, k: string, key: string, value: string, no: number): void {
    const prev = fields.get(k);
    if (prev) {
      this.duplicate(key, prev.line, no);
    } else {
      fields.set(k, { key, value, line: no });
    }
  }

  private duplicate(key: string, first: number, no: number): void {
    const text = t({
      en: `key '${key}' repeats (first at line ${first}); the first value is used`,
      ru: `ключ '${key}' повторяется (впервые — в строке ${first}); используется первое значение`,
      kk: `'${key}' кілті қайталанады (алғаш рет ${first}-жолда); бірінші мәні қолданылады`,
    });
    this.emit({ type: 'issue', issue: issue('FMT_DUPLICATE_KEY', text, { line: no, field: key, severity: 'warning' }) });
  }

  /** `closer` (a closing keyword) with no open `opener`. */
  private closerWithoutOpener(no: number, closer: string, opener: string): void {
    this.problem(
      'FMT_SYNTAX',
      t({ en: `'${closer}' without '${opener}'`, ru: `'${closer}' без открывающей '${opener}'`, kk: `'${closer}' бар, бірақ оны ашатын '${opener}' жоқ` }),
      no,
      closer,
      t({ en: `'${closer}' only after '${opener}'`, ru: `'${closer}' только после '${opener}'`, kk: `'${closer}' тек '${opener}' жолынан кейін` }),
    );
  }

  /** A problem found below the grammar (bad bytes, a cut line); an error counts against the open document. */
  flaw(i: Issue): void {
    if (this.doc && i.severity === 'error' && (this.state === 'document' || this.state === 'employee')) this.doc.syntaxErrors++;
    this.emit({ type: 'issue', issue: i });
  }

  /** Call once after the last line. */
  end(): void {
    const eof = Math.max(this.lastLine, 1);
    switch (this.state) {
      case 'marker': {
        const m = KEYWORDS.marker;
        this.problem('FMT_SYNTAX', t({ en: `the file is empty: no '${m}' line`, ru: `файл пустой: нет строки '${m}'`, kk: `файл бос: '${m}' жолы жоқ` }), 1, m, MARKER_EXPECTED);
        return;
      }
      case 'header': {
        const fe = KEYWORDS.fileEnd;
        const text = t({ en: `unexpected end of file: '${fe}' is missing`, ru: `неожиданный конец файла: нет '${fe}'`, kk: `файл күтпеген жерде аяқталды: '${fe}' жоқ` });
        const expected = t({ en: `'${fe}' as the last line`, ru: `'${fe}' последней строкой`, kk: `соңғы жолда '${fe}'` });
        this.emit({ type: 'issue', issue: issue('FMT_UNEXPECTED_EOF', text, { line: eof, field: fe, expected }) });
        return;
      }
      case 'account':
      case 'document':
      case 'employee':
        this.unclosed(eof, 'FMT_UNEXPECTED_EOF', null);
        return;
      case 'done':
        return;
    }
  }

  /** A new section or `КонецФайла` while a section is still open: report it; an unclosed document is dropped. */
  private closeOpenSection(no: number, opener: string): void {
    if (this.state === 'account' || this.state === 'document' || this.state === 'employee') {
      this.unclosed(no, 'FMT_SYNTAX', opener);
      this.state = 'header';
    }
  }

  /** `opener`: the keyword that came while the section was open; null at the end of the file. */
  private unclosed(no: number, code: 'FMT_SYNTAX' | 'FMT_UNEXPECTED_EOF', opener: string | null): void {
    const [name, opened, closer] =
      this.state === 'account'
        ? [KEYWORDS.accountStart, this.accountLine, KEYWORDS.accountEnd]
        : [KEYWORDS.documentStart, this.doc?.line ?? 0, KEYWORDS.documentEnd];
    const what =
      opener === null
        ? t({ en: 'unexpected end of file', ru: 'неожиданный конец файла', kk: 'файл күтпеген жерде аяқталды' })
        : t({ en: `'${opener}' found`, ru: `встретилась '${opener}'`, kk: `'${opener}' кездесті` });
    const inEmployee = this.state === 'employee';
    const [ls, at] = [this.listStart, this.employeeLine];
    const employee = inEmployee
      ? t({ en: ` (inside '${ls}' opened at line ${at})`, ru: ` (внутри подсекции '${ls}', открытой в строке ${at})`, kk: ` (${at}-жолда ашылған '${ls}' бөлімінің ішінде)` })
      : t({ en: '', ru: '', kk: '' });
    const dropped = this.state === 'account' ? t({ en: '', ru: '', kk: '' }) : t({ en: '; the document is not read', ru: '; документ не прочитан', kk: '; құжат оқылмады' });
    const text = t({
      en: `${what.en}: section '${name}' opened at line ${opened} is not closed by '${closer}'${employee.en}${dropped.en}`,
      ru: `${what.ru}: секция '${name}', открытая в строке ${opened}, не закрыта ключом '${closer}'${employee.ru}${dropped.ru}`,
      kk: `${what.kk}: ${opened}-жолда ашылған '${name}' секциясы '${closer}' кілтімен жабылмаған${employee.kk}${dropped.kk}`,
    });
    this.emit({ type: 'issue', issue: issue(code, text, { line: no, field: closer, expected: t({ en: `'${closer}'`, ru: `'${closer}'`, kk: `'${closer}'` }) }) });
    this.doc = null;
    this.row = null;
    this.account = null;
  }

  private problem(code: 'FMT_SYNTAX', text: Text, line: number, field: string, expected: Text): void {
    if (this.doc) this.doc.syntaxErrors++;
    this.emit({ type: 'issue', issue: issue(code, text, { line, field, expected }) });
  }
}
