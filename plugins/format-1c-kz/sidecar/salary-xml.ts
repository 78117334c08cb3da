// 1C salary-project XML (standard 109, http://v8.1c.ru/edi/edi_stnd/109): СчетаПК → ЗачислениеЗарплаты → Сотрудник,
// КонтрольныеСуммы. Pure function over bytes; rows and issues with lines in the XML file.
import { issue, t, type Issue } from '../../../gateway/core/issue.ts';
import { ruPlural } from '../../../gateway/core/i18n.ts';
import type { ListRow } from '../../../gateway/core/model/document.ts';
import { formatDecimal, parseDecimal } from '../../../gateway/core/model/money.ts';
import type { Charset } from '../charsets.ts';
import { buildRow, type RowFieldName, type RowValue } from '../rows.ts';
import { parseDateAny } from '../values.ts';
import { decodeSideCar } from './decode.ts';
import type { EmployeeList, SideCarParse } from './types.ts';
import { child, parseXml, type XmlElement } from './xml.ts';

export interface SalaryXmlOptions {
  /** Currency of the amounts (default KZT; standard 109 has no currency element). */
  currency?: string;
  encoding?: Charset;
}

const ROOT = 'СчетаПК';
const LIST = 'ЗачислениеЗарплаты';
const ROW = 'Сотрудник';
const CONTROL = 'КонтрольныеСуммы';

/** Element names per row field; the first present wins. IIN and birth date are not in the standard but accepted. */
const ROW_ELEMENTS: Readonly<Record<RowFieldName, readonly string[]>> = {
  lastName: ['Фамилия'],
  firstName: ['Имя'],
  middleName: ['Отчество'],
  iin: ['ИИН', 'ИНН'],
  birthDate: ['ДатаРождения'],
  amount: ['Сумма'],
  period: ['ПериодПлатежа', 'Период'],
};
const NAMES: Record<RowFieldName, string> = { lastName: 'Фамилия', firstName: 'Имя', middleName: 'Отчество', iin: 'ИИН', birthDate: 'ДатаРождения', amount: 'Сумма', period: 'ПериодПлатежа' };

/** Root attributes that tie the list to a payment order. The order number is not in standard 109; these names are accepted when a producer adds one. */
const NUMBER_ATTRS = ['НомерПлатежногоПоручения', 'НомерПП', 'НомерДокумента'];

function declaration(lines: readonly string[]): { value: string; line: number; field: string } | undefined {
  const m = /^\s*(?:\uFEFF)?<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(lines[0] ?? '');
  return m ? { value: m[1]!, line: 1, field: 'encoding' } : undefined;
}

const textOf = (el: XmlElement | undefined) => (el ? el.text.trim() : undefined);

