// Canonical payment documents as a pain.001.001.09 (CustomerCreditTransferInitiationV09), valid against the ISO XSD:
// one PmtInf per (payer and its account, execution date, currency, charge bearer), one CdtTrfTxInf per document, the
// Kazakh fields where the bank profile puts them (profile.ts). The whole input is checked first: one user
// GatewayError lists every problem before a byte is written; then the file streams out in ~64 KiB chunks.
import { GatewayError } from '../../../gateway/core/errors.ts';
import { formatDecimal } from '../../../gateway/core/model/money.ts';
import type { CanonicalDocument } from '../../../gateway/core/model/document.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { DocumentsWriter } from '../../../gateway/core/plugin.ts';
import { XmlWriter } from '../xml/write.ts';
import { CHARGE_BEARER, checkPain001, type Pain001Problem, type Pain001WriteOptions, type PayDocument } from './check-001.ts';
import { USTRD_MAX } from './fields.ts';
import { PAIN_001_09 } from './formats.ts';
import { resolvePain001Profile, type Pain001KzProfile } from './profile.ts';
import { IBAN, scaled, unscaled } from './values.ts';

export { checkPain001, type Pain001Problem, type Pain001WriteOptions } from './check-001.ts';

export const PAIN_001_09_NS = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/** The problems as one user error (FMT_NOT_SUPPORTED when only kinds are refused, else FMT_BAD_VALUE). */
function refusal(problems: Pain001Problem[]): GatewayError {
  const onlyKinds = problems.every((p) => p.field === 'kind');
  const list = problems.map((p) => `${p.index !== undefined ? `document ${p.index + 1}: ` : ''}${p.field} ${p.message}`).join('; ');
  return new GatewayError(onlyKinds ? 'FMT_NOT_SUPPORTED' : 'FMT_BAD_VALUE', `pain.001.001.09 cannot be written: ${list}`, { problems });
}

function madeMessageId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `BG${stamp}${Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0').toUpperCase()}`;
}

/** An id `base` + suffix cut to 35 characters (Max35Text). */
const id35 = (base: string, suffix: string) => `${[...base].slice(0, 35 - suffix.length).join('')}${suffix}`;

/** BIN (5th digit 4–6: legal entity, branch, IE joint) → OrgId; an IIN (5th digit is a day's tens) → PrvtId. */
function idBranch(binIin: string | undefined): 'OrgId' | 'PrvtId' {
  return binIin !== undefined && /^\d{4}[0-3]\d{7}$/.test(binIin) ? 'PrvtId' : 'OrgId';
}

function writeParty(w: XmlWriter, tag: string, p: Party, codeScheme: string, profile: Pain001KzProfile): void {
  w.open(tag);
  if (p.name) w.leaf('Nm', p.name);
  if (p.binIin !== undefined || p.code !== undefined) {
    w.open('Id').open(idBranch(p.binIin));
    const scheme = (name: string): Record<string, string> => (/^[A-Z0-9]{1,4}$/.test(name) ? { Cd: name } : { Prtry: name });
    const other = (id: string, s: Record<string, string>) => {
      w.open('Othr').leaf('Id', id).open('SchmeNm');
      for (const [k, v] of Object.entries(s)) w.leaf(k, v);
      w.close().close();
    };
    if (p.binIin !== undefined) other(p.binIin, scheme(profile.binIinScheme));
    if (p.code !== undefined) other(p.code, { Prtry: codeScheme });
    w.close().close();
  }
  if (p.country !== undefined) w.leaf('CtryOfRes', p.country);
  w.close();
}

function writeAccount(w: XmlWriter, tag: string, account: string): void {
  w.open(tag).open('Id');
  if (IBAN.test(account)) w.leaf('IBAN', account);
  else w.open('Othr').leaf('Id', account).close();
  w.close().close();
}

function writeAgent(w: XmlWriter, tag: string, bic: string | undefined, name: string | undefined): void {
  w.open(tag).open('FinInstnId');
  if (bic !== undefined) w.leaf('BICFI', bic);
  if (name !== undefined) w.leaf('Nm', name);
  w.close().close();
}

