// Ties side-car employee lists to the list documents of a payment file: by payer IIK + order number + total
// (kz-formats.md addendum 1.3), reporting every mismatch instead of guessing.
import { issue, t, type Issue, type Text } from '../../../gateway/core/issue.ts';
import { DOCUMENT_KIND_TEXT, joinText, ruPlural } from '../../../gateway/core/i18n.ts';
import type { CanonicalDocument, ListRow } from '../../../gateway/core/model/document.ts';
import { formatDecimal } from '../../../gateway/core/model/money.ts';
import type { ParsedDocument } from '../../../gateway/core/plugin.ts';
import { parseEmployeeCsv, type CsvOptions } from './csv.ts';
import { parseSalaryXml } from './salary-xml.ts';
import type { EmployeeList, SideCarParse } from './types.ts';

export type { EmployeeList, SideCarParse, ListRef } from './types.ts';

type ListDocument = Extract<CanonicalDocument, { rows: ListRow[] }>;

function isListDocument(d: CanonicalDocument): d is ListDocument {
  return 'rows' in d;
}

/** Side-car names the host looks for next to `<base>.<ext>`, in this order. */
export function sideCarNames(paymentFileName: string): string[] {
  const slash = Math.max(paymentFileName.lastIndexOf('/'), paymentFileName.lastIndexOf('\\'));
  const dot = paymentFileName.lastIndexOf('.');
  const base = dot > slash + 1 ? paymentFileName.slice(0, dot) : paymentFileName;
  return [`${base}.csv`, `${base}.employees.csv`, `${base}.xml`];
}

/** Reads a side-car by its name's extension (.csv or .xml); null for anything else. */
export function parseSideCar(name: string, bytes: Uint8Array, options: CsvOptions = {}): SideCarParse | null {
  const n = name.toLowerCase();
  if (n.endsWith('.csv')) return parseEmployeeCsv(bytes, options);
  if (n.endsWith('.xml')) return parseSalaryXml(bytes, options);
  return null;
}

const normIban = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();
/** ERPs strip leading zeros from order numbers (kz-formats.md 1.2): '00119' is '119'. */
const normNumber = (s: string | undefined) => (s ?? '').trim().toUpperCase().replace(/^0+(?=.)/, '');

interface Fit {
  /** Why the list does not fit (empty: it fits). */
  reasons: Text[];
  /** How many reference parts were present and agreed (more = more specific). */
  score: number;
}

function sumOf(list: EmployeeList): bigint {
  let s = 0n;
  for (const r of list.rows) s += r.amount.minor;
  return s;
}

function fit(list: EmployeeList, doc: ListDocument): Fit {
  const reasons: Text[] = [];
  let score = 0;
  const cur = doc.amount.currency;
  if (list.invalidRows > 0) {
    const n = list.invalidRows;
    reasons.push({ en: `${n} row(s) of the list could not be read`, ru: `не удалось прочитать ${n} ${ruPlural(n, 'строку', 'строки', 'строк')} списка`, kk: `тізімнің ${n} жолын оқу мүмкін болмады` });
  }
  if (list.rows.length === 0 && list.invalidRows === 0) reasons.push({ en: 'the list has no rows', ru: 'в списке нет строк', kk: 'тізімде жолдар жоқ' });
  if (list.ref.payerIban && doc.payer.iban) {
    if (normIban(list.ref.payerIban) === normIban(doc.payer.iban)) score++;
    else {
      const [a, b] = [list.ref.payerIban, doc.payer.iban];
      reasons.push({ en: `payer account ${a} ≠ ${b}`, ru: `ИИК плательщика ${a} ≠ ${b}`, kk: `төлеушінің ЖСК-сы ${a} ≠ ${b}` });
    }
  }
  if (list.ref.number) {
    if (normNumber(list.ref.number) === normNumber(doc.number)) score += 2;
    else {
      const [a, b] = [list.ref.number, doc.number];
      reasons.push({ en: `document number ${a} ≠ ${b}`, ru: `номер документа ${a} ≠ ${b}`, kk: `құжат нөмірі ${a} ≠ ${b}` });
    }
  }
  const other = list.rows.find((r) => r.amount.currency !== cur);
  if (other) {
    const c = other.amount.currency;
    reasons.push({ en: `rows are in ${c}, the payment in ${cur}`, ru: `строки в валюте ${c}, а платёж — в ${cur}`, kk: `жолдар ${c} валютасында, ал төлем — ${cur} валютасында` });
  }
  const sum = sumOf(list);
  if (list.ref.total && list.ref.total.minor !== sum) {
    const [a, b] = [formatDecimal(list.ref.total.minor, cur), formatDecimal(sum, cur)];
    reasons.push({
      en: `the list's control total ${a} ≠ the sum of its rows ${b}`,
      ru: `контрольная сумма списка ${a} ≠ сумме его строк ${b}`,
      kk: `тізімнің бақылау сомасы ${a} ≠ оның жолдарының сомасы ${b}`,
    });
  }
  if (list.rows.length > 0 && sum !== doc.amount.minor) {
    const [a, b] = [formatDecimal(sum, cur), formatDecimal(doc.amount.minor, cur)];
    reasons.push({ en: `rows add up to ${a}, the payment is ${b}`, ru: `сумма строк — ${a}, а сумма платежа — ${b}`, kk: `жолдардың сомасы — ${a}, ал төлем сомасы — ${b}` });
  }
  return { reasons, score };
}

