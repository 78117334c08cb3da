// Employee lists (pension/social/medical/salary): rows, IINs, periods, exact bigint total (kz-formats.md 1.4, 3.3, 3.8; addendum 9.1).
import type { ListRow, MedicalDocument, PensionDocument, SalaryDocument, SocialDocument } from '../core/model/document.ts';
import { formatDecimal } from '../core/model/money.ts';
import { DOCUMENT_KIND_TEXT, dmy, ruPlural, t, type Text } from '../core/i18n.ts';
import type { ValidationContext } from './context.ts';
import { checkPeriod, isCalendarDate } from './dates.ts';
import { finding, findingsOf, shown, type Finding } from './findings.ts';
import { isBlank, nameFindings } from './lengths.ts';
import { AMOUNT_ABOVE_ZERO, ISO_DATE, ISO_MONTH } from './texts.ts';
import { checkIin } from './kz/bin-iin.ts';
import { checkIban } from './kz/iban.ts';

export type ListDocument = PensionDocument | SocialDocument | MedicalDocument | SalaryDocument;

export interface ListWhere {
  /** true: the list was read and is really empty (error); otherwise empty rows mean "not read" (warning). */
  listRead?: boolean;
  /** The format already reported the list as missing (FMT_LIST_MISSING): no second warning for it. */
  listMissingReported?: boolean;
}

/** A row's own source line, when the reader records one (`line?: number` on ListRow). */
export function rowLine(row: ListRow): number | undefined {
  const l = 'line' in row ? (row as { line?: unknown }).line : undefined;
  return typeof l === 'number' && Number.isInteger(l) && l > 0 ? l : undefined;
}

const PERSON_IIN: Text = { en: "the person's 12-digit IIN", ru: '12-значный ИИН сотрудника', kk: 'қызметкердің 12 цифрлы ЖСН-і' };

/** The kind of a list document as people name it. */
function kindOf(doc: ListDocument): Text {
  return DOCUMENT_KIND_TEXT[doc.kind] ?? { en: String(doc.kind), ru: String(doc.kind), kk: String(doc.kind) };
}

