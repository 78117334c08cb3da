// From a pain.002 StatusReport to the gateway's bank states: ISO status codes → BankState, statuses inherited
// transaction ← payment information ← group, and reasons as BankReasonText (our en/ru/kk words for common ISO
// reason codes, the bank's AddtlInf text after them; the bank's text alone for codes we do not know).
import type { BankReasonText, BankState } from '../../../gateway/core/connector.ts';
import type { Text } from '../../../gateway/core/i18n.ts';
import type { StatusReason, StatusReport } from '../../../gateway/core/model/status-report.ts';

/**
 * ISO ExternalPaymentTransactionStatus1Code / ExternalPaymentGroupStatus1Code → BankState:
 * - received: RCVD received; PDNG pending; ACTC technical validation passed (not yet a business acceptance);
 *   PATC partially technically correct; BLCK blocked (funds held, not final); PART partially accepted (a transaction
 *   inheriting PART cannot tell which part it is in); the 2025 Verification-of-Payee codes RCVC, RVMC, RVNM, RVNA
 *   (received, payee check result — the order is not yet accepted); any code not listed here.
 * - accepted: ACCP customer profile accepted; ACSP settlement in process; ACWC accepted with change; ACWP accepted
 *   without posting; ACFC funds checked.
 * - executed: ACSC settlement completed (debtor's account debited); ACCC settlement on the creditor's account completed.
 * - rejected: RJCT rejected; CANC cancelled.
 * Keyed by codes from the file, so without a prototype (as REASON_TEXTS): `constructor` is no status.
 */
export const STATUS_STATES: Readonly<Record<string, BankState>> = Object.freeze(Object.assign(Object.create(null) as Record<string, BankState>, {
  RCVD: 'received',
  PDNG: 'received',
  ACTC: 'received',
  PATC: 'received',
  BLCK: 'received',
  PART: 'received',
  RCVC: 'received',
  RVMC: 'received',
  RVNM: 'received',
  RVNA: 'received',
  ACCP: 'accepted',
  ACSP: 'accepted',
  ACWC: 'accepted',
  ACWP: 'accepted',
  ACFC: 'accepted',
  ACSC: 'executed',
  ACCC: 'executed',
  RJCT: 'rejected',
  CANC: 'rejected',
}));

/** The state of one ISO status code (absent or unknown → received: the bank has the order, nothing final is said). */
export function stateOfStatus(status: string | undefined): BankState {
  return (status !== undefined && STATUS_STATES[status]) || 'received';
}

