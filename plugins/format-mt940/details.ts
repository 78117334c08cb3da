// `:86:` information to the account owner → counterparty, purpose, references. Two structured styles are read: German
// GVC / Polish sub-fields (`166?00…?20…?32…`, `>20…>31…`) and slash tags (`/EREF/…/NAME/…/REMI/…`, also the KZ MT10x
// tags /NAME/ /IDN/ /IRS/ /SECO/ /KNP/ /NUM/ /DATE/ /ASSIGN/); anything else is free text.
import type { Party } from '../../gateway/core/model/party.ts';
import type { OperationReferences } from '../../gateway/core/model/statement.ts';

export interface Details {
  style: 'free' | 'subfields' | 'tags';
  purpose: string;
  counterparty: Party;
  ultimate?: Party;
  references: OperationReferences;
  knp?: string;
  number?: string;
  /** `/DATE/` YYMMDD as written. */
  documentDate?: string;
  /** `/OCMT/`, `/CHGS/`: currency + amount as written ('EUR12,50'). */
  originalAmount?: string;
  charges?: string;
  /** The raw text (lines joined by '\n') when some of it was not mapped to a field; `/ADDI/` otherwise. */
  additionalInfo?: string;
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const ACCOUNT = /^(?=.*\d)[A-Z0-9][A-Z0-9 .-]{4,33}$/;

/** The slash tags split on (known ones only, so '/' inside a value is kept). REMI-internal USTD/STRD/CUR/ISSR are not. */
export const SLASH_TAGS = [
  'TRTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'EREF', 'ORDP', 'BENM', 'ID', 'CSID', 'MARF', 'OCMT', 'CHGS', 'CNTP', 'ACCW', 'BAI', 'KNP', 'IDN', 'IRS', 'SECO',
  'ASSIGN', 'NUM', 'DATE', 'PREF', 'RTRN', 'ISDT', 'ULTC', 'ULTD', 'ULTB', 'PURP', 'SVCL', 'EXCH', 'ADDR', 'ADDI', 'TRCD', 'CODE', 'PRTRY', 'TXID', 'INSTR', 'ACSR', 'CREF', 'BREF',
] as const;
const SLASH_SET: ReadonlySet<string> = new Set(SLASH_TAGS);
const SLASH_START = new RegExp(`^/(${SLASH_TAGS.join('|')})/`);
const SEPA_KEYS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|BREF|RREF)\+/g;

const empty = (lines: readonly string[]): Details => ({ style: 'free', purpose: lines.map((l) => l.trim()).filter(Boolean).join(' '), counterparty: { name: '' }, references: {} });

/** Reads an `:86:` field from its lines as written. */
export function readDetails(lines: readonly string[]): Details {
  const joined = (lines.length === 1 ? lines[0]! : lines.join('')).trim();
  const raw = () => lines.join('\n').trim();
  const sub = /^(\d{3})?\s?([?>])(\d{2})/.exec(joined);
  let d: Details & { complete: boolean };
  if (sub) d = subfields(joined, sub[2]!);
  else if (joined.charCodeAt(0) === 47 && startsWithTag(joined)) d = slashTags(joined);
  else {
    const free = empty(lines);
    const text = raw();
    if (text !== '') free.additionalInfo = text;
    return free;
  }
  const complete = d.complete;
  const details: Details = d;
  delete (d as { complete?: boolean }).complete;
  if (!complete) details.additionalInfo = raw();
  return details;
}

/** The text starts with a known slash tag. */
function startsWithTag(text: string): boolean {
  return SLASH_START.test(text);
}

/** `?NN` (German GVC) or `>NN` (Polish) sub-fields: 20–29 and 60–63 purpose, 30 BIC, 31 account, 32–33 name, 38 IBAN. */
function subfields(text: string, sep: string): Details & { complete: boolean } {
  const parts = text.split(new RegExp(`\\${sep}(?=\\d{2})`));
  const purpose: string[] = [];
  const name: string[] = [];
  const out: Details & { complete: boolean } = { style: 'subfields', purpose: '', counterparty: { name: '' }, references: {}, complete: parts[0]!.trim() === '' };
  for (const p of parts.slice(1)) {
    const [n, v] = [Number(p.slice(0, 2)), p.slice(2)];
    if ((n >= 20 && n <= 29) || (n >= 60 && n <= 63)) purpose.push(v);
    else if (n === 32 || n === 33) name.push(v);
    else if (n === 30 && BIC.test(v.trim())) out.counterparty.bic = v.trim();
    else if ((n === 31 || n === 38) && v.trim() !== '') out.counterparty.iban = v.trim();
    else if (v.trim() !== '') out.complete = false;
  }
  out.counterparty.name = name.join('').trim();
  const text2 = purpose.join('').trim();
  // SEPA keys inside the purpose (`EREF+…SVWZ+…`, DK format): end-to-end and mandate references, the remittance text.
  const keys = [...text2.matchAll(SEPA_KEYS)];
  if (keys.length > 0 && keys[0]!.index === 0) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = text2.slice(k.index + 5, keys[i + 1]?.index ?? text2.length).trim();
      if (k[1] === 'EREF') out.references.endToEndId = v;
      else if (k[1] === 'MREF') out.references.mandateId = v;
      else if (k[1] === 'SVWZ') out.purpose = v;
      else out.complete = false;
    }
    if (!keys.some((k) => k[1] === 'SVWZ')) out.purpose = '';
  } else out.purpose = text2;
  return out;
}

