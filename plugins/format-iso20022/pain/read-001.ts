// pain.001 (CustomerCreditTransferInitiation, .03 and .09, and other versions by local names) into canonical payment
// documents: one per CdtTrfTxInf, with its PmtInf's debtor, account, agent and execution date. Transactions are
// streamed as records, so 100,000 of them stay in bounded memory. Format-level problems become issues with line and
// XML path; KZ rules (IBAN, BIN, KNP …) are the host's validation. Never throws on bad input.
import type { CanonicalDocument, PaymentBase } from '../../../gateway/core/model/document.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { Issue } from '../../../gateway/core/issue.ts';
import type { ParseItem } from '../../../gateway/core/plugin.ts';
import { child, children, readXmlBatches, textOf, XmlStreamError, type XmlElement } from '../xml/stream.ts';
import { PAIN_001_MESSAGE, PAIN_002_MESSAGE } from './formats.ts';
import { resolvePain001Profile, type Pain001KzProfile } from './profile.ts';
import { COUNT, CURRENCY_CODE, DECIMAL, ISO_DATE, badValue, missingElement, notOrders, notSupported, totalsMismatch, wrongMessage, xmlIssue, type At } from './texts.ts';
import { currencyExponent } from '../../../gateway/core/model/money.ts';
import { contractOf, kbkOf, knpOf, purposeOf } from './fields.ts';
import { CURRENCY, SUM_SCALE, accountId, agent, amountMinor, dateChoice, readParty, scaled, sniffEncoding, unscaled } from './values.ts';

export interface Pain001ReadOptions {
  /** Where the Kazakh fields are (profile.ts); a bank profile record (or its `pain001` member); defaults when absent. */
  profile?: Partial<Pain001KzProfile> | Readonly<Record<string, unknown>>;
  signal?: AbortSignal;
}

/** What the reader counted, for callers that report on a file (the corpus test, the bench). */
export interface Pain001Summary {
  paymentInfos: number;
  transactions: number;
  documents: number;
}

// Keyed by codes and names from the file: no prototype, so `constructor` is not found in them.
const CHARGES: Record<string, 'OUR' | 'SHA' | 'BEN' | undefined> = Object.assign(Object.create(null) as Record<string, 'OUR' | 'SHA' | 'BEN' | undefined>, { DEBT: 'OUR', SHAR: 'SHA', CRED: 'BEN', SLEV: undefined });
const METHODS = new Set(['TRF', 'TRA']);
/** Messages that are not orders: given to the pain.001 reader they are refused as a whole. */
const NOT_ORDERS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  [PAIN_002_MESSAGE]: 'payment status report (pain.002)',
  BkToCstmrStmt: 'bank statement (camt.053)',
  BkToCstmrAcctRpt: 'account report (camt.052)',
  BkToCstmrDbtCdtNtfctn: 'debit/credit notification (camt.054)',
});

function isTransaction(path: readonly string[]): boolean {
  const n = path.length;
  return n >= 3 && path[n - 1] === 'CdtTrfTxInf' && path[n - 2] === 'PmtInf' && path[n - 3] === PAIN_001_MESSAGE;
}

/** PmtInf-level data, read once for all its transactions. */
interface PaymentInfo {
  el: XmlElement;
  base: string;
  ok: boolean;
  transactions: number;
  /** Scaled sum of the amounts as written; null once one is not a decimal. */
  sum: bigint | null;
  date: string;
  payer: Party;
  ultimateDebtor?: XmlElement;
  chargeBearer?: string;
  typeInfo?: XmlElement;
}

