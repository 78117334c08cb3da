// pain.002 (CustomerPaymentStatusReport, .03 and .10, and other versions by local names) into the gateway's
// StatusReport: group, payment-information and transaction statuses with their reasons, as written (the mapping to
// bank states is status-map.ts). OrgnlPmtInfAndSts blocks are streamed as records, so large reports stay bounded in
// the parser; one report is yielded when the message closes. Never throws on bad input.
import type { Issue } from '../../../gateway/core/issue.ts';
import type { Money } from '../../../gateway/core/model/money.ts';
import type { PaymentInfoStatus, StatusReason, StatusReport, TransactionStatus } from '../../../gateway/core/model/status-report.ts';
import type { StatusReportItem } from '../../../gateway/core/plugin.ts';
import { child, children, readXmlBatches, textOf, XmlStreamError, type XmlElement } from '../xml/stream.ts';
import { PAIN_001_MESSAGE, PAIN_002_MESSAGE } from './formats.ts';
import { CURRENCY_CODE, DECIMAL, badValue, missingElement, wrongMessage, xmlIssue, type At } from './texts.ts';
import { CURRENCY, amountMinor, sniffEncoding } from './values.ts';

export interface Pain002ReadOptions {
  signal?: AbortSignal;
}

const STATUS = /^[A-Z0-9]{4}$/;
const STATUS_CODE = { en: 'a 4-character ISO status code, e.g. ACCP or RJCT', ru: '4-значный код статуса ISO, например ACCP или RJCT', kk: 'ISO 4 таңбалы мәртебе коды, мысалы ACCP немесе RJCT' };

function isPaymentInfo(path: readonly string[]): boolean {
  const n = path.length;
  return n >= 2 && path[n - 1] === 'OrgnlPmtInfAndSts' && path[n - 2] === PAIN_002_MESSAGE;
}

/** Streams one status report (with its issues) from a pain.002 message. */
export async function* readPain002(chunks: AsyncIterable<Uint8Array>, options: Pain002ReadOptions = {}): AsyncGenerator<StatusReportItem> {
  let root = 'Document';
  let encoding: string | undefined;
  let rootLine = 1;
  const payments: PaymentInfoStatus[] = [];
  const out: StatusReportItem[] = [];
  const report = (i: Issue) => out.push({ type: 'issue', ...i });
  let done = false;
  try {
    for await (const batch of readXmlBatches(sniffEncoding(chunks, (e) => (encoding = e)), { records: isPaymentInfo, recordNames: ['OrgnlPmtInfAndSts'], ...(options.signal ? { signal: options.signal } : {}) })) for (const ev of batch) {
      if (ev.type === 'root') {
        root = ev.element.name;
        rootLine = ev.element.line;
        if (encoding) out.push({ type: 'meta', encoding });
      } else if (ev.type === 'record') {
        payments.push(paymentInfo(ev.element, `${root}/${PAIN_002_MESSAGE}/OrgnlPmtInfAndSts[${payments.length + 1}]`, report));
      } else if (ev.element.name === PAIN_002_MESSAGE && !done) {
        done = true;
        out.push(finish(ev.element, `${root}/${PAIN_002_MESSAGE}`, payments, report));
      } else if (ev.path.length === 1 && !done) {
        done = true;
        const msg = ev.element.children[0];
        const at = { line: msg?.line ?? rootLine, field: `${root}/${msg?.name ?? PAIN_002_MESSAGE}` };
        if (msg?.name === PAIN_002_MESSAGE) out.push(finish(msg, at.field, payments, report));
        else report(wrongMessage(at, msg?.name ?? ev.element.name, PAIN_002_MESSAGE + (msg?.name === PAIN_001_MESSAGE ? ' (this is a pain.001 payment order)' : '')));
      }
      if (out.length) yield* out.splice(0);
    }
  } catch (e) {
    if (!(e instanceof XmlStreamError)) throw e;
    // A report cut short is not handed on: a missing rejection further down must not read as acceptance.
    yield* out.splice(0).filter((i) => i.type !== 'status-report');
    yield { type: 'issue', ...xmlIssue(e) };
    return;
  }
  yield* out.splice(0);
}

const at = (el: XmlElement | undefined, fallback: XmlElement, field: string): At => ({ line: el?.line ?? fallback.line, field });

