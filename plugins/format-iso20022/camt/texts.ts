// Issues of the camt reader in en/ru/kk: each names the line and the element as an XML path
// ('Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt') and says what was expected. Values from the file are quoted and shortened.
import { issue, t, type Issue, type Text } from '../../../gateway/core/issue.ts';
import type { XmlStreamError } from '../xml/stream.ts';

export interface At {
  line: number;
  field: string;
}

/** A value as shown in a detail: at most 60 characters. */
export function shown(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}

export const DECIMAL: Text = {
  en: 'a decimal amount with a dot and at most as many decimals as the currency has, e.g. 150000.00',
  ru: 'сумма с точкой и не более знаков после точки, чем у валюты, например 150000.00',
  kk: 'нүктесі бар сома, үтірден кейінгі цифрлар валютадағыдан көп емес, мысалы 150000.00',
};
export const CURRENCY: Text = { en: 'ISO 4217 letter code, e.g. KZT', ru: 'буквенный код ISO 4217, например KZT', kk: 'ISO 4217 әріптік коды, мысалы KZT' };
export const ISO_DATE: Text = { en: 'a date YYYY-MM-DD (or a date-time YYYY-MM-DDThh:mm:ss)', ru: 'дата ГГГГ-ММ-ДД (или дата и время ГГГГ-ММ-ДДTчч:мм:сс)', kk: 'ЖЖЖЖ-АА-КК күні (немесе ЖЖЖЖ-АА-ККTсс:мм:сс күні мен уақыты)' };
export const CREDIT_DEBIT: Text = { en: "'CRDT' or 'DBIT'", ru: "'CRDT' или 'DBIT'", kk: "'CRDT' немесе 'DBIT'" };
export const ENTRY_STATUS: Text = { en: "'BOOK', 'PDNG' or 'INFO'", ru: "'BOOK', 'PDNG' или 'INFO'", kk: "'BOOK', 'PDNG' немесе 'INFO'" };

/** FMT_REQUIRED_KEY: a required element is absent or empty. */
export function missing(at: At, expected?: Text, severity: Issue['severity'] = 'error'): Issue {
  const f = at.field;
  return issue('FMT_REQUIRED_KEY', t({ en: `<${last(f)}> is missing (${f})`, ru: `нет обязательного элемента <${last(f)}> (${f})`, kk: `міндетті <${last(f)}> элементі жоқ (${f})` }), { ...at, expected, severity });
}

/** FMT_BAD_VALUE (or FMT_TOO_MANY_DECIMALS): the element is there but its value has a wrong form. */
export function badValue(value: string, at: At, why: Text, expected: Text, code: 'FMT_BAD_VALUE' | 'FMT_TOO_MANY_DECIMALS' = 'FMT_BAD_VALUE', severity: Issue['severity'] = 'error'): Issue {
  const [e, v] = [`<${last(at.field)}>`, shown(value)];
  return issue(code, t({ en: `${e} = '${v}': ${why.en}`, ru: `${e} = '${v}': ${why.ru}`, kk: `${e} = '${v}': ${why.kk}` }), { ...at, expected, severity });
}

/** FMT_TOTALS_MISMATCH: balances or the transaction summary do not add up. */
export function totals(at: At, text: Text, expected: string, severity: Issue['severity'] = 'error'): Issue {
  return issue('FMT_TOTALS_MISMATCH', text, { ...at, expected: t({ en: expected, ru: expected, kk: expected }), severity });
}

/** One error for the first XML problem: syntax, a DTD / unknown entity, bytes not in the encoding, or a size limit. */
export function xmlIssue(e: XmlStreamError): Issue {
  const where = { en: `line ${e.line}, column ${e.column}`, ru: `строка ${e.line}, позиция ${e.column}`, kk: `${e.line}-жол, ${e.column}-позиция` };
  const m = shown(e.message);
  switch (e.reason) {
    case 'dtd':
      return issue('FMT_SYNTAX', t({ en: `${where.en}: a DOCTYPE/DTD or an entity is not allowed in bank messages (${m})`, ru: `${where.ru}: DOCTYPE/DTD и сущности в банковских сообщениях запрещены (${m})`, kk: `${where.kk}: банк хабарламаларында DOCTYPE/DTD мен нысандарға тыйым салынған (${m})` }), { line: e.line, expected: t({ en: 'plain XML without a DOCTYPE', ru: 'обычный XML без DOCTYPE', kk: 'DOCTYPE жоқ қарапайым XML' }) });
    case 'encoding':
      return issue('FMT_BAD_BYTES', t({ en: `${where.en}: ${m}`, ru: `${where.ru}: байты не соответствуют кодировке файла (${m})`, kk: `${where.kk}: байттар файл кодтауына сәйкес емес (${m})` }), { line: e.line, expected: t({ en: 'UTF-8 text', ru: 'текст в UTF-8', kk: 'UTF-8 мәтіні' }) });
    case 'limit':
      return issue('FMT_NOT_SUPPORTED', t({ en: `${where.en}: ${m}`, ru: `${where.ru}: превышен предел размера (${m})`, kk: `${where.kk}: өлшем шегінен асты (${m})` }), { line: e.line });
    default:
      return issue(
        /unexpected end|unclosed|not closed/i.test(e.message) ? 'FMT_UNEXPECTED_EOF' : 'FMT_SYNTAX',
        t({ en: `${where.en}: the XML is not well-formed (${m})`, ru: `${where.ru}: XML составлен неверно (${m})`, kk: `${where.kk}: XML дұрыс құрылмаған (${m})` }),
        { line: e.line, expected: t({ en: 'well-formed XML', ru: 'корректный XML', kk: 'дұрыс XML' }) },
      );
  }
}

/** FMT_UNKNOWN: the root is not a camt.052/053/054 message. */
export function notCamt(at: At, what: string): Issue {
  const w = shown(what);
  return issue('FMT_UNKNOWN', t({ en: `the file is not a camt.052/053/054 message (it starts with ${w})`, ru: `файл не является сообщением camt.052/053/054 (начинается с ${w})`, kk: `файл camt.052/053/054 хабарламасы емес (${w} басталады)` }), {
    ...at,
    expected: t({ en: '<Document> with <BkToCstmrStmt>, <BkToCstmrAcctRpt> or <BkToCstmrDbtCdtNtfctn>', ru: '<Document> с <BkToCstmrStmt>, <BkToCstmrAcctRpt> или <BkToCstmrDbtCdtNtfctn>', kk: '<BkToCstmrStmt>, <BkToCstmrAcctRpt> немесе <BkToCstmrDbtCdtNtfctn> бар <Document>' }),
  });
}

/** A currency differing from the account's: the statement cannot add it up. */
export function otherCurrency(value: string, at: At, account: string): Issue {
  return badValue(
    value,
    at,
    t({ en: `not the account currency ${account}`, ru: `не валюта счёта ${account}`, kk: `шот валютасы ${account} емес` }),
    t({ en: `an amount in ${account}`, ru: `сумма в ${account}`, kk: `${account} валютасындағы сома` }),
  );
}

function last(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\[\d+\]$/, '').replace(/^@/, '');
}
