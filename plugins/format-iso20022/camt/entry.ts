// One camt `Ntry` → one StatementOperation. Single transaction details fill the operation itself; a batch booking
// (`NtryDtls/Btch`, or several `TxDtls`) keeps each transaction in `transactions[]`. Objects hold only what is stated.
import { t } from '../../../gateway/core/issue.ts';
import type { Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { BankTransactionCode, OperationReferences, OperationTransaction, StatementOperation } from '../../../gateway/core/model/statement.ts';
import { child, children, type XmlElement } from '../xml/stream.ts';
import { badValue, ENTRY_STATUS, missing, otherCurrency } from './texts.ts';
import { amountOf, at, choiceDate, code, directionOf, flat, nameText, text, type Report } from './values.ts';

/** Where the Kazakh payment purpose code (KNP, 3 digits) is read from, tried in the order given. */
export type KnpSource = 'purpose' | 'remittance';

export interface KnpOptions {
  /**
   * 'purpose': `TxDtls/Purp/Prtry` holding exactly 3 digits; 'remittance': the pattern below in `RmtInf/Ustrd`
   * (then `AddtlTxInf`, `AddtlNtryInf`). Default ['purpose', 'remittance'] — the NBK MX guideline's place is not
   * public (kz-formats.md 2.4, 5.3); one guide puts the EKNP string into unstructured remittance text.
   */
  from?: readonly KnpSource[];
  /** Finds the code in remittance text; group 1 is the code. Default: `KNP` or `КНП`, an optional `:`/`=`/`/`, 3 digits. */
  pattern?: RegExp;
}

export const DEFAULT_KNP_SOURCES: readonly KnpSource[] = ['purpose', 'remittance'];
export const DEFAULT_KNP_PATTERN = /(?:^|[^\p{L}\d])(?:KNP|КНП)\s*[:=/-]?\s*(\d{3})(?!\d)/iu;

export interface EntryContext {
  /** The account currency ('' when the statement states none). */
  currency: string;
  /** XML path of the entry, e.g. 'Document/BkToCstmrStmt/Stmt[1]/Ntry[3]'. */
  path: string;
  knpFrom: readonly KnpSource[];
  knpPattern: RegExp;
  report: Report;
}

/** Keyed by the file's status code: no prototype, so `constructor` is an unknown status like any other. */
const STATUS: Record<string, StatementOperation['status'] | 'booked'> = Object.assign(Object.create(null) as Record<string, StatementOperation['status'] | 'booked'>, { BOOK: 'booked', PDNG: 'pending', FUTR: 'pending', INFO: 'info' } as const);

/** The operation of one entry, or null when its amount or direction cannot be read (reported). */
export function mapEntry(ntry: XmlElement, c: EntryContext): StatementOperation | null {
  const { path, report } = c;
  const amount = amountOf(child(ntry, 'Amt'), `${path}/Amt`, ntry, report);
  const direction = directionOf(ntry, path, report);
  if (amount && c.currency && amount.currency !== c.currency) {
    report(otherCurrency(amount.currency, at(child(ntry, 'Amt')!, `${path}/Amt/@Ccy`), c.currency));
    return null;
  }
  if (!amount || !direction) return null;
  if (amount.minor === 0n) {
    report(badValue('0', at(child(ntry, 'Amt')!, `${path}/Amt`), t({ en: 'an entry of zero', ru: 'проводка на нулевую сумму', kk: 'нөлдік сомаға жазба' }), t({ en: 'an amount above zero', ru: 'сумма больше нуля', kk: 'нөлден үлкен сома' }), 'FMT_BAD_VALUE', 'warning'));
  }
  const status = statusOf(ntry, path, report);
  const bookingDate = choiceDate(child(ntry, 'BookgDt'), `${path}/BookgDt`, report);
  const valueDate = choiceDate(child(ntry, 'ValDt'), `${path}/ValDt`, report);
  if (!bookingDate && status === 'booked') report(missing(at(ntry, `${path}/BookgDt`), undefined, 'warning'));
  const txs = transactionsOf(ntry);
  const batch = child(ntry, 'NtryDtls', 'Btch');
  const single = !batch && txs.length === 1 ? txs[0] : undefined;

  const entryRef = text(ntry, 'AcctSvcrRef');
  const addtl = text(ntry, 'AddtlNtryInf');
  const op: StatementOperation = {
    date: bookingDate ?? valueDate ?? '',
    number: text(ntry, 'NtryRef') ?? '',
    direction,
    amount,
    counterparty: { name: '' },
    purpose: '',
    documentKind: '',
  };
  if (valueDate) op.valueDate = valueDate;
  if (status !== 'booked') op.status = status;
  if (/^(?:true|1)$/.test(text(ntry, 'RvslInd') ?? '')) op.reversal = true;
  const code = codeOf(child(ntry, 'BkTxCd')) ?? (single ? codeOf(child(single, 'BkTxCd')) : undefined);
  if (code) op.bankTransactionCode = code;
  const instructed = amountOf(child(ntry, 'AmtDtls', 'InstdAmt', 'Amt'), `${path}/AmtDtls/InstdAmt/Amt`, ntry, report, false) ??
    (single ? amountOf(child(single, 'AmtDtls', 'InstdAmt', 'Amt'), `${path}/NtryDtls/TxDtls/AmtDtls/InstdAmt/Amt`, single, report, false) : undefined);
  if (instructed && (instructed.minor !== amount.minor || instructed.currency !== amount.currency)) op.originalAmount = instructed;
  const charges = child(ntry, 'Chrgs') ? chargesOf(children(ntry, 'Chrgs'), `${path}/Chrgs`, report) : undefined;
  if (charges) op.charges = charges;
  if (addtl) op.additionalInfo = addtl;

  if (single) {
    const refs = refsOf(single, entryRef);
    if (refs) op.references = refs;
    const side = sidesOf(single, direction, `${path}/NtryDtls/TxDtls`, report);
    if (side.counterparty) op.counterparty = side.counterparty;
    if (side.ultimate) op.ultimateCounterparty = side.ultimate;
    if (side.ownAccount) op.ownAccount = side.ownAccount;
    op.purpose = remittanceOf(single) ?? text(single, 'AddtlTxInf') ?? addtl ?? '';
    const knp = knpOf(single, addtl, c);
    if (knp) op.knp = knp;
  } else {
    const refs: OperationReferences = {};
    if (entryRef) refs.accountServicer = entryRef;
    const msgId = text(batch, 'MsgId');
    const pmtInfId = text(batch, 'PmtInfId');
    if (msgId) refs.messageId = msgId;
    if (pmtInfId) refs.paymentInfoId = pmtInfId;
    if (entryRef || msgId || pmtInfId) op.references = refs;
    op.purpose = addtl ?? '';
    if (batch || txs.length > 0) {
      const list: OperationTransaction[] = [];
      let knp: string | undefined | null;
      txs.forEach((tx, i) => {
        const txPath = `${path}/NtryDtls/TxDtls[${i + 1}]`;
        const item: OperationTransaction = {};
        const amt =
          amountOf(child(tx, 'Amt'), `${txPath}/Amt`, tx, report, false) ??
          amountOf(child(tx, 'AmtDtls', 'TxAmt', 'Amt'), `${txPath}/AmtDtls/TxAmt/Amt`, tx, report, false) ??
          amountOf(child(tx, 'AmtDtls', 'InstdAmt', 'Amt'), `${txPath}/AmtDtls/InstdAmt/Amt`, tx, report, false);
        if (amt) item.amount = amt;
        const dir = directionOf(tx, txPath, report, false);
        if (dir) item.direction = dir;
        const side = sidesOf(tx, dir ?? direction, txPath, report);
        if (side.counterparty) item.counterparty = side.counterparty;
        const purpose = remittanceOf(tx) ?? text(tx, 'AddtlTxInf');
        if (purpose) item.purpose = purpose;
        const r = refsOf(tx, undefined);
        if (r) item.references = r;
        const k = knpOf(tx, undefined, c) ?? null;
        knp = i === 0 ? k : knp === k ? knp : null;
        list.push(item);
      });
      op.transactions = list;
      if (knp) op.knp = knp;
      if (list.length === 1 && list[0]!.counterparty) op.counterparty = list[0]!.counterparty;
    }
  }
  op.number ||= numberOf(op.references);
  return op;
}

/** The `TxDtls` of every `NtryDtls`, in order (loops: called for every entry). */
function transactionsOf(ntry: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const kids = ntry.children;
  for (let i = 0; i < kids.length; i++) {
    const d = kids[i]!;
    if (d.name !== 'NtryDtls') continue;
    for (let k = 0; k < d.children.length; k++) if (d.children[k]!.name === 'TxDtls') out.push(d.children[k]!);
  }
  return out;
}

function statusOf(ntry: XmlElement, path: string, report: Report): NonNullable<StatementOperation['status']> {
  const sts = child(ntry, 'Sts');
  const v = sts && (child(sts, 'Cd') ?? child(sts, 'Prtry') ?? sts).text.trim();
  if (!sts || !v) {
    report(missing(at(ntry, `${path}/Sts`), ENTRY_STATUS, 'warning'));
    return 'booked';
  }
  const s = STATUS[v];
  if (s) return s;
  report(badValue(v, at(sts, `${path}/Sts`), t({ en: 'an unknown entry status: read as information only (not booked)', ru: 'неизвестный статус проводки: считается информационной (не проведена)', kk: 'белгісіз жазба мәртебесі: ақпараттық деп саналады (өткізілмеген)' }), ENTRY_STATUS, 'FMT_BAD_VALUE', 'warning'));
  return 'info';
}

/** Document number as far as camt has one: the instruction id, else the end-to-end id, else the bank's reference. */
function numberOf(r: OperationReferences | undefined): string {
  if (!r) return '';
  const e2e = r.endToEndId && r.endToEndId !== 'NOTPROVIDED' ? r.endToEndId : undefined;
  return r.instructionId ?? e2e ?? r.accountServicer ?? '';
}

/** A code as written (`Domn/Cd`, `Fmly/Cd`, `Fmly/SubFmlyCd`, `Prtry/Cd`, `Prtry/Issr`, trimmed) and its shared object. */
interface KnownCode {
  parts: readonly [string, string, string, string, string];
  code: BankTransactionCode | undefined;
}

/**
 * Identical codes share one (frozen) object: most entries of a statement carry one of a few codes, so the codes seen
 * are compared part by part (no key string to build and hash for every entry). Bounded: past 32, replaced in turn.
 */
const known: KnownCode[] = [];
const KNOWN_MAX = 32;
let nextKnown = 0;

export function codeOf(el: XmlElement | undefined): BankTransactionCode | undefined {
  if (!el) return undefined;
  const domn = child(el, 'Domn');
  const fmly = child(domn, 'Fmly');
  const prtry = child(el, 'Prtry');
  const d = raw(domn, 'Cd');
  const f = raw(fmly, 'Cd');
  const sf = raw(fmly, 'SubFmlyCd');
  const p = raw(prtry, 'Cd');
  const i = raw(prtry, 'Issr');
  for (let k = 0; k < known.length; k++) {
    const c = known[k]!;
    const q = c.parts;
    if (q[0] === d && q[1] === f && q[2] === sf && q[3] === p && q[4] === i) return c.code;
  }
  const made = makeCode(el);
  const code = made ? Object.freeze(made) : undefined;
  // Copies (`flat`): the table outlives the chunk the parts were read from.
  known[known.length < KNOWN_MAX ? known.length : nextKnown++ % KNOWN_MAX] = { parts: [flat(d), flat(f), flat(sf), flat(p), flat(i)], code };
  return code;
}

function raw(el: XmlElement | undefined, name: string): string {
  return child(el, name)?.text.trim() ?? '';
}

function makeCode(el: XmlElement): BankTransactionCode | undefined {
  const c: BankTransactionCode = {};
  const domain = code(el, 'Domn', 'Cd');
  const family = code(el, 'Domn', 'Fmly', 'Cd');
  const sub = code(el, 'Domn', 'Fmly', 'SubFmlyCd');
  const prtry = code(el, 'Prtry', 'Cd');
  const issuer = code(el, 'Prtry', 'Issr');
  if (domain) c.domain = domain;
  if (family) c.family = family;
  if (sub) c.subFamily = sub;
  if (prtry) c.proprietary = prtry;
  if (issuer && prtry) c.issuer = issuer;
  return domain || prtry ? c : undefined;
}

const REFS: readonly [string, keyof OperationReferences][] = [
  ['MsgId', 'messageId'],
  ['PmtInfId', 'paymentInfoId'],
  ['InstrId', 'instructionId'],
  ['EndToEndId', 'endToEndId'],
  ['TxId', 'transactionId'],
  ['MndtId', 'mandateId'],
  ['AcctOwnrTxId', 'customer'],
];

function refsOf(tx: XmlElement, entryRef: string | undefined): OperationReferences | undefined {
  const refs = child(tx, 'Refs');
  const r: OperationReferences = {};
  let any = false;
  const svcr = entryRef ?? text(refs, 'AcctSvcrRef');
  if (svcr) {
    r.accountServicer = svcr;
    any = true;
  }
  if (refs === undefined) return any ? r : undefined;
  for (let i = 0; i < REFS.length; i++) {
    const v = text(refs, REFS[i]![0]);
    if (v) {
      r[REFS[i]![1]] = v;
      any = true;
    }
  }
  return any ? r : undefined;
}

/** Ustrd lines joined by a space; else the structured creditor reference. */
function remittanceOf(tx: XmlElement): string | undefined {
  const rmt = child(tx, 'RmtInf');
  if (!rmt) return undefined;
  // Nearly always one Ustrd: read it without building lists.
  const ustrd = children(rmt, 'Ustrd');
  if (ustrd.length === 1) {
    const one = text(ustrd[0]);
    if (one) return one;
  }
  const lines = ustrd.map((u) => u.text.trim()).filter(Boolean);
  if (lines.length) return lines.length === 1 ? text(rmt, 'Ustrd') : lines.join(' ');
  for (const s of children(rmt, 'Strd')) {
    const ref = text(s, 'CdtrRefInf', 'Ref');
    if (ref) return ref;
  }
  return undefined;
}

function knpOf(tx: XmlElement, addtl: string | undefined, c: EntryContext): string | undefined {
  for (const source of c.knpFrom) {
    if (source === 'purpose') {
      const v = code(tx, 'Purp', 'Prtry');
      if (v && /^\d{3}$/.test(v)) return v;
    } else {
      for (const s of [...children(child(tx, 'RmtInf'), 'Ustrd').map((u) => u.text), text(tx, 'AddtlTxInf'), addtl]) {
        const m = s ? c.knpPattern.exec(s) : null;
        if (m?.[1]) return m[1];
      }
    }
  }
  return undefined;
}

/** The other side (debtor of a credit, creditor of a debit), its ultimate party, and the own account when named. */
function sidesOf(tx: XmlElement, direction: 'credit' | 'debit', path: string, report: Report): { counterparty?: Party; ultimate?: Party; ownAccount?: string } {
  const p = child(tx, 'RltdPties');
  const a = child(tx, 'RltdAgts');
  const credit = direction === 'credit';
  const other = credit ? 'Dbtr' : 'Cdtr';
  const out: { counterparty?: Party; ultimate?: Party; ownAccount?: string } = {};
  const cp = partyOf(child(p, other), child(p, credit ? 'DbtrAcct' : 'CdtrAcct'), child(a, credit ? 'DbtrAgt' : 'CdtrAgt'), `${path}/RltdAgts/${other}Agt`, report);
  if (cp) out.counterparty = cp;
  const ult = partyOf(child(p, credit ? 'UltmtDbtr' : 'UltmtCdtr'), undefined, undefined, '', report);
  if (ult) out.ultimate = ult;
  const ownAcct = accountOf(child(p, credit ? 'CdtrAcct' : 'DbtrAcct'));
  if (ownAcct) out.ownAccount = ownAcct;
  return out;
}

/**
 * An account id: IBAN, else `Othr/Id` (V01 names the non-IBAN account `PrtryAcct`). `shared` for accounts that repeat
 * (the own account): one interned copy; a counterparty's account is mostly new each entry, so interning would only
 * fill the table.
 */
export function accountOf(acct: XmlElement | undefined, shared = true): string | undefined {
  const id = child(acct, 'Id');
  if (id === undefined) return undefined;
  const read = shared ? code : text;
  return read(id, 'IBAN') ?? read(id, 'Othr', 'Id') ?? read(id, 'PrtryAcct', 'Id');
}

const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/** The BIC of an agent (V08 `BICFI`, V02 `BIC`); one of a wrong form is reported (warning) and left out. */
export function bicOf(agent: XmlElement | undefined, path: string, report: Report): string | undefined {
  const fin = child(agent, 'FinInstnId');
  const el = child(fin, 'BICFI') ?? child(fin, 'BIC');
  const v = code(el);
  if (!v || BIC.test(v)) return v;
  report(badValue(v, at(el!, `${path}/FinInstnId/${el!.name}`), t({ en: 'not a BIC; left out', ru: 'не БИК; не учитывается', kk: 'БСК емес; ескерілмейді' }), t({ en: 'a BIC of 8 or 11 letters and digits', ru: 'БИК из 8 или 11 букв и цифр', kk: '8 немесе 11 әріп пен цифрдан тұратын БСК' }), 'FMT_BAD_VALUE', 'warning'));
  return undefined;
}

function partyOf(role: XmlElement | undefined, acct: XmlElement | undefined, agent: XmlElement | undefined, path: string, report: Report): Party | undefined {
  if (role === undefined && acct === undefined && agent === undefined) return undefined;
  const agt = child(role, 'Agt');
  const pty = child(role, 'Pty') ?? (agt ? undefined : role);
  const party: Party = { name: nameText(pty, 'Nm') ?? nameText(agt, 'FinInstnId', 'Nm') ?? '' };
  const pid = child(pty, 'Id');
  const id = pid && (text(pid, 'OrgId', 'Othr', 'Id') ?? text(pid, 'PrvtId', 'Othr', 'Id'));
  if (id && /^\d{12}$/.test(id)) party.binIin = id;
  const iban = accountOf(acct, false);
  if (iban) party.iban = iban;
  const bic = bicOf(agent, path, report) ?? bicOf(agt, path, report);
  if (bic) party.bic = bic;
  const bank = text(agent, 'FinInstnId', 'Nm');
  if (bank) party.bankName = bank;
  const country = code(pty, 'CtryOfRes');
  if (country && /^[A-Z]{2}$/.test(country)) party.country = country;
  return party.name || party.binIin || party.iban || party.bic || party.country ? party : undefined;
}

/** Charges of an entry: V08 `TtlChrgsAndTaxAmt` (else the sum of `Rcrd/Amt`), V02 the sum of the repeated `Chrgs/Amt`, in one currency. */
function chargesOf(list: XmlElement[], path: string, report: Report): Money | undefined {
  if (!list.length) return undefined;
  const total = amountOf(child(list[0], 'TtlChrgsAndTaxAmt'), `${path}/TtlChrgsAndTaxAmt`, list[0]!, report, false);
  if (total) return total;
  const parts = list
    .flatMap((el) => [...children(el, 'Rcrd'), el])
    .map((r) => amountOf(child(r, 'Amt'), `${path}/Amt`, r, report, false))
    .filter((m): m is Money => !!m);
  if (!parts.length || parts.some((m) => m.currency !== parts[0]!.currency)) return undefined;
  return { minor: parts.reduce((s, m) => s + m.minor, 0n), currency: parts[0]!.currency };
}