/** Our words for common ISO ExternalStatusReason1Code values. */
export const REASON_TEXTS: Readonly<Record<string, Text>> = Object.freeze(Object.assign(Object.create(null) as Record<string, Text>, {
  AC01: { en: 'Account number is invalid or missing', ru: 'Неверный или отсутствующий номер счёта', kk: 'Шот нөмірі қате немесе көрсетілмеген' },
  AC02: { en: 'Debtor account number is invalid or missing', ru: 'Неверный номер счёта плательщика', kk: 'Төлеушінің шот нөмірі қате' },
  AC03: { en: 'Creditor account number is invalid or missing', ru: 'Неверный номер счёта получателя', kk: 'Алушының шот нөмірі қате' },
  AC04: { en: 'Account is closed', ru: 'Счёт закрыт', kk: 'Шот жабылған' },
  AC05: { en: 'Debtor account is closed', ru: 'Счёт плательщика закрыт', kk: 'Төлеушінің шоты жабылған' },
  AC06: { en: 'Account is blocked', ru: 'Счёт заблокирован', kk: 'Шот бұғатталған' },
  AC07: { en: 'Creditor account is closed', ru: 'Счёт получателя закрыт', kk: 'Алушының шоты жабылған' },
  AG01: { en: 'Transaction forbidden on this type of account', ru: 'Операция запрещена для этого вида счёта', kk: 'Бұл шот түріне операцияға тыйым салынған' },
  AG02: { en: 'Operation code is not valid', ru: 'Недопустимый код операции', kk: 'Операция коды жарамсыз' },
  AM01: { en: 'Amount is zero', ru: 'Сумма равна нулю', kk: 'Сома нөлге тең' },
  AM02: { en: 'Amount exceeds the allowed maximum', ru: 'Сумма превышает допустимый максимум', kk: 'Сома рұқсат етілген шектен асады' },
  AM03: { en: 'Currency is not allowed', ru: 'Валюта не допускается', kk: 'Валютаға рұқсат жоқ' },
  AM04: { en: 'Insufficient funds on the account', ru: 'Недостаточно средств на счёте', kk: 'Шотта қаражат жеткіліксіз' },
  AM05: { en: 'Duplicate payment', ru: 'Повторный (дублирующий) платёж', kk: 'Қайталанған төлем' },
  AM09: { en: 'Amount is not the agreed or expected amount', ru: 'Сумма не соответствует ожидаемой', kk: 'Сома күтілген сомаға сәйкес емес' },
  AM12: { en: 'Amount is invalid', ru: 'Неверная сумма', kk: 'Сома қате' },
  AM18: { en: 'Number of transactions does not match the control count', ru: 'Количество транзакций не совпадает с контрольным', kk: 'Транзакциялар саны бақылау санымен сәйкес емес' },
  AM21: { en: 'Amount exceeds the agreed limit', ru: 'Превышен установленный лимит', kk: 'Белгіленген лимиттен асты' },
  BE01: { en: 'Customer identification does not match the account', ru: 'Данные клиента не соответствуют счёту', kk: 'Клиент деректері шотқа сәйкес емес' },
  BE04: { en: 'Creditor address is missing or incorrect', ru: 'Адрес получателя отсутствует или неверен', kk: 'Алушының мекенжайы жоқ немесе қате' },
  BE05: { en: 'Initiating party is not recognised', ru: 'Инициатор платежа не распознан', kk: 'Төлем бастамашысы танылмады' },
  BE06: { en: 'Customer is not known to the bank', ru: 'Клиент неизвестен банку', kk: 'Клиент банкке белгісіз' },
  BE07: { en: 'Debtor address is missing or incorrect', ru: 'Адрес плательщика отсутствует или неверен', kk: 'Төлеушінің мекенжайы жоқ немесе қате' },
  CNOR: { en: 'Creditor bank is not registered in the payment system', ru: 'Банк получателя не зарегистрирован в платёжной системе', kk: 'Алушының банкі төлем жүйесінде тіркелмеген' },
  DNOR: { en: 'Debtor bank is not registered in the payment system', ru: 'Банк плательщика не зарегистрирован в платёжной системе', kk: 'Төлеушінің банкі төлем жүйесінде тіркелмеген' },
  CURR: { en: 'Currency is incorrect', ru: 'Неверная валюта', kk: 'Валюта қате' },
  CUST: { en: 'Cancelled at the customer’s request', ru: 'Отменено по запросу клиента', kk: 'Клиенттің сұрауы бойынша тоқтатылды' },
  DS02: { en: 'The order was cancelled', ru: 'Поручение отменено', kk: 'Тапсырма тоқтатылды' },
  DT01: { en: 'Date is invalid', ru: 'Неверная дата', kk: 'Күн қате' },
  DU01: { en: 'Message id is a duplicate', ru: 'Повторный идентификатор сообщения', kk: 'Хабарлама идентификаторы қайталанған' },
  FF01: { en: 'File format is invalid', ru: 'Неверный формат файла', kk: 'Файл пішімі қате' },
  MS02: { en: 'Reason not specified (customer)', ru: 'Причина не указана (клиент)', kk: 'Себебі көрсетілмеген (клиент)' },
  MS03: { en: 'Reason not specified (bank)', ru: 'Причина не указана (банк)', kk: 'Себебі көрсетілмеген (банк)' },
  NARR: { en: 'See the bank’s explanation', ru: 'См. пояснение банка', kk: 'Банктің түсініктемесін қараңыз' },
  RC01: { en: 'Bank identifier (BIC) is incorrect', ru: 'Неверный идентификатор банка (БИК)', kk: 'Банк сәйкестендіргіші (БСК) қате' },
  RR01: { en: 'Debtor account or identification is missing', ru: 'Отсутствует счёт или идентификация плательщика', kk: 'Төлеушінің шоты немесе сәйкестендіруі жоқ' },
  RR02: { en: 'Debtor name or address is missing', ru: 'Отсутствует наименование или адрес плательщика', kk: 'Төлеушінің атауы немесе мекенжайы жоқ' },
  RR03: { en: 'Creditor name or address is missing', ru: 'Отсутствует наименование или адрес получателя', kk: 'Алушының атауы немесе мекенжайы жоқ' },
  RR04: { en: 'Regulatory reason', ru: 'Регуляторные (нормативные) основания', kk: 'Нормативтік негіздер' },
  TM01: { en: 'Received after the cut-off time', ru: 'Получено после окончания операционного дня', kk: 'Операциялық күн аяқталғаннан кейін алынды' },
}));

