// One element of `documents` → a canonical document (gateway/core/model/document.ts). The keys are those of the API's
// document view (GET /api/v1/documents/{id}: snake_case, amount and currency beside each other, parties with name/bin/
// iban/bic/code, money as decimal strings) plus what the view leaves out (value date, list rows, scheme, …). A document
// with any error is not handed on: its file is then invalid as a whole, as with the 1C reader (never half-imported).
import type { Issue, Text } from '../../gateway/core/issue.ts';
import type { CanonicalDocument, ListRow, PaymentBase } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { Fields } from './fields.ts';
import type { JsonNode } from './reader.ts';
import { AN_OBJECT, badValue, oneOf, wrongType } from './texts.ts';

/** The kinds a file may carry: payment orders. FX orders and letters are made in the dashboard, not read from files. */
export const FILE_KINDS = ['payment', 'budget', 'pension', 'social', 'medical', 'salary', 'fx-payment'] as const;
type FileKind = (typeof FILE_KINDS)[number];

const BASE_KEYS = ['kind', 'number', 'date', 'value_date', 'amount', 'currency', 'payer', 'beneficiary', 'actual_payer', 'actual_beneficiary', 'knp', 'purpose', 'priority'] as const;
const KIND_KEYS: Record<FileKind, readonly string[]> = {
  payment: [],
  budget: ['kbk'],
  pension: ['scheme', 'rows'],
  social: ['rows'],
  medical: ['scheme', 'rows'],
  salary: ['rows'],
  'fx-payment': ['intermediary_bic', 'charges', 'contract_number'],
};
const ALL_KEYS = [...new Set([...BASE_KEYS, ...Object.values(KIND_KEYS).flat()])];
const PARTY_KEYS = ['name', 'bin', 'iban', 'bic', 'bank_name', 'code', 'country'] as const;
const ROW_KEYS = ['iin', 'last_name', 'first_name', 'middle_name', 'birth_date', 'amount', 'period', 'account'] as const;

const PARTY: Text = { en: 'an object { "name", "bin", "iban", "bic", "code" }', ru: 'объект { "name", "bin", "iban", "bic", "code" }', kk: '{ "name", "bin", "iban", "bic", "code" } объектісі' };
const ROWS: Text = { en: 'a list of employee rows { "iin", "last_name", "first_name", "amount", … }', ru: 'список строк сотрудников { "iin", "last_name", "first_name", "amount", … }', kk: 'қызметкерлер жолдарының тізімі { "iin", "last_name", "first_name", "amount", … }' };
const IBAN: Text = { en: 'the account (IBAN), e.g. "KZ258562203100012345"', ru: 'счёт (ИИК), например "KZ258562203100012345"', kk: 'шот (ЖСК), мысалы "KZ258562203100012345"' };

export interface MapResult {
  /** null when the document has errors (they are in `issues`). */
  document: CanonicalDocument | null;
  issues: Issue[];
}

const hasError = (issues: readonly Issue[]) => issues.some((i) => i.severity === 'error');

function party(f: Fields, key: string, required: boolean, ibanRequired: boolean): Party | undefined {
  const node = f.object(key, required, PARTY);
  if (!node) return undefined;
  const p = new Fields(node, f.field(key), f.issues, PARTY_KEYS);
  const name = p.text('name', { required: true });
  const out: Party = { name: name ?? '' };
  const iban = p.text('iban', { required: ibanRequired, nonEmpty: ibanRequired, expected: IBAN });
  if (iban !== undefined) out.iban = iban;
  const bin = p.text('bin');
  if (bin !== undefined) out.binIin = bin;
  const bic = p.text('bic');
  if (bic !== undefined) out.bic = bic;
  const bankName = p.text('bank_name');
  if (bankName !== undefined) out.bankName = bankName;
  const code = p.text('code');
  if (code !== undefined) out.code = code;
  const country = p.text('country');
  if (country !== undefined) out.country = country;
  return out;
}

function rows(f: Fields, currency: string | undefined): ListRow[] {
  const list = f.list('rows', ROWS);
  if (!list) return [];
  return list.items.flatMap((item, i): ListRow[] => {
    const path = `${f.field('rows')}[${i}]`;
    if (item.type !== 'object') {
      f.issues.push(wrongType(item, { line: item.line, field: path }, AN_OBJECT));
      return [];
    }
    const r = new Fields(item, path, f.issues, ROW_KEYS);
    const [iin, lastName, firstName] = [r.text('iin', { required: true }), r.text('last_name', { required: true }), r.text('first_name', { required: true })];
    const minor = r.amount('amount', currency, false);
    if (iin === undefined || lastName === undefined || firstName === undefined || minor === undefined || currency === undefined) return [];
    const row: ListRow = { iin, lastName, firstName, amount: { minor, currency }, line: item.line };
    const middle = r.text('middle_name');
    if (middle !== undefined) row.middleName = middle;
    const birth = r.date('birth_date', false);
    if (birth !== undefined) row.birthDate = birth;
    const period = r.text('period');
    if (period !== undefined) row.period = period;
    const account = r.text('account');
    if (account !== undefined) row.account = account;
    return [row];
  });
}