function finish(msg: XmlElement, base: string, payments: PaymentInfoStatus[], report: (i: Issue) => void): StatusReportItem {
  // Blocks with no records below them stay in the message (none here: every OrgnlPmtInfAndSts is a record).
  const hdr = child(msg, 'GrpHdr');
  if (!hdr) report(missingElement({ line: msg.line, field: `${base}/GrpHdr` }));
  const messageId = textOf(hdr, 'MsgId');
  if (hdr && messageId === undefined) report(missingElement(at(child(hdr, 'MsgId'), hdr, `${base}/GrpHdr/MsgId`)));
  const createdAt = textOf(hdr, 'CreDtTm');
  const grp = child(msg, 'OrgnlGrpInfAndSts');
  if (!grp) report(missingElement({ line: msg.line, field: `${base}/OrgnlGrpInfAndSts` }));
  const originalMessageId = textOf(grp, 'OrgnlMsgId');
  if (grp && originalMessageId === undefined) report(missingElement(at(child(grp, 'OrgnlMsgId'), grp, `${base}/OrgnlGrpInfAndSts/OrgnlMsgId`)));
  const originalMessageType = textOf(grp, 'OrgnlMsgNmId');
  const groupStatus = grp ? status(grp, 'GrpSts', `${base}/OrgnlGrpInfAndSts`, report) : undefined;
  const r: StatusReport = {
    messageId: messageId ?? '',
    ...(createdAt !== undefined ? { createdAt } : {}),
    originalMessageId: originalMessageId ?? '',
    ...(originalMessageType !== undefined ? { originalMessageType } : {}),
    ...(groupStatus !== undefined ? { groupStatus } : {}),
    groupReasons: reasons(grp),
    payments,
  };
  return { type: 'status-report', line: msg.line, report: r };
}

function status(el: XmlElement, name: string, base: string, report: (i: Issue) => void): string | undefined {
  const v = textOf(el, name);
  if (v !== undefined && !STATUS.test(v)) {
    const why = { en: 'not a status code; kept as written', ru: 'не код статуса; сохранён как есть', kk: 'мәртебе коды емес; жазылғандай сақталды' };
    report({ ...badValue(v, at(child(el, name), el, `${base}/${name}`), why, STATUS_CODE), severity: 'warning' });
  }
  return v;
}

function reasons(el: XmlElement | undefined): StatusReason[] {
  return children(el, 'StsRsnInf').map((r) => {
    const code = textOf(r, 'Rsn', 'Cd');
    const proprietary = textOf(r, 'Rsn', 'Prtry');
    const text = children(r, 'AddtlInf')
      .map((a) => a.text.trim())
      .filter(Boolean);
    return { ...(code !== undefined ? { code } : {}), ...(proprietary !== undefined ? { proprietary } : {}), text };
  });
}

function paymentInfo(el: XmlElement, base: string, report: (i: Issue) => void): PaymentInfoStatus {
  const paymentInfoId = textOf(el, 'OrgnlPmtInfId');
  if (paymentInfoId === undefined) report(missingElement(at(child(el, 'OrgnlPmtInfId'), el, `${base}/OrgnlPmtInfId`)));
  const st = status(el, 'PmtInfSts', base, report);
  const transactions = children(el, 'TxInfAndSts').map((tx, i) => transaction(tx, paymentInfoId, `${base}/TxInfAndSts[${i + 1}]`, report));
  return { paymentInfoId: paymentInfoId ?? '', ...(st !== undefined ? { status: st } : {}), reasons: reasons(el), transactions };
}

function transaction(tx: XmlElement, paymentInfoId: string | undefined, base: string, report: (i: Issue) => void): TransactionStatus {
  const st = status(tx, 'TxSts', base, report);
  const instructionId = textOf(tx, 'OrgnlInstrId');
  const endToEndId = textOf(tx, 'OrgnlEndToEndId');
  const acceptedAt = textOf(tx, 'AccptncDtTm');
  const amount = originalAmount(tx, base, report);
  return {
    ...(st !== undefined ? { status: st } : {}),
    reasons: reasons(tx),
    ...(paymentInfoId !== undefined ? { paymentInfoId } : {}),
    ...(instructionId !== undefined ? { instructionId } : {}),
    ...(endToEndId !== undefined ? { endToEndId } : {}),
    ...(amount ? { amount } : {}),
    ...(acceptedAt !== undefined ? { acceptedAt } : {}),
  };
}

/** `OrgnlTxRef/Amt/InstdAmt` (or the interbank settlement amount) when repeated; a bad one is a warning, not a loss of the status. */
function originalAmount(tx: XmlElement, base: string, report: (i: Issue) => void): Money | undefined {
  const ref = child(tx, 'OrgnlTxRef');
  const el = child(ref, 'Amt', 'InstdAmt') ?? child(ref, 'IntrBkSttlmAmt');
  if (!el) return undefined;
  const field = `${base}/OrgnlTxRef/${el.name === 'InstdAmt' ? 'Amt/InstdAmt' : el.name}`;
  const ccy = el.attrs['Ccy']?.trim() ?? '';
  const text = el.text.trim();
  if (!CURRENCY.test(ccy)) {
    report({ ...badValue(ccy, { line: el.line, field: `${field}/@Ccy` }, { en: 'not a currency code', ru: 'не код валюты', kk: 'валюта коды емес' }, CURRENCY_CODE), severity: 'warning' });
    return undefined;
  }
  const r = amountMinor(text, ccy);
  if ('minor' in r) return { minor: r.minor, currency: ccy };
  report({ ...badValue(text, { line: el.line, field }, { en: 'not an amount in this currency', ru: 'не сумма в этой валюте', kk: 'бұл валютадағы сома емес' }, DECIMAL), severity: 'warning' });
  return undefined;
}
