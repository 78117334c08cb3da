// One 1C document (raw key/value block) → canonical payment document, collecting issues with line and key.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import { DOCUMENT_KIND_TEXT } from '../../gateway/core/i18n.ts';
import type { CanonicalDocument, ListRow, PaymentBase } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { DocumentBlock, type Field, type RawDocument } from './grammar.ts';
import { BENEFICIARY_KEYS, DOC_KEYS, KEYWORDS, PAYER_KEYS, keyId, keySlot, type PartyKeys } from './keys.ts';
import { isListKind, isPaymentOrder, isStatementSection, kindId, KnpKinds, resolveKind, STATUTORY_BENEFICIARIES, type BeneficiaryRule } from './kinds.ts';
import { buildRow, DEFAULT_LIST_GRAMMAR, firstNames, pickRowValue, type ListGrammar } from './rows.ts';
import { parseAmount1c, parseCurrency1c, parseDate1c } from './values.ts';
import { detach } from './flat.ts';
import { notACurrency, notADate, oneOf, tooManyDecimals, TWO_DECIMALS } from './texts.ts';

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

/** The first of `keys` with a value; when none, an FMT_REQUIRED_KEY issue for `what` (a constant of WHAT). */
function required(doc: RawDocument, keys: readonly string[], list: KeyList, what: Text, issues: Issue[]): Field | undefined {
  const f = pickList(doc, list);
  if (!f) {
    const o = oneOf(keys);
    const text = t({
      en: `${what.en} is missing: ${o.en} with a value is required`,
      ru: `${what.ru}: нужен ${o.ru} со значением`,
      kk: `${what.kk}: мәні бар ${o.kk} қажет`,
    });
    issues.push(issue('FMT_REQUIRED_KEY', text, { line: doc.line, field: keys[0], expected: o }));
  }
  return f;
}

/** What `required` reports missing: the name in English, the whole "… is not stated" in Russian and Kazakh. */
const WHAT = {
  number: { en: 'document number', ru: 'не указан номер документа', kk: 'құжат нөмірі көрсетілмеген' },
  date: { en: 'document date', ru: 'не указана дата документа', kk: 'құжат күні көрсетілмеген' },
  amount: { en: 'amount', ru: 'не указана сумма', kk: 'сома көрсетілмеген' },
  payerIban: { en: "payer's account (IIK)", ru: 'не указан ИИК плательщика', kk: 'төлеушінің ЖСК-сы көрсетілмеген' },
  beneficiaryIban: { en: "beneficiary's account (IIK)", ru: 'не указан ИИК получателя', kk: 'алушының ЖСК-сы көрсетілмеген' },
} as const satisfies Record<string, Text>;