/** `text` in pieces of at most 140 characters (code points; a surrogate pair is never cut). */
function pieces(text: string): string[] {
  const cps = [...text];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += USTRD_MAX) out.push(cps.slice(i, i + USTRD_MAX).join(''));
  return out;
}

interface Group {
  docs: { doc: PayDocument; id: string | undefined }[];
  date: string;
  currency: string;
  chargeBearer: string | undefined;
  payer: Party;
}

function chargeBearerOf(doc: PayDocument, profile: Pain001KzProfile): string | undefined {
  if (doc.kind === 'fx-payment') return doc.charges ? CHARGE_BEARER[doc.charges] : undefined;
  return doc.amount.currency === 'KZT' && profile.kztChargeBearer === 'SLEV' ? 'SLEV' : undefined;
}

/** Streams a pain.001.001.09; the first `next()` rejects with a GatewayError when the input cannot be written. */
export async function* writePain001(documents: readonly CanonicalDocument[], options: Pain001WriteOptions = {}): AsyncGenerator<Uint8Array> {
  const problems = checkPain001(documents, options);
  if (problems.length) throw refusal(problems);
  const { profile } = resolvePain001Profile(options.profile);
  const now = new Date();
  const msgId = options.messageId ?? madeMessageId(now);
  const groups = new Map<string, Group>();
  documents.forEach((d, i) => {
    const doc = d as PayDocument;
    const date = doc.valueDate ?? doc.date;
    const chargeBearer = chargeBearerOf(doc, profile);
    const p = doc.payer;
    const key = JSON.stringify([p.iban, p.bic, p.name, p.binIin, p.code, p.country, p.bankName, date, doc.amount.currency, chargeBearer]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { docs: [], date, currency: doc.amount.currency, chargeBearer, payer: p }));
    g.docs.push({ doc, id: options.documentIds?.[i] });
  });
  const sumOf = (docs: readonly { doc: PayDocument }[]) => unscaled(docs.reduce((s, { doc }) => s + scaled(formatDecimal(doc.amount.minor, doc.amount.currency))!, 0n));

  const w = new XmlWriter();
  w.declaration();
  w.open('Document', { xmlns: PAIN_001_09_NS }).open('CstmrCdtTrfInitn');
  w.open('GrpHdr');
  w.leaf('MsgId', msgId);
  w.leaf('CreDtTm', options.createdAt ?? now.toISOString());
  w.leaf('NbOfTxs', String(documents.length));
  w.leaf('CtrlSum', sumOf(documents.map((doc) => ({ doc: doc as PayDocument }))));
  const first = (documents[0] as PayDocument).payer;
  const initiator = profile.initiatingParty ?? { name: first.name, ...(first.binIin !== undefined ? { binIin: first.binIin } : {}) };
  writeParty(w, 'InitgPty', initiator, profile.payerCodeScheme, profile);
  w.close();
  let n = 0;
  for (const g of groups.values()) {
    w.open('PmtInf');
    w.leaf('PmtInfId', id35(msgId, `-${++n}`));
    w.leaf('PmtMtd', 'TRF');
    w.leaf('BtchBookg', String(profile.batchBooking));
    w.leaf('NbOfTxs', String(g.docs.length));
    w.leaf('CtrlSum', sumOf(g.docs));
    w.open('ReqdExctnDt').leaf('Dt', g.date).close();
    const { iban, bic, bankName, ...holder } = g.payer;
    writeParty(w, 'Dbtr', holder, profile.payerCodeScheme, profile);
    writeAccount(w, 'DbtrAcct', iban!);
    writeAgent(w, 'DbtrAgt', bic, bankName);
    if (g.chargeBearer !== undefined) w.leaf('ChrgBr', g.chargeBearer);
    for (const { doc, id } of g.docs) {
      writeTransaction(w, doc, id, profile);
      const chunk = w.take();
      if (chunk) yield chunk;
    }
    w.close();
  }
  yield w.end();
}