/** Streams documents and issues of a pain.001 message; `summary` (when given) is filled as it goes. */
export async function* readPain001(chunks: AsyncIterable<Uint8Array>, options: Pain001ReadOptions = {}, summary?: Pain001Summary): AsyncGenerator<ParseItem> {
  const { profile, problems } = resolvePain001Profile(options.profile);
  if (problems.length) throw new RangeError(`pain.001 profile: ${problems.join('; ')}`);
  const sum: Pain001Summary = summary ?? { paymentInfos: 0, transactions: 0, documents: 0 };
  let root = 'Document';
  let encoding: string | undefined;
  let pmt: PaymentInfo | null = null;
  let groupSeen = false;
  let txCount = 0;
  let txSum: bigint | null = 0n;
  let pmtIndex = 0;
  const out: ParseItem[] = [];
  const report = (i: Issue) => out.push({ type: 'issue', ...i });
  try {
    for await (const batch of readXmlBatches(sniffEncoding(chunks, (e) => (encoding = e)), { records: isTransaction, recordNames: ['CdtTrfTxInf'], ...(options.signal ? { signal: options.signal } : {}) })) for (const ev of batch) {
      if (ev.type === 'root') {
        root = ev.element.name;
        if (encoding) yield { type: 'meta', encoding };
        continue;
      }
      if (ev.type === 'record') {
        const parent = ev.ancestors[ev.ancestors.length - 1]!;
        if (pmt?.el !== parent) {
          if (pmt) closePaymentInfo(pmt, report);
          pmt = openPaymentInfo(parent, `${root}/${PAIN_001_MESSAGE}/PmtInf[${++pmtIndex}]`, profile, report);
          sum.paymentInfos++;
        }
        pmt.transactions++;
        txCount++;
        sum.transactions++;
        const r = mapTransaction(ev.element, pmt, `${pmt.base}/CdtTrfTxInf[${pmt.transactions}]`, profile);
        for (const i of r.issues) report(i);
        if (r.scaled === null) (pmt.sum = null), (txSum = null);
        else {
          if (pmt.sum !== null) pmt.sum += r.scaled;
          if (txSum !== null) txSum += r.scaled;
        }
        if (r.document && pmt.ok) {
          sum.documents++;
          out.push({ type: 'document', line: ev.element.line, endLine: ev.endLine, document: r.document });
        }
      } else if (ev.element.name === PAIN_001_MESSAGE) {
        if (pmt) closePaymentInfo(pmt, report), (pmt = null);
        groupSeen = true;
        checkGroup(ev.element, `${root}/${PAIN_001_MESSAGE}`, txCount, txSum, report);
      } else if (ev.path.length === 1) {
        if (pmt) closePaymentInfo(pmt, report), (pmt = null);
        if (!groupSeen) {
          const msg = ev.element.children[0];
          const at = { line: msg?.line ?? ev.element.line, field: `${root}/${msg?.name ?? PAIN_001_MESSAGE}` };
          if (msg?.name === PAIN_001_MESSAGE) checkGroup(msg, at.field, txCount, txSum, report);
          else if (msg && NOT_ORDERS[msg.name]) report(notOrders(at, NOT_ORDERS[msg.name]!, msg.name === PAIN_002_MESSAGE));
          else report(wrongMessage(at, msg?.name ?? ev.element.name, PAIN_001_MESSAGE));
        }
      }
      if (out.length) {
        // Plain yields: `yield*` over an array wraps every item in one more promise (100,000 documents).
        for (let k = 0; k < out.length; k++) yield out[k]!;
        out.length = 0;
      }
    }
  } catch (e) {
    if (!(e instanceof XmlStreamError)) throw e;
    yield* out.splice(0);
    yield { type: 'issue', ...xmlIssue(e) };
    return;
  }
  yield* out.splice(0);
}

const UNITS = new Map<string, bigint>();
/** 10^-SUM_SCALE units in one minor unit of `currency`. */
function unitOf(currency: string): bigint {
  let u = UNITS.get(currency);
  if (u === undefined) UNITS.set(currency, (u = 10n ** BigInt(SUM_SCALE - currencyExponent(currency))));
  return u;
}

const at = (el: XmlElement | undefined, fallback: XmlElement, field: string): At => ({ line: el?.line ?? fallback.line, field });