/** A date field as 'YYYY-MM-DD'; a bad one is an FMT_BAD_DATE issue. */
function dateOf(f: Field | undefined, issues: Issue[]): string | undefined {
  if (!f) return undefined;
  const d = parseDate1c(f.value);
  if (d === null) issues.push(notADate(f.value, { line: f.line, field: f.key }));
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
    const [ds, vk] = [KEYWORDS.documentStart, DOC_KEYS.kind[0]];
    const expected = `'${ds}=Платежное поручение'`;
    issues.push(
      issue(
        'FMT_REQUIRED_KEY',
        t({
          en: `document kind is not stated ('${ds}' has no value, no '${vk}'); read as a payment order`,
          ru: `вид документа не указан (у '${ds}' нет значения, нет '${vk}'); документ прочитан как платёжное поручение`,
          kk: `құжат түрі көрсетілмеген ('${ds}' мәні жоқ, '${vk}' жоқ); құжат төлем тапсырмасы ретінде оқылды`,
        }),
        { line: at, field: ds, severity: 'warning', expected: t({ en: expected, ru: expected, kk: expected }) },
      ),
    );
  } else if (!isPaymentOrder(kindName)) {
    const k = detach(kindName);
    issues.push(
      issue(
        'FMT_SECTION_SKIPPED',
        t({
          en: `document '${k}' is not a payment order and is skipped (it is imported in the bank-to-1C direction later)`,
          ru: `документ '${k}' — не платёжное поручение и пропущен (такие документы загружаются в направлении «банк → 1С»)`,
          kk: `'${k}' құжаты төлем тапсырмасы емес, сондықтан өткізіліп жіберілді (мұндай құжаттар «банк → 1С» бағытында жүктеледі)`,
        }),
        { line: at, field: KEYWORDS.documentStart, severity: 'warning' },
      ),
    );
    return { document: null, issues };
  }

  const numberF = required(doc, DOC_KEYS.number, ID.number, WHAT.number, issues);
  const dateF = required(doc, DOC_KEYS.date, ID.date, WHAT.date, issues);
  const amountF = required(doc, DOC_KEYS.amount, ID.amount, WHAT.amount, issues);
  const payerIbanF = required(doc, PAYER_KEYS.iban, ID.payerIban, WHAT.payerIban, issues);
  const benefIbanF = required(doc, BENEFICIARY_KEYS.iban, ID.beneficiaryIban, WHAT.beneficiaryIban, issues);

  const docDate = dateOf(dateF, issues);
  const valueDate = dateOf(pickList(doc, ID.valueDate), issues);

  const currencyF = pickList(doc, ID.currency);
  const currency = parseCurrency1c(currencyF?.value);
  if (currency === null && currencyF) issues.push(notACurrency(currencyF.value, { line: currencyF.line, field: currencyF.key }));

  let minor: bigint | undefined;
  if (amountF && currency !== null) {
    const r = parseAmount1c(amountF.value, currency);
    if (r.ok) minor = r.minor;
    else {
      const v = detach(amountF.value);
      const at = { line: amountF.line, field: amountF.key };
      if (r.problem === 'too-many-decimals') issues.push(issue('FMT_TOO_MANY_DECIMALS', tooManyDecimals(v, 2), { ...at, expected: TWO_DECIMALS }));
      else if (r.problem === 'not-positive') {
        const text = t({ en: `amount '${v}' must be greater than zero`, ru: `сумма '${v}' должна быть больше нуля`, kk: `'${v}' сомасы нөлден үлкен болуы керек` });
        issues.push(issue('FMT_BAD_VALUE', text, { ...at, expected: t({ en: 'an amount > 0', ru: 'сумма больше 0', kk: '0-ден үлкен сома' }) }));
      } else {
        const text = t({ en: `amount '${v}' is not a number`, ru: `сумма '${v}' — не число`, kk: `'${v}' сомасы сан емес` });
        issues.push(issue('FMT_BAD_VALUE', text, { ...at, expected: t({ en: 'digits with a dot, e.g. 1180000.00', ru: 'цифры с точкой, например 1180000.00', kk: 'нүктесі бар цифрлар, мысалы 1180000.00' }) }));
      }
    }
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
    const c = decision.conflictText;
    const text = t({ en: decision.conflict, ru: c?.ru ?? decision.conflict, kk: c?.kk ?? decision.conflict });
    issues.push(issue('FMT_KIND_CONFLICT', text, { line: knpField?.line ?? at, field: knpField?.key ?? DOC_KEYS.knp[0], severity: 'warning' }));
  }
  const rule = decision.rule;
  const listStart = ctx.list.start;

  if (!isListKind(rule)) {
    if (doc.rows.length > 0) {
      const n = doc.rows.length;
      const budget = rule.kind === 'budget';
      const text = t({
        en: `${n} '${listStart}' row(s) ignored: ${budget ? 'a budget' : 'an ordinary'} payment carries no employee list`,
        ru: `строки '${listStart}' (${n}) не учитываются: ${budget ? 'платёж в бюджет' : 'обычный платёж'} не содержит списка сотрудников`,
        kk: `'${listStart}' жолдары (${n}) ескерілмейді: ${budget ? 'бюджетке төлемде' : 'кәдімгі төлемде'} қызметкерлер тізімі болмайды`,
      });
      issues.push(issue('FMT_SECTION_SKIPPED', text, { line: doc.rows[0]!.line, field: listStart, severity: 'warning' }));
    }
    if (rule.kind === 'budget') {
      if (!kbk) {
        const byBank = decision.by === 'beneficiary';
        const k = detach(String(knp));
        const o = oneOf(DOC_KEYS.kbk);
        const key = DOC_KEYS.kbk[0];
        const text = t({
          en: `a budget payment (${byBank ? 'beneficiary bank KKMFKZ2A' : `KNP ${k}`}) needs its budget classification code: ${o.en} with a value is required`,
          ru: `для платежа в бюджет (${byBank ? 'банк получателя KKMFKZ2A' : `КНП ${k}`}) нужен код бюджетной классификации (КБК): требуется ${o.ru} со значением`,
          kk: `бюджетке төлем (${byBank ? 'алушының банкі KKMFKZ2A' : `ТМК ${k}`}) үшін бюджеттік сыныптама коды (БСЖ) қажет: мәні бар ${o.kk} керек`,
        });
        const expected = t({
          en: `'${key}=' with the 6-digit KBK, e.g. 101201`,
          ru: `'${key}=' с 6-значным КБК, например 101201`,
          kk: `6 цифрлы БСЖ бар '${key}=', мысалы 101201`,
        });
        issues.push(issue('FMT_REQUIRED_KEY', text, { line: at, field: key, expected }));
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
    const r = buildRow((f) => pickRowValue(raw.fields, ctx.list.keys[f]), { currency: base.amount.currency, line: raw.line, names, employee: n + 1 });
    for (const i of r.issues) issues.push(i);
    if (r.row) rows.push(r.row);
    else rowErrors++;
  });
  if (rowErrors > 0) return { document: null, issues };
  // An unclosed sub-section is already a syntax error; no "list missing" on top of it.
  if (rows.length === 0 && doc.employeeSections === 0) {
    const k = knp === undefined ? undefined : detach(knp);
    const kind = DOCUMENT_KIND_TEXT[rule.kind];
    const le = ctx.list.end;
    const text = t({
      en: `KNP ${k ?? '(none)'} is a ${rule.kind} payment but the document has no employee list ('${listStart}' sub-sections); it may come as a side-car file next to this one`,
      ru: `КНП ${k ?? '(не указан)'} — вид платежа «${kind.ru}», но в документе нет списка сотрудников (подсекций '${listStart}'); список может прийти отдельным файлом рядом с этим`,
      kk: `ТМК ${k ?? '(көрсетілмеген)'} — «${kind.kk}» төлем түрі, бірақ құжатта қызметкерлер тізімі ('${listStart}' бөлімдері) жоқ; тізім осы файлдың жанында бөлек файл болып келуі мүмкін`,
    });
    const expected = t({
      en: `'${listStart}' … '${le}' rows, or <file>.csv / <file>.employees.csv / <file>.xml`,
      ru: `строки '${listStart}' … '${le}' или файл <имя>.csv / <имя>.employees.csv / <имя>.xml`,
      kk: `'${listStart}' … '${le}' жолдары немесе <атауы>.csv / <атауы>.employees.csv / <атауы>.xml файлы`,
    });
    issues.push(issue('FMT_LIST_MISSING', text, { line: at, field: listStart, severity: 'warning', expected }));
  }
  return { document: { ...rule, ...base, rows }, issues };
}