export function listFindings(doc: ListDocument, ctx: ValidationContext, where: ListWhere = {}): Finding[] {
  const rows: readonly ListRow[] = Array.isArray(doc.rows) ? doc.rows : [];
  if (rows.length === 0) {
    if (where.listRead) {
      const k = kindOf(doc);
      return [
        finding('VAL_LIST_EMPTY', t({ en: `the ${doc.kind} list has no rows`, ru: `в списке сотрудников нет ни одной строки (вид платежа: ${k.ru})`, kk: `қызметкерлер тізімінде бірде-бір жол жоқ (төлем түрі: ${k.kk})` }), {
          field: 'rows',
          expected: t({ en: 'at least one employee', ru: 'хотя бы один сотрудник', kk: 'кемінде бір қызметкер' }),
        }),
      ];
    }
    if (where.listMissingReported) return [];
    const k = kindOf(doc);
    return [
      finding(
        'VAL_LIST_MISSING',
        t({
          en: `the ${doc.kind} payment carries no employee rows (the list was not read); rows, IINs and the total are not checked`,
          ru: `в платеже нет строк сотрудников (вид платежа: ${k.ru}; список не прочитан); строки, ИИН и итоговая сумма не проверены`,
          kk: `төлемде қызметкерлер жолдары жоқ (төлем түрі: ${k.kk}; тізім оқылмады); жолдар, ЖСН және жалпы сома тексерілмеді`,
        }),
        { field: 'rows' },
      ),
    ];
  }
  const out: Finding[] = [];
  const currency = doc.amount?.currency;
  const seen = new Map<string, number>();
  let sum = 0n;
  let summable = typeof doc.amount?.minor === 'bigint';
  rows.forEach((row, i) => {
    const at = `rows[${i}]`;
    if (!row || typeof row !== 'object') {
      out.push(finding('VAL_REQUIRED', t({ en: `row ${i} is empty`, ru: `строка списка № ${i + 1} пустая`, kk: `тізімнің № ${i + 1} жолы бос` }), { field: at }));
      summable = false;
      return;
    }
    const line = rowLine(row);
    const here = (f: Finding): Finding => (line !== undefined ? { ...f, line } : f);
    // IIN: 12 digits, checksum, birth date, century/sex; a BIN is refused.
    if (isBlank(row.iin)) out.push(here(finding('VAL_REQUIRED', t({ en: 'IIN is empty', ru: 'не заполнен ИИН', kk: 'ЖСН толтырылмаған' }), { field: `${at}.iin`, expected: PERSON_IIN })));
    else {
      const r = checkIin(String(row.iin), { today: ctx.today, centuryZero: ctx.iinCenturyZero });
      out.push(...findingsOf(r, `${at}.iin`, line));
      if (r.ok && r.birthDate && typeof row.birthDate === 'string' && isCalendarDate(row.birthDate) && row.birthDate !== r.birthDate) {
        const b = row.birthDate;
        const inIin = r.birthDate;
        out.push(
          here(
            finding(
              'VAL_LIST_BIRTH_DATE',
              t({
                en: `birth date ${b} differs from ${inIin} in IIN ${r.value}`,
                ru: `дата рождения ${dmy(b)} не совпадает с датой ${dmy(inIin)} в ИИН ${r.value}`,
                kk: `туған күні ${dmy(b)} ЖСН ${r.value} ішіндегі ${dmy(inIin)} күнімен сәйкес келмейді`,
              }),
              { field: `${at}.birthDate`, expected: t({ en: inIin, ru: dmy(inIin), kk: dmy(inIin) }) },
            ),
          ),
        );
      }
    }
    if (row.birthDate !== undefined && !isCalendarDate(String(row.birthDate))) {
      const q = shown(String(row.birthDate));
      out.push(here(finding('VAL_DATE', t({ en: `birth date ${q} is not a calendar date`, ru: `дата рождения ${q} — несуществующая календарная дата`, kk: `туған күні ${q} — күнтізбеде жоқ күн` }), { field: `${at}.birthDate`, expected: ISO_DATE })));
    }
    // Card / personal account (salary lists): a KZ account must be a valid IBAN; other forms are the bank's business.
    if (typeof row.account === 'string' && row.account.startsWith('KZ')) out.push(...findingsOf(checkIban(row.account), `${at}.account`, line));
    // Names.
    if (isBlank(row.lastName)) out.push(here(finding('VAL_REQUIRED', t({ en: 'last name is empty', ru: 'не заполнена фамилия', kk: 'тегі толтырылмаған' }), { field: `${at}.lastName` })));
    if (isBlank(row.firstName)) out.push(here(finding('VAL_REQUIRED', t({ en: 'first name is empty', ru: 'не заполнено имя', kk: 'аты толтырылмаған' }), { field: `${at}.firstName` })));
    for (const k of ['lastName', 'firstName', 'middleName'] as const) {
      if (typeof row[k] === 'string') out.push(...nameFindings(row[k], ctx.limits.nameMax, `${at}.${k}`).map(here));
    }
    // Amount: > 0, same currency as the document.
    const m = row.amount;
    if (!m || typeof m.minor !== 'bigint') {
      out.push(here(finding('VAL_LIST_ROW_AMOUNT', t({ en: 'row amount is missing', ru: 'в строке не указана сумма', kk: 'жолда сома көрсетілмеген' }), { field: `${at}.amount`, expected: AMOUNT_ABOVE_ZERO })));
      summable = false;
    } else {
      if (m.minor <= 0n) {
        const a = formatDecimal(m.minor, m.currency);
        out.push(here(finding('VAL_LIST_ROW_AMOUNT', t({ en: `row amount is ${a}`, ru: `сумма в строке: ${a}`, kk: `жолдағы сома: ${a}` }), { field: `${at}.amount`, expected: AMOUNT_ABOVE_ZERO })));
      }
      if (m.currency !== currency) {
        const mine = shown(String(m.currency));
        const theirs = shown(String(currency));
        const c = String(currency);
        out.push(
          here(
            finding(
              'VAL_CURRENCY',
              t({ en: `row currency ${mine} differs from the document's ${theirs}`, ru: `валюта строки ${mine} отличается от валюты документа ${theirs}`, kk: `жолдың валютасы ${mine} құжаттың валютасынан (${theirs}) өзгеше` }),
              { field: `${at}.amount.currency`, expected: t({ en: c, ru: c, kk: c }) },
            ),
          ),
        );
        summable = false;
      }
      sum += m.minor;
    }
    // Period: well-formed and plausible; stated for statutory lists.
    if (row.period !== undefined && !isBlank(row.period)) out.push(...findingsOf(checkPeriod(String(row.period), ctx.today, { min: ctx.limits.periodMin, maxAheadMonths: ctx.limits.periodFutureMonths }), `${at}.period`, line));
    else if (doc.kind !== 'salary') {
      out.push(
        here(
          finding(
            'VAL_LIST_PERIOD_MISSING',
            t({ en: 'the period the contribution is for is not stated', ru: 'не указан период, за который уплачиваются взносы', kk: 'жарна қай кезең үшін төленетіні көрсетілмеген' }),
            { field: `${at}.period`, expected: ISO_MONTH },
          ),
        ),
      );
    }
    // The same person twice for the same period.
    if (!isBlank(row.iin)) {
      const key = `${row.iin}|${row.period ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const p = row.period ? String(row.period) : '';
        out.push(
          here(
            finding(
              'VAL_LIST_DUPLICATE',
              t({
                en: `IIN ${row.iin}${p ? ` for ${p}` : ''} is also in row ${first}`,
                ru: `ИИН ${row.iin}${p ? ` за период ${dmy(p)}` : ''} уже есть в строке списка № ${first + 1}`,
                kk: `ЖСН ${row.iin}${p ? ` (${dmy(p)} кезеңі)` : ''} тізімнің № ${first + 1} жолында да бар`,
              }),
              { field: `${at}.iin` },
            ),
          ),
        );
      }
      else seen.set(key, i);
    }
  });
  if (summable && sum !== doc.amount.minor) {
    const cur = String(currency);
    const n = rows.length;
    const total = formatDecimal(sum, cur);
    const amount = formatDecimal(doc.amount.minor, cur);
    const diff = formatDecimal(sum - doc.amount.minor, cur);
    out.push(
      finding(
        'VAL_LIST_SUM',
        t({
          en: `${n} rows add up to ${total} ${cur}, the payment amount is ${amount} ${cur} (difference ${diff})`,
          ru: `сумма ${n} ${ruPlural(n, 'строки', 'строк', 'строк')} списка — ${total} ${cur}, а сумма платежа — ${amount} ${cur} (разница ${diff})`,
          kk: `тізімнің ${n} жолының сомасы — ${total} ${cur}, ал төлем сомасы — ${amount} ${cur} (айырмасы ${diff})`,
        }),
        { field: 'rows', expected: t({ en: `rows totalling ${amount}`, ru: `строки на общую сумму ${amount}`, kk: `жалпы сомасы ${amount} болатын жолдар` }) },
      ),
    );
  }
  return out;
}