const NO_REASON: Text = { en: 'The bank rejected the payment without giving a reason', ru: 'Банк отклонил платёж без указания причины', kk: 'Банк төлемді себебін көрсетпей қабылдамады' };

/**
 * The reason to show: the first reason that has a code (else the first), its code (ISO `Cd`, else `Prtry`, else NARR),
 * our text for known ISO codes followed by every AddtlInf line of the level; the AddtlInf text alone otherwise.
 * Null when there is no reason (and the status is not a rejection).
 */
export function reasonText(reasons: readonly StatusReason[], status?: string): BankReasonText | null {
  if (!reasons.length) return stateOfStatus(status) === 'rejected' ? { code: status ?? 'RJCT', ...NO_REASON } : null;
  const main = reasons.find((r) => r.code !== undefined || r.proprietary !== undefined) ?? reasons[0]!;
  const code = main.code ?? main.proprietary ?? 'NARR';
  const detail = reasons.flatMap((r) => r.text).join(' ').trim();
  const rejected = stateOfStatus(status) === 'rejected';
  // A bare NARR (nothing narrated) says nothing: no reason, or the generic one for a rejection.
  if (code === 'NARR' && !detail) return rejected ? { code, ...NO_REASON } : null;
  const ours = main.code !== undefined ? REASON_TEXTS[main.code] : undefined;
  if (ours) return detail && code !== 'NARR' ? { code, en: `${ours.en}: ${detail}`, ru: `${ours.ru}: ${detail}`, kk: `${ours.kk}: ${detail}` } : detail ? { code, en: detail, ru: detail, kk: detail } : { code, ...ours };
  if (detail) return { code, en: detail, ru: detail, kk: detail };
  return { code, en: `Reason code ${code} (no explanation given)`, ru: `Код причины ${code} (без пояснения)`, kk: `Себеп коды ${code} (түсініктемесіз)` };
}

export interface TransactionState {
  endToEndId?: string;
  instructionId?: string;
  /** Absent on a group-level entry (a report with no payment-information block). */
  paymentInfoId?: string;
  /** The ISO status that decided (own or inherited), when any level states one. */
  status?: string;
  state: BankState;
  reason: BankReasonText | null;
}

interface Level {
  status?: string | undefined;
  reasons: readonly StatusReason[];
}

/**
 * The deciding level: the most specific rejected one (RJCT/CANC) when any level is rejected — a rejected group or
 * payment-information block rejects everything below it, whatever the lower level says; otherwise the nearest stated
 * status.
 */
function decide(levels: readonly Level[]): { status?: string; state: BankState; reason: BankReasonText | null } {
  // levels: [transaction?, payment info?, group], most specific first
  const rejected = levels.find((l) => l.status !== undefined && stateOfStatus(l.status) === 'rejected');
  const at = rejected ?? levels.find((l) => l.status !== undefined);
  const from = at ? levels.indexOf(at) : 0;
  const status = at?.status;
  // The reason of the deciding level, else of the nearest level above it that states the same status (or none):
  // a reason given for another status explains that one, not this.
  const reasons = levels.slice(from).find((l) => l.reasons.length && (l === at || l.status === undefined || l.status === status))?.reasons ?? [];
  return { ...(status !== undefined ? { status } : {}), state: stateOfStatus(status), reason: reasonText(reasons, status) };
}

/**
 * One entry per transaction the report names (TxInfAndSts); a payment-information block without transactions gives
 * one entry for all its transactions (paymentInfoId only); a report without any block gives one group entry (no ids)
 * standing for every transaction of the original message (`report.originalMessageId`). Transactions the report does
 * not name under a PART status are not listed (ISO: those are accepted; the report names the others).
 */
export function transactionStates(report: StatusReport): TransactionState[] {
  const group: Level = { status: report.groupStatus, reasons: report.groupReasons };
  if (!report.payments.length) return [decide([group])];
  const out: TransactionState[] = [];
  for (const p of report.payments) {
    const pmt: Level = { status: p.status, reasons: p.reasons };
    const ids = p.paymentInfoId ? { paymentInfoId: p.paymentInfoId } : {};
    if (!p.transactions.length) {
      out.push({ ...ids, ...decide([pmt, group]) });
      continue;
    }
    for (const tx of p.transactions) {
      out.push({
        ...(tx.endToEndId !== undefined ? { endToEndId: tx.endToEndId } : {}),
        ...(tx.instructionId !== undefined ? { instructionId: tx.instructionId } : {}),
        ...ids,
        ...decide([{ status: tx.status, reasons: tx.reasons }, pmt, group]),
      });
    }
  }
  return out;
}