/** Parses a 1C standard-109 salary list. A list with any unreadable row is returned with `invalidRows` > 0 and never attached. */
export function parseSalaryXml(bytes: Uint8Array, options: SalaryXmlOptions = {}): SideCarParse {
  const currency = options.currency ?? 'KZT';
  // The declaration is ASCII in every charset 109 files use: read it from the raw first line.
  const rawFirst = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 200))).split(/\r\n|\n|\r/, 1);
  const decoded = decodeSideCar(bytes, options.encoding, options.encoding ? undefined : declaration(rawFirst));
  const issues: Issue[] = [...decoded.issues];
  const done = (lists: EmployeeList[]): SideCarParse => ({ lists, rows: lists.flatMap((l) => l.rows), issues: issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), charset: decoded.charset });

  const xml = parseXml(decoded.lines.join('\n'));
  issues.push(...xml.issues);
  const root = xml.root;
  if (!root) return done([]);
  if (root.name !== ROOT) {
    const n = root.name;
    const text = t({
      en: `not a 1C salary-project file: the root element is <${n}>`,
      ru: `это не файл зарплатного проекта 1С: корневой элемент — <${n}>`,
      kk: `бұл 1С жалақы жобасының файлы емес: түбір элементі — <${n}>`,
    });
    issues.push(issue('FMT_SYNTAX', text, { line: root.line, field: n, expected: t({ en: `<${ROOT}> (1C standard 109)`, ru: `<${ROOT}> (стандарт 1С № 109)`, kk: `<${ROOT}> (1С № 109 стандарты)` }) }));
    return done([]);
  }

  const ref: EmployeeList['ref'] = {};
  const attr = (n: string) => root.attrs.get(n)?.trim() || undefined;
  const payerIban = attr('РасчетныйСчетОрганизации');
  if (payerIban) ref.payerIban = payerIban;
  const binIin = attr('БИН') ?? attr('ИИН') ?? attr('ИНН');
  if (binIin) ref.binIin = binIin;
  const number = NUMBER_ATTRS.map(attr).find((v) => v !== undefined);
  if (number) ref.number = number;
  const registry = attr('НомерРеестра');
  if (registry) ref.registry = registry;
  const dateText = attr('ДатаРеестра') ?? attr('ДатаФормирования');
  const date = dateText ? parseDateAny(dateText) : null;
  if (date) ref.date = date;

  const list: EmployeeList = { source: 'xml-109', line: root.line, ref, rows: [], invalidRows: 0 };
  const listEls = root.children.filter((c) => c.name === LIST);
  if (listEls.length === 0) {
    const text = t({ en: `no <${LIST}> element: the file has no salary rows`, ru: `нет элемента <${LIST}>: в файле нет строк зарплаты`, kk: `<${LIST}> элементі жоқ: файлда жалақы жолдары жоқ` });
    issues.push(issue('FMT_REQUIRED_KEY', text, { line: root.line, field: LIST, expected: t({ en: `<${LIST}> with <${ROW}> elements`, ru: `<${LIST}> с элементами <${ROW}>`, kk: `<${ROW}> элементтері бар <${LIST}>` }) }));
  }
  for (const c of root.children) {
    if (c.name !== LIST && c.name !== CONTROL) {
      const text = t({
        en: `<${c.name}> is not read (only <${LIST}> salary crediting lists are)`,
        ru: `<${c.name}> не читается (читаются только списки зачисления зарплаты <${LIST}>)`,
        kk: `<${c.name}> оқылмайды (тек <${LIST}> жалақы есепке алу тізімдері оқылады)`,
      });
      issues.push(issue('FMT_NOT_SUPPORTED', text, { line: c.line, field: c.name, severity: 'warning' }));
    }
  }
  let seq = 0;
  let noIin = 0;
  for (const l of listEls) {
    for (const el of l.children) {
      if (el.name !== ROW) continue;
      seq++;
      const npp = el.attrs.get('Нпп');
      if (npp !== undefined && npp.trim() !== String(seq)) {
        const text = t({ en: `employee ${seq} has Нпп="${npp}"`, ru: `у сотрудника ${seq} Нпп="${npp}"`, kk: `${seq}-қызметкерде Нпп="${npp}"` });
        const expected = t({ en: `Нпп="${seq}" (numbered from 1 in order)`, ru: `Нпп="${seq}" (нумерация по порядку с 1)`, kk: `Нпп="${seq}" (1-ден бастап рет-ретімен нөмірленеді)` });
        issues.push(issue('FMT_BAD_VALUE', text, { line: el.line, field: 'Нпп', severity: 'warning', expected }));
      }
      const get = (f: RowFieldName): RowValue | undefined => {
        for (const n of ROW_ELEMENTS[f]) {
          const e = child(el, n);
          if (e) return { key: n, value: e.text.trim(), line: e.line };
        }
        return undefined;
      };
      const built = buildRow(get, { currency, line: el.line, names: NAMES, iinOptional: true, employee: seq });
      issues.push(...built.issues);
      if (!built.row) {
        list.invalidRows++;
        continue;
      }
      if (built.row.iin === '') noIin++;
      const account = textOf(child(el, 'ЛицевойСчет'));
      const row: ListRow = account ? { ...built.row, account } : built.row;
      list.rows.push(row);
    }
  }
  if (noIin > 0)
    issues.push(
      issue(
        'FMT_REQUIRED_KEY',
        t({
          en: `${noIin} of ${seq} employee(s) have no IIN (<ИИН>): standard 109 does not carry it; the bank may need it`,
          ru: `у ${noIin} из ${seq} ${ruPlural(seq, 'сотрудника', 'сотрудников', 'сотрудников')} нет ИИН (<ИИН>): стандарт 109 его не содержит, но он может понадобиться банку`,
          kk: `${seq} қызметкердің ${noIin} қызметкерінде ЖСН (<ИИН>) жоқ: 109 стандартында ол жоқ, бірақ банкке қажет болуы мүмкін`,
        }),
        { line: root.line, field: 'ИИН', severity: 'warning', expected: t({ en: '<ИИН> in every <Сотрудник>', ru: '<ИИН> в каждом <Сотрудник>', kk: 'әр <Сотрудник> ішінде <ИИН>' }) },
      ),
    );

  const control = child(root, CONTROL);
  const sum = list.rows.reduce((s, r) => s + r.amount.minor, 0n);
  if (!control) {
    const text = t({
      en: `no <${CONTROL}>: the row count and total cannot be checked`,
      ru: `нет <${CONTROL}>: количество строк и итоговую сумму проверить нельзя`,
      kk: `<${CONTROL}> жоқ: жолдар саны мен жалпы соманы тексеру мүмкін емес`,
    });
    const expected = t({
      en: `<${CONTROL}> with <КоличествоЗаписей> and <СуммаИтого>`,
      ru: `<${CONTROL}> с <КоличествоЗаписей> и <СуммаИтого>`,
      kk: `<КоличествоЗаписей> және <СуммаИтого> бар <${CONTROL}>`,
    });
    issues.push(issue('FMT_REQUIRED_KEY', text, { line: root.line, field: CONTROL, severity: 'warning', expected }));
  } else {
    const countEl = child(control, 'КоличествоЗаписей');
    if (countEl) {
      const n = Number(countEl.text.trim());
      if (!/^\d+$/.test(countEl.text.trim())) {
        const v = countEl.text.trim();
        issues.push(issue('FMT_BAD_VALUE', t({ en: `КоличествоЗаписей '${v}' is not a number`, ru: `КоличествоЗаписей '${v}' — не число`, kk: `КоличествоЗаписей '${v}' сан емес` }), { line: countEl.line, field: 'КоличествоЗаписей' }));
      } else {
        ref.count = n;
        if (n !== seq) {
          const text = t({
            en: `КоличествоЗаписей says ${n} but the file has ${seq} <${ROW}> element(s)`,
            ru: `в КоличествоЗаписей указано ${n}, а в файле ${seq} ${ruPlural(seq, 'элемент', 'элемента', 'элементов')} <${ROW}>`,
            kk: `КоличествоЗаписей ішінде ${n} көрсетілген, ал файлда ${seq} <${ROW}> элементі бар`,
          });
          issues.push(issue('FMT_TOTALS_MISMATCH', text, { line: countEl.line, field: 'КоличествоЗаписей', expected: t({ en: String(seq), ru: String(seq), kk: String(seq) }) }));
        }
      }
    }
    const totalEl = child(control, 'СуммаИтого');
    if (totalEl) {
      const text = totalEl.text.trim();
      const total = /^\d+([.,]\d+)?$/.test(text) ? parseDecimal(text, currency) : null;
      if (total === null) {
        issues.push(
          issue('FMT_BAD_VALUE', t({ en: `СуммаИтого '${text}' is not an amount`, ru: `СуммаИтого '${text}' — не сумма`, kk: `СуммаИтого '${text}' сома емес` }), {
            line: totalEl.line,
            field: 'СуммаИтого',
            expected: t({
              en: 'an amount with at most 2 decimals, e.g. 693000.00',
              ru: 'сумма не более чем с 2 знаками после точки, например 693000.00',
              kk: 'нүктеден кейін ең көбі 2 цифры бар сома, мысалы 693000.00',
            }),
          }),
        );
      } else {
        ref.total = { minor: total, currency };
        if (list.invalidRows === 0 && total !== sum) {
          const [a, b] = [formatDecimal(total, currency), formatDecimal(sum, currency)];
          const msg = t({ en: `СуммаИтого says ${a} but the rows add up to ${b}`, ru: `в СуммаИтого указано ${a}, а сумма строк — ${b}`, kk: `СуммаИтого ішінде ${a} көрсетілген, ал жолдардың сомасы — ${b}` });
          issues.push(issue('FMT_TOTALS_MISMATCH', msg, { line: totalEl.line, field: 'СуммаИтого', expected: t({ en: b, ru: b, kk: b }) }));
        }
      }
    }
  }
  return done([list]);
}
