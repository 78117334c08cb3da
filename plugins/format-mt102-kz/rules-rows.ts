// Sequence B rules of an MT102 (kz-formats.md 2.3): rows present and > 0, IIN checksums, names, birth date, /PERIOD/, Σ :32B: = :32A:.
import type { CanonicalDocument, ListRow } from '../../gateway/core/model/document.ts';
import { formatDecimal } from '../../gateway/core/model/money.ts';
import { t } from '../../gateway/core/issue.ts';
import { dmy } from '../../gateway/core/i18n.ts';
import { findingsOf } from '../../gateway/validate/findings.ts';
import { checkIin } from '../../gateway/validate/kz/bin-iin.ts';
import { isCalendarDate } from '../../gateway/validate/dates.ts';
import { oneLine, same, type Problems } from './problems.ts';
import { shown } from './texts.ts';
import { isPeriod } from './values.ts';

type ListDoc = Extract<CanonicalDocument, { rows: ListRow[] }>;

/** Sequence B of an MT102 (2.3): rows present, > 0, IIN checksums, names, birth date, period; Σ :32B: = :32A:. */
export function rowRules(p: Problems, doc: ListDoc): void {
  const rows = Array.isArray(doc.rows) ? doc.rows : [];
  if (rows.length === 0) {
    p.add('VAL_LIST_EMPTY', t({ en: 'the MT102 has no rows (:21:)', ru: 'в MT102 нет ни одной строки (:21:)', kk: 'MT102-де бірде-бір жол (:21:) жоқ' }), 'rows', t({ en: 'at least one person', ru: 'хотя бы один человек', kk: 'кемінде бір адам' }));
    return;
  }
  let sum = 0n;
  let summable = true;
  const currency = doc.amount?.currency;
  rows.forEach((r, i) => {
    const at = (k: string) => `rows[${i}].${k}`;
    if (!r || typeof r !== 'object') {
      p.add('VAL_REQUIRED', t({ en: 'the row is empty', ru: 'строка пустая', kk: 'жол бос' }), `rows[${i}]`);
      summable = false;
      return;
    }
    const m = r.amount;
    if (!m || typeof m.minor !== 'bigint') {
      p.add('VAL_LIST_ROW_AMOUNT', t({ en: 'no amount', ru: 'нет суммы', kk: 'сома жоқ' }), at('amount'));
      summable = false;
    } else {
      if (m.minor <= 0n) {
        const a = formatDecimal(m.minor, m.currency);
        p.add('VAL_LIST_ROW_AMOUNT', t({ en: `:32B: is ${a}`, ru: `:32B: равна ${a}`, kk: `:32B: ${a} тең` }), at('amount'), t({ en: 'an amount > 0', ru: 'сумма больше 0', kk: '0-ден үлкен сома' }));
      }
      if (m.currency !== currency) {
        p.add('VAL_CURRENCY', t({ en: `currency ${shown(String(m.currency))} differs from :32A: ${String(currency)}`, ru: `валюта ${shown(String(m.currency))} отличается от :32A: ${String(currency)}`, kk: `${shown(String(m.currency))} валютасы :32A: (${String(currency)}) валютасынан өзгеше` }), at('amount'), same(String(currency)));
        summable = false;
      }
      sum += m.minor;
    }
    if (p.required(r.iin, at('iin'), t({ en: 'IIN', ru: 'ИИН', kk: 'ЖСН' }))) {
      const c = checkIin(r.iin);
      p.findings(findingsOf(c, at('iin')), at('iin'));
      if (c.ok && c.birthDate && isCalendarDate(String(r.birthDate)) && r.birthDate !== c.birthDate) {
        const b = String(r.birthDate);
        p.add('VAL_LIST_BIRTH_DATE', t({ en: `/DT/ ${b} differs from ${c.birthDate} in IIN ${r.iin}`, ru: `/DT/ ${dmy(b)} не совпадает с датой ${dmy(c.birthDate)} в ИИН ${r.iin}`, kk: `/DT/ ${dmy(b)} ЖСН ${r.iin} ішіндегі ${dmy(c.birthDate)} күнімен сәйкес келмейді` }), at('birthDate'), same(c.birthDate), 'warning');
      }
    }
    if (p.required(r.lastName, at('lastName'), t({ en: 'last name', ru: 'фамилия', kk: 'тегі' }))) oneLine(p, r.lastName, at('lastName'));
    if (p.required(r.firstName, at('firstName'), t({ en: 'first name', ru: 'имя', kk: 'аты' }))) oneLine(p, r.firstName, at('firstName'));
    oneLine(p, r.middleName, at('middleName'));
    if (r.birthDate !== undefined && !isCalendarDate(String(r.birthDate))) {
      p.add('VAL_DATE', t({ en: `birth date ${shown(String(r.birthDate))} is not a date`, ru: `дата рождения ${shown(String(r.birthDate))} — не дата`, kk: `туған күні ${shown(String(r.birthDate))} — күн емес` }), at('birthDate'));
    }
    if (r.period === undefined || r.period === '') {
      if (doc.kind !== 'salary') p.add('FMT_REQUIRED_KEY', t({ en: '/PERIOD/ (the month paid for) is missing', ru: 'не указан /PERIOD/ (месяц, за который платёж)', kk: '/PERIOD/ (төлем айы) көрсетілмеген' }), at('period'), t({ en: 'YYYY-MM', ru: 'ГГГГ-ММ', kk: 'ЖЖЖЖ-АА' }));
    } else if (!isPeriod(r.period)) {
      p.add('VAL_LIST_PERIOD', t({ en: `period ${shown(String(r.period))} is not a month`, ru: `период ${shown(String(r.period))} — не месяц`, kk: `${shown(String(r.period))} кезеңі ай емес` }), at('period'), t({ en: 'YYYY-MM', ru: 'ГГГГ-ММ', kk: 'ЖЖЖЖ-АА' }));
    }
    if (r.account !== undefined) oneLine(p, r.account, at('account'));
  });
  if (summable && typeof doc.amount?.minor === 'bigint' && sum !== doc.amount.minor) {
    const c = String(currency);
    const [s, a] = [formatDecimal(sum, c), formatDecimal(doc.amount.minor, c)];
    p.add(
      'FMT_TOTALS_MISMATCH',
      t({ en: `the rows (:32B:) add up to ${s} ${c}, :32A: is ${a} ${c}`, ru: `сумма строк (:32B:) — ${s} ${c}, а :32A: — ${a} ${c}`, kk: `жолдардың (:32B:) сомасы — ${s} ${c}, ал :32A: — ${a} ${c}` }),
      'amount',
      t({ en: `:32A: equal to Σ :32B: = ${s}`, ru: `:32A:, равная Σ :32B: = ${s}`, kk: `Σ :32B: = ${s} тең :32A:` }),
    );
  }
}

