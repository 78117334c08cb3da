// Reads a 1C statement (`kl_to_1c.txt`, kz-formats.md 5.1 / 8.3) into a Statement: СекцияРасчСчет balances and one
// operation per СекцияДокумент; checks that the balances reconcile and the operations add up to the totals.
import { issue, type Issue } from '../../../gateway/core/issue.ts';
import { formatDecimal, parseDecimal, currencyExponent, type Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { Statement, StatementOperation } from '../../../gateway/core/model/statement.ts';
import type { Charset } from '../charsets.ts';
import type { Field, RawDocument, RawSection } from '../grammar.ts';
import { BENEFICIARY_KEYS, DOC_KEYS, KEYWORDS, PAYER_KEYS, keyId } from '../keys.ts';
import { documentKindName, party, pick, type HeaderInfo } from '../map-document.ts';
import { readExchange } from '../reader.ts';
import { parseAmount1c, parseCurrency1c, parseDate1c } from '../values.ts';

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
    if (d === null) issues.push(issue('FMT_BAD_DATE', `'${f.value}' is not a date`, { line: f.line, field: f.key, expected: 'dd.mm.yyyy' }));
    return d ?? undefined;
  };
  const opDateF = docF(OP_DATE_KEYS) ?? docF(DOC_KEYS.date);
  const opDate = date(opDateF);
  if (!opDateF) issues.push(issue('FMT_REQUIRED_KEY', `operation date is missing: one of ${[...OP_DATE_KEYS, ...DOC_KEYS.date].map((k) => `'${k}'`).join(', ')} is required`, { line: at, field: OP_DATE_KEYS[0] }));
  const docDateF = docF(DOC_KEYS.date);
  const documentDate = docDateF && docDateF !== opDateF ? date(docDateF) : undefined;
  const valueDate = date(docF(DOC_KEYS.valueDate));

  const curF = docF(DOC_KEYS.currency);
  const cur = curF ? parseCurrency1c(curF.value) : currency;
  if (cur === null) issues.push(issue('FMT_BAD_VALUE', `'${curF!.value}' is not a currency code`, { line: curF!.line, field: curF!.key, expected: 'ISO 4217 letter code, e.g. KZT' }));
  else if (cur !== currency) issues.push(issue('FMT_BAD_VALUE', `the operation is in ${cur}, the statement account in ${currency}`, { line: curF!.line, field: curF!.key, expected: currency }));

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
    issues.push(issue('FMT_BAD_VALUE', `both 'СуммаПриход' (${inF.value}) and 'СуммаРасход' (${outF.value}) are given`, { line: outF.line, field: outF.key, expected: 'one of them' }));
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
    if (!amountF) issues.push(issue('FMT_REQUIRED_KEY', `amount is missing: 'СуммаПриход', 'СуммаРасход' or 'Сумма' is required`, { line: at, field: 'СуммаПриход' }));
    else if (!direction)
      issues.push(issue('FMT_REQUIRED_KEY', `the direction is unknown: no 'СуммаПриход'/'СуммаРасход', and neither account is the statement's ${account || '(none)'}`, { line: amountF.line, field: 'СуммаПриход', expected: "'СуммаПриход' or 'СуммаРасход'" }));
  }
  let minor: bigint | undefined;
  if (amountF && cur !== null) {
    const r = parseAmount1c(amountF.value, cur);
    if (r.ok) minor = r.minor;
    else if (r.problem === 'too-many-decimals') issues.push(issue('FMT_TOO_MANY_DECIMALS', `amount '${amountF.value}' has more than ${currencyExponent(cur)} decimals`, { line: amountF.line, field: amountF.key }));
    else issues.push(issue('FMT_BAD_VALUE', `amount '${amountF.value}' is not ${r.problem === 'not-positive' ? 'greater than zero' : 'a number'}`, { line: amountF.line, field: amountF.key, expected: 'an amount > 0 with a dot' }));
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
          issues.push(issue('FMT_NOT_SUPPORTED', `a second '${KEYWORDS.accountStart}' (account ${acc}) is skipped: one account per statement (the first, ${account() || '?'})`, { line: e.section.line, field: KEYWORDS.accountStart, severity: 'warning' }));
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
  if (skippedOps > 0) issues.push(issue('FMT_NOT_SUPPORTED', `${skippedOps} operation(s) of the skipped account(s) are not read`, { line: skippedLine, severity: 'warning' }));
  return { statement: assemble(), issues, charset: reader.charset };

  function assemble(): Statement | null {
    const s = section as RawSection | null;
    const firstLine = s?.line ?? 1;
    const acc = account();
    if (!s) issues.push(issue('FMT_REQUIRED_KEY', `no '${KEYWORDS.accountStart}' section: the file is not a statement`, { line: 1, field: KEYWORDS.accountStart, expected: `'${KEYWORDS.accountStart}' with the balances` }));
    if (!acc) {
      issues.push(issue('FMT_REQUIRED_KEY', "the statement account is missing: 'РасчСчет' is required", { line: firstLine, field: 'РасчСчет' }));
      return null;
    }
    const period = (key: string): string | null => {
      const f = (s ? get(s.fields, key) : undefined) ?? get(headerFields, key);
      if (!f) {
        issues.push(issue('FMT_REQUIRED_KEY', `the statement period is missing: '${key}' is required`, { line: firstLine, field: key, expected: 'dd.mm.yyyy' }));
        return null;
      }
      const d = parseDate1c(f.value);
      if (!d) issues.push(issue('FMT_BAD_DATE', `'${f.value}' is not a date`, { line: f.line, field: f.key, expected: 'dd.mm.yyyy' }));
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
      if (v === null) issues.push(issue(/[.,]\d+$/.test(field.value) && /^-?\d+[.,]\d+$/.test(field.value.trim()) ? 'FMT_TOO_MANY_DECIMALS' : 'FMT_BAD_VALUE', `${key} '${field.value}' is not an amount`, { line: field.line, field: field.key, expected: 'digits with a dot, e.g. 5000000.00' }));
      else balances[name] = { minor: v, field };
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
      issues.push(issue('FMT_REQUIRED_KEY', `'${BALANCE[name]}' is missing; taken from the operations: ${f(sum)}`, { line: s.line, field: BALANCE[name], severity: 'warning' }));
    }
    const b = balances;
    if (!b.opening && b.closing && b.credits && b.debits) {
      b.opening = { minor: b.closing.minor - b.credits.minor + b.debits.minor };
      issues.push(issue('FMT_REQUIRED_KEY', `'${BALANCE.opening}' is missing; computed from the others: ${f(b.opening.minor)}`, { line: s.line, field: BALANCE.opening, severity: 'warning' }));
    } else if (!b.closing && b.opening && b.credits && b.debits) {
      b.closing = { minor: b.opening.minor + b.credits.minor - b.debits.minor };
      issues.push(issue('FMT_REQUIRED_KEY', `'${BALANCE.closing}' is missing; computed from the others: ${f(b.closing.minor)}`, { line: s.line, field: BALANCE.closing, severity: 'warning' }));
    }
    const missing = (Object.keys(BALANCE) as BalanceName[]).filter((n) => !b[n]);
    if (missing.length > 0) {
      for (const n of missing) if (!b[n] && !issues.some((i) => i.field === BALANCE[n] && i.line === get(s.fields, BALANCE[n])?.line)) issues.push(issue('FMT_REQUIRED_KEY', `'${BALANCE[n]}' is missing`, { line: s.line, field: BALANCE[n], expected: `'${BALANCE[n]}=' with an amount` }));
      return null;
    }
    const [opening, cr, db, closing] = [b.opening!, b.credits!, b.debits!, b.closing!];
    if (opening.minor + cr.minor - db.minor !== closing.minor) {
      issues.push(
        issue('FMT_TOTALS_MISMATCH', `balances do not reconcile: ${f(opening.minor)} + ${f(cr.minor)} − ${f(db.minor)} = ${f(opening.minor + cr.minor - db.minor)}, but '${BALANCE.closing}' is ${f(closing.minor)}`, {
          line: closing.field?.line ?? s.line,
          field: BALANCE.closing,
          expected: f(opening.minor + cr.minor - db.minor),
        }),
      );
    }
    if (complete) {
      if (credits !== cr.minor) issues.push(issue('FMT_TOTALS_MISMATCH', `the operations bring in ${f(credits)} but '${BALANCE.credits}' is ${f(cr.minor)}`, { line: cr.field?.line ?? s.line, field: BALANCE.credits, expected: f(credits) }));
      if (debits !== db.minor) issues.push(issue('FMT_TOTALS_MISMATCH', `the operations take out ${f(debits)} but '${BALANCE.debits}' is ${f(db.minor)}`, { line: db.field?.line ?? s.line, field: BALANCE.debits, expected: f(debits) }));
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
