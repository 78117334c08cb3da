// Employee list as CSV: a header row with ru or en names, ';' ',' or tab separated, quotes as in RFC 4180, UTF-8 or cp1251.
import { issue, t, type Issue } from '../../../gateway/core/issue.ts';
import { ruPlural } from '../../../gateway/core/i18n.ts';
import type { ListRow } from '../../../gateway/core/model/document.ts';
import type { Charset } from '../charsets.ts';
import { buildRow, type RowFieldName, type RowValue } from '../rows.ts';
import { decodeSideCar } from './decode.ts';
import type { EmployeeList, SideCarParse } from './types.ts';

type Column = RowFieldName | 'account' | 'number' | 'payerIban';

/** Header names per column, compared lower-case with spaces, '_', '-' and '.' removed and Ё read as Е. */
export const CSV_COLUMNS: Readonly<Record<Column, readonly string[]>> = {
  lastName: ['Фамилия', 'lastName', 'surname', 'familyName'],
  firstName: ['Имя', 'firstName', 'name', 'givenName'],
  middleName: ['Отчество', 'middleName', 'patronymic'],
  iin: ['ИИН', 'iin'],
  birthDate: ['ДатаРождения', 'birthDate', 'dateOfBirth', 'birthday'],
  amount: ['Сумма', 'amount', 'sum'],
  period: ['ПериодПлатежа', 'Период', 'period'],
  account: ['ЛицевойСчет', 'Счет', 'account', 'cardAccount'],
  number: ['НомерДокумента', 'НомерПлатежногоПоручения', 'НомерПП', 'documentNumber', 'orderNumber', 'paymentNumber'],
  payerIban: ['ПлательщикИИК', 'ИИКПлательщика', 'payerIban', 'payerAccount'],
};

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/[\s_.\-"]/g, '');
const COLUMN_BY_NAME = new Map<string, Column>();
for (const [col, names] of Object.entries(CSV_COLUMNS) as [Column, readonly string[]][]) for (const n of names) COLUMN_BY_NAME.set(norm(n), col);

const NAMES: Record<RowFieldName, string> = { lastName: 'Фамилия', firstName: 'Имя', middleName: 'Отчество', iin: 'ИИН', birthDate: 'ДатаРождения', amount: 'Сумма', period: 'ПериодПлатежа' };

export interface CsvOptions {
  /** Currency of the amounts (default KZT). */
  currency?: string;
  /** Skip sniffing. */
  encoding?: Charset;
}

interface CsvRecord {
  line: number;
  cells: string[];
}

/** Splits decoded lines into records; a quoted cell may span lines. */
function records(lines: string[], sep: string, issues: Issue[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let text = lines[i]!;
    if (text.trim() === '') {
      i++;
      continue;
    }
    const cells: string[] = [];
    let cell = '';
    let p = 0;
    let quoted = false;
    let wasQuoted = false;
    for (;;) {
      if (p >= text.length) {
        if (quoted) {
          if (i + 1 >= lines.length) {
            issues.push(
              issue(
                'FMT_SYNTAX',
                t({ en: 'a quoted cell is not closed before the end of the file', ru: 'ячейка в кавычках не закрыта до конца файла', kk: 'тырнақшадағы ұяшық файлдың соңына дейін жабылмаған' }),
                { line: start + 1, expected: t({ en: 'a closing "', ru: 'закрывающая кавычка "', kk: 'жабатын тырнақша "' }) },
              ),
            );
            break;
          }
          i++;
          cell += '\n';
          text = lines[i]!;
          p = 0;
          continue;
        }
        break;
      }
      const c = text[p]!;
      if (quoted) {
        if (c === '"') {
          if (text[p + 1] === '"') {
            cell += '"';
            p += 2;
            continue;
          }
          quoted = false;
          p++;
          continue;
        }
        cell += c;
        p++;
        continue;
      }
      if (c === '"' && cell.trim() === '' && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        cell = '';
        p++;
        continue;
      }
      if (c === sep) {
        cells.push(wasQuoted ? cell : cell.trim());
        cell = '';
        wasQuoted = false;
        p++;
        continue;
      }
      cell += c;
      p++;
    }
    cells.push(wasQuoted ? cell : cell.trim());
    out.push({ line: start + 1, cells });
    i++;
  }
  return out;
}

/** The separator of the header line: the most frequent of ';' ',' tab outside quotes (';' on a tie). */
function separatorOf(header: string): string {
  const count: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let q = false;
  for (const c of header) {
    if (c === '"') q = !q;
    else if (!q && c in count) count[c]!++;
  }
  return [';', ',', '\t'].reduce((best, s) => (count[s]! > count[best]! ? s : best), ';');
}

/** Amount cells from spreadsheets: spaces / no-break spaces as thousands separators are dropped. */
const amountCell = (v: string) => (/^\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d+)?$/.test(v) ? v.replace(/[\s\u00a0\u202f]/g, '') : v);

/**
 * Parses an employee CSV (pure, over bytes). Required columns: last name, first name, IIN, amount; optional:
 * middle name, birth date (dd.mm.yyyy or YYYY-MM-DD), period (MMYYYY, MM.YYYY, YYYY-MM), account; and, to tie rows
 * to a payment order when one file holds several lists, document number and payer IIK — rows are grouped by them.
 */
