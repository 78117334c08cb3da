// Issues of the pain readers in en/ru/kk: each names the line and the element as an XML path
// ('Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/Amt/InstdAmt') and says what was expected.
import { issue, t, type Issue, type Text } from '../../../gateway/core/issue.ts';
import type { XmlStreamError } from '../xml/stream.ts';
import { shown } from './values.ts';

export interface At {
  line: number;
  field: string;
}

export const ISO_DATE: Text = { en: 'a date YYYY-MM-DD, e.g. 2025-01-15', ru: 'дата ГГГГ-ММ-ДД, например 2025-01-15', kk: 'ЖЖЖЖ-АА-КК түріндегі күн, мысалы 2025-01-15' };
export const DECIMAL: Text = { en: 'a decimal with a dot, e.g. 150000.00', ru: 'десятичное число с точкой, например 150000.00', kk: 'нүктесі бар ондық сан, мысалы 150000.00' };
export const CURRENCY_CODE: Text = { en: 'ISO 4217 letter code, e.g. KZT', ru: 'буквенный код ISO 4217, например KZT', kk: 'ISO 4217 әріптік коды, мысалы KZT' };
export const COUNT: Text = { en: 'a whole number of transactions', ru: 'целое число транзакций', kk: 'транзакциялардың бүтін саны' };

/** FMT_REQUIRED_KEY: a required element is absent or empty. */
export function missingElement(at: At, expected?: Text): Issue {
  const f = at.field;
  return issue('FMT_REQUIRED_KEY', t({ en: `'${f}' is missing or empty`, ru: `не указан обязательный элемент '${f}'`, kk: `міндетті '${f}' элементі көрсетілмеген` }), {
    ...at,
    ...(expected ? { expected } : {}),
  });
}

/** FMT_BAD_VALUE (or another FMT_ code): an element's value has a wrong form. */
export function badValue(value: string, at: At, why: Text, expected: Text, code: 'FMT_BAD_VALUE' | 'FMT_TOO_MANY_DECIMALS' | 'FMT_NOT_SUPPORTED' = 'FMT_BAD_VALUE'): Issue {
  const [f, v] = [at.field, shown(value)];
  return issue(code, t({ en: `'${f}' = '${v}': ${why.en}`, ru: `'${f}' = '${v}': ${why.ru}`, kk: `'${f}' = '${v}': ${why.kk}` }), { ...at, expected });
}

/** FMT_NOT_SUPPORTED: a part of the message this gateway does not carry into a payment order. */
export function notSupported(at: At, what: Text, severity: Issue['severity'] = 'error'): Issue {
  const f = at.field;
  return issue('FMT_NOT_SUPPORTED', t({ en: `'${f}': ${what.en}`, ru: `'${f}': ${what.ru}`, kk: `'${f}': ${what.kk}` }), { ...at, severity });
}

/** FMT_TOTALS_MISMATCH: NbOfTxs / CtrlSum of a header against what the file holds. */
export function totalsMismatch(at: At, declared: string, counted: string, what: 'count' | 'sum'): Issue {
  const f = at.field;
  const text =
    what === 'count'
      ? t({
          en: `'${f}' says ${declared} transaction(s), the message holds ${counted}`,
          ru: `'${f}' указывает ${declared} транзакций, в сообщении их ${counted}`,
          kk: `'${f}' ${declared} транзакция көрсетеді, хабарламада ${counted}`,
        })
      : t({
          en: `'${f}' is ${declared}, the amounts of the transactions add up to ${counted}`,
          ru: `'${f}' = ${declared}, а суммы транзакций дают ${counted}`,
          kk: `'${f}' = ${declared}, ал транзакциялар сомасы ${counted}`,
        });
  return issue('FMT_TOTALS_MISMATCH', text, { ...at, expected: { en: counted, ru: counted, kk: counted } });
}

/** One issue for a file that is not readable XML (syntax, DOCTYPE/entities, encoding, size limits). */
export function xmlIssue(e: XmlStreamError): Issue {
  const at = { line: Math.max(1, e.line), field: 'XML' };
  const m = shown(e.message);
  switch (e.reason) {
    case 'dtd':
      return issue(
        'FMT_SYNTAX',
        t({
          en: `a DOCTYPE (DTD) or entity declaration is not allowed in a payment message; nothing was read (${m})`,
          ru: `DOCTYPE (DTD) и объявления сущностей в платёжном сообщении не допускаются; файл не прочитан (${m})`,
          kk: `төлем хабарламасында DOCTYPE (DTD) мен нысан жариялауларына рұқсат жоқ; файл оқылмады (${m})`,
        }),
        { ...at, expected: { en: 'XML without DOCTYPE', ru: 'XML без DOCTYPE', kk: 'DOCTYPE-сыз XML' } },
      );
    case 'encoding':
      return issue(
        'FMT_BAD_BYTES',
        t({ en: `the file is not valid text in its encoding: ${m}`, ru: `файл содержит байты, недопустимые в его кодировке: ${m}`, kk: `файлда өз кодтауында жарамсыз байттар бар: ${m}` }),
        { ...at, expected: { en: 'UTF-8 text', ru: 'текст в UTF-8', kk: 'UTF-8 мәтіні' } },
      );
    case 'limit':
      return issue(
        'FMT_SYNTAX',
        t({ en: `the XML exceeds a reading limit: ${m}`, ru: `XML превышает допустимые пределы: ${m}`, kk: `XML рұқсат етілген шектен асады: ${m}` }),
        at,
      );
    default:
      return issue(
        'FMT_SYNTAX',
        t({ en: `the file is not well-formed XML: ${m}`, ru: `файл не является корректным XML: ${m}`, kk: `файл дұрыс XML емес: ${m}` }),
        { ...at, expected: { en: 'well-formed XML', ru: 'корректный XML', kk: 'дұрыс XML' } },
      );
  }
}

/** FMT_REPORT_NOT_ORDERS (a status report) or FMT_STATEMENT_NOT_ORDERS (a statement) where payment orders are read. */
export function notOrders(at: At, what: string, report = false): Issue {
  return issue(
    report ? 'FMT_REPORT_NOT_ORDERS' : 'FMT_STATEMENT_NOT_ORDERS',
    t({
      en: `the file is a ${what}, not payment orders: nothing in it was sent to the bank`,
      ru: `файл — ${what}, а не платёжные поручения: ничего из него в банк не отправлено`,
      kk: `файл — ${what}, төлем тапсырмалары емес: одан банкке ештеңе жіберілмеді`,
    }),
    at,
  );
}

/** The expected message element is not there. */
export function wrongMessage(at: At, found: string, expected: string): Issue {
  return issue(
    'FMT_REQUIRED_KEY',
    t({
      en: `'${at.field}' is '${shown(found)}', not the message '${expected}'`,
      ru: `'${at.field}' — '${shown(found)}', а не сообщение '${expected}'`,
      kk: `'${at.field}' — '${shown(found)}', '${expected}' хабарламасы емес`,
    }),
    { ...at, expected: { en: expected, ru: expected, kk: expected } },
  );
}
