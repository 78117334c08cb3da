// A raw MT940/MT942 message → Statement: balances (`:60a:` `:62a:` `:64:` `:65:`), entries (`:61:` + `:86:`), MT942
// `:13D:` `:34F:` `:90D:` `:90C:`; checks mandatory tags, currencies, dates, amounts and that the balances reconcile.
import type { Issue } from '../../gateway/core/issue.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { formatDecimal, type Money } from '../../gateway/core/model/money.ts';
import type { Statement, StatementBalance, StatementOperation } from '../../gateway/core/model/statement.ts';
import { readDetails } from './details.ts';
import type { RawMessage, RawTag } from './messages.ts';
import { splitStatementLine } from './statement-line.ts';
import * as x from './texts.ts';
import { entryDate, parseAmount, parseDateTime, parseYymmdd, splitBalance, type DateValue } from './values.ts';

export type MtKind = 'swift.mt940' | 'swift.mt942';

export interface BuiltStatement {
  statement: Statement | null;
  line: number;
  kind: MtKind;
  issues: Issue[];
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const BALANCE_TYPE: Record<string, string> = { '60F': 'OPBD', '60M': 'OPBD', '62F': 'CLBD', '62M': 'CLBD', '64': 'CLAV', '65': 'FWAV' };
/** The tags that name the account currency (balances first, then the MT942 floor limit). */
const CURRENCY_TAGS = new Set(['60F', '60M', '62F', '62M', '64', '65', '34F']);
const MT942_TAGS = new Set(['34F', '13D', '13', '90D', '90C']);

const value = (tag: RawTag) => tag.lines.join('').trim();
const lt2bic = (lt: string): string | undefined => {
  const bic = lt.slice(0, 8) + (lt.length >= 12 && lt.slice(9, 12) !== 'XXX' ? lt.slice(9, 12) : '');
  return BIC.test(bic) ? bic : undefined;
};

/** The bank of a message: the sender of an output (`{2:O940…` MIR) or of an input message (`{1:F01<LT>…`). */
export function bankOf(block1: string | undefined, block2: string | undefined): string | undefined {
  if (block2 && /^O\d{3}/.test(block2)) return lt2bic(block2.slice(14, 26));
  if (block1 && /^F\d{2}/.test(block1)) return lt2bic(block1.slice(3, 15));
  return undefined;
}

/** Which of the two a message is: block 2 says so; else MT942-only tags; else the format the file was detected as. */
export function kindOf(msg: RawMessage, hint: MtKind): MtKind {
  const b2 = /^[IO](94[02])/.exec(msg.block2 ?? '');
  if (b2) return b2[1] === '942' ? 'swift.mt942' : 'swift.mt940';
  return msg.tags.some((t) => MT942_TAGS.has(t.tag)) ? 'swift.mt942' : hint;
}

/** Stands for the counterparty of an operation until `applyDetails` (called for every entry) sets its own; never kept. */
const NO_PARTY: Readonly<Party> = Object.freeze({ name: '' });

interface Entry {
  op: StatementOperation;
  tag: RawTag;
  /** The lines of its `:86:` (of all of them, in order, when there are several); null when it has none. */
  details: string[] | null;
  supplementary?: string;
}

/** Builds one statement from a message; never throws. */
export function buildStatement(msg: RawMessage, hint: MtKind): BuiltStatement {
  const kind = kindOf(msg, hint);
  const issues: Issue[] = [];
  const at = (tag: RawTag) => ({ line: tag.line, field: `:${tag.tag}:` });
  const first = (...ids: string[]) => msg.tags.find((t) => ids.includes(t.tag));

  // The account currency: of the first balance, else the MT942 floor limit.
  let currency: string | undefined;
  for (const tg of msg.tags) {
    if (!CURRENCY_TAGS.has(tg.tag)) continue;
    const c = /^[CD]\d{6}([A-Z]{3})/.exec(value(tg).replace(/\s+/g, '')) ?? (tg.tag === '34F' ? /^([A-Z]{3})/.exec(value(tg)) : null);
    if (c) {
      currency = c[1]!;
      break;
    }
  }

  const date = (text: string, tag: RawTag): DateValue | null => {
    const d = parseYymmdd(text);
    if (!d) issues.push(x.badValue(text, at(tag), x.NOT_A_DATE, x.YYMMDD, 'FMT_BAD_DATE'));
    else if (d.clamped) issues.push(x.dateClamped(text, d.iso, at(tag)));
    return d;
  };
  const amount = (text: string, cur: string, tag: RawTag): bigint | null => {
    const a = parseAmount(text, cur);
    if (typeof a === 'bigint') return a;
    if (a === 'decimals') issues.push(x.badValue(text, at(tag), { en: `more decimals than ${cur} has`, ru: `больше знаков после запятой, чем у ${cur}`, kk: `${cur} валютасындағыдан көп ондық таңба` }, x.AMOUNT, 'FMT_TOO_MANY_DECIMALS'));
    else issues.push(x.badValue(text, at(tag), x.NOT_AN_AMOUNT, x.AMOUNT));
    return null;
  };

  let id: string | undefined;
  let account: string | undefined;
  let servicerBic = bankOf(msg.block1, msg.block2);
  let sequence: string | undefined;
  let createdAt: string | undefined;
  let opening: StatementBalance | undefined;
  let closing: StatementBalance | undefined;
  const balances: StatementBalance[] = [];
  const ops: StatementOperation[] = [];
  // The entry `:86:` still goes to. Its details are read as soon as it is complete, so that the entries of a long
  // statement do not all stay alive until the end; their issues follow the other issues of the tags, as before.
  let open: Entry | null = null;
  const detailIssues: Issue[] = [];
  const info: string[][] = [];
  const totals: { tag: RawTag; count: number | null; minor: bigint; direction: 'debit' | 'credit' }[] = [];
  let prev: string | undefined;

  for (const tag of msg.tags) {
    const v = tag.tag === '61' || tag.tag === '86' ? '' : value(tag);
    // The entry tags first: they are nearly all of a statement's tags.
    switch (tag.tag) {
      case '61': {
        if (open !== null) applyDetails(open, detailIssues);
        open = entry(tag, currency ?? 'XXX');
        if (open !== null) ops.push(open.op);
        break;
      }
      case '86':
        // Belongs to the entry right before it (several `:86:` in a row too); after the balances it is statement information.
        if (open !== null && (prev === '61' || prev === '86')) open.details = open.details === null ? tag.lines : open.details.concat(tag.lines);
        else info.push(tag.lines);
        break;
      case '20':
        id = v;
        break;
      case '25':
      case '25P': {
        // `:25:` 35x account, optionally `BIC/account` (also a German `BLZ/account`, kept as written).
        const slash = v.indexOf('/');
        if (slash > 0 && BIC.test(v.slice(0, slash))) {
          servicerBic ??= v.slice(0, slash);
          account = v.slice(slash + 1);
        } else account = v;
        break;
      }
      case '28':
      case '28C':
        sequence = v;
        break;
      case '13D':
      case '13': {
        const dt = parseDateTime(v);
        if (dt) createdAt = dt;
        else issues.push(x.badValue(v, at(tag), x.NOT_A_DATE, x.DATE_TIME, 'FMT_BAD_DATE'));
        break;
      }
      case '34F': {
        const m = /^([A-Z]{3})([DC])?([0-9.,]+)$/.exec(v.replace(/\s+/g, ''));
        if (!m) issues.push(x.badValue(v, at(tag), x.NOT_AN_AMOUNT, x.FLOOR_LIMIT));
        else if (currency && m[1] !== currency) issues.push(x.otherCurrency(m[1]!, currency, at(tag)));
        else amount(m[3]!, m[1]!, tag);
        break;
      }
      case '90D':
      case '90C': {
        const m = /^(\d{0,5})([A-Z]{3})([0-9.,]+)$/.exec(v.replace(/\s+/g, ''));
        if (!m) {
          issues.push(x.badValue(v, at(tag), x.NOT_AN_AMOUNT, x.TOTAL));
          break;
        }
        if (currency && m[2] !== currency) issues.push(x.otherCurrency(m[2]!, currency, at(tag)));
        const minor = amount(m[3]!, m[2]!, tag);
        if (minor !== null) totals.push({ tag, count: m[1] === '' ? null : Number(m[1]), minor, direction: tag.tag === '90D' ? 'debit' : 'credit' });
        break;
      }
      case '60F':
      case '60M':
      case '62F':
      case '62M':
      case '64':
      case '65': {
        // `:64:` / `:65:` (available balances) inform only: a bad one is skipped with a warning.
        const severity: Issue['severity'] = tag.tag.startsWith('6') && tag.tag.length === 2 ? 'warning' : 'error';
        const b = splitBalance(v);
        if (!b) {
          issues.push(x.badValue(v, at(tag), x.NOT_A_BALANCE, x.BALANCE, 'FMT_BAD_VALUE', severity));
          break;
        }
        const mark = issues.length;
        const d = date(b.date, tag);
        if (b.currency === '' && currency) {
          const why = { en: `the currency is missing; read as ${currency}`, ru: `не указана валюта; прочитано как ${currency}`, kk: `валюта көрсетілмеген; ${currency} ретінде оқылды` };
          issues.push(x.badValue(v, at(tag), why, x.BALANCE, 'FMT_BAD_VALUE', 'warning'));
          b.currency = currency;
        } else if (currency && b.currency !== currency) issues.push(x.otherCurrency(b.currency, currency, at(tag)));
        const minor = amount(b.amount, b.currency || 'XXX', tag);
        if (severity === 'warning') for (const i of issues.slice(mark)) i.severity = 'warning';
        if (!d || minor === null) break;
        const bal: StatementBalance = { type: BALANCE_TYPE[tag.tag]!, amount: { minor: b.mark === 'D' ? -minor : minor, currency: b.currency }, date: d.iso };
        if (tag.tag.endsWith('M')) bal.intermediate = true;
        balances.push(bal);
        if (tag.tag.startsWith('60')) opening ??= bal;
        if (tag.tag.startsWith('62')) closing ??= bal;
        break;
      }
      default:
        break;
    }
    if (tag.tag !== 'NS') prev = tag.tag;
    if (open !== null && tag.tag !== '61' && tag.tag !== '86' && tag.tag !== 'NS') {
      applyDetails(open, detailIssues);
      open = null;
    }
  }
  if (open !== null) applyDetails(open, detailIssues);
  for (const i of detailIssues) issues.push(i);

  function entry(tag: RawTag, cur: string): Entry | null {
    const s = splitStatementLine(tag.lines);
    if (!s) {
      issues.push(x.badValue(tag.lines[0] ?? '', at(tag), x.NOT_A_STATEMENT_LINE, x.STATEMENT_LINE));
      return null;
    }
    const vd = date(s.valueDate, tag);
    let booked: DateValue | null = vd;
    if (vd && s.entryDate !== undefined) {
      booked = entryDate(s.entryDate, vd.iso);
      if (!booked) issues.push(x.badValue(s.entryDate, at(tag), x.NOT_A_DATE, { en: 'entry date MMDD', ru: 'дата проводки ММДД', kk: 'жазба күні ААКК' }, 'FMT_BAD_DATE'));
    }
    const minor = amount(s.amount, cur, tag);
    if (!vd || !booked || minor === null) return null;
    if (!s.type) issues.push(x.badValue(tag.lines[0] ?? '', at(tag), { en: 'the transaction type (N|F|S + 3 characters) is missing', ru: 'нет кода типа операции (N|F|S + 3 символа)', kk: 'операция түрінің коды жоқ (N|F|S + 3 таңба)' }, x.STATEMENT_LINE, 'FMT_BAD_VALUE', 'warning'));
    const op: StatementOperation = {
      date: booked.iso,
      valueDate: vd.iso,
      number: '',
      direction: s.direction,
      amount: { minor, currency: cur },
      counterparty: NO_PARTY,
      purpose: '',
      documentKind: '',
    };
    if (s.reversal) op.reversal = true;
    if (s.customer !== undefined || s.bank !== undefined) {
      const refs: NonNullable<StatementOperation['references']> = {};
      if (s.customer !== undefined) refs.customer = s.customer;
      if (s.bank !== undefined) refs.accountServicer = s.bank;
      op.references = refs;
    }
    if (s.type) op.bankTransactionCode = { proprietary: s.type, issuer: 'SWIFT' };
    const e: Entry = { op, tag, details: null };
    if (s.supplementary !== undefined) e.supplementary = s.supplementary;
    return e;
  }

  // Mandatory tags.
  const need = (ids: string[], name: string, expected: x.At['field'], severity: Issue['severity'] = 'error') => {
    if (!first(...ids)) {
      const i = x.missingTag(name, msg.line, { en: expected, ru: expected, kk: expected });
      if (severity === 'warning') i.severity = 'warning';
      issues.push(i);
    }
  };
  need(['20'], ':20:', ':20:reference (16x)');
  need(['25', '25P'], ':25:', ':25:account (35x)');
  need(['28C', '28'], ':28C:', ':28C:statement number[/sequence]', 'warning');
  if (kind === 'swift.mt940') {
    need(['60F', '60M'], ':60F:', ':60F:' + x.BALANCE.en);
    need(['62F', '62M'], ':62F:', ':62F:' + x.BALANCE.en);
  } else {
    need(['34F'], ':34F:', ':34F:' + x.FLOOR_LIMIT.en, 'warning');
    need(['13D', '13'], ':13D:', ':13D:' + x.DATE_TIME.en, 'warning');
  }

  let credits = 0n;
  let debits = 0n;
  for (const op of ops) op.direction === 'credit' ? (credits += op.amount.minor) : (debits += op.amount.minor);

  // MT942 `:90D:` / `:90C:`: number and sum of the debit / credit entries.
  for (const tot of totals) {
    const mine = ops.filter((o) => o.direction === tot.direction);
    const sum = tot.direction === 'debit' ? debits : credits;
    if ((tot.count !== null && mine.length !== tot.count) || sum !== tot.minor) {
      const f = (n: number, m: bigint) => `${n} / ${formatDecimal(m, currency ?? 'XXX')}`;
      issues.push(x.totalDoesNotAddUp(`:${tot.tag.tag}:`, f(tot.count ?? mine.length, tot.minor), f(mine.length, sum), at(tot.tag)));
    }
  }

  if (!currency) return { statement: null, line: msg.line, kind, issues };

  const stated = opening !== undefined && closing !== undefined;
  if (stated) {
    const expected = opening!.amount.minor + credits - debits;
    if (expected !== closing!.amount.minor) {
      const f = (m: bigint) => formatDecimal(m, currency);
      const closeTag = msg.tags.find((t) => t.tag.startsWith('62'))!;
      issues.push(x.balancesDoNotReconcile({ opening: f(opening!.amount.minor), credits: f(credits), debits: f(debits), expected: f(expected), closing: f(closing!.amount.minor), entries: ops.length }, at(closeTag)));
    }
  }

  let early: string | undefined;
  let late: string | undefined;
  for (const o of ops) {
    if (early === undefined || o.date < early) early = o.date;
    if (late === undefined || o.date > late) late = o.date;
  }
  const zero: Money = { minor: 0n, currency };
  let from = opening?.date ?? early ?? createdAt?.slice(0, 10) ?? closing?.date ?? '';
  let to = closing?.date ?? late ?? createdAt?.slice(0, 10) ?? from;
  if (from === '') from = to;
  if (from > to) [from, to] = [to, from];

  const st: Statement = {
    account: account ?? '',
    currency,
    from,
    to,
    openingBalance: stated ? opening!.amount : zero,
    totalCredits: { minor: credits, currency },
    totalDebits: { minor: debits, currency },
    closingBalance: stated ? closing!.amount : zero,
    operations: ops,
    kind: kind === 'swift.mt942' ? 'intraday' : 'statement',
    balancesStated: stated,
  };
  if (id !== undefined) st.id = id;
  if (sequence !== undefined) st.sequence = sequence;
  if (createdAt !== undefined) st.createdAt = createdAt;
  if (servicerBic !== undefined) st.servicerBic = servicerBic;
  if (balances.length > 0) st.balances = balances;
  const infoText = info.map((l) => l.join('\n')).join('\n').trim();
  if (infoText !== '') st.additionalInfo = infoText;
  return { statement: st, line: msg.line, kind, issues };
}

/** `/OCMT/` / `/CHGS/` text ('EUR12,50') as Money; a warning when it is not one. */
function detailMoney(text: string | undefined, field: string, line: number, issues: Issue[]): Money | undefined {
  if (text === undefined) return undefined;
  const cur = text.slice(0, 3);
  const a = parseAmount(text.slice(3), cur);
  if (typeof a === 'bigint') return { minor: a, currency: cur };
  issues.push(x.badValue(text, { line, field }, x.NOT_AN_AMOUNT, x.AMOUNT, 'FMT_BAD_VALUE', 'warning'));
  return undefined;
}

/** `:86:` of an entry (and `:61:` supplementary details) into the operation. */
function applyDetails(e: Entry, issues: Issue[]): void {
  const op = e.op;
  if (e.details === null) op.counterparty = { name: '' };
  else {
    const d = readDetails(e.details);
    op.purpose = d.purpose;
    op.counterparty = d.counterparty;
    if (d.ultimate) op.ultimateCounterparty = d.ultimate;
    const r = d.references;
    if (r.customer !== undefined || r.accountServicer !== undefined || r.endToEndId !== undefined || r.mandateId !== undefined || r.paymentInfoId !== undefined || r.transactionId !== undefined || r.instructionId !== undefined) {
      op.references = op.references ? Object.assign(op.references, r) : r;
    }
    if (d.knp !== undefined) op.knp = d.knp;
    if (d.number !== undefined) op.number = d.number;
    if (d.documentDate !== undefined) {
      const dd = parseYymmdd(d.documentDate);
      if (dd && !dd.clamped) op.documentDate = dd.iso;
    }
    const oa = detailMoney(d.originalAmount, ':86: /OCMT/', e.tag.line, issues);
    if (oa) op.originalAmount = oa;
    const ch = detailMoney(d.charges, ':86: /CHGS/', e.tag.line, issues);
    if (ch) op.charges = ch;
    if (d.additionalInfo !== undefined) op.additionalInfo = d.additionalInfo;
  }
  if (e.supplementary !== undefined) {
    if (op.purpose === '' && e.details === null) op.purpose = e.supplementary;
    op.additionalInfo = op.additionalInfo === undefined ? e.supplementary : `${op.additionalInfo}\n${e.supplementary}`;
  }
}