/** 'CSV list at line 3 (document 119)'. */
function where(l: EmployeeList): Text {
  const f = l.source === 'csv' ? 'CSV' : 'XML';
  const n = l.ref.number;
  return {
    en: `${f} list at line ${l.line}${n ? ` (document ${n})` : ''}`,
    ru: `список ${f} в строке ${l.line}${n ? ` (документ № ${n})` : ''}`,
    kk: `${l.line}-жолдағы ${f} тізімі${n ? ` (№ ${n} құжат)` : ''}`,
  };
}

/** 'pension payment 119' in each language. */
function paymentOf(d: ListDocument): Text {
  const k = DOCUMENT_KIND_TEXT[d.kind];
  return { en: `${d.kind} payment ${d.number}`, ru: `платежу № ${d.number} (${k.ru})`, kk: `№ ${d.number} төлемге (${k.kk})` };
}

export interface SideCarMatch {
  /** The document with the list's rows attached, or the document unchanged. */
  document: CanonicalDocument;
  /** The attached list, or null. */
  list: EmployeeList | null;
  /** Index of the attached list in `lists`, or -1. */
  index: number;
  issues: Issue[];
}

/**
 * Attaches the one list that fits a list document (pension, social, medical, salary) without rows. A list fits when
 * every reference it gives (payer IIK, order number) agrees with the document and its rows add up to the document's
 * amount; among several fitting lists the most specific wins, a tie is ambiguous (error, nothing attached). Documents
 * of other kinds, and documents that already have rows, come back unchanged. `line` locates issues (the document's line).
 */
export function matchSideCar(lists: readonly EmployeeList[], document: CanonicalDocument, line?: number): SideCarMatch {
  const none: SideCarMatch = { document, list: null, index: -1, issues: [] };
  if (!isListDocument(document) || document.rows.length > 0 || lists.length === 0) return none;
  const fits = lists.map((l) => fit(l, document));
  const ok = fits.map((f, i) => ({ f, i })).filter((x) => x.f.reasons.length === 0);
  const at = line === undefined ? {} : { line };
  if (ok.length === 0) {
    const best = fits.map((f, i) => ({ f, i })).sort((a, b) => a.f.reasons.length - b.f.reasons.length || b.f.score - a.f.score)[0]!;
    const [p, w, r] = [paymentOf(document), where(lists[best.i]!), joinText(best.f.reasons)];
    const [iban, number, total] = [document.payer.iban ?? '?', document.number, formatDecimal(document.amount.minor, document.amount.currency)];
    const text = t({
      en: `no employee list fits ${p.en}: closest is the ${w.en}: ${r.en}`,
      ru: `ни один список сотрудников не подходит к ${p.ru}; ближе всего ${w.ru}: ${r.ru}`,
      kk: `${p.kk} бірде-бір қызметкерлер тізімі сәйкес келмейді; ең жақыны — ${w.kk}: ${r.kk}`,
    });
    const expected = t({
      en: `a list with payer account ${iban}, number ${number}, total ${total}`,
      ru: `список с ИИК плательщика ${iban}, номером ${number} и суммой ${total}`,
      kk: `төлеушінің ЖСК-сы ${iban}, нөмірі ${number}, сомасы ${total} болатын тізім`,
    });
    return { ...none, issues: [issue('FMT_SIDECAR_MISMATCH', text, { ...at, field: 'rows', expected })] };
  }
  const top = Math.max(...ok.map((x) => x.f.score));
  const winners = ok.filter((x) => x.f.score === top);
  if (winners.length > 1) {
    const [n, p, ws] = [winners.length, paymentOf(document), joinText(winners.map((w) => where(lists[w.i]!)), ', ')];
    const text = t({
      en: `${n} employee lists fit ${p.en} equally (${ws.en}); none is attached`,
      ru: `к ${p.ru} одинаково подходят ${n} ${ruPlural(n, 'список', 'списка', 'списков')} сотрудников (${ws.ru}); ни один не присоединён`,
      kk: `${p.kk} ${n} қызметкерлер тізімі бірдей сәйкес келеді (${ws.kk}); ешқайсысы қосылмады`,
    });
    const expected = t({ en: 'lists that state their document number', ru: 'списки, в которых указан номер документа', kk: 'құжат нөмірі көрсетілген тізімдер' });
    return { ...none, issues: [issue('FMT_SIDECAR_AMBIGUOUS', text, { ...at, field: 'rows', expected })] };
  }
  const i = winners[0]!.i;
  const list = lists[i]!;
  return { document: { ...document, rows: list.rows }, list, index: i, issues: [] };
}