function openPaymentInfo(el: XmlElement, base: string, profile: Pain001KzProfile, report: (i: Issue) => void): PaymentInfo {
  let ok = true;
  const fail = (i: Issue) => ((ok = false), report(i));
  if (!textOf(el, 'PmtInfId')) fail(missingElement(at(child(el, 'PmtInfId'), el, `${base}/PmtInfId`)));
  const method = textOf(el, 'PmtMtd');
  const methodAt = at(child(el, 'PmtMtd'), el, `${base}/PmtMtd`);
  if (method === undefined) fail(missingElement(methodAt, { en: 'TRF', ru: 'TRF', kk: 'TRF' }));
  else if (method === 'CHK') fail(notSupported(methodAt, { en: 'cheques are not payment orders this gateway sends', ru: 'чеки не являются платёжными поручениями, которые отправляет шлюз', kk: 'чектер шлюз жіберетін төлем тапсырмалары емес' }));
  else if (!METHODS.has(method)) fail(badValue(method, methodAt, { en: 'not a payment method', ru: 'не способ платежа', kk: 'төлем тәсілі емес' }, { en: 'TRF', ru: 'TRF', kk: 'TRF' }));
  let date = '';
  const dateEl = child(el, 'ReqdExctnDt');
  const dateAt = at(dateEl, el, `${base}/ReqdExctnDt`);
  if (!dateEl) fail(missingElement(dateAt, ISO_DATE));
  else {
    const d = dateChoice(dateEl);
    if (d.date) date = d.date;
    else if (!d.text) fail(missingElement(dateAt, ISO_DATE));
    else fail(badValue(d.text, dateAt, { en: 'not a calendar date', ru: 'не календарная дата', kk: 'күнтізбелік күн емес' }, ISO_DATE));
  }
  const dbtr = child(el, 'Dbtr');
  if (!dbtr) fail(missingElement(at(undefined, el, `${base}/Dbtr`)));
  const acct = accountId(child(el, 'DbtrAcct'));
  if (acct === undefined) fail(missingElement(at(child(el, 'DbtrAcct'), el, `${base}/DbtrAcct/Id`), { en: 'IBAN or Othr/Id', ru: 'IBAN или Othr/Id', kk: 'IBAN немесе Othr/Id' }));
  const agt = child(el, 'DbtrAgt');
  if (!child(agt, 'FinInstnId')) fail(missingElement(at(agt, el, `${base}/DbtrAgt/FinInstnId`)));
  const chargeBearer = textOf(el, 'ChrgBr');
  if (chargeBearer !== undefined && !(chargeBearer in CHARGES)) fail(badChargeBearer(chargeBearer, at(child(el, 'ChrgBr'), el, `${base}/ChrgBr`)));
  const payer = readParty(dbtr, 'payer', profile, acct, agt);
  const ultimateDebtor = child(el, 'UltmtDbtr');
  const typeInfo = child(el, 'PmtTpInf');
  return {
    el,
    base,
    ok,
    transactions: 0,
    sum: 0n,
    date,
    payer,
    ...(ultimateDebtor ? { ultimateDebtor } : {}),
    ...(chargeBearer !== undefined ? { chargeBearer } : {}),
    ...(typeInfo ? { typeInfo } : {}),
  };
}

/** PmtInf-level NbOfTxs / CtrlSum, when written, against its transactions. */
function closePaymentInfo(p: PaymentInfo, report: (i: Issue) => void): void {
  checkTotals(p.el, p.base, p.transactions, p.sum, report, false);
}

function checkGroup(msg: XmlElement, base: string, count: number, total: bigint | null, report: (i: Issue) => void): void {
  // PmtInf blocks still here had no transaction (a read one is handed out and dropped).
  children(msg, 'PmtInf').forEach((p) => report(missingElement({ line: p.line, field: `${base}/PmtInf/CdtTrfTxInf` })));
  const hdr = child(msg, 'GrpHdr');
  if (!hdr) return report(missingElement({ line: msg.line, field: `${base}/GrpHdr` }));
  for (const name of ['MsgId', 'CreDtTm']) if (!textOf(hdr, name)) report(missingElement(at(child(hdr, name), hdr, `${base}/GrpHdr/${name}`)));
  if (!child(hdr, 'InitgPty')) report(missingElement(at(undefined, hdr, `${base}/GrpHdr/InitgPty`)));
  checkTotals(hdr, `${base}/GrpHdr`, count, total, report, true);
}

