// `:61:` statement line: value date, [entry date MMDD], D/C/RD/RC mark, [funds code], amount, transaction type
// (N|F|S + 3), reference for the account owner, [//bank reference], [supplementary details on the next line].
import type { StatementDirection } from '../../gateway/core/model/statement.ts';

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

const HEAD = /^(\d{6})(\d{4}|\s{4})?([Rr]?[CcDd])([A-Z])?([0-9]+(?:[,.][0-9]*)?|[,.][0-9]+)\s*/;
/** Subfield 6; a few banks pad a short code with a space ('NIT NONREF'). */
const TYPE = /^[A-Z][A-Z0-9]{2}[A-Z0-9 ]/;

/** Splits a `:61:` field (its lines as written); null when the mandatory part (date, mark, amount) is not there. */
export function splitStatementLine(lines: readonly string[]): RawStatementLine | null {
  const first = (lines[0] ?? '').trim();
  const m = HEAD.exec(first);
  if (!m) return null;
  // A lower-case mark ('d') is seen in a bank's published examples.
  const mark = m[3]!.toUpperCase() as RawStatementLine['mark'];
  const out: RawStatementLine = {
    valueDate: m[1]!,
    mark,
    direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
    reversal: mark.length === 2,
    amount: m[5]!,
  };
  if (m[2] !== undefined && m[2].trim() !== '') out.entryDate = m[2];
  if (m[4] !== undefined) out.fundsCode = m[4];
  let rest = first.slice(m[0].length);
  const type = TYPE.exec(rest);
  if (type) {
    out.type = type[0].trimEnd();
    rest = rest.slice(4);
  }
  let extra: string[] | undefined;
  const slash = rest.indexOf('//');
  let customer = slash >= 0 ? rest.slice(0, slash) : rest;
  if (slash >= 0) {
    const bank = rest.slice(slash + 2).trim();
    if (bank !== '') out.bank = bank;
  }
  // Fixed-width exports pad the 16-character reference with spaces and go on with text: that text is supplementary.
  if (customer.length > 16 && /\s$/.test(customer.slice(0, 16)) && customer.slice(16).trim() !== '') {
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
