// One 1C document (raw key/value block) → canonical payment document, collecting issues with line and key.
import { issue, type Issue } from '../../gateway/core/issue.ts';
import type { CanonicalDocument, ListRow, PaymentBase } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { DocumentBlock, type Field, type RawDocument } from './grammar.ts';
import { BENEFICIARY_KEYS, DOC_KEYS, KEYWORDS, PAYER_KEYS, keyId, keySlot, type PartyKeys } from './keys.ts';
import { isListKind, isPaymentOrder, isStatementSection, kindId, KnpKinds, resolveKind, STATUTORY_BENEFICIARIES, type BeneficiaryRule } from './kinds.ts';
import { buildRow, DEFAULT_LIST_GRAMMAR, firstNames, pickRowValue, type ListGrammar } from './rows.ts';
import { parseAmount1c, parseCurrency1c, parseDate1c } from './values.ts';
import { detach } from './flat.ts';

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

/** A key list normalised: keyIds and their keySlots. */
interface KeyList {
  ids: readonly string[];
  slots: readonly number[];
}

/** Key lists normalised once (the lists are constants or options). */
const LISTS = new WeakMap<readonly string[], KeyList>();

function keyList(keys: readonly string[]): KeyList {
  let l = LISTS.get(keys);
  if (l === undefined) {
    const ids = keys.map(keyId);
    LISTS.set(keys, (l = { ids, slots: ids.map(keySlot) }));
  }
  return l;
}

/** The field of keyId `k` (keySlot `slot`). */
function fieldOf(doc: RawDocument, k: string, slot: number): Field | undefined {
  return doc instanceof DocumentBlock ? doc.get(k, slot) : doc.fields.get(k);
}

/** First key of the list present with a non-empty value. */
function pickList(doc: RawDocument, l: KeyList): Field | undefined {
  const { ids, slots } = l;
  for (let i = 0; i < ids.length; i++) {
    const f = fieldOf(doc, ids[i]!, slots[i]!);
    if (f !== undefined && f.value !== '') return f;
  }
  return undefined;
}

/** First key of `keys` present with a non-empty value. */
export function pick(doc: RawDocument, keys: readonly string[]): Field | undefined {
  return pickList(doc, keyList(keys));
}

/** The document keys, normalised once. */
const ID = {
  number: keyList(DOC_KEYS.number),
  date: keyList(DOC_KEYS.date),
  valueDate: keyList(DOC_KEYS.valueDate),
  amount: keyList(DOC_KEYS.amount),
  currency: keyList(DOC_KEYS.currency),
  purpose: keyList(DOC_KEYS.purpose),
  purposeLines: keyList(DOC_KEYS.purposeLines),
  knp: keyList(DOC_KEYS.knp),
  kbk: keyList(DOC_KEYS.kbk),
  priority: keyList(DOC_KEYS.priority),
  payerIban: keyList(PAYER_KEYS.iban),
  beneficiaryIban: keyList(BENEFICIARY_KEYS.iban),
};

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

/** PartyKeys normalised once per PartyKeys object. */
const PARTY_LISTS = new WeakMap<PartyKeys, Record<keyof PartyKeys, KeyList>>();

function partyLists(keys: PartyKeys): Record<keyof PartyKeys, KeyList> {
  let l = PARTY_LISTS.get(keys);
  if (l === undefined) {
    l = { name: keyList(keys.name), binIin: keyList(keys.binIin), iban: keyList(keys.iban), bic: keyList(keys.bic), bankName: keyList(keys.bankName), code: keyList(keys.code) };
    PARTY_LISTS.set(keys, l);
  }
  return l;
}

export function party(doc: RawDocument, keys: PartyKeys): Party {
  const l = partyLists(keys);
  const p: Party = { name: pickList(doc, l.name)?.value ?? '' };
  // pickList returns only non-empty values
  const binIin = pickList(doc, l.binIin);
  const iban = pickList(doc, l.iban);
  const bic = pickList(doc, l.bic);
  const bankName = pickList(doc, l.bankName);
  const code = pickList(doc, l.code);
  if (binIin !== undefined) p.binIin = binIin.value;
  if (iban !== undefined) p.iban = iban.value;
  if (bic !== undefined) p.bic = bic.value;
  if (bankName !== undefined) p.bankName = bankName.value;
  if (code !== undefined) p.code = code.value;
  return p;
}

/** The first of `keys` with a value; when none, an FMT_REQUIRED_KEY issue for `what`. */
function required(doc: RawDocument, keys: readonly string[], list: KeyList, what: string, issues: Issue[]): Field | undefined {
  const f = pickList(doc, list);
  if (!f) issues.push(issue('FMT_REQUIRED_KEY', `${what} is missing: ${oneOf(keys)} with a value is required`, { line: doc.line, field: keys[0], expected: oneOf(keys) }));
  return f;
}

