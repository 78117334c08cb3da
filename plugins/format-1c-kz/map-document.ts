// One 1C document (raw key/value block) → canonical payment document, collecting issues with line and key.
import { issue, type Issue } from '../../gateway/core/issue.ts';
import type { CanonicalDocument, ListRow, PaymentBase } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import type { Field, RawDocument } from './grammar.ts';
import { BENEFICIARY_KEYS, DOC_KEYS, KEYWORDS, PAYER_KEYS, keyId, type PartyKeys } from './keys.ts';
import { isListKind, isPaymentOrder, isStatementSection, kindId, KnpKinds, resolveKind, STATUTORY_BENEFICIARIES, type BeneficiaryRule } from './kinds.ts';
import { buildRow, DEFAULT_LIST_GRAMMAR, firstNames, pickRowValue, type ListGrammar } from './rows.ts';
import { parseAmount1c, parseCurrency1c, parseDate1c } from './values.ts';

/** What mapping depends on besides the document: the KNP table, statutory beneficiaries, the employee sub-section grammar. */
export interface MapContext {
  knpKinds: KnpKinds;
  beneficiaries: readonly BeneficiaryRule[];
  list: ListGrammar;
}

let defaultContext: MapContext | undefined;
export function defaultMapContext(): MapContext {
  return (defaultContext ??= { knpKinds: new KnpKinds(), beneficiaries: STATUTORY_BENEFICIARIES, list: DEFAULT_LIST_GRAMMAR });
}

/** What the file header says that matters for documents. */
export interface HeaderInfo {
  /** Values of header `Документ=` lines (kind of a bare `СекцияДокумент`). */
  documentKinds: string[];
}

export interface MapResult {
  /** Null when the document was skipped or has errors. */
  document: CanonicalDocument | null;
  issues: Issue[];
}

/** First key of `keys` present with a non-empty value. */
export function pick(doc: RawDocument, keys: readonly string[]): Field | undefined {
  for (const k of keys) {
    const f = doc.fields.get(keyId(k));
    if (f && f.value !== '') return f;
  }
  return undefined;
}

function oneOf(keys: readonly string[]): string {
  return keys.length === 1 ? `key '${keys[0]}'` : `one of the keys ${keys.map((k) => `'${k}'`).join(', ')}`;
}

/** The 1C kind name of a document: section value, else `ВидДокумента` (statements), else the header's single `Документ`. */
export function documentKindName(doc: RawDocument, header: HeaderInfo): string | undefined {
  if (doc.sectionValue && !isStatementSection(doc.sectionValue)) return doc.sectionValue;
  const vid = pick(doc, DOC_KEYS.kind)?.value;
  if (vid) return vid;
  if (!doc.sectionValue) {
    const distinct = new Set(header.documentKinds.map(kindId));
    if (distinct.size === 1) return header.documentKinds[0];
  }
  return undefined;
}

export function party(doc: RawDocument, keys: PartyKeys): Party {
  const p: Party = { name: pick(doc, keys.name)?.value ?? '' };
  const binIin = pick(doc, keys.binIin)?.value;
  const iban = pick(doc, keys.iban)?.value;
  const bic = pick(doc, keys.bic)?.value;
  const bankName = pick(doc, keys.bankName)?.value;
  const code = pick(doc, keys.code)?.value;
  if (binIin) p.binIin = binIin;
  if (iban) p.iban = iban;
  if (bic) p.bic = bic;
  if (bankName) p.bankName = bankName;
  if (code) p.code = code;
  return p;
}

