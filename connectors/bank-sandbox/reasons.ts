// Bank reasons: a contract REASON_CODES code with its text in Russian, Kazakh and English, plus the case's detail.
import type { BankReason } from '../bank-api/contract.ts';
import { REASON_CODES } from '../bank-api/contract.ts';
import type { Text } from '../../gateway/core/i18n.ts';

export type ReasonCode = (typeof REASON_CODES)[number];

const TEXTS: Record<ReasonCode, Text> = {
  INSUFFICIENT_FUNDS: { en: 'Insufficient funds on the account', ru: 'Недостаточно средств на счёте', kk: 'Шотта қаражат жеткіліксіз' },
  INVALID_REQUISITES: { en: 'Invalid document requisites', ru: 'Неверные реквизиты документа', kk: 'Құжат деректемелері қате' },
  BAD_SIGNATURE: { en: 'The electronic signature is not valid', ru: 'Электронная подпись недействительна', kk: 'Электрондық қолтаңба жарамсыз' },
  MISSING_SIGNATURE: { en: 'The document lacks a required signature', ru: 'У документа нет необходимой подписи', kk: 'Құжатта қажетті қолтаңба жоқ' },
  UNKNOWN_CERTIFICATE: { en: 'The signing certificate is not registered with the bank', ru: 'Сертификат подписи не зарегистрирован в банке', kk: 'Қолтаңба сертификаты банкте тіркелмеген' },
  DUPLICATE_DOCUMENT: { en: 'A document with this number and date has already been accepted', ru: 'Документ с таким номером и датой уже принят', kk: 'Осы нөмірі мен күні бар құжат бұрын қабылданған' },
  AFTER_CUTOFF: { en: 'Received after the cut-off time', ru: 'Получен после окончания операционного дня', kk: 'Операциялық күн аяқталғаннан кейін алынды' },
  UNKNOWN_ACCOUNT: { en: 'The account is not known to the bank or not yours', ru: 'Счёт не найден в банке или не принадлежит клиенту', kk: 'Шот банкте табылмады немесе клиентке тиесілі емес' },
  IDEMPOTENCY_MISMATCH: { en: 'The idempotency key was already used for a different request', ru: 'Ключ идемпотентности уже использован для другого запроса', kk: 'Идемпотенттілік кілті басқа сұрауға қолданылған' },
  MALFORMED: { en: 'The request is malformed', ru: 'Запрос имеет неверный формат', kk: 'Сұрау пішімі қате' },
};

/** The reason for `code`, each language followed by the detail of this case when there is one. */
export function reason(code: ReasonCode, detail?: Text): BankReason {
  const base = TEXTS[code];
  if (!detail) return { code, ...base };
  return { code, ru: `${base.ru}: ${detail.ru}`, kk: `${base.kk}: ${detail.kk}`, en: `${base.en}: ${detail.en}` };
}

/** A refusal carried from a check to the intake: the document is stored as rejected with this reason. */
export class Refusal {
  constructor(readonly reason: BankReason) {}
}

export function refuse(code: ReasonCode, detail?: Text): Refusal {
  return new Refusal(reason(code, detail));
}
