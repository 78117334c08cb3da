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
/** The slash tags by a number made of their letters (see `letterKey`), to look a tag up without cutting it out of the text. */
const SLASH_BY_KEY: ReadonlyMap<number, string> = new Map(SLASH_TAGS.map((tag) => [letterKey(tag, 0, tag.length), tag]));

/** `text[from, to)` as a number when it is 2–6 capital letters (5 bits a letter: always a small integer), else -1. */
function letterKey(text: string, from: number, to: number): number {
  if (to - from < 2 || to - from > 6) return -1;
  let key = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) return -1;
    key = key * 32 + (c - 64);
  }
  return key;
}

/** The known slash tag `text[from, to)` (the text between two '/'), or null; every tag is a string of capital letters. */
function slashTagAt(text: string, from: number, to: number): string | null {
  const key = letterKey(text, from, to);
  return key < 0 ? null : (SLASH_BY_KEY.get(key) ?? null);
}

/** German GVC (`166?00…`) or Polish (`>20…`) sub-fields: the separator is group 2. */
const SUBFIELDS = /^(\d{3})?\s?([?>])(\d{2})/;
const SEPA_KEYS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|BREF|RREF)\+/g;

/** Free text: the trimmed non-empty lines joined by spaces. */
function freeText(lines: readonly string[]): string {
  let out = '';
  for (const l of lines) {
    const t = l.trim();
    if (t !== '') out = out === '' ? t : `${out} ${t}`;
  }
  return out;
}

/** The lines as written, joined by '\n' and trimmed (what additionalInfo keeps of text not mapped to a field). */
function rawText(lines: readonly string[]): string {
  return (lines.length === 1 ? lines[0]! : lines.join('\n')).trim();
}

/** Reads an `:86:` field from its lines as written. */
export function readDetails(lines: readonly string[]): Details {
  // Two lines (the usual long `:86:`) are joined with '+': Array.prototype.join costs more for so few parts.
  const joined = (lines.length === 1 ? lines[0]! : lines.length === 2 ? lines[0]! + lines[1]! : lines.join('')).trim();
  // The usual slash-tag text starts with '/', which the sub-field pattern cannot match: its regex is skipped then.
  const slash = joined.charCodeAt(0) === 47;
  const sub = slash ? null : SUBFIELDS.exec(joined);
  let read: Read;
  if (sub) read = subfields(joined, sub[2]!);
  else if (slash && startsWithTag(joined)) read = slashTags(joined);
  else {
    const free: Details = { style: 'free', purpose: freeText(lines), counterparty: { name: '' }, references: {} };
    const text = rawText(lines);
    if (text !== '') free.additionalInfo = text;
    return free;
  }
  const details = read.details;
  if (!read.complete) details.additionalInfo = rawText(lines);
  return details;
}

/** Structured details and whether every part of the text was mapped to a field. */
interface Read {
  details: Details;
  complete: boolean;
}

/** The text starts with a known slash tag: `/TAG/` (tags hold no '/', so the text up to the second '/' is the tag). */
function startsWithTag(text: string): boolean {
  return slashTagAt(text, 1, text.indexOf('/', 1)) !== null;
}

/** `?NN` (German GVC) or `>NN` (Polish) sub-fields: 20–29 and 60–63 purpose, 30 BIC, 31 account, 32–33 name, 38 IBAN. */
function subfields(text: string, sep: string): Read {
  const parts = text.split(new RegExp(`\\${sep}(?=\\d{2})`));
  const purpose: string[] = [];
  const name: string[] = [];
  const out: Details = { style: 'subfields', purpose: '', counterparty: { name: '' }, references: {} };
  let complete = parts[0]!.trim() === '';
  for (const p of parts.slice(1)) {
    const [n, v] = [Number(p.slice(0, 2)), p.slice(2)];
    if ((n >= 20 && n <= 29) || (n >= 60 && n <= 63)) purpose.push(v);
    else if (n === 32 || n === 33) name.push(v);
    else if (n === 30 && BIC.test(v.trim())) out.counterparty.bic = v.trim();
    else if ((n === 31 || n === 38) && v.trim() !== '') out.counterparty.iban = v.trim();
    else if (v.trim() !== '') complete = false;
  }
  out.counterparty.name = name.join('').trim();
  const text2 = purpose.join('').trim();
  // SEPA keys inside the purpose (`EREF+…SVWZ+…`, DK format): end-to-end and mandate references, the remittance text.
  const keys = [...text2.matchAll(SEPA_KEYS)];
  if (keys.length > 0 && keys[0]!.index === 0) {
    let svwz = false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = text2.slice(k.index + 5, keys[i + 1]?.index ?? text2.length).trim();
      if (k[1] === 'EREF') out.references.endToEndId = v;
      else if (k[1] === 'MREF') out.references.mandateId = v;
      else if (k[1] === 'SVWZ') {
        out.purpose = v;
        svwz = true;
      } else complete = false;
    }
    if (!svwz) out.purpose = '';
  } else out.purpose = text2;
  return { details: out, complete };
}

