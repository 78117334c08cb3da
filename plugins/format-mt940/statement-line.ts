// `:61:` statement line: value date, [entry date MMDD], D/C/RD/RC mark, [funds code], amount, transaction type
// (N|F|S + 3), reference for the account owner, [//bank reference], [supplementary details on the next line].
import type { StatementDirection } from '../../gateway/core/model/statement.ts';
import { isBlank, isDigit, isUpper } from './chars.ts';

export interface RawStatementLine {
  /** Subfield 1, YYMMDD. */
  valueDate: string;
  /** Subfield 2, MMDD (absent, or four spaces in some exports). */
  entryDate?: string;
  /** Subfield 3: C, D, RC (reversal of a credit: money goes out) or RD (reversal of a debit: money comes in). */
  mark: 'C' | 'D' | 'RC' | 'RD';
  direction: StatementDirection;
  reversal: boolean;
  /** Subfield 4: third letter of the currency code, when the bank states it. */
  fundsCode?: string;
  /** Subfield 5, as written. */
  amount: string;
  /** Subfield 6: 'NTRF', 'FCHG', 'S202', … (absent in a few broken exports). */
  type?: string;
  /** Subfield 7 (`NONREF` kept as written). */
  customer?: string;
  /** Subfield 8, after `//`. */
  bank?: string;
  /** Subfield 9: the next line(s). */
  supplementary?: string;
}

/** Where the subfields of the mandatory part of a `:61:` line are (indexes into the trimmed first line). */
interface Head {
  /** Index after the entry date (6 when there is none; 10 also when it is four blanks). */
  entryEnd: number;
  markStart: number;
  markEnd: number;
  /** After the funds code (= markEnd when there is none). */
  amountStart: number;
  amountEnd: number;
  /** Index after the blanks that follow the amount. */
  end: number;
}

/**
 * The mandatory part as `^(\d{6})(\d{4}|\s{4})?([Rr]?[CcDd])([A-Z])?([0-9]+(?:[,.][0-9]*)?|[,.][0-9]+)\s*` would match
 * it, scanned by hand (this runs per entry); null when it does not match. No backtracking is lost: each optional part,
 * when skipped, leaves a character the next part cannot start with.
 */
function scanHead(s: string): Head | null {
  const n = s.length;
  for (let i = 0; i < 6; i++) if (!isDigit(s.charCodeAt(i))) return null;
  let p = 6;
  if (n >= 10) {
    let digits = 0;
    let blanks = 0;
    for (let i = 6; i < 10; i++) {
      const c = s.charCodeAt(i);
      if (isDigit(c)) digits++;
      else if (isBlank(c)) blanks++;
    }
    if (digits === 4 || blanks === 4) p = 10;
  }
  const entryEnd = p;
  const markStart = p;
  let c = s.charCodeAt(p);
  if (c === 82 || c === 114) c = s.charCodeAt(++p); // R r
  if (c !== 67 && c !== 99 && c !== 68 && c !== 100) return null; // C c D d
  const markEnd = ++p;
  if (isUpper(s.charCodeAt(p))) p++; // funds code
  const amountStart = p;
  c = s.charCodeAt(p);
  if (isDigit(c)) {
    while (isDigit(s.charCodeAt(p))) p++;
    c = s.charCodeAt(p);
    if (c === 44 || c === 46) {
      p++;
      while (isDigit(s.charCodeAt(p))) p++;
    }
  } else if (c === 44 || c === 46) {
    p++;
    if (!isDigit(s.charCodeAt(p))) return null;
    while (isDigit(s.charCodeAt(p))) p++;
  } else return null;
  const amountEnd = p;
  while (p < n && isBlank(s.charCodeAt(p))) p++;
  return { entryEnd, markStart, markEnd, amountStart, amountEnd, end: p };
}

/** Subfield 6 at `at`: `[A-Z][A-Z0-9]{2}[A-Z0-9 ]` (a few banks pad a short code with a space: 'NIT NONREF'). */
function hasType(s: string, at: number): boolean {
  if (at + 4 > s.length || !isUpper(s.charCodeAt(at))) return false;
  for (let i = at + 1; i < at + 4; i++) {
    const c = s.charCodeAt(i);
    if (!isUpper(c) && !isDigit(c) && !(i === at + 3 && c === 32)) return false;
  }
  return true;
}

const MARKS: Readonly<Record<string, RawStatementLine['mark']>> = { C: 'C', D: 'D', RC: 'RC', RD: 'RD' };

/** Splits a `:61:` field (its lines as written); null when the mandatory part (date, mark, amount) is not there. */
export function splitStatementLine(lines: readonly string[]): RawStatementLine | null {
  const first = (lines[0] ?? '').trim();
  const h = scanHead(first);
  if (!h) return null;
  // A lower-case mark ('d') is seen in a bank's published examples.
  const mark = MARKS[first.slice(h.markStart, h.markEnd).toUpperCase()]!;
  const out: RawStatementLine = {
    valueDate: first.slice(0, 6),
    mark,
    direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
    reversal: mark.length === 2,
    amount: first.slice(h.amountStart, h.amountEnd),
  };
  if (h.entryEnd === 10 && isDigit(first.charCodeAt(6))) out.entryDate = first.slice(6, 10);
  if (h.amountStart > h.markEnd) out.fundsCode = first.slice(h.markEnd, h.amountStart);
  let at = h.end;
  if (hasType(first, at)) {
    out.type = first.charCodeAt(at + 3) === 32 ? first.slice(at, at + 3) : first.slice(at, at + 4);
    at += 4;
  }
  let extra: string[] | undefined;
  const slash = first.indexOf('//', at);
  let customer = slash >= 0 ? first.slice(at, slash) : first.slice(at);
  if (slash >= 0) {
    const bank = first.slice(slash + 2).trim();
    if (bank !== '') out.bank = bank;
  }
  // Fixed-width exports pad the 16-character reference with spaces and go on with text: that text is supplementary.
  if (customer.length > 16 && isBlank(customer.charCodeAt(15)) && customer.slice(16).trim() !== '') {
    extra = [customer.slice(16).trim()];
    customer = customer.slice(0, 16);
  }
  customer = customer.trim();
  if (customer !== '') out.customer = customer;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l !== '') (extra ??= []).push(l);
  }
  if (extra !== undefined) out.supplementary = extra.join('\n');
  return out;
}