function moneyText(v: string): string | undefined {
  const m = /^([A-Z]{3})\s*([0-9]+(?:[,.][0-9]*)?)/.exec(v.trim());
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** Calls `on(tag, value)` for each known `/TAG/` in order; like a global regex, a tag's closing '/' cannot open the next one. */
function eachSlashTag(text: string, on: (tag: string, value: string) => void): void {
  let tag: string | null = null;
  let end = 0;
  let i = text.indexOf('/');
  while (i >= 0 && i < text.length - 2) {
    const j = text.indexOf('/', i + 1);
    if (j < 0) break;
    const name = j - i - 1 >= 2 && j - i - 1 <= 6 ? text.slice(i + 1, j) : '';
    if (name !== '' && SLASH_SET.has(name)) {
      if (tag !== null) on(tag, text.slice(end, i));
      tag = name;
      end = j + 1;
      i = text.indexOf('/', j + 1);
    } else i = j;
  }
  if (tag !== null) on(tag, text.slice(end));
}

/** `/TAG/value` fields (SWIFT ISO-style, Dutch banks, Kazakh MT10x tags). */
function slashTags(text: string): Details & { complete: boolean } {
  const out: Details & { complete: boolean } = { style: 'tags', purpose: '', counterparty: { name: '' }, references: {}, complete: true };
  let party: Party = out.counterparty;
  let irs = '';
  let seco = '';
  const purpose: string[] = [];
  eachSlashTag(text, (tag, v) => {
    if (v.endsWith('/') && !v.endsWith('//')) v = v.slice(0, -1);
    const value = v.trim();
    switch (tag) {
      case 'ORDP':
      case 'BENM':
      case 'CNTP':
        party = out.counterparty;
        if (value !== '') partyFrom(value, party, tag === 'CNTP') || (out.complete = false);
        break;
      case 'ULTC':
      case 'ULTD':
      case 'ULTB':
        out.ultimate ??= { name: '' };
        party = out.ultimate;
        if (value !== '') partyFrom(value, party, false) || (out.complete = false);
        break;
      case 'NAME':
        party.name = value;
        break;
      case 'IBAN':
      case 'ACCW':
        party.iban = value;
        break;
      case 'BIC':
        party.bic = value;
        break;
      case 'IDN':
        party.binIin = value;
        break;
      case 'IRS':
        irs = value;
        break;
      case 'SECO':
        seco = value;
        break;
      case 'REMI':
      case 'ASSIGN':
        purpose.push(value.replace(/^USTD\/\//, '').replace(/\/$/, ''));
        break;
      case 'EREF':
        out.references.endToEndId = value;
        break;
      case 'MARF':
        out.references.mandateId = value;
        break;
      case 'PREF':
        out.references.paymentInfoId = value;
        break;
      case 'TXID':
        out.references.transactionId = value;
        break;
      case 'CREF':
        out.references.customer = value;
        break;
      case 'BREF':
        out.references.accountServicer = value;
        break;
      case 'INSTR':
        out.references.instructionId = value;
        break;
      case 'KNP':
        out.knp = value;
        break;
      case 'NUM':
        out.number = value;
        break;
      case 'DATE':
        out.documentDate = value;
        break;
      case 'OCMT': {
        const a = moneyText(value);
        if (a) out.originalAmount = a;
        else out.complete = false;
        break;
      }
      case 'CHGS': {
        const a = moneyText(value);
        if (a) out.charges = a;
        else out.complete = false;
        break;
      }
      case 'ADDI':
        out.additionalInfo = value;
        break;
      default:
        if (value !== '') out.complete = false;
    }
  });
  if (irs !== '' || seco !== '') out.counterparty.code = `${irs}${seco}`;
  out.purpose = purpose.join(' ');
  return out;
}

/** A party given inline: `account/name/…` (KBS /BENM/, /ORDP/) or ING `/CNTP/account/BIC/name/city`. False when text was left over. */
function partyFrom(value: string, party: Party, cntp: boolean): boolean {
  const parts = value.split('/');
  if (cntp) {
    if (parts[0]) party.iban = parts[0];
    if (parts[1]) party.bic = parts[1];
    if (parts[2]) party.name = parts[2];
    return parts.slice(3).every((p) => p.trim() === '');
  }
  let at = 0;
  if (ACCOUNT.test(parts[0]!.trim())) party.iban = parts[at++]!.trim();
  if (parts[at] !== undefined && parts[at]!.trim() !== '') party.name = parts[at++]!.trim();
  return parts.slice(at).every((p) => p.trim() === '');
}
