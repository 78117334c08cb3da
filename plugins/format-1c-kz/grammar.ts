// The 1CClientBankExchange grammar as a line-driven state machine: header, СекцияРасчСчет, СекцияДокумент, КонецФайла.
import { issue, type Issue } from '../../gateway/core/issue.ts';
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
      this.problem('FMT_SYNTAX', `the file must start with the line '${KEYWORDS.marker}'`, no, KEYWORDS.marker, KEYWORDS.marker);
    }
    if (this.state === 'done') {
      if (!this.warnedAfterEnd) {
        this.warnedAfterEnd = true;
        this.emit({ type: 'issue', issue: issue('FMT_SYNTAX', `text after '${KEYWORDS.fileEnd}' is ignored`, { line: no, severity: 'warning', field: KEYWORDS.fileEnd }) });
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
        this.problem('FMT_SYNTAX', `'${this.listStart}' opened at line ${this.employeeLine} is not closed by '${this.listEnd}' before the next one`, no, this.listEnd, `'${this.listEnd}' before the next '${this.listStart}'`);
        this.employeeLine = no;
        this.doc!.employeeSections++;
        this.row = { line: no, endLine: no, fields: new Map() };
      } else {
        this.problem('FMT_SYNTAX', `'${this.listStart}' outside a document`, no, this.listStart, `'${this.listStart}' only inside '${KEYWORDS.documentStart}'`);
      }
      return;
    }
    if (kw === KW_LIST_END) {
      if (this.state === 'employee' && this.doc && this.row) {
        this.row.endLine = no;
        this.doc.rows.push(this.row);
        this.row = null;
        this.state = 'document';
      } else this.problem('FMT_SYNTAX', `'${this.listEnd}' without '${this.listStart}'`, no, this.listEnd, `'${this.listEnd}' only after '${this.listStart}'`);
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
        } else this.problem('FMT_SYNTAX', `'${KEYWORDS.accountEnd}' without '${KEYWORDS.accountStart}'`, no, KEYWORDS.accountEnd, `'${KEYWORDS.accountEnd}' only after '${KEYWORDS.accountStart}'`);
        return;
      case KW_DOCUMENT_START:
        this.closeOpenSection(no, KEYWORDS.documentStart);
        this.state = 'document';
        this.doc = new DocumentBlock(no, unquote(value ?? ''), this.slots);
        return;
      case KW_DOCUMENT_END:
        if (this.state === 'employee') {
          this.problem('FMT_SYNTAX', `'${this.listStart}' opened at line ${this.employeeLine} is not closed by '${this.listEnd}'`, no, this.listEnd, `'${this.listEnd}' before '${KEYWORDS.documentEnd}'`);
          this.state = 'document';
          this.row = null;
        }
        if (this.state === 'document' && this.doc) {
          this.doc.endLine = no;
          this.emit({ type: 'document', doc: this.doc });
          this.doc = null;
          this.state = 'header';
        } else {
          this.problem('FMT_SYNTAX', `'${KEYWORDS.documentEnd}' without '${KEYWORDS.documentStart}'`, no, KEYWORDS.documentEnd, `'${KEYWORDS.documentEnd}' only after '${KEYWORDS.documentStart}'`);
        }
        return;
      case KW_FILE_END:
        this.closeOpenSection(no, KEYWORDS.fileEnd);
        this.state = 'done';
        return;
    }

    if (value === undefined || key === '') {
      const where = this.state === 'header' ? 'in the file header' : 'inside a section';
      this.problem('FMT_SYNTAX', value === undefined ? `line without '=' ${where}: '${clip(text)}'` : `line without a key ${where}`, no, clip(key), 'Key=Value');
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
    if (prev) this.emit({ type: 'issue', issue: issue('FMT_DUPLICATE_KEY', `key '${key}' repeats (first at line ${prev.line}); the first value is used`, { line: no, field: key, severity: 'warning' }) });
  }

  private field(fields: Map<string, Field>, k: string, key: string, value: string, no: number): void {
    const prev = fields.get(k);
    if (prev) {
      this.emit({ type: 'issue', issue: issue('FMT_DUPLICATE_KEY', `key '${key}' repeats (first at line ${prev.line}); the first value is used`, { line: no, field: key, severity: 'warning' }) });
    } else {
      fields.set(k, { key, value, line: no });
    }
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
      case 'marker':
        this.problem('FMT_SYNTAX', `the file is empty: no '${KEYWORDS.marker}' line`, 1, KEYWORDS.marker, KEYWORDS.marker);
        return;
      case 'header':
        this.emit({ type: 'issue', issue: issue('FMT_UNEXPECTED_EOF', `unexpected end of file: '${KEYWORDS.fileEnd}' is missing`, { line: eof, field: KEYWORDS.fileEnd, expected: `'${KEYWORDS.fileEnd}' as the last line` }) });
        return;
      case 'account':
      case 'document':
      case 'employee':
        this.unclosed(eof, 'FMT_UNEXPECTED_EOF', 'unexpected end of file');
        return;
      case 'done':
        return;
    }
  }

  /** A new section or `КонецФайла` while a section is still open: report it; an unclosed document is dropped. */
  private closeOpenSection(no: number, opener: string): void {
    if (this.state === 'account' || this.state === 'document' || this.state === 'employee') {
      this.unclosed(no, 'FMT_SYNTAX', `'${opener}' found`);
      this.state = 'header';
    }
  }

  private unclosed(no: number, code: 'FMT_SYNTAX' | 'FMT_UNEXPECTED_EOF', what: string): void {
    const [name, opened, closer] =
      this.state === 'account'
        ? [KEYWORDS.accountStart, this.accountLine, KEYWORDS.accountEnd]
        : [KEYWORDS.documentStart, this.doc?.line ?? 0, KEYWORDS.documentEnd];
    const employee = this.state === 'employee' ? ` (inside '${this.listStart}' opened at line ${this.employeeLine})` : '';
    const dropped = this.state === 'account' ? '' : '; the document is not read';
    this.emit({
      type: 'issue',
      issue: issue(code, `${what}: section '${name}' opened at line ${opened} is not closed by '${closer}'${employee}${dropped}`, { line: no, field: closer, expected: `'${closer}'` }),
    });
    this.doc = null;
    this.row = null;
    this.account = null;
  }

  private problem(code: 'FMT_SYNTAX', message: string, line: number, field: string, expected: string): void {
    if (this.doc) this.doc.syntaxErrors++;
    this.emit({ type: 'issue', issue: issue(code, message, { line, field, expected }) });
  }
}