export function mapDocument(doc: RawDocument, header: HeaderInfo, ctx: MapContext = defaultMapContext()): MapResult {
  const issues: Issue[] = [];
  const at = doc.line;

  const kindName = documentKindName(doc, header);
  if (kindName === undefined) {
    issues.push(
      issue('FMT_REQUIRED_KEY', `document kind is not stated ('${KEYWORDS.documentStart}' has no value, no '${DOC_KEYS.kind[0]}'); read as a payment order`, {
        line: at,
        field: KEYWORDS.documentStart,
        severity: 'warning',
        expected: `'${KEYWORDS.documentStart}=Платежное поручение'`,
      }),
    );
  } else if (!isPaymentOrder(kindName)) {
    issues.push(
      issue('FMT_SECTION_SKIPPED', `document '${kindName}' is not a payment order and is skipped (it is imported in the bank-to-1C direction later)`, {
        line: at,
        field: KEYWORDS.documentStart,
        severity: 'warning',
      }),
    );
    return { document: null, issues };
  }

  const required = (keys: readonly string[], what: string): Field | undefined => {
    const f = pick(doc, keys);
    if (!f) issues.push(issue('FMT_REQUIRED_KEY', `${what} is missing: ${oneOf(keys)} with a value is required`, { line: at, field: keys[0], expected: oneOf(keys) }));
    return f;
  };
  const numberF = required(DOC_KEYS.number, 'document number');
  const dateF = required(DOC_KEYS.date, 'document date');
  const amountF = required(DOC_KEYS.amount, 'amount');
  const payerIbanF = required(PAYER_KEYS.iban, "payer's account (IIK)");
  const benefIbanF = required(BENEFICIARY_KEYS.iban, "beneficiary's account (IIK)");

  const date = (f: Field | undefined): string | undefined => {
    if (!f) return undefined;
    const d = parseDate1c(f.value);
    if (d === null) issues.push(issue('FMT_BAD_DATE', `'${f.value}' is not a date`, { line: f.line, field: f.key, expected: 'dd.mm.yyyy' }));
    return d ?? undefined;
  };
  const docDate = date(dateF);
  const valueDate = date(pick(doc, DOC_KEYS.valueDate));

  const currencyF = pick(doc, DOC_KEYS.currency);
  const currency = parseCurrency1c(currencyF?.value);
  if (currency === null && currencyF) {
    issues.push(issue('FMT_BAD_VALUE', `'${currencyF.value}' is not a currency code`, { line: currencyF.line, field: currencyF.key, expected: 'ISO 4217 letter code, e.g. KZT' }));
  }

  let minor: bigint | undefined;
  if (amountF && currency !== null) {
    const r = parseAmount1c(amountF.value, currency);
    if (r.ok) minor = r.minor;
    else if (r.problem === 'too-many-decimals')
      issues.push(issue('FMT_TOO_MANY_DECIMALS', `amount '${amountF.value}' has more than 2 decimals`, { line: amountF.line, field: amountF.key, expected: 'at most 2 digits after the point' }));
    else if (r.problem === 'not-positive')
      issues.push(issue('FMT_BAD_VALUE', `amount '${amountF.value}' must be greater than zero`, { line: amountF.line, field: amountF.key, expected: 'an amount > 0' }));
    else issues.push(issue('FMT_BAD_VALUE', `amount '${amountF.value}' is not a number`, { line: amountF.line, field: amountF.key, expected: 'digits with a dot, e.g. 1180000.00' }));
  }

  if (issues.some((i) => i.severity === 'error') || !numberF || !docDate || minor === undefined || currency === null || !payerIbanF || !benefIbanF) {
    return { document: null, issues };
  }

  const purposeF = pick(doc, DOC_KEYS.purpose);
  const purpose = purposeF
    ? purposeF.value
    : DOC_KEYS.purposeLines
        .map((k) => doc.fields.get(keyId(k))?.value ?? '')
        .filter((v) => v !== '')
        .join(' ');
  const knp = pick(doc, DOC_KEYS.knp)?.value;
  const kbk = pick(doc, DOC_KEYS.kbk)?.value;
  const priority = pick(doc, DOC_KEYS.priority)?.value;

  const base: PaymentBase = {
    number: numberF.value,
    date: docDate,
    amount: { minor, currency },
    payer: party(doc, PAYER_KEYS),
    beneficiary: party(doc, BENEFICIARY_KEYS),
    purpose,
  };
  if (valueDate) base.valueDate = valueDate;
  if (knp) base.knp = knp;
  if (priority) base.priority = priority;

  const decision = resolveKind({ knp, kbk, beneficiary: base.beneficiary }, ctx.knpKinds, ctx.beneficiaries);
  const knpField = pick(doc, DOC_KEYS.knp);
  if (decision.conflict) {
    issues.push(issue('FMT_KIND_CONFLICT', decision.conflict, { line: knpField?.line ?? at, field: knpField?.key ?? DOC_KEYS.knp[0], severity: 'warning' }));
  }
  const rule = decision.rule;
  const listStart = ctx.list.start;

  if (!isListKind(rule)) {
    if (doc.rows.length > 0) {
      issues.push(
        issue('FMT_SECTION_SKIPPED', `${doc.rows.length} '${listStart}' row(s) ignored: ${rule.kind === 'budget' ? 'a budget' : 'an ordinary'} payment carries no employee list`, {
          line: doc.rows[0]!.line,
          field: listStart,
          severity: 'warning',
        }),
      );
    }
    if (rule.kind === 'budget') {
      if (!kbk) {
        issues.push(
          issue('FMT_REQUIRED_KEY', `a budget payment (${decision.by === 'beneficiary' ? 'beneficiary bank KKMFKZ2A' : `KNP ${knp}`}) needs its budget classification code: ${oneOf(DOC_KEYS.kbk)} with a value is required`, {
            line: at,
            field: DOC_KEYS.kbk[0],
            expected: `'${DOC_KEYS.kbk[0]}=' with the 6-digit KBK, e.g. 101201`,
          }),
        );
        return { document: null, issues };
      }
      return { document: { kind: 'budget', kbk, ...base }, issues };
    }
    return { document: { kind: 'payment', ...base }, issues };
  }

  const rows: ListRow[] = [];
  const names = firstNames(ctx.list.keys);
  let rowErrors = 0;
  doc.rows.forEach((raw, n) => {
    const r = buildRow((f) => pickRowValue(raw.fields, ctx.list.keys[f]), { currency: base.amount.currency, line: raw.line, names, label: `employee ${n + 1}` });
    for (const i of r.issues) issues.push(i);
    if (r.row) rows.push(r.row);
    else rowErrors++;
  });
  if (rowErrors > 0) return { document: null, issues };
  // An unclosed sub-section is already a syntax error; no "list missing" on top of it.
  if (rows.length === 0 && doc.employeeSections === 0) {
    issues.push(
      issue('FMT_LIST_MISSING', `KNP ${knp ?? '(none)'} is a ${rule.kind} payment but the document has no employee list ('${listStart}' sub-sections); it may come as a side-car file next to this one`, {
        line: at,
        field: listStart,
        severity: 'warning',
        expected: `'${listStart}' … '${ctx.list.end}' rows, or <file>.csv / <file>.employees.csv / <file>.xml`,
      }),
    );
  }
  return { document: { ...rule, ...base, rows }, issues };
}
