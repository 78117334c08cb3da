// Employee list rows: the configurable sub-section grammar inside a document, and one row builder shared by the
// sub-section, CSV and XML readers (same fields, same problems, same messages).
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import type { ListRow } from '../../gateway/core/model/document.ts';
import { KEYWORDS, keyId } from './keys.ts';
import { parseAmount1c, parseDateAny, parsePeriod } from './values.ts';
import { detach } from './flat.ts';
import { DATE_1C, TWO_DECIMALS, tooManyDecimals } from './texts.ts';

export type RowFieldName = 'lastName' | 'firstName' | 'middleName' | 'iin' | 'birthDate' | 'amount' | 'period';
export const ROW_FIELDS: readonly RowFieldName[] = ['lastName', 'firstName', 'middleName', 'iin', 'birthDate', 'amount', 'period'];

/** Key names of each row field; the first one present with a value wins. */
export type ListRowKeys = Readonly<Record<RowFieldName, readonly string[]>>;

/** The employee sub-section inside a `СекцияДокумент` block. */
export interface ListGrammar {
  /** Line that opens one employee row, e.g. `СекцияСотрудник`. */
  start: string;
  /** Line that closes it, e.g. `КонецСотрудник`. */
  end: string;
  keys: ListRowKeys;
}

/** kz-formats.md 8.2 — our placeholder grammar [U] until a real 1C:БК КЗ pension export is seen. */
export const DEFAULT_LIST_GRAMMAR: ListGrammar = Object.freeze({
  start: KEYWORDS.employeeStart,
  end: KEYWORDS.employeeEnd,
  keys: Object.freeze({
    lastName: ['Фамилия'],
    firstName: ['Имя'],
    middleName: ['Отчество'],
    iin: ['ИИН'],
    birthDate: ['ДатаРождения'],
    amount: ['Сумма'],
    period: ['ПериодПлатежа'],
  }),
});

export interface ListGrammarOptions {
  start?: string;
  end?: string;
  /** Replaces the key names of a field (a string or a list of aliases). */
  keys?: Partial<Record<RowFieldName, string | readonly string[]>>;
}

const RESERVED = [KEYWORDS.marker, KEYWORDS.accountStart, KEYWORDS.accountEnd, KEYWORDS.documentStart, KEYWORDS.documentEnd, KEYWORDS.fileEnd].map(keyId);

/** The default grammar with options applied; throws RangeError on names that would clash (a configuration mistake). */
export function listGrammar(o: ListGrammarOptions = {}): ListGrammar {
  const start = (o.start ?? DEFAULT_LIST_GRAMMAR.start).trim();
  const end = (o.end ?? DEFAULT_LIST_GRAMMAR.end).trim();
  for (const [what, v] of [['start', start], ['end', end]] as const) {
    if (v === '' || v.includes('=')) throw new RangeError(`employee list grammar: '${what}' must be a non-empty keyword without '='`);
    if (RESERVED.includes(keyId(v))) throw new RangeError(`employee list grammar: '${what}' = '${v}' is a 1C section keyword`);
  }
  if (keyId(start) === keyId(end)) throw new RangeError(`employee list grammar: start and end are the same keyword '${start}'`);
  const keys = { ...DEFAULT_LIST_GRAMMAR.keys } as Record<RowFieldName, readonly string[]>;
  for (const [field, names] of Object.entries(o.keys ?? {}) as [RowFieldName, string | readonly string[] | undefined][]) {
    if (!ROW_FIELDS.includes(field)) throw new RangeError(`employee list grammar: unknown field '${field}' (one of ${ROW_FIELDS.join(', ')})`);
    if (names === undefined) continue;
    const list = (typeof names === 'string' ? [names] : [...names]).map((n) => n.trim());
    if (list.length === 0 || list.some((n) => n === '' || n.includes('='))) throw new RangeError(`employee list grammar: keys of '${field}' must be non-empty names without '='`);
    keys[field] = list;
  }
  return Object.freeze({ start, end, keys: Object.freeze(keys) });
}

/** One value of a row as read, with its key spelling and line for messages. */
export interface RowValue {
  key: string;
  value: string;
  line: number;
}

export interface BuildRowOptions {
  currency: string;
  /** Line of the row (sub-section start, CSV record, XML element). */
  line: number;
  /** Key names used in "missing" messages. */
  names: Readonly<Record<RowFieldName, string>>;
  /** IIN may be absent (1C standard 109 salary rows carry none); the row then has iin ''. */
  iinOptional?: boolean;
  /** The row's number for messages ("employee 3"), counted from 1. */
  employee?: number;
}

/** Fields `buildRow` requires, as people name them (built once). */
const ROW_WHAT: Readonly<Record<'lastName' | 'firstName' | 'iin' | 'amount', Text>> = {
  lastName: { en: 'last name', ru: 'фамилия', kk: 'тегі' },
  firstName: { en: 'first name', ru: 'имя', kk: 'аты' },
  iin: { en: 'IIN', ru: 'ИИН', kk: 'ЖСН' },
  amount: { en: 'amount', ru: 'сумма', kk: 'сома' },
};

