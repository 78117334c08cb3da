// Employee list rows: the configurable sub-section grammar inside a document, and one row builder shared by the
// sub-section, CSV and XML readers (same fields, same problems, same messages).
import { issue, type Issue } from '../../gateway/core/issue.ts';
import type { ListRow } from '../../gateway/core/model/document.ts';
import { KEYWORDS, keyId } from './keys.ts';
import { parseAmount1c, parseDateAny, parsePeriod } from './values.ts';
import { detach } from './flat.ts';

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
  /** Extra text for messages, e.g. "employee 3". */
  label?: string;
}

/**
 * Builds a ListRow from looked-up values. Problems are issues with the value's line and key; any error means
 * no row (the caller drops the document or the list). Content checks (IIN checksum, birth date vs IIN) are
 * the validator's job; here only presence and form.
 */
export function buildRow(get: (f: RowFieldName) => RowValue | undefined, o: BuildRowOptions): { row: ListRow | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const who = o.label ? `${o.label}: ` : '';
  const required = (f: RowFieldName, what: string): RowValue | undefined => {
    const v = get(f);
    if (!v || v.value === '') {
      issues.push(issue('FMT_REQUIRED_KEY', `${who}${what} is missing ('${o.names[f]}')`, { line: o.line, field: o.names[f], expected: `'${o.names[f]}' with a value` }));
      return undefined;
    }
    return v;
  };
  const last = required('lastName', 'last name');
  const first = required('firstName', 'first name');
  const iin = o.iinOptional ? get('iin') : required('iin', 'IIN');
  const amountV = required('amount', 'amount');
  const row: Partial<ListRow> = {};
  if (amountV) {
    const r = parseAmount1c(amountV.value, o.currency);
    if (r.ok) row.amount = { minor: r.minor, currency: o.currency };
    else if (r.problem === 'too-many-decimals')
      issues.push(issue('FMT_TOO_MANY_DECIMALS', `${who}amount '${detach(amountV.value)}' has more than 2 decimals`, { line: amountV.line, field: amountV.key, expected: 'at most 2 digits after the point' }));
    else issues.push(issue('FMT_BAD_VALUE', `${who}amount '${detach(amountV.value)}' is not ${r.problem === 'not-positive' ? 'greater than zero' : 'a number'}`, { line: amountV.line, field: amountV.key, expected: 'an amount > 0 with a dot, e.g. 35000.00' }));
  }
  const birth = get('birthDate');
  if (birth && birth.value !== '') {
    const d = parseDateAny(birth.value);
    if (d) row.birthDate = d;
    else issues.push(issue('FMT_BAD_DATE', `${who}birth date '${detach(birth.value)}' is not a date`, { line: birth.line, field: birth.key, expected: 'dd.mm.yyyy' }));
  }
  const period = get('period');
  if (period && period.value !== '') {
    const p = parsePeriod(period.value);
    if (p) row.period = p;
    else issues.push(issue('FMT_BAD_VALUE', `${who}period '${detach(period.value)}' is not a month`, { line: period.line, field: period.key, expected: 'MMYYYY, e.g. 102026' }));
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