/** A date field as 'YYYY-MM-DD'; a bad one is an FMT_BAD_DATE issue. */
function dateOf(f: Field | undefined, issues: Issue[]): string | undefined {
  if (!f) return undefined;
  const d = parseDate1c(f.value);
  if (d === null) issues.push(issue('FMT_BAD_DATE', `'${detach(f.value)}' is not a date`, { line: f.line, field: f.key, expected: 'dd.mm.yyyy' }));
  return d ?? undefined;
}

function hasError(issues: readonly Issue[]): boolean {
  for (let i = 0; i < issues.length; i++) if (issues[i]!.severity === 'error') return true;
  return false;
}

/** The numbered purpose lines joined, when `НазначениеПлатежа` itself is empty. */
function purposeLines(doc: RawDocument): string {
  const { ids, slots } = ID.purposeLines;
  let out = '';
  for (let i = 0; i < ids.length; i++) {
    const v = fieldOf(doc, ids[i]!, slots[i]!)?.value ?? '';
    if (v !== '') out = out === '' ? v : `${out} ${v}`;
  }
  return out;
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
      issue('FMT_SECTION_SKIPPED', `document '${detach(kindName)}' is not a payment order and is skipped (it is imported in the bank-to-1C direction later)`, {
        line: at,
        field: KEYWORDS.documentStart,
        severity: 'warning',
      }),
    );
    return { document: null, issues };
  }

  const numberF = required(doc, DOC_KEYS.number, ID.number, 'document number', issues);
  const dateF = required(doc, DOC_KEYS.date, ID.date, 'document date', issues);
  const amountF = required(doc, DOC_KEYS.amount, ID.amount, 'amount', issues);
  const payerIbanF = required(doc, PAYER_KEYS.iban, ID.payerIban, "payer's account (IIK)", issues);
  const benefIbanF = required(doc, BENEFICIARY_KEYS.iban, ID.beneficiaryIban, "beneficiary's account (IIK)", issues);

  const docDate = dateOf(dateF, issues);
  const valueDate = dateOf(pickList(doc, ID.valueDate), issues);

  const currencyF = pickList(doc, ID.currency);
  const currency = parseCurrency1c(currencyF?.value);
  if (currency === null && currencyF) {
    issues.push(issue('FMT_BAD_VALUE', `'${detach(currencyF.value)}' is not a currency code`, { line: currencyF.line, field: currencyF.key, expected: 'ISO 4217 letter code, e.g. KZT' }));
  }

  let minor: bigint | undefined;
  if (amountF && currency !== null) {
    const r = parseAmount1c(amountF.value, currency);
    if (r.ok) minor = r.minor;
    else if (r.problem === 'too-many-decimals')
      issues.push(issue('FMT_TOO_MANY_DECIMALS', `amount '${detach(amountF.value)}' has more than 2 decimals`, { line: amountF.line, field: amountF.key, expected: 'at most 2 digits after the point' }));
    else if (r.problem === 'not-positive')
      issues.push(issue('FMT_BAD_VALUE', `amount '${detach(amountF.value)}' must be greater than zero`, { line: amountF.line, field: amountF.key, expected: 'an amount > 0' }));
    else issues.push(issue('FMT_BAD_VALUE', `amount '${detach(amountF.value)}' is not a number`, { line: amountF.line, field: amountF.key, expected: 'digits with a dot, e.g. 1180000.00' }));
  }

  if (hasError(issues) || !numberF || !docDate || minor === undefined || currency === null || !payerIbanF || !benefIbanF) {
    return { document: null, issues };
  }

  const purposeF = pickList(doc, ID.purpose);
  const purpose = purposeF ? purposeF.value : purposeLines(doc);
  const knpField = pickList(doc, ID.knp);
  const knp = knpField?.value;
  const kbk = pickList(doc, ID.kbk)?.value;
  const priority = pickList(doc, ID.priority)?.value;

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
  if (decision.conflict) {
    issues.push(issue('FMT_KIND_CONFLICT', detach(decision.conflict), { line: knpField?.line ?? at, field: knpField?.key ?? DOC_KEYS.knp[0], severity: 'warning' }));
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
          issue('FMT_REQUIRED_KEY', `a budget payment (${decision.by === 'beneficiary' ? 'beneficiary bank KKMFKZ2A' : `KNP ${detach(String(knp))}`}) needs its budget classification code: ${oneOf(DOC_KEYS.kbk)} with a value is required`, {
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
      issue('FMT_LIST_MISSING', `KNP ${detach(knp ?? '(none)')} is a ${rule.kind} payment but the document has no employee list ('${listStart}' sub-sections); it may come as a side-car file next to this one`, {
        line: at,
        field: listStart,
        severity: 'warning',
        expected: `'${listStart}' … '${ctx.list.end}' rows, or <file>.csv / <file>.employees.csv / <file>.xml`,
      }),
    );
  }
  return { document: { ...rule, ...base, rows }, issues };
}