/** 'employee 3: ' before a row's details (nothing when the caller gives no number). */
function whoOf(n: number | undefined): Text {
  return n === undefined ? { en: '', ru: '', kk: '' } : { en: `employee ${n}: `, ru: `сотрудник ${n}: `, kk: `${n}-қызметкер: ` };
}

const AMOUNT_WITH_DOT: Text = { en: 'an amount > 0 with a dot, e.g. 35000.00', ru: 'сумма больше 0 с точкой, например 35000.00', kk: 'нүктесі бар, 0-ден үлкен сома, мысалы 35000.00' };

/**
 * Builds a ListRow from looked-up values. Problems are issues with the value's line and key; any error means
 * no row (the caller drops the document or the list). Content checks (IIN checksum, birth date vs IIN) are
 * the validator's job; here only presence and form.
 */
export function buildRow(get: (f: RowFieldName) => RowValue | undefined, o: BuildRowOptions): { row: ListRow | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const required = (f: keyof typeof ROW_WHAT): RowValue | undefined => {
    const v = get(f);
    if (!v || v.value === '') {
      const [who, what, key] = [whoOf(o.employee), ROW_WHAT[f], o.names[f]];
      const text = t({
        en: `${who.en}${what.en} is missing ('${key}')`,
        ru: `${who.ru}не заполнено поле «${what.ru}» ('${key}')`,
        kk: `${who.kk}«${what.kk}» өрісі толтырылмаған ('${key}')`,
      });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: o.line, field: key, expected: t({ en: `'${key}' with a value`, ru: `'${key}' со значением`, kk: `мәні бар '${key}'` }) }));
      return undefined;
    }
    return v;
  };
  const last = required('lastName');
  const first = required('firstName');
  const iin = o.iinOptional ? get('iin') : required('iin');
  const amountV = required('amount');
  const row: Partial<ListRow> = {};
  if (amountV) {
    const r = parseAmount1c(amountV.value, o.currency);
    if (r.ok) row.amount = { minor: r.minor, currency: o.currency };
    else {
      const who = whoOf(o.employee);
      const at = { line: amountV.line, field: amountV.key };
      if (r.problem === 'too-many-decimals') issues.push(issue('FMT_TOO_MANY_DECIMALS', tooManyDecimals(amountV.value, 2, who), { ...at, expected: TWO_DECIMALS }));
      else {
        const v = detach(amountV.value);
        const np = r.problem === 'not-positive';
        const text = t({
          en: `${who.en}amount '${v}' is not ${np ? 'greater than zero' : 'a number'}`,
          ru: `${who.ru}сумма '${v}' ${np ? 'не больше нуля' : '— не число'}`,
          kk: `${who.kk}'${v}' сомасы ${np ? 'нөлден үлкен емес' : 'сан емес'}`,
        });
        issues.push(issue('FMT_BAD_VALUE', text, { ...at, expected: AMOUNT_WITH_DOT }));
      }
    }
  }
  const birth = get('birthDate');
  if (birth && birth.value !== '') {
    const d = parseDateAny(birth.value);
    if (d) row.birthDate = d;
    else {
      const [who, v] = [whoOf(o.employee), detach(birth.value)];
      const text = t({ en: `${who.en}birth date '${v}' is not a date`, ru: `${who.ru}дата рождения '${v}' — не дата`, kk: `${who.kk}туған күні '${v}' күн емес` });
      issues.push(issue('FMT_BAD_DATE', text, { line: birth.line, field: birth.key, expected: DATE_1C }));
    }
  }
  const period = get('period');
  if (period && period.value !== '') {
    const p = parsePeriod(period.value);
    if (p) row.period = p;
    else {
      const [who, v] = [whoOf(o.employee), detach(period.value)];
      const text = t({ en: `${who.en}period '${v}' is not a month`, ru: `${who.ru}период '${v}' — не месяц`, kk: `${who.kk}'${v}' кезеңі ай емес` });
      issues.push(issue('FMT_BAD_VALUE', text, { line: period.line, field: period.key, expected: t({ en: 'MMYYYY, e.g. 102026', ru: 'ММГГГГ, например 102026', kk: 'ААЖЖЖЖ, мысалы 102026' }) }));
    }
  }
  if (issues.length > 0 || !last || !first || !row.amount) return { row: null, issues };
  const out: ListRow = { iin: iin?.value ?? '', lastName: last.value, firstName: first.value, amount: row.amount };
  const middle = get('middleName');
  if (middle && middle.value !== '') out.middleName = middle.value;
  if (row.birthDate) out.birthDate = row.birthDate;
  if (row.period) out.period = row.period;
  out.line = o.line;
  return { row: out, issues };
}

/** First key of `names` present in `fields` with a non-empty value. */
export function pickRowValue(fields: ReadonlyMap<string, RowValue>, names: readonly string[]): RowValue | undefined {
  for (const n of names) {
    const f = fields.get(keyId(n));
    if (f && f.value !== '') return f;
  }
  return undefined;
}

export function firstNames(keys: ListRowKeys): Record<RowFieldName, string> {
  return Object.fromEntries(ROW_FIELDS.map((f) => [f, keys[f][0] ?? f])) as Record<RowFieldName, string>;
}
