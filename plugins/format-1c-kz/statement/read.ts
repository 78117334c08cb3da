// Reads a 1C statement (`kl_to_1c.txt`, kz-formats.md 5.1 / 8.3) into a Statement: СекцияРасчСчет balances and one
// operation per СекцияДокумент; checks that the balances reconcile and the operations add up to the totals.
import { issue, t, type Issue, type Text } from '../../../gateway/core/issue.ts';
import { formatDecimal, parseDecimal, currencyExponent, type Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { Statement, StatementOperation } from '../../../gateway/core/model/statement.ts';
import type { Charset } from '../charsets.ts';
import type { Field, RawDocument, RawSection } from '../grammar.ts';
import { BENEFICIARY_KEYS, DOC_KEYS, KEYWORDS, PAYER_KEYS, keyId } from '../keys.ts';
import { documentKindName, party, pick, type HeaderInfo } from '../map-document.ts';
import { readExchange } from '../reader.ts';
import { parseAmount1c, parseCurrency1c, parseDate1c } from '../values.ts';
import { DATE_1C, notACurrency, notADate, tooManyDecimals } from '../texts.ts';

const same = (v: string): Text => ({ en: v, ru: v, kk: v });

export interface StatementReadOptions {
  /** Skip sniffing and read in this charset. */
  encoding?: Charset;
  signal?: AbortSignal;
}

export interface StatementParse {
  /** Null when the file has no statement account (no `СекцияРасчСчет` and no `РасчСчет`) or no period. */
  statement: Statement | null;
  /** Errors mean the statement must not be trusted (an operation was dropped, totals do not add up). */
  issues: Issue[];
  charset: Charset;
}

const BALANCE = {
  opening: 'НачальныйОстаток',
  credits: 'ВсегоПоступило',
  debits: 'ВсегоСписано',
  closing: 'КонечныйОстаток',
} as const;
type BalanceName = keyof typeof BALANCE;

const get = (fields: ReadonlyMap<string, Field>, key: string): Field | undefined => {
  const f = fields.get(keyId(key));
  return f && f.value !== '' ? f : undefined;
};
const normIban = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();

const OP_DATE_KEYS = ['ДатаОперации', 'ДатаСписано', 'ДатаПоступило'];

interface OpResult {
  op: StatementOperation | null;
  owner?: Party;
}

function mapOperation(doc: RawDocument, header: HeaderInfo, account: string, currency: string, issues: Issue[]): OpResult {
  const errors = issues.length;
  const at = doc.line;
  const docF = (keys: readonly string[]) => pick(doc, keys);
  const date = (f: Field | undefined): string | undefined => {
    if (!f) return undefined;
    const d = parseDate1c(f.value);
    if (d === null) issues.push(notADate(f.value, { line: f.line, field: f.key }));
    return d ?? undefined;
  };
  const opDateF = docF(OP_DATE_KEYS) ?? docF(DOC_KEYS.date);
  const opDate = date(opDateF);
  if (!opDateF) {
    const keys = [...OP_DATE_KEYS, ...DOC_KEYS.date].map((k) => `'${k}'`).join(', ');
    const text = t({
      en: `operation date is missing: one of ${keys} is required`,
      ru: `не указана дата операции: нужен один из ключей ${keys}`,
      kk: `операция күні көрсетілмеген: ${keys} кілттерінің бірі қажет`,
    });
    issues.push(issue('FMT_REQUIRED_KEY', text, { line: at, field: OP_DATE_KEYS[0] }));
  }
  const docDateF = docF(DOC_KEYS.date);
  const documentDate = docDateF && docDateF !== opDateF ? date(docDateF) : undefined;
  const valueDate = date(docF(DOC_KEYS.valueDate));

  const curF = docF(DOC_KEYS.currency);
  const cur = curF ? parseCurrency1c(curF.value) : currency;
  if (cur === null) issues.push(notACurrency(curF!.value, { line: curF!.line, field: curF!.key }));
  else if (cur !== currency) {
    const text = t({
      en: `the operation is in ${cur}, the statement account in ${currency}`,
      ru: `операция в валюте ${cur}, а счёт выписки — в ${currency}`,
      kk: `операция ${cur} валютасында, ал үзінді-көшірме шоты — ${currency} валютасында`,
    });
    issues.push(issue('FMT_BAD_VALUE', text, { line: curF!.line, field: curF!.key, expected: same(currency) }));
  }

  const payer = party(doc, PAYER_KEYS);
  const beneficiary = party(doc, BENEFICIARY_KEYS);
  const isZero = (f: Field | undefined) => f !== undefined && /^0+([.,]0*)?$/.test(f.value.trim());
  let inF = get(doc.fields, 'СуммаПриход');
  let outF = get(doc.fields, 'СуммаРасход');
  if (inF && outF) {
    if (isZero(inF)) inF = undefined;
    else if (isZero(outF)) outF = undefined;
  }
  let direction: StatementOperation['direction'] | undefined;
  let amountF: Field | undefined;
  if (inF && outF) {
    const [a, b] = [inF.value, outF.value];
    const text = t({
      en: `both 'СуммаПриход' (${a}) and 'СуммаРасход' (${b}) are given`,
      ru: `указаны и 'СуммаПриход' (${a}), и 'СуммаРасход' (${b})`,
      kk: `'СуммаПриход' (${a}) және 'СуммаРасход' (${b}) екеуі де көрсетілген`,
    });
    issues.push(issue('FMT_BAD_VALUE', text, { line: outF.line, field: outF.key, expected: t({ en: 'one of them', ru: 'только одна из них', kk: 'олардың біреуі ғана' }) }));
  } else if (inF || outF) {
    direction = inF ? 'credit' : 'debit';
    amountF = inF ?? outF;
  } else {
    amountF = get(doc.fields, 'Сумма');
    const acc = normIban(account);
    if (acc && normIban(payer.iban) === acc && normIban(beneficiary.iban) !== acc) direction = 'debit';
    else if (acc && normIban(beneficiary.iban) === acc && normIban(payer.iban) !== acc) direction = 'credit';
    else if (get(doc.fields, 'ДатаСписано')) direction = 'debit';
    else if (get(doc.fields, 'ДатаПоступило')) direction = 'credit';
    if (!amountF) {
      const text = t({
        en: `amount is missing: 'СуммаПриход', 'СуммаРасход' or 'Сумма' is required`,
        ru: `не указана сумма: нужен 'СуммаПриход', 'СуммаРасход' или 'Сумма'`,
        kk: `сома көрсетілмеген: 'СуммаПриход', 'СуммаРасход' немесе 'Сумма' қажет`,
      });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: at, field: 'СуммаПриход' }));
    } else if (!direction) {
      const text = t({
        en: `the direction is unknown: no 'СуммаПриход'/'СуммаРасход', and neither account is the statement's ${account || '(none)'}`,
        ru: `направление операции неизвестно: нет 'СуммаПриход'/'СуммаРасход', и ни один из счетов не совпадает со счётом выписки ${account || '(не указан)'}`,
        kk: `операцияның бағыты белгісіз: 'СуммаПриход'/'СуммаРасход' жоқ, ал шоттардың ешқайсысы үзінді-көшірме шотымен (${account || 'көрсетілмеген'}) сәйкес келмейді`,
      });
      const expected = t({ en: "'СуммаПриход' or 'СуммаРасход'", ru: "'СуммаПриход' или 'СуммаРасход'", kk: "'СуммаПриход' немесе 'СуммаРасход'" });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: amountF.line, field: 'СуммаПриход', expected }));
    }
  }
  let minor: bigint | undefined;
  if (amountF && cur !== null) {
    const r = parseAmount1c(amountF.value, cur);
    if (r.ok) minor = r.minor;
    else if (r.problem === 'too-many-decimals') issues.push(issue('FMT_TOO_MANY_DECIMALS', tooManyDecimals(amountF.value, currencyExponent(cur)), { line: amountF.line, field: amountF.key }));
    else {
      const [v, np] = [amountF.value, r.problem === 'not-positive'];
      const text = t({
        en: `amount '${v}' is not ${np ? 'greater than zero' : 'a number'}`,
        ru: `сумма '${v}' ${np ? 'не больше нуля' : '— не число'}`,
        kk: `'${v}' сомасы ${np ? 'нөлден үлкен емес' : 'сан емес'}`,
      });
      const expected = t({ en: 'an amount > 0 with a dot', ru: 'сумма больше 0 с точкой', kk: 'нүктесі бар, 0-ден үлкен сома' });
      issues.push(issue('FMT_BAD_VALUE', text, { line: amountF.line, field: amountF.key, expected }));
    }
  }
  if (issues.length > errors || !opDate || !direction || minor === undefined || cur === null) return { op: null };

  const purposeF = docF(DOC_KEYS.purpose);
  const purpose = purposeF
    ? purposeF.value
    : DOC_KEYS.purposeLines
        .map((k) => doc.fields.get(keyId(k))?.value ?? '')
        .filter((v) => v !== '')
        .join(' ');
  const op: StatementOperation = {
    date: opDate,
    number: docF(DOC_KEYS.number)?.value ?? '',
    direction,
    amount: { minor, currency: cur },
    counterparty: direction === 'credit' ? payer : beneficiary,
    purpose,
    documentKind: documentKindName(doc, header) ?? '',
  };
  if (documentDate && documentDate !== opDate) op.documentDate = documentDate;
  if (valueDate) op.valueDate = valueDate;
  const knp = docF(DOC_KEYS.knp)?.value;
  if (knp) op.knp = knp;
  return { op, owner: direction === 'credit' ? beneficiary : payer };
}