function writeTransaction(w: XmlWriter, doc: PayDocument, id: string | undefined, profile: Pain001KzProfile): void {
  w.open('CdtTrfTxInf');
  w.open('PmtId').leaf('InstrId', doc.number).leaf('EndToEndId', id ?? doc.number).close();
  const priority = doc.priority === 'HIGH' || doc.priority === 'NORM' ? doc.priority : undefined;
  const ctgyKnp = profile.knp === 'CtgyPurp/Prtry' ? doc.knp : undefined;
  if (priority !== undefined || ctgyKnp !== undefined) {
    w.open('PmtTpInf').leaf('InstrPrty', priority);
    if (ctgyKnp !== undefined) w.open('CtgyPurp').leaf('Prtry', ctgyKnp).close();
    w.close();
  }
  w.open('Amt').leaf('InstdAmt', formatDecimal(doc.amount.minor, doc.amount.currency), { Ccy: doc.amount.currency }).close();
  if (doc.actualPayer) writeParty(w, 'UltmtDbtr', doc.actualPayer, profile.payerCodeScheme, profile);
  if (doc.kind === 'fx-payment' && doc.intermediaryBic !== undefined) writeAgent(w, 'IntrmyAgt1', doc.intermediaryBic, undefined);
  const { iban, bic, bankName, ...beneficiary } = doc.beneficiary;
  if (bic !== undefined || bankName !== undefined) writeAgent(w, 'CdtrAgt', bic, bankName);
  writeParty(w, 'Cdtr', beneficiary, profile.beneficiaryCodeScheme, profile);
  if (iban !== undefined) writeAccount(w, 'CdtrAcct', iban);
  if (doc.actualBeneficiary) writeParty(w, 'UltmtCdtr', doc.actualBeneficiary, profile.beneficiaryCodeScheme, profile);
  if (doc.knp !== undefined && (profile.knp === 'Purp/Prtry' || profile.knp === 'Purp/Cd')) w.open('Purp').leaf(profile.knp === 'Purp/Cd' ? 'Cd' : 'Prtry', doc.knp).close();
  const kbk = doc.kind === 'budget' ? doc.kbk : undefined;
  const contract = doc.kind === 'fx-payment' ? doc.contractNumber : undefined;
  const regulatory: [string, 'Cd' | 'Inf', string][] = [];
  if (doc.knp !== undefined && profile.knp === 'RgltryRptg') regulatory.push(['KNP', 'Cd', doc.knp]);
  if (kbk !== undefined && profile.kbk === 'RgltryRptg') regulatory.push(['KBK', 'Cd', kbk]);
  if (contract !== undefined && profile.contractNumber === 'RgltryRptg') regulatory.push(['CONTRACT', 'Inf', contract]);
  if (regulatory.length) {
    w.open('RgltryRptg');
    for (const [tp, field, v] of regulatory) w.open('Dtls').leaf('Tp', tp).leaf(field, v).close();
    w.close();
  }
  if (kbk !== undefined && profile.kbk === 'Tax/Rcrd/Ctgy') w.open('Tax').open('Rcrd').leaf('Ctgy', kbk).close().close();
  const ustrd = doc.purpose ? pieces(doc.purpose) : [];
  const strdContract = contract !== undefined && profile.contractNumber === 'RmtInf/Strd/RfrdDocInf' ? contract : undefined;
  const strdKbk = kbk !== undefined && profile.kbk === 'RmtInf/Strd/TaxRmt/Rcrd/Ctgy' ? kbk : undefined;
  if (ustrd.length || strdContract !== undefined || strdKbk !== undefined) {
    w.open('RmtInf');
    for (const u of ustrd) w.leaf('Ustrd', u);
    if (strdContract !== undefined || strdKbk !== undefined) {
      w.open('Strd');
      if (strdContract !== undefined) w.open('RfrdDocInf').open('Tp').open('CdOrPrtry').leaf('Cd', 'CMCN').close().close().leaf('Nb', strdContract).close();
      if (strdKbk !== undefined) w.open('TaxRmt').open('Rcrd').leaf('Ctgy', strdKbk).close().close();
      w.close();
    }
    w.close();
  }
  w.close();
}

/** The DocumentsWriter of `iso20022.pain.001.001.09` (accepts `documentIds` beside the usual options). */
export const pain001Writer: DocumentsWriter & { write(documents: readonly CanonicalDocument[], options: Pain001WriteOptions): AsyncIterable<Uint8Array> } = {
  writes: 'documents',
  format: PAIN_001_09,
  extension: 'xml',
  write: writePain001,
};
