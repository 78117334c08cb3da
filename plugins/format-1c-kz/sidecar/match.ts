// Ties side-car employee lists to the list documents of a payment file: by payer IIK + order number + total
// (kz-formats.md addendum 1.3), reporting every mismatch instead of guessing.
import { issue, type Issue } from '../../../gateway/core/issue.ts';
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
  reasons: string[];
  /** How many reference parts were present and agreed (more = more specific). */
  score: number;
}

function sumOf(list: EmployeeList): bigint {
  let s = 0n;
  for (const r of list.rows) s += r.amount.minor;
  return s;
}

function fit(list: EmployeeList, doc: ListDocument): Fit {
  const reasons: string[] = [];
  let score = 0;
  const cur = doc.amount.currency;
  if (list.invalidRows > 0) reasons.push(`${list.invalidRows} row(s) of the list could not be read`);
  if (list.rows.length === 0 && list.invalidRows === 0) reasons.push('the list has no rows');
  if (list.ref.payerIban && doc.payer.iban) {
    if (normIban(list.ref.payerIban) === normIban(doc.payer.iban)) score++;
    else reasons.push(`payer account ${list.ref.payerIban} ≠ ${doc.payer.iban}`);
  }
  if (list.ref.number) {
    if (normNumber(list.ref.number) === normNumber(doc.number)) score += 2;
    else reasons.push(`document number ${list.ref.number} ≠ ${doc.number}`);
  }
  const other = list.rows.find((r) => r.amount.currency !== cur);
  if (other) reasons.push(`rows are in ${other.amount.currency}, the payment in ${cur}`);
  const sum = sumOf(list);
  if (list.ref.total && list.ref.total.minor !== sum) reasons.push(`the list's control total ${formatDecimal(list.ref.total.minor, cur)} ≠ the sum of its rows ${formatDecimal(sum, cur)}`);
  if (list.rows.length > 0 && sum !== doc.amount.minor) reasons.push(`rows add up to ${formatDecimal(sum, cur)}, the payment is ${formatDecimal(doc.amount.minor, cur)}`);
  return { reasons, score };
}

const where = (l: EmployeeList) => `${l.source === 'csv' ? 'CSV' : 'XML'} list at line ${l.line}${l.ref.number ? ` (document ${l.ref.number})` : ''}`;

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
    return {
      ...none,
      issues: [
        issue('FMT_SIDECAR_MISMATCH', `no employee list fits ${document.kind} payment ${document.number}: closest is the ${where(lists[best.i]!)}: ${best.f.reasons.join('; ')}`, {
          ...at,
          field: 'rows',
          expected: `a list with payer account ${document.payer.iban ?? '?'}, number ${document.number}, total ${formatDecimal(document.amount.minor, document.amount.currency)}`,
        }),
      ],
    };
  }
  const top = Math.max(...ok.map((x) => x.f.score));
  const winners = ok.filter((x) => x.f.score === top);
  if (winners.length > 1) {
    return {
      ...none,
      issues: [issue('FMT_SIDECAR_AMBIGUOUS', `${winners.length} employee lists fit ${document.kind} payment ${document.number} equally (${winners.map((w) => where(lists[w.i]!)).join(', ')}); none is attached`, { ...at, field: 'rows', expected: 'lists that state their document number' })],
    };
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
  targets.forEach((t, ti) => {
    const li = bestFor(fits[ti]!.map((f) => ({ ok: f.reasons.length === 0, score: f.score })));
    const docBest = li >= 0 ? bestFor(fits.map((row) => ({ ok: row[li]!.reasons.length === 0, score: row[li]!.score }))) : -1;
    if (li >= 0 && docBest === ti) {
      out[t.di] = { ...t.d, document: { ...(t.d.document as ListDocument), rows: lists[li]!.rows } };
      attachedTo[li] = t.d.line ?? 0;
      return;
    }
    const r = matchSideCar(lists, t.d.document, t.d.line);
    if (li >= 0) {
      // The list fits this document but fits another one just as well.
      issues.push(issue('FMT_SIDECAR_AMBIGUOUS', `the ${where(lists[li]!)} fits ${t.d.document.kind} payment ${(t.d.document as ListDocument).number} and another payment equally; none is attached`, { ...(t.d.line === undefined ? {} : { line: t.d.line }), field: 'rows' }));
    } else if (lists.length > 0) issues.push(...r.issues);
  });
  lists.forEach((l, i) => {
    if (attachedTo[i] === null) issues.push(issue('FMT_SIDECAR_UNUSED', `the ${where(l)} (${l.rows.length} row(s)) fits no payment order of the file`, { line: l.line, severity: 'warning' }));
  });
  const resolved = new Set(attachedTo.filter((l): l is number => l !== null));
  const kept = parseIssues.filter((i) => !(i.code === 'FMT_LIST_MISSING' && i.line !== undefined && resolved.has(i.line)));
  return { documents: out, issues: [...kept, ...issues], attachedTo };
}