export function parseEmployeeCsv(bytes: Uint8Array, options: CsvOptions = {}): SideCarParse {
  const currency = options.currency ?? 'KZT';
  const decoded = decodeSideCar(bytes, options.encoding);
  const issues: Issue[] = [...decoded.issues];
  const result = (lists: EmployeeList[]): SideCarParse => ({ lists, rows: lists.flatMap((l) => l.rows), issues: issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), charset: decoded.charset });

  const firstLine = decoded.lines.findIndex((l) => l.trim() !== '');
  if (firstLine < 0) {
    const columns = 'Фамилия;Имя;Отчество;ИИН;ДатаРождения;Сумма;ПериодПлатежа';
    issues.push(
      issue('FMT_SYNTAX', t({ en: 'the employee list file is empty', ru: 'файл списка сотрудников пустой', kk: 'қызметкерлер тізімінің файлы бос' }), {
        line: 1,
        expected: t({ en: `a header row: ${columns}`, ru: `строка заголовка: ${columns}`, kk: `тақырып жолы: ${columns}` }),
      }),
    );
    return result([]);
  }
  const sep = separatorOf(decoded.lines[firstLine]!);
  const recs = records(decoded.lines, sep, issues);
  const [header, ...body] = recs;
  const columns = new Map<Column, number>();
  header!.cells.forEach((name, i) => {
    const col = COLUMN_BY_NAME.get(norm(name));
    if (!col) return;
    if (columns.has(col)) {
      const text = t({ en: `column '${name}' repeats; the first one is used`, ru: `столбец '${name}' повторяется; используется первый`, kk: `'${name}' бағаны қайталанады; біріншісі қолданылады` });
      issues.push(issue('FMT_DUPLICATE_KEY', text, { line: header!.line, field: name, severity: 'warning' }));
    }
    else columns.set(col, i);
  });
  const missing = (['lastName', 'firstName', 'iin', 'amount'] as const).filter((c) => !columns.has(c));
  if (missing.length > 0) {
    for (const c of missing) {
      const [n, alt] = [NAMES[c], CSV_COLUMNS[c][1]];
      const text = t({ en: `the header has no '${n}' column (or '${alt}')`, ru: `в заголовке нет столбца '${n}' (или '${alt}')`, kk: `тақырыпта '${n}' (немесе '${alt}') бағаны жоқ` });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: header!.line, field: n, expected: t({ en: `a '${n}' column`, ru: `столбец '${n}'`, kk: `'${n}' бағаны` }) }));
    }
    return result([]);
  }

  const groups = new Map<string, EmployeeList>();
  const grouped = columns.has('number') || columns.has('payerIban');
  const cell = (r: CsvRecord, c: Column) => {
    const i = columns.get(c);
    return i === undefined ? undefined : r.cells[i];
  };
  for (const r of body) {
    if (r.cells.length > header!.cells.length) {
      const [n, h] = [r.cells.length, header!.cells.length];
      const cells = (k: number) => ruPlural(k, 'ячейка', 'ячейки', 'ячеек');
      const text = t({
        en: `the row has ${n} cells but the header has ${h} (a '${sep}' inside an unquoted value?)`,
        ru: `в строке ${n} ${cells(n)}, а в заголовке ${h} (символ '${sep}' внутри значения без кавычек?)`,
        kk: `жолда ${n} ұяшық, ал тақырыпта ${h} ұяшық (тырнақшасыз мәннің ішінде '${sep}' таңбасы бар ма?)`,
      });
      const expected = t({
        en: `${h} cells separated by '${sep === '\t' ? 'tab' : sep}'`,
        ru: `${h} ${cells(h)} с разделителем ${sep === '\t' ? 'табуляция' : `'${sep}'`}`,
        kk: `${sep === '\t' ? 'табуляция' : `'${sep}'`} бөлгішімен ${h} ұяшық`,
      });
      issues.push(issue('FMT_SYNTAX', text, { line: r.line, expected }));
    }
    const number = cell(r, 'number') || undefined;
    const payerIban = cell(r, 'payerIban') || undefined;
    const key = grouped ? `${payerIban ?? ''}\u0000${number ?? ''}` : '';
    let list = groups.get(key);
    if (!list) {
      list = { source: 'csv', line: grouped ? r.line : header!.line, ref: {}, rows: [], invalidRows: 0 };
      if (number) list.ref.number = number;
      if (payerIban) list.ref.payerIban = payerIban;
      groups.set(key, list);
    }
    if (r.cells.length > header!.cells.length) {
      list.invalidRows++;
      continue;
    }
    const get = (f: RowFieldName): RowValue | undefined => {
      const i = columns.get(f);
      const v = i === undefined ? undefined : r.cells[i];
      if (v === undefined) return undefined;
      return { key: header!.cells[i!]!, value: f === 'amount' ? amountCell(v.trim()) : v.trim(), line: r.line };
    };
    const built = buildRow(get, { currency, line: r.line, names: NAMES });
    issues.push(...built.issues);
    if (!built.row) {
      list.invalidRows++;
      continue;
    }
    const account = cell(r, 'account')?.trim();
    const row: ListRow = account ? { ...built.row, account } : built.row;
    list.rows.push(row);
  }
  if (body.length === 0) {
    issues.push(
      issue('FMT_REQUIRED_KEY', t({ en: 'the employee list has a header but no rows', ru: 'в списке сотрудников есть заголовок, но нет строк', kk: 'қызметкерлер тізімінде тақырып бар, бірақ жолдар жоқ' }), {
        line: header!.line,
        expected: t({ en: 'one row per employee', ru: 'по одной строке на каждого сотрудника', kk: 'әр қызметкерге бір жол' }),
      }),
    );
  }
  return result([...groups.values()]);
}
