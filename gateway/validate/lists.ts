// Employee lists (pension/social/medical/salary): rows, IINs, periods, exact bigint total (kz-formats.md 1.4, 3.3, 3.8; addendum 9.1).
import type { ListRow, MedicalDocument, PensionDocument, SalaryDocument, SocialDocument } from '../core/model/document.ts';
import { formatDecimal } from '../core/model/money.ts';
import type { ValidationContext } from './context.ts';
import { checkPeriod, isCalendarDate } from './dates.ts';
import { finding, findingsOf, shown, type Finding } from './findings.ts';
import { isBlank, nameFindings } from './lengths.ts';
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

export function listFindings(doc: ListDocument, ctx: ValidationContext, where: ListWhere = {}): Finding[] {
  const rows: readonly ListRow[] = Array.isArray(doc.rows) ? doc.rows : [];
  if (rows.length === 0) {
    if (where.listRead) return [finding('VAL_LIST_EMPTY', `the ${doc.kind} list has no rows`, { field: 'rows', expected: 'at least one employee' })];
    return where.listMissingReported
      ? []
      : [finding('VAL_LIST_MISSING', `the ${doc.kind} payment carries no employee rows (the list was not read); rows, IINs and the total are not checked`, { field: 'rows' })];
  }
  const out: Finding[] = [];
  const currency = doc.amount?.currency;
  const seen = new Map<string, number>();
  let sum = 0n;
  let summable = typeof doc.amount?.minor === 'bigint';
  rows.forEach((row, i) => {
    const at = `rows[${i}]`;
    if (!row || typeof row !== 'object') {
      out.push(finding('VAL_REQUIRED', `row ${i} is empty`, { field: at }));
      summable = false;
      return;
    }
    const line = rowLine(row);
    const here = (f: Finding): Finding => (line !== undefined ? { ...f, line } : f);
    // IIN: 12 digits, checksum, birth date, century/sex; a BIN is refused.
    if (isBlank(row.iin)) out.push(here(finding('VAL_REQUIRED', 'IIN is empty', { field: `${at}.iin`, expected: "the person's 12-digit IIN" })));
    else {
      const r = checkIin(String(row.iin), { today: ctx.today, centuryZero: ctx.iinCenturyZero });
      out.push(...findingsOf(r, `${at}.iin`, line));
      if (r.ok && r.birthDate && typeof row.birthDate === 'string' && isCalendarDate(row.birthDate) && row.birthDate !== r.birthDate) {
        out.push(here(finding('VAL_LIST_BIRTH_DATE', `birth date ${row.birthDate} differs from ${r.birthDate} in IIN ${r.value}`, { field: `${at}.birthDate`, expected: r.birthDate })));
      }
    }
    if (row.birthDate !== undefined && !isCalendarDate(String(row.birthDate))) {
      out.push(here(finding('VAL_DATE', `birth date ${shown(String(row.birthDate))} is not a calendar date`, { field: `${at}.birthDate`, expected: 'YYYY-MM-DD' })));
    }
    // Card / personal account (salary lists): a KZ account must be a valid IBAN; other forms are the bank's business.
    if (typeof row.account === 'string' && row.account.startsWith('KZ')) out.push(...findingsOf(checkIban(row.account), `${at}.account`, line));
    // Names.
    if (isBlank(row.lastName)) out.push(here(finding('VAL_REQUIRED', 'last name is empty', { field: `${at}.lastName` })));
    if (isBlank(row.firstName)) out.push(here(finding('VAL_REQUIRED', 'first name is empty', { field: `${at}.firstName` })));
    for (const k of ['lastName', 'firstName', 'middleName'] as const) {
      if (typeof row[k] === 'string') out.push(...nameFindings(row[k], ctx.limits.nameMax, `${at}.${k}`).map(here));
    }
    // Amount: > 0, same currency as the document.
    const m = row.amount;
    if (!m || typeof m.minor !== 'bigint') {
      out.push(here(finding('VAL_LIST_ROW_AMOUNT', 'row amount is missing', { field: `${at}.amount`, expected: 'an amount > 0' })));
      summable = false;
    } else {
      if (m.minor <= 0n) out.push(here(finding('VAL_LIST_ROW_AMOUNT', `row amount is ${formatDecimal(m.minor, m.currency)}`, { field: `${at}.amount`, expected: 'an amount > 0' })));
      if (m.currency !== currency) {
        out.push(here(finding('VAL_CURRENCY', `row currency ${shown(String(m.currency))} differs from the document's ${shown(String(currency))}`, { field: `${at}.amount.currency`, expected: String(currency) })));
        summable = false;
      }
      sum += m.minor;
    }
    // Period: well-formed and plausible; stated for statutory lists.
    if (row.period !== undefined && !isBlank(row.period)) out.push(...findingsOf(checkPeriod(String(row.period), ctx.today, { min: ctx.limits.periodMin, maxAheadMonths: ctx.limits.periodFutureMonths }), `${at}.period`, line));
    else if (doc.kind !== 'salary') out.push(here(finding('VAL_LIST_PERIOD_MISSING', 'the period the contribution is for is not stated', { field: `${at}.period`, expected: 'YYYY-MM' })));
    // The same person twice for the same period.
    if (!isBlank(row.iin)) {
      const key = `${row.iin}|${row.period ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined) out.push(here(finding('VAL_LIST_DUPLICATE', `IIN ${row.iin}${row.period ? ` for ${row.period}` : ''} is also in row ${first}`, { field: `${at}.iin` })));
      else seen.set(key, i);
    }
  });
  if (summable && sum !== doc.amount.minor) {
    const cur = String(currency);
    out.push(
      finding('VAL_LIST_SUM', `${rows.length} rows add up to ${formatDecimal(sum, cur)} ${cur}, the payment amount is ${formatDecimal(doc.amount.minor, cur)} ${cur} (difference ${formatDecimal(sum - doc.amount.minor, cur)})`, {
        field: 'rows',
        expected: `rows totalling ${formatDecimal(doc.amount.minor, cur)}`,
      }),
    );
  }
  return out;
}