/** `path` is the element's JSON path, 'documents[3]'. */
export function mapDocument(node: JsonNode, path: string): MapResult {
  const issues: Issue[] = [];
  if (node.type !== 'object') {
    issues.push(wrongType(node, { line: node.line, field: path }, AN_OBJECT));
    return { document: null, issues };
  }
  const f = new Fields(node, path, issues, null);
  const kindText = f.text('kind', { required: true, expected: oneOf(FILE_KINDS) });
  let kind: FileKind | undefined;
  if (kindText !== undefined) {
    if ((FILE_KINDS as readonly string[]).includes(kindText)) kind = kindText as FileKind;
    else if (kindText === 'fx-order' || kindText === 'letter') {
      const why = { en: 'not taken from files (payment orders only)', ru: 'из файлов не принимается (только платёжные поручения)', kk: 'файлдан қабылданбайды (тек төлем тапсырмалары)' };
      issues.push(badValue(kindText, f.at('kind'), why, oneOf(FILE_KINDS), 'FMT_NOT_SUPPORTED'));
    } else issues.push(badValue(kindText, f.at('kind'), { en: 'not a document kind', ru: 'не вид документа', kk: 'құжат түрі емес' }, oneOf(FILE_KINDS)));
  }
  // Which keys are allowed depends on the kind; without one, any key of some kind passes.
  f.only(kind ? [...BASE_KEYS, ...KIND_KEYS[kind]] : ALL_KEYS);

  const number = f.text('number', { required: true, nonEmpty: true });
  const date = f.date('date', true);
  const valueDate = f.date('value_date', false);
  const currency = f.currency('currency');
  const minor = f.amount('amount', currency, true);
  const payer = party(f, 'payer', true, true);
  const beneficiary = party(f, 'beneficiary', true, true);
  const actualPayer = party(f, 'actual_payer', false, false);
  const actualBeneficiary = party(f, 'actual_beneficiary', false, false);
  const knp = f.text('knp');
  const purpose = f.text('purpose', { required: true });
  const priority = f.text('priority');
  if (!kind || number === undefined || date === undefined || currency === undefined || minor === undefined || !payer || !beneficiary || purpose === undefined) {
    return { document: null, issues };
  }
  const base: PaymentBase = { number, date, amount: { minor, currency }, payer, beneficiary, purpose };
  if (valueDate !== undefined) base.valueDate = valueDate;
  if (actualPayer) base.actualPayer = actualPayer;
  if (actualBeneficiary) base.actualBeneficiary = actualBeneficiary;
  if (knp !== undefined) base.knp = knp;
  if (priority !== undefined) base.priority = priority;

  let document: CanonicalDocument | null = null;
  switch (kind) {
    case 'payment':
      document = { kind, ...base };
      break;
    case 'budget': {
      const kbk = f.text('kbk', { required: true, nonEmpty: true });
      if (kbk !== undefined) document = { kind, kbk, ...base };
      break;
    }
    case 'pension': {
      const scheme = f.choice('scheme', ['OPV', 'OPVR', 'OPPV'] as const, true);
      const list = rows(f, currency);
      if (scheme) document = { kind, scheme, ...base, rows: list };
      break;
    }
    case 'medical': {
      const scheme = f.choice('scheme', ['OOSMS', 'VOSMS'] as const, true);
      const list = rows(f, currency);
      if (scheme) document = { kind, scheme, ...base, rows: list };
      break;
    }
    case 'social':
    case 'salary':
      document = { kind, ...base, rows: rows(f, currency) };
      break;
    case 'fx-payment': {
      const fx: CanonicalDocument = { kind, ...base };
      const intermediary = f.text('intermediary_bic');
      if (intermediary !== undefined) fx.intermediaryBic = intermediary;
      const charges = f.choice('charges', ['OUR', 'SHA', 'BEN'] as const, false);
      if (charges) fx.charges = charges;
      const contract = f.text('contract_number');
      if (contract !== undefined) fx.contractNumber = contract;
      document = fx;
      break;
    }
  }
  return { document: hasError(issues) ? null : document, issues };
}