function checkTotals(el: XmlElement, base: string, count: number, total: bigint | null, report: (i: Issue) => void, required: boolean): void {
  const nb = textOf(el, 'NbOfTxs');
  const nbAt = at(child(el, 'NbOfTxs'), el, `${base}/NbOfTxs`);
  if (nb === undefined) {
    if (required) report(missingElement(nbAt, COUNT));
  } else if (!/^\d{1,15}$/.test(nb)) report(badValue(nb, nbAt, { en: 'not a number', ru: 'не число', kk: 'сан емес' }, COUNT));
  else if (BigInt(nb) !== BigInt(count)) report(totalsMismatch(nbAt, nb, String(count), 'count'));
  const cs = textOf(el, 'CtrlSum');
  if (cs === undefined) return;
  const csAt = at(child(el, 'CtrlSum'), el, `${base}/CtrlSum`);
  const v = scaled(cs);
  if (v === null) report(badValue(cs, csAt, { en: 'not a decimal', ru: 'не десятичное число', kk: 'ондық сан емес' }, DECIMAL));
  else if (total !== null && v !== total) report(totalsMismatch(csAt, cs, unscaled(total), 'sum'));
}

function badChargeBearer(v: string, a: At): Issue {
  const exp = { en: 'DEBT, SHAR, CRED or SLEV', ru: 'DEBT, SHAR, CRED или SLEV', kk: 'DEBT, SHAR, CRED немесе SLEV' };
  return badValue(v, a, { en: 'not a charge bearer code', ru: 'не код плательщика комиссии', kk: 'комиссия төлеушінің коды емес' }, exp);
}

interface Mapped {
  document?: CanonicalDocument;
  issues: Issue[];
  /** The amount as a scaled decimal (for CtrlSum), null when it is not one. */
  scaled: bigint | null;
}