function moneyText(v: string): string | undefined {
  const m = /^([A-Z]{3})\s*([0-9]+(?:[,.][0-9]*)?)/.exec(v.trim());
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** What reading slash tags carries from one tag to the next. */
interface SlashState extends Read {
  /** The party `/NAME/` `/IBAN/` `/BIC/` `/IDN/` go to: the counterparty, or the ultimate one after `/ULTC/` and the like. */
  party: Party;
  irs: string;
  seco: string;
  /** `/REMI/` and `/ASSIGN/` texts joined by ' ' (`purposes` of them so far). */
  purpose: string;
  purposes: number;
}

/**
 * `/TAG/value` fields (SWIFT ISO-style, Dutch banks, Kazakh MT10x tags). Known tags only are split on, in order; like
 * a global regex, a tag's closing '/' cannot open the next one. (A loop rather than a callback: this runs per entry.)
 */
function slashTags(text: string): Read {
  const details: Details = { style: 'tags', purpose: '', counterparty: { name: '' }, references: {} };
  const st: SlashState = { details, complete: true, party: details.counterparty, irs: '', seco: '', purpose: '', purposes: 0 };
  let tag: string | null = null;
  let end = 0;
  let i = text.indexOf('/');
  while (i >= 0 && i < text.length - 2) {
    const j = text.indexOf('/', i + 1);
    if (j < 0) break;
    const name = slashTagAt(text, i + 1, j);
    if (name !== null) {
      if (tag !== null) slashTag(st, tag, text.slice(end, i));
      tag = name;
      end = j + 1;
      i = text.indexOf('/', j + 1);
    } else i = j;
  }
  if (tag !== null) slashTag(st, tag, text.slice(end));
  if (st.irs !== '' || st.seco !== '') details.counterparty.code = `${st.irs}${st.seco}`;
  details.purpose = st.purpose;
  return st;
}

/** One slash tag's value (as written, up to the next known tag) into the details. */
function slashTag(st: SlashState, tag: string, written: string): void {
  const out = st.details;
  const v = written.endsWith('/') && !written.endsWith('//') ? written.slice(0, -1) : written;
  const value = v.trim();
  switch (tag) {
    case 'ORDP':
    case 'BENM':
    case 'CNTP':
      st.party = out.counterparty;
      if (value !== '' && !partyFrom(value, st.party, tag === 'CNTP')) st.complete = false;
      break;
    case 'ULTC':
    case 'ULTD':
    case 'ULTB':
      out.ultimate ??= { name: '' };
      st.party = out.ultimate;
      if (value !== '' && !partyFrom(value, st.party, false)) st.complete = false;
      break;
    case 'NAME':
      st.party.name = value;
      break;
    case 'IBAN':
    case 'ACCW':
      st.party.iban = value;
      break;
    case 'BIC':
      st.party.bic = value;
      break;
    case 'IDN':
      st.party.binIin = value;
      break;
    case 'IRS':
      st.irs = value;
      break;
    case 'SECO':
      st.seco = value;
      break;
    case 'REMI':
    case 'ASSIGN': {
      const noUstd = value.startsWith('USTD//') ? value.slice(6) : value;
      const text = noUstd.endsWith('/') ? noUstd.slice(0, -1) : noUstd;
      st.purpose = st.purposes++ === 0 ? text : `${st.purpose} ${text}`;
      break;
    }
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
      else st.complete = false;
      break;
    }
    case 'CHGS': {
      const a = moneyText(value);
      if (a) out.charges = a;
      else st.complete = false;
      break;
    }
    case 'ADDI':
      out.additionalInfo = value;
      break;
    default:
      if (value !== '') st.complete = false;
  }
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