export interface AttachResult {
  documents: ParsedDocument[];
  /** `parseIssues` without the FMT_LIST_MISSING warnings of documents that got their rows, then the matching issues. */
  issues: Issue[];
  /** For each list (same order as the input): the line of the document it went to, or null. */
  attachedTo: (number | null)[];
}

/**
 * Attaches side-car lists to the documents of one payment file. A pair is made only when the list is the document's
 * unique best fit AND the document is the list's unique best fit; list documents left without rows get a mismatch or
 * ambiguity error, lists used by no document a FMT_SIDECAR_UNUSED warning (at the list's line in its side-car).
 * Pass the payment file's parse issues as `parseIssues` to get them back without the "list missing" warnings the
 * side-cars resolved.
 */
export function attachSideCars(lists: readonly EmployeeList[], documents: readonly ParsedDocument[], parseIssues: readonly Issue[] = []): AttachResult {
  const issues: Issue[] = [];
  const attachedTo: (number | null)[] = lists.map(() => null);
  const targets = documents.map((d, di) => ({ d, di })).filter((x) => isListDocument(x.d.document) && x.d.document.rows.length === 0);
  const fits = targets.map((t) => lists.map((l) => fit(l, t.d.document as ListDocument)));
  const bestFor = (scores: { ok: boolean; score: number }[]): number => {
    const ok = scores.map((s, i) => ({ ...s, i })).filter((s) => s.ok);
    if (ok.length === 0) return -1;
    const top = Math.max(...ok.map((s) => s.score));
    const w = ok.filter((s) => s.score === top);
    return w.length === 1 ? w[0]!.i : -2;
  };
  const out = [...documents];
  targets.forEach((target, ti) => {
    const li = bestFor(fits[ti]!.map((f) => ({ ok: f.reasons.length === 0, score: f.score })));
    const docBest = li >= 0 ? bestFor(fits.map((row) => ({ ok: row[li]!.reasons.length === 0, score: row[li]!.score }))) : -1;
    if (li >= 0 && docBest === ti) {
      out[target.di] = { ...target.d, document: { ...(target.d.document as ListDocument), rows: lists[li]!.rows } };
      attachedTo[li] = target.d.line ?? 0;
      return;
    }
    const r = matchSideCar(lists, target.d.document, target.d.line);
    if (li >= 0) {
      // The list fits this document but fits another one just as well.
      const [w, p] = [where(lists[li]!), paymentOf(target.d.document as ListDocument)];
      const text = t({
        en: `the ${w.en} fits ${p.en} and another payment equally; none is attached`,
        ru: `${w.ru} одинаково подходит к ${p.ru} и к другому платежу; ни один не присоединён`,
        kk: `${w.kk} ${p.kk} де, басқа төлемге де бірдей сәйкес келеді; ешқайсысына қосылмады`,
      });
      issues.push(issue('FMT_SIDECAR_AMBIGUOUS', text, { ...(target.d.line === undefined ? {} : { line: target.d.line }), field: 'rows' }));
    } else if (lists.length > 0) issues.push(...r.issues);
  });
  lists.forEach((l, i) => {
    if (attachedTo[i] === null) {
      const [w, n] = [where(l), l.rows.length];
      const text = t({
        en: `the ${w.en} (${n} row(s)) fits no payment order of the file`,
        ru: `${w.ru} (${n} ${ruPlural(n, 'строка', 'строки', 'строк')}) не подходит ни к одному платёжному поручению файла`,
        kk: `${w.kk} (${n} жол) файлдағы бірде-бір төлем тапсырмасына сәйкес келмейді`,
      });
      issues.push(issue('FMT_SIDECAR_UNUSED', text, { line: l.line, severity: 'warning' }));
    }
  });
  const resolved = new Set(attachedTo.filter((l): l is number => l !== null));
  const kept = parseIssues.filter((i) => !(i.code === 'FMT_LIST_MISSING' && i.line !== undefined && resolved.has(i.line)));
  return { documents: out, issues: [...kept, ...issues], attachedTo };
}
