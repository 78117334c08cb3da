// Statements → camt.053.001.08 (BankToCustomerStatementV08), valid against the official schema. Everything is
// checked first — balances stated and reconciling, amounts, dates, lengths and patterns of the schema — and every
// problem is listed in one GatewayError before a byte is written; then the XML streams out in ~64 KiB chunks.
//
// Choices the schema forces: an entry needs a status (absent in the model = booked → BOOK) and a bank transaction
// code — when the model has none (1C statements), an issuer-less proprietary code 'NTRF' (SWIFT's "non-SWIFT
// transfer", what MT940 :61: writes for the same case) is written; the reader then reads it back as that code.
// The KNP goes into `TxDtls/Purp/Prtry` (where the reader looks first by default); the document number into `NtryRef`.
import { formatDecimal, type Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { BankTransactionCode, OperationReferences, OperationTransaction, Statement, StatementBalance, StatementOperation } from '../../../gateway/core/model/statement.ts';
import type { StatementsWriter, WriteOptions } from '../../../gateway/core/plugin.ts';
import { XmlWriter } from '../xml/write.ts';
import { checkCamt053, DATE_TIME, IBAN } from './write-check.ts';

export { checkCamt053 } from './write-check.ts';

export const CAMT053_V08 = 'iso20022.camt.053.001.08';
const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';
/** Bank transaction code written when the model has none (see the file comment). */
export const DEFAULT_BANK_TRANSACTION_CODE: Readonly<BankTransactionCode> = Object.freeze({ proprietary: 'NTRF' });

const amt = (m: Money) => formatDecimal(m.minor < 0n ? -m.minor : m.minor, m.currency);
const cdtDbt = (d: 'credit' | 'debit') => (d === 'credit' ? 'CRDT' : 'DBIT');

/** Writes statements as one camt.053.001.08 message; the first `next()` rejects with the GatewayError when the input is refused. */
export async function* writeCamt053(statements: readonly Statement[], options: WriteOptions = {}): AsyncGenerator<Uint8Array> {
  checkCamt053(statements, options);
  const created = options.createdAt ?? new Date().toISOString();
  const msgId = options.messageId ?? `BG${created.replace(/\D/g, '').slice(0, 14)}${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const w = new XmlWriter();
  w.declaration().open('Document', { xmlns: NS }).open('BkToCstmrStmt');
  w.open('GrpHdr').leaf('MsgId', msgId).leaf('CreDtTm', created).close();
  for (const [i, st] of statements.entries()) {
    writeHeader(w, st, `${msgId}-${i + 1}`.slice(-35));
    for (const op of st.operations) {
      writeEntry(w, op, st);
      const chunk = w.take();
      if (chunk) yield chunk;
    }
    w.leaf('AddtlStmtInf', st.additionalInfo).close();
  }
  yield w.end();
}

function writeHeader(w: XmlWriter, st: Statement, fallbackId: string): void {
  w.open('Stmt').leaf('Id', st.id || fallbackId);
  if (st.sequence && /^\d{1,18}$/.test(st.sequence)) w.leaf('ElctrncSeqNb', st.sequence);
  const created = st.createdAt && /^\d{4}-\d{2}-\d{2}$/.test(st.createdAt) ? `${st.createdAt}T00:00:00` : st.createdAt;
  if (created && DATE_TIME.test(created)) w.leaf('CreDtTm', created);
  w.open('FrToDt').leaf('FrDtTm', `${st.from}T00:00:00`).leaf('ToDtTm', `${st.to}T23:59:59`).close();
  w.open('Acct').open('Id');
  if (IBAN.test(st.account)) w.leaf('IBAN', st.account);
  else w.open('Othr').leaf('Id', st.account).close();
  w.close().leaf('Ccy', st.currency);
  if (st.owner && (st.owner.name || st.owner.binIin)) writeParty(w, 'Ownr', st.owner, false);
  if (st.servicerBic) w.open('Svcr').open('FinInstnId').leaf('BICFI', st.servicerBic).close().close();
  w.close();
  for (const b of balancesOf(st)) {
    w.open('Bal').open('Tp').open('CdOrPrtry');
    if (/^[A-Z]{4}$/.test(b.type)) w.leaf('Cd', b.type);
    else w.leaf('Prtry', b.type);
    w.close().close().leaf('Amt', amt(b.amount), { Ccy: b.amount.currency }).leaf('CdtDbtInd', b.amount.minor < 0n ? 'DBIT' : 'CRDT');
    w.open('Dt').leaf('Dt', b.date).close().close();
  }
  let [nc, nd, sc, sd] = [0, 0, 0n, 0n];
  for (const op of st.operations) {
    if (op.direction === 'credit') [nc, sc] = [nc + 1, sc + op.amount.minor];
    else [nd, sd] = [nd + 1, sd + op.amount.minor];
  }
  const f = (v: bigint) => formatDecimal(v, st.currency);
  const net = sc - sd;
  w.open('TxsSummry');
  w.open('TtlNtries').leaf('NbOfNtries', String(nc + nd)).leaf('Sum', f(sc + sd));
  w.open('TtlNetNtry').leaf('Amt', f(net < 0n ? -net : net)).leaf('CdtDbtInd', net < 0n ? 'DBIT' : 'CRDT').close().close();
  w.open('TtlCdtNtries').leaf('NbOfNtries', String(nc)).leaf('Sum', f(sc)).close();
  w.open('TtlDbtNtries').leaf('NbOfNtries', String(nd)).leaf('Sum', f(sd)).close();
  w.close();
}

/** The stated balances in their order, with OPBD / CLBD made from the opening / closing balance when not among them. */
function balancesOf(st: Statement): StatementBalance[] {
  const list = [...(st.balances ?? [])];
  if (!list.some((b) => b.type === 'OPBD')) list.unshift({ type: 'OPBD', amount: st.openingBalance, date: list.find((b) => b.type === 'PRCD')?.date ?? st.from });
  if (!list.some((b) => b.type === 'CLBD')) {
    const at = list.findIndex((b) => b.type === 'OPBD') + 1;
    list.splice(at, 0, { type: 'CLBD', amount: st.closingBalance, date: list.find((b) => b.type === 'ITBD')?.date ?? st.to });
  }
  return list;
}

function writeEntry(w: XmlWriter, op: StatementOperation, st: Statement): void {
  w.open('Ntry').leaf('NtryRef', op.number || undefined).leaf('Amt', amt(op.amount), { Ccy: op.amount.currency }).leaf('CdtDbtInd', cdtDbt(op.direction));
  if (op.reversal) w.leaf('RvslInd', 'true');
  w.open('Sts').leaf('Cd', op.status === 'pending' ? 'PDNG' : op.status === 'info' ? 'INFO' : 'BOOK').close();
  if (op.date) w.open('BookgDt').leaf('Dt', op.date).close();
  if (op.valueDate) w.open('ValDt').leaf('Dt', op.valueDate).close();
  w.leaf('AcctSvcrRef', op.references?.accountServicer);
  writeCode(w, op.bankTransactionCode);
  if (op.originalAmount) w.open('AmtDtls').open('InstdAmt').leaf('Amt', amt(op.originalAmount), { Ccy: op.originalAmount.currency }).close().close();
  if (op.charges) w.open('Chrgs').leaf('TtlChrgsAndTaxAmt', amt(op.charges), { Ccy: op.charges.currency }).close();
  // A batch booking (even one whose transactions the bank did not list) keeps its `Btch` so that it reads back as one.
  const batch = op.transactions;
  if (batch) {
    w.open('NtryDtls').open('Btch').leaf('MsgId', op.references?.messageId).leaf('PmtInfId', op.references?.paymentInfoId).leaf('NbOfTxs', String(batch.length)).close();
    for (const tx of batch) writeTransaction(w, tx, op, st);
    w.close();
  } else if (hasDetails(op)) {
    w.open('NtryDtls');
    writeTransaction(w, { ...(op.references ? { references: op.references } : {}), counterparty: op.counterparty, purpose: op.purpose }, op, st, true);
    w.close();
  }
  w.leaf('AddtlNtryInf', op.additionalInfo ?? (batch && op.purpose ? op.purpose : undefined)).close();
}

function hasDetails(op: StatementOperation): boolean {
  const r = op.references;
  const cp = op.counterparty;
  return !!(
    (r && Object.entries(r).some(([k, v]) => k !== 'accountServicer' && v)) ||
    cp.name || cp.iban || cp.bic || cp.binIin || cp.country ||
    op.ultimateCounterparty || op.ownAccount || op.knp || op.purpose
  );
}

function writeCode(w: XmlWriter, code: BankTransactionCode | undefined): void {
  const c = code && ((code.domain && code.family && code.subFamily) || code.proprietary) ? code : DEFAULT_BANK_TRANSACTION_CODE;
  w.open('BkTxCd');
  if (c.domain && c.family && c.subFamily) w.open('Domn').leaf('Cd', c.domain).open('Fmly').leaf('Cd', c.family).leaf('SubFmlyCd', c.subFamily).close().close();
  if (c.proprietary) w.open('Prtry').leaf('Cd', c.proprietary).leaf('Issr', c.issuer).close();
  w.close();
}

const REFS: readonly [keyof OperationReferences, string][] = [
  ['messageId', 'MsgId'],
  ['accountServicer', 'AcctSvcrRef'],
  ['paymentInfoId', 'PmtInfId'],
  ['instructionId', 'InstrId'],
  ['endToEndId', 'EndToEndId'],
  ['transactionId', 'TxId'],
  ['mandateId', 'MndtId'],
  ['customer', 'AcctOwnrTxId'],
];

/** One `TxDtls`; for the entry's own details (`single`) the entry-level reference and amount are not repeated. */
function writeTransaction(w: XmlWriter, tx: OperationTransaction, op: StatementOperation, st: Statement, single = false): void {
  w.open('TxDtls');
  const r = tx.references;
  const refs = r ? REFS.filter(([k]) => r[k] && !(single && k === 'accountServicer')) : [];
  if (refs.length) {
    w.open('Refs');
    for (const [k, name] of refs) w.leaf(name, r![k]);
    w.close();
  }
  if (!single && tx.amount) w.leaf('Amt', amt(tx.amount), { Ccy: tx.amount.currency });
  if (!single && tx.direction) w.leaf('CdtDbtInd', cdtDbt(tx.direction));
  const direction = tx.direction ?? op.direction;
  const cp = tx.counterparty;
  const other = cp && (cp.name || cp.iban || cp.bic || cp.binIin || cp.country) ? cp : undefined;
  const ult = single ? op.ultimateCounterparty : undefined;
  const ownAcct = single ? op.ownAccount : undefined;
  const owner = single ? st.owner : undefined;
  const [debtor, debtorAcct, ultDebtor, creditor, creditorAcct, ultCreditor] =
    direction === 'credit' ? [other, other?.iban, ult, owner, ownAcct, undefined] : [owner, ownAcct, undefined, other, other?.iban, ult];
  if (debtor || debtorAcct || ultDebtor || creditor || creditorAcct || ultCreditor) {
    w.open('RltdPties');
    if (debtor && (debtor.name || debtor.binIin || debtor.country)) writeParty(w, 'Dbtr', debtor, true);
    if (debtorAcct) writeAccount(w, 'DbtrAcct', debtorAcct);
    if (ultDebtor) writeParty(w, 'UltmtDbtr', ultDebtor, true);
    if (creditor && (creditor.name || creditor.binIin || creditor.country)) writeParty(w, 'Cdtr', creditor, true);
    if (creditorAcct) writeAccount(w, 'CdtrAcct', creditorAcct);
    if (ultCreditor) writeParty(w, 'UltmtCdtr', ultCreditor, true);
    w.close();
  }
  if (other && (other.bic || other.bankName)) {
    w.open('RltdAgts').open(direction === 'credit' ? 'DbtrAgt' : 'CdtrAgt').open('FinInstnId').leaf('BICFI', other.bic).leaf('Nm', other.bankName || undefined).close().close().close();
  }
  if (op.knp) w.open('Purp').leaf('Prtry', op.knp).close();
  const purpose = tx.purpose;
  if (purpose) {
    w.open('RmtInf');
    for (const line of ustrd(purpose)) w.leaf('Ustrd', line);
    w.close();
  }
  w.close();
}

function writeParty(w: XmlWriter, role: string, p: Party | Omit<Party, 'iban'>, wrapped: boolean): void {
  w.open(role);
  if (wrapped) w.open('Pty');
  w.leaf('Nm', p.name || undefined);
  if (p.binIin) w.open('Id').open('OrgId').open('Othr').leaf('Id', p.binIin).open('SchmeNm').leaf('Cd', 'TXID').close().close().close().close();
  w.leaf('CtryOfRes', p.country);
  if (wrapped) w.close();
  w.close();
}

function writeAccount(w: XmlWriter, role: string, account: string): void {
  w.open(role).open('Id');
  if (IBAN.test(account)) w.leaf('IBAN', account);
  else w.open('Othr').leaf('Id', account).close();
  w.close().close();
}

/**
 * Remittance text as `Ustrd` lines of at most 140 characters, cut at spaces (the space dropped: the reader joins the
 * lines with one space, so the text reads back the same); a word longer than 140 characters is cut inside.
 */
export function ustrd(text: string): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > 140) {
    let cut = rest.lastIndexOf(' ', 140);
    if (cut <= 0) cut = 140;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** The camt.053.001.08 writer of the ISO 20022 format plugin. */
export const camt053Writer: StatementsWriter = {
  writes: 'statements',
  format: CAMT053_V08,
  extension: 'xml',
  write: (statements, options) => writeCamt053(statements, options),
};