/**
 * Reads a statement from bytes or a chunk stream. Tolerant like the payment reader (any key case, quoted section
 * values, Russian fallback keys, sniffed charset); problems are issues with lines, never throws on bad input.
 * One account per statement: a second `СекцияРасчСчет` and its operations are skipped with a warning.
 */
/** A balance the statement left out, computed from the other three. */
function computed(key: string, value: string): Text {
  return t({ en: `'${key}' is missing; computed from the others: ${value}`, ru: `нет '${key}'; вычислено по остальным итогам: ${value}`, kk: `'${key}' жоқ; қалған қорытындылар бойынша есептелді: ${value}` });
}

export async function parseStatement1c(input: Uint8Array | AsyncIterable<Uint8Array>, options: StatementReadOptions = {}): Promise<StatementParse> {
  const issues: Issue[] = [];
  const headerFields = new Map<string, Field>();
  let section: RawSection | null = null;
  const otherAccounts = new Set<string>();
  const ops: StatementOperation[] = [];
  let owner: Party | undefined;
  let droppedOps = 0;
  let skippedOps = 0;
  let skippedLine = 0;
  let currency: string | null = null;

  const account = () => (section ? get(section.fields, 'РасчСчет')?.value : undefined) ?? get(headerFields, 'РасчСчет')?.value ?? '';
  const accountCurrency = (): string => {
    if (currency) return currency;
    const f = section ? get(section.fields, 'Валюта') : undefined;
    currency = (f && parseCurrency1c(f.value)) || null;
    return currency ?? 'KZT';
  };

  const reader = await readExchange(
    input,
    (e, r) => {
      switch (e.type) {
        case 'header':
          if (!headerFields.has(keyId(e.key))) headerFields.set(keyId(e.key), { key: e.key, value: e.value, line: e.line });
          return;
        case 'account': {
          if (!section) {
            section = e.section;
            return;
          }
          const acc = get(e.section.fields, 'РасчСчет')?.value ?? '?';
          if (normIban(acc) !== normIban(account())) otherAccounts.add(normIban(acc));
          const [as, first] = [KEYWORDS.accountStart, account() || '?'];
          const text = t({
            en: `a second '${as}' (account ${acc}) is skipped: one account per statement (the first, ${first})`,
            ru: `вторая секция '${as}' (счёт ${acc}) пропущена: в выписке читается один счёт (первый, ${first})`,
            kk: `екінші '${as}' секциясы (${acc} шоты) өткізіліп жіберілді: үзінді-көшірмеде бір шот оқылады (біріншісі, ${first})`,
          });
          issues.push(issue('FMT_NOT_SUPPORTED', text, { line: e.section.line, field: as, severity: 'warning' }));
          return;
        }
        case 'document': {
          const doc = e.doc;
          if (doc.syntaxErrors > 0) {
            droppedOps++;
            return;
          }
          const payerIban = normIban(pick(doc, PAYER_KEYS.iban)?.value);
          const benIban = normIban(pick(doc, BENEFICIARY_KEYS.iban)?.value);
          const acc = normIban(account());
          if (otherAccounts.size > 0 && payerIban !== acc && benIban !== acc && (otherAccounts.has(payerIban) || otherAccounts.has(benIban))) {
            if (skippedOps++ === 0) skippedLine = doc.line;
            return;
          }
          const m = mapOperation(doc, r.header, account(), accountCurrency(), issues);
          if (!m.op) {
            droppedOps++;
            return;
          }
          if (!currency) currency = m.op.amount.currency;
          ops.push(m.op);
          if (!owner && m.owner) owner = m.owner;
          return;
        }
        default:
          return;
      }
    },
    (i) => issues.push(i),
    { encoding: options.encoding, signal: options.signal },
  );
  if (skippedOps > 0) {
    const n = skippedOps;
    const text = t({
      en: `${n} operation(s) of the skipped account(s) are not read`,
      ru: `не прочитаны операции пропущенных счетов: ${n}`,
      kk: `өткізіліп жіберілген шоттардың ${n} операциясы оқылмады`,
    });
    issues.push(issue('FMT_NOT_SUPPORTED', text, { line: skippedLine, severity: 'warning' }));
  }
  return { statement: assemble(), issues, charset: reader.charset };

  function assemble(): Statement | null {
    const s = section as RawSection | null;
    const firstLine = s?.line ?? 1;
    const acc = account();
    if (!s) {
      const as = KEYWORDS.accountStart;
      const text = t({ en: `no '${as}' section: the file is not a statement`, ru: `нет секции '${as}': файл не является выпиской`, kk: `'${as}' секциясы жоқ: файл үзінді-көшірме емес` });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: 1, field: as, expected: t({ en: `'${as}' with the balances`, ru: `'${as}' с остатками`, kk: `қалдықтары бар '${as}'` }) }));
    }
    if (!acc) {
      const text = t({ en: "the statement account is missing: 'РасчСчет' is required", ru: "не указан счёт выписки: нужен 'РасчСчет'", kk: "үзінді-көшірме шоты көрсетілмеген: 'РасчСчет' қажет" });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: firstLine, field: 'РасчСчет' }));
      return null;
    }
    const period = (key: string): string | null => {
      const f = (s ? get(s.fields, key) : undefined) ?? get(headerFields, key);
      if (!f) {
        const text = t({ en: `the statement period is missing: '${key}' is required`, ru: `не указан период выписки: нужен '${key}'`, kk: `үзінді-көшірме кезеңі көрсетілмеген: '${key}' қажет` });
        issues.push(issue('FMT_REQUIRED_KEY', text, { line: firstLine, field: key, expected: DATE_1C }));
        return null;
      }
      const d = parseDate1c(f.value);
      if (!d) issues.push(notADate(f.value, { line: f.line, field: f.key }));
      return d;
    };
    const from = period('ДатаНачала');
    const to = period('ДатаКонца');
    if (!s || !from || !to) return null;
    const cur = accountCurrency();
    const f = (v: bigint) => formatDecimal(v, cur);

    const balances: Partial<Record<BalanceName, { minor: bigint; field?: Field }>> = {};
    for (const [name, key] of Object.entries(BALANCE) as [BalanceName, string][]) {
      const field = get(s.fields, key);
      if (!field) continue;
      const v = parseDecimal(field.value, cur);
      if (v === null) {
        const code = /[.,]\d+$/.test(field.value) && /^-?\d+[.,]\d+$/.test(field.value.trim()) ? 'FMT_TOO_MANY_DECIMALS' : 'FMT_BAD_VALUE';
        const fv = field.value;
        const text = t({ en: `${key} '${fv}' is not an amount`, ru: `${key} '${fv}' — не сумма`, kk: `${key} '${fv}' сома емес` });
        const expected = t({ en: 'digits with a dot, e.g. 5000000.00', ru: 'цифры с точкой, например 5000000.00', kk: 'нүктесі бар цифрлар, мысалы 5000000.00' });
        issues.push(issue(code, text, { line: field.line, field: field.key, expected }));
      } else balances[name] = { minor: v, field };
    }
    let credits = 0n;
    let debits = 0n;
    for (const op of ops) {
      if (op.direction === 'credit') credits += op.amount.minor;
      else debits += op.amount.minor;
    }
    const complete = droppedOps === 0 && skippedOps === 0;
    // A missing total is taken from the operations; a missing opening/closing balance from the other three.
    for (const [name, sum] of [['credits', credits], ['debits', debits]] as const) {
      if (balances[name] || !complete) continue;
      balances[name] = { minor: sum };
      const [k, v] = [BALANCE[name], f(sum)];
      const text = t({ en: `'${k}' is missing; taken from the operations: ${v}`, ru: `нет '${k}'; взято по операциям: ${v}`, kk: `'${k}' жоқ; операциялар бойынша алынды: ${v}` });
      issues.push(issue('FMT_REQUIRED_KEY', text, { line: s.line, field: k, severity: 'warning' }));
    }
    const b = balances;
    if (!b.opening && b.closing && b.credits && b.debits) {
      b.opening = { minor: b.closing.minor - b.credits.minor + b.debits.minor };
      issues.push(issue('FMT_REQUIRED_KEY', computed(BALANCE.opening, f(b.opening.minor)), { line: s.line, field: BALANCE.opening, severity: 'warning' }));
    } else if (!b.closing && b.opening && b.credits && b.debits) {
      b.closing = { minor: b.opening.minor + b.credits.minor - b.debits.minor };
      issues.push(issue('FMT_REQUIRED_KEY', computed(BALANCE.closing, f(b.closing.minor)), { line: s.line, field: BALANCE.closing, severity: 'warning' }));
    }
    const missing = (Object.keys(BALANCE) as BalanceName[]).filter((n) => !b[n]);
    if (missing.length > 0) {
      for (const n of missing) {
        if (b[n] || issues.some((i) => i.field === BALANCE[n] && i.line === get(s.fields, BALANCE[n])?.line)) continue;
        const k = BALANCE[n];
        const text = t({ en: `'${k}' is missing`, ru: `нет '${k}'`, kk: `'${k}' жоқ` });
        issues.push(issue('FMT_REQUIRED_KEY', text, { line: s.line, field: k, expected: t({ en: `'${k}=' with an amount`, ru: `'${k}=' с суммой`, kk: `сомасы бар '${k}='` }) }));
      }
      return null;
    }
    const [opening, cr, db, closing] = [b.opening!, b.credits!, b.debits!, b.closing!];
    if (opening.minor + cr.minor - db.minor !== closing.minor) {
      const sum = `${f(opening.minor)} + ${f(cr.minor)} − ${f(db.minor)} = ${f(opening.minor + cr.minor - db.minor)}`;
      const [k, v] = [BALANCE.closing, f(closing.minor)];
      const text = t({
        en: `balances do not reconcile: ${sum}, but '${k}' is ${v}`,
        ru: `остатки не сходятся: ${sum}, а '${k}' = ${v}`,
        kk: `қалдықтар сәйкес келмейді: ${sum}, ал '${k}' = ${v}`,
      });
      issues.push(issue('FMT_TOTALS_MISMATCH', text, { line: closing.field?.line ?? s.line, field: k, expected: same(f(opening.minor + cr.minor - db.minor)) }));
    }
    if (complete) {
      if (credits !== cr.minor) {
        const [k, a, v] = [BALANCE.credits, f(credits), f(cr.minor)];
        const text = t({ en: `the operations bring in ${a} but '${k}' is ${v}`, ru: `по операциям поступило ${a}, а '${k}' = ${v}`, kk: `операциялар бойынша ${a} түсті, ал '${k}' = ${v}` });
        issues.push(issue('FMT_TOTALS_MISMATCH', text, { line: cr.field?.line ?? s.line, field: k, expected: same(a) }));
      }
      if (debits !== db.minor) {
        const [k, a, v] = [BALANCE.debits, f(debits), f(db.minor)];
        const text = t({ en: `the operations take out ${a} but '${k}' is ${v}`, ru: `по операциям списано ${a}, а '${k}' = ${v}`, kk: `операциялар бойынша ${a} есептен шығарылды, ал '${k}' = ${v}` });
        issues.push(issue('FMT_TOTALS_MISMATCH', text, { line: db.field?.line ?? s.line, field: k, expected: same(a) }));
      }
    }
    const money = (minor: bigint): Money => ({ minor, currency: cur });
    const st: Statement = {
      account: acc,
      currency: cur,
      from,
      to,
      openingBalance: money(opening.minor),
      totalCredits: money(cr.minor),
      totalDebits: money(db.minor),
      closingBalance: money(closing.minor),
      operations: ops,
    };
    if (owner) {
      const { iban: _iban, ...rest } = owner;
      void _iban;
      if (Object.values(rest).some((v) => v !== '' && v !== undefined)) st.owner = rest;
    }
    return st;
  }
}
