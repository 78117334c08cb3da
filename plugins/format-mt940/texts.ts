// Issues of the MT940/MT942 reader in en/ru/kk: each names the line and the tag (':61:') and says what was expected.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';

/** Where a problem is: the line and the tag ('`:61:`', '`:86:`'). */
export interface At {
  line: number;
  field: string;
}

/** A value from the file as shown in a detail: one line, at most 60 characters. */
export function shown(v: string): string {
  const one = v.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

const same = (v: string): Text => ({ en: v, ru: v, kk: v });

export const YYMMDD: Text = { en: 'a date YYMMDD, e.g. 250115', ru: 'дата ГГММДД, например 250115', kk: 'ЖЖААКК түріндегі күн, мысалы 250115' };
export const AMOUNT: Text = { en: 'an amount with a decimal comma, e.g. 1500,00', ru: 'сумма с десятичной запятой, например 1500,00', kk: 'ондық үтірі бар сома, мысалы 1500,00' };
export const CURRENCY: Text = { en: 'ISO 4217 letter code, e.g. KZT', ru: 'буквенный код ISO 4217, например KZT', kk: 'ISO 4217 әріптік коды, мысалы KZT' };
export const BALANCE: Text = same('C|D + YYMMDD + currency + amount, e.g. C250115KZT1500,00');
export const STATEMENT_LINE: Text = same('YYMMDD[MMDD](C|D|RC|RD)[funds code]amount(N|F|S)xxx reference[//bank reference]');
export const DATE_TIME: Text = same('YYMMDDhhmm[+hhmm]');
export const FLOOR_LIMIT: Text = same('currency + [D|C] + amount, e.g. KZTD0,');
export const TOTAL: Text = same('number of entries + currency + amount, e.g. 3KZT1500,00');

/** FMT_REQUIRED_KEY: a mandatory tag is absent from a message. */
export function missingTag(tag: string, line: number, expected: Text): Issue {
  return issue(
    'FMT_REQUIRED_KEY',
    t({ en: `the message has no ${tag}`, ru: `в сообщении нет обязательного поля ${tag}`, kk: `хабарламада міндетті ${tag} өрісі жоқ` }),
    { line, field: tag, expected },
  );
}

/** A tag whose value has a wrong form (FMT_BAD_VALUE, FMT_BAD_DATE, FMT_TOO_MANY_DECIMALS), with the reason. */
export function badValue(value: string, at: At, why: Text, expected: Text, code: 'FMT_BAD_VALUE' | 'FMT_BAD_DATE' | 'FMT_TOO_MANY_DECIMALS' = 'FMT_BAD_VALUE', severity: Issue['severity'] = 'error'): Issue {
  const v = shown(value);
  return issue(code, t({ en: `${at.field} '${v}': ${why.en}`, ru: `${at.field} '${v}': ${why.ru}`, kk: `${at.field} '${v}': ${why.kk}` }), { ...at, expected, severity });
}

export const NOT_A_DATE: Text = { en: 'not a calendar date', ru: 'не календарная дата', kk: 'күнтізбелік күн емес' };
export const NOT_AN_AMOUNT: Text = { en: 'not an amount', ru: 'не сумма', kk: 'сома емес' };
export const NOT_A_BALANCE: Text = { en: 'not a balance', ru: 'не остаток', kk: 'қалдық емес' };
export const NOT_A_STATEMENT_LINE: Text = { en: 'not a statement line; the entry is dropped', ru: 'не строка выписки; проводка пропущена', kk: 'үзінді-көшірме жолы емес; жазба өткізілді' };

/** FMT_BAD_DATE (warning): 30 February and the like, read as the last day of the month (German banks book interest so). */
export function dateClamped(value: string, iso: string, at: At): Issue {
  const v = shown(value);
  return issue(
    'FMT_BAD_DATE',
    t({ en: `${at.field} date '${v}' does not exist; read as ${iso}`, ru: `${at.field}: даты '${v}' не существует; прочитана как ${iso}`, kk: `${at.field}: '${v}' күні жоқ; ${iso} ретінде оқылды` }),
    { ...at, expected: YYMMDD, severity: 'warning' },
  );
}

/** FMT_BAD_VALUE: a currency differing from the statement's (balances and floor limits are in the account currency). */
export function otherCurrency(found: string, currency: string, at: At): Issue {
  return issue(
    'FMT_BAD_VALUE',
    t({ en: `${at.field} is in ${found}, the statement in ${currency}`, ru: `${at.field} в валюте ${found}, а выписка — в ${currency}`, kk: `${at.field} ${found} валютасында, ал үзінді-көшірме — ${currency} валютасында` }),
    { ...at, expected: same(currency) },
  );
}

/** FMT_TOTALS_MISMATCH: opening + credits − debits ≠ closing. */
export function balancesDoNotReconcile(f: { opening: string; credits: string; debits: string; expected: string; closing: string; entries: number }, at: At): Issue {
  const { opening, credits, debits, expected, closing, entries } = f;
  return issue(
    'FMT_TOTALS_MISMATCH',
    t({
      en: `opening ${opening} + credits ${credits} − debits ${debits} (${entries} entries) = ${expected}, but the closing balance is ${closing}`,
      ru: `входящий остаток ${opening} + поступления ${credits} − списания ${debits} (проводок: ${entries}) = ${expected}, а исходящий остаток — ${closing}`,
      kk: `бастапқы қалдық ${opening} + түсімдер ${credits} − есептен шығару ${debits} (жазбалар: ${entries}) = ${expected}, ал соңғы қалдық — ${closing}`,
    }),
    { ...at, expected: same(expected) },
  );
}

/** FMT_TOTALS_MISMATCH: an MT942 `:90D:` / `:90C:` total that the entries do not add up to. */
export function totalDoesNotAddUp(tag: string, stated: string, counted: string, at: At): Issue {
  return issue(
    'FMT_TOTALS_MISMATCH',
    t({ en: `${tag} states ${stated}, the entries give ${counted}`, ru: `в ${tag} указано ${stated}, а по проводкам — ${counted}`, kk: `${tag} өрісінде ${stated} көрсетілген, ал жазбалар бойынша — ${counted}` }),
    { ...at, expected: same(counted) },
  );
}

/** FMT_UNKNOWN_KEY (warning): a tag MT940/MT942 does not have; its text is skipped. */
export function unknownTag(tag: string, line: number): Issue {
  return issue(
    'FMT_UNKNOWN_KEY',
    t({ en: `${tag} is not a tag of MT940/MT942; skipped`, ru: `поля ${tag} нет в MT940/MT942; пропущено`, kk: `${tag} өрісі MT940/MT942 құрамында жоқ; өткізілді` }),
    { line, field: tag, severity: 'warning', expected: same(':20: :21: :25: :28C: :60F: :60M: :61: :86: :62F: :62M: :64: :65: :13D: :34F: :90D: :90C:') },
  );
}

/** FMT_SYNTAX (warning): text outside a message (a proprietary header line, text after `-}`); skipped. */
export function strayText(value: string, line: number): Issue {
  const v = shown(value);
  return issue(
    'FMT_SYNTAX',
    t({ en: `'${v}' is outside a message; skipped`, ru: `'${v}' находится вне сообщения; пропущено`, kk: `'${v}' хабарламадан тыс тұр; өткізілді` }),
    { line, severity: 'warning', expected: same(':20: (or {1: block) to start a message') },
  );
}

/** FMT_SYNTAX: the file holds no MT940/MT942 message at all. */
export function noMessage(): Issue {
  return issue(
    'FMT_SYNTAX',
    t({ en: 'no MT940/MT942 message found (no :20: tag)', ru: 'в файле нет сообщений MT940/MT942 (нет поля :20:)', kk: 'файлда MT940/MT942 хабарламалары жоқ (:20: өрісі жоқ)' }),
    { line: 1, field: ':20:', expected: same(':20:reference, :25:account, :28C:number, :60F:balance, :61:…, :62F:balance') },
  );
}

/** FMT_BAD_BYTES (warning): control characters in a tag's text, read as spaces. */
export function controlCharacters(line: number, field: string | undefined): Issue {
  return issue(
    'FMT_BAD_BYTES',
    t({ en: 'the line holds control characters; read as spaces', ru: 'строка содержит управляющие символы; прочитаны как пробелы', kk: 'жолда басқару таңбалары бар; бос орын ретінде оқылды' }),
    { line, field, severity: 'warning' },
  );
}

/** FMT_STATEMENT_NOT_ORDERS: what the payment intake says of an MT940/MT942 file. */
export function statementNotOrders(kind: string): Issue {
  return issue(
    'FMT_STATEMENT_NOT_ORDERS',
    t({
      en: `the file is a SWIFT ${kind} account statement, not payment orders; statements are read by conversion and mailboxes`,
      ru: `файл — выписка по счёту SWIFT ${kind}, а не платёжные поручения; выписки читаются конвертером и почтовыми ящиками`,
      kk: `файл — SWIFT ${kind} шот бойынша үзінді-көшірме, төлем тапсырмалары емес; үзінді-көшірмелерді түрлендіргіш пен пошта жәшіктері оқиды`,
    }),
    { line: 1, field: ':20:' },
  );
}