function mapTransaction(tx: XmlElement, p: PaymentInfo, base: string, profile: Pain001KzProfile): Mapped {
  const issues: Issue[] = [];
  const endToEnd = textOf(tx, 'PmtId', 'EndToEndId');
  if (endToEnd === undefined) issues.push(missingElement(at(child(tx, 'PmtId'), tx, `${base}/PmtId/EndToEndId`)));
  const number = textOf(tx, 'PmtId', 'InstrId') ?? endToEnd ?? '';

  // Amount: InstdAmt with its currency, exact (bigint minor units).
  let amount: { minor: bigint; currency: string } | undefined;
  let scaledAmount: bigint | null = null;
  const amt = child(tx, 'Amt');
  const instd = child(amt, 'InstdAmt');
  if (!amt) issues.push(missingElement(at(undefined, tx, `${base}/Amt/InstdAmt`), DECIMAL));
  else if (!instd) {
    if (child(amt, 'EqvtAmt')) {
      const what = { en: 'an equivalent amount (to be converted by the bank) is not read; give InstdAmt', ru: 'эквивалентная сумма (пересчёт банком) не читается; укажите InstdAmt', kk: 'баламалы сома (банк қайта есептейді) оқылмайды; InstdAmt көрсетіңіз' };
      issues.push(notSupported(at(child(amt, 'EqvtAmt'), tx, `${base}/Amt/EqvtAmt`), what));
    } else issues.push(missingElement(at(amt, tx, `${base}/Amt/InstdAmt`), DECIMAL));
  } else {
    const ccy = instd.attrs['Ccy']?.trim() ?? '';
    const text = instd.text.trim();
    scaledAmount = null;
    if (!CURRENCY.test(ccy)) {
      const fc = at(instd, tx, `${base}/Amt/InstdAmt/@Ccy`);
      issues.push(ccy ? badValue(ccy, fc, { en: 'not a currency code', ru: 'не код валюты', kk: 'валюта коды емес' }, CURRENCY_CODE) : missingElement(fc, CURRENCY_CODE));
    } else if (!text) issues.push(missingElement(at(instd, tx, `${base}/Amt/InstdAmt`), DECIMAL));
    else {
      const r = amountMinor(text, ccy);
      if ('minor' in r) {
        amount = { minor: r.minor, currency: ccy };
        scaledAmount = r.minor * unitOf(ccy);
      }
      else if (r.error === 'decimals') {
        scaledAmount = scaled(text);
        const why = { en: `more decimals than ${ccy} has`, ru: `больше знаков после точки, чем у ${ccy}`, kk: `${ccy} валютасындағыдан үтірден кейінгі таңбалар көп` };
        issues.push(badValue(text, at(instd, tx, `${base}/Amt/InstdAmt`), why, DECIMAL, 'FMT_TOO_MANY_DECIMALS'));
      } else {
        const why = r.error === 'negative' ? { en: 'an amount cannot be negative', ru: 'сумма не может быть отрицательной', kk: 'сома теріс бола алмайды' } : { en: 'not a decimal amount', ru: 'не десятичная сумма', kk: 'ондық сома емес' };
        issues.push(badValue(text, at(instd, tx, `${base}/Amt/InstdAmt`), why, DECIMAL));
      }
    }
  }

  // Cdtr is optional in every version (a Swiss ESR payment names only the account): an empty name is the host's to flag.
  const cdtr = child(tx, 'Cdtr');
  const ownChargeBearer = textOf(tx, 'ChrgBr');
  const chargeBearer = ownChargeBearer ?? p.chargeBearer;
  if (ownChargeBearer !== undefined && !(ownChargeBearer in CHARGES)) issues.push(badChargeBearer(ownChargeBearer, at(child(tx, 'ChrgBr'), tx, `${base}/ChrgBr`)));
  if (issues.some((i) => i.severity === 'error') || !amount) return { issues, scaled: scaledAmount };

  const creditorAccount = accountId(child(tx, 'CdtrAcct'));
  const beneficiary = readParty(cdtr, 'beneficiary', profile, creditorAccount, child(tx, 'CdtrAgt'));
  const ultmtDbtr = child(tx, 'UltmtDbtr') ?? p.ultimateDebtor;
  const ultmtCdtr = child(tx, 'UltmtCdtr');
  const knp = knpOf(tx, p.typeInfo, profile);
  const priority = textOf(tx, 'PmtTpInf', 'InstrPrty') ?? textOf(p.typeInfo, 'InstrPrty');
  const doc: PaymentBase = {
    number,
    date: p.date,
    amount,
    payer: p.payer,
    beneficiary,
    ...(ultmtDbtr ? { actualPayer: readParty(ultmtDbtr, 'payer', profile) } : {}),
    ...(ultmtCdtr ? { actualBeneficiary: readParty(ultmtCdtr, 'beneficiary', profile) } : {}),
    ...(knp !== undefined ? { knp } : {}),
    purpose: purposeOf(tx),
    ...(priority !== undefined ? { priority } : {}),
  };
  const kbk = kbkOf(tx, profile);
  let document: CanonicalDocument;
  if (kbk !== undefined) document = { kind: 'budget', ...doc, kbk };
  else if (amount.currency === 'KZT') document = { kind: 'payment', ...doc };
  else {
    const charges = chargeBearer !== undefined ? CHARGES[chargeBearer] : undefined;
    const intermediaryBic = agent(child(tx, 'IntrmyAgt1')).bic;
    const contractNumber = contractOf(tx, profile);
    document = {
      kind: 'fx-payment',
      ...doc,
      ...(intermediaryBic !== undefined ? { intermediaryBic } : {}),
      ...(charges !== undefined ? { charges } : {}),
      ...(contractNumber !== undefined ? { contractNumber } : {}),
    };
  }
  return { document, issues, scaled: scaledAmount };
}
