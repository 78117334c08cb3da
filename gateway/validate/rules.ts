// Runs every rule on one canonical document and returns Issues (field = canonical path, line = row's own or the document's).
import type { CanonicalDocument, FxOrderDocument, LetterDocument } from '../core/model/document.ts';
import type { Issue } from '../core/issue.ts';
import { checkAmount, checkCurrency, isCurrencyCode } from './amounts.ts';
import type { ValidationContext } from './context.ts';
import { checkDocumentDate, checkValueDate } from './dates.ts';
import { finding, findingsOf, pushFindingsOf, type Finding } from './findings.ts';
import { isBlank, purposeFindings, requiredFinding } from './lengths.ts';
import { listFindings, type ListDocument, type ListWhere } from './lists.ts';
import { partyFindings } from './party.ts';
import { checkIban } from './kz/iban.ts';
import { checkBic } from './kz/bic.ts';
import { checkKbk } from './kz/kbk.ts';
import { checkKnp } from './kz/knp.ts';
import { obsoleteFindings, statutoryRecipientFindings, treasuryFindings } from './kz/recipients.ts';

export interface ValidateWhere extends ListWhere {
  /** Line of the document in its source file; issues without a line of their own get it. */
  line?: number;
}

type PaymentDocumentOf = Exclude<CanonicalDocument, FxOrderDocument | LetterDocument>;

const PAYER_RULES = { codeLabel: 'KOd', domestic: true } as const;
const BENEFICIARY_RULES = { codeLabel: 'KBe', domestic: true } as const;
const FOREIGN_BENEFICIARY_RULES = { codeLabel: 'KBe', domestic: false } as const;

/** Kinds paid in tenge only (domestic statutory and budget payments). */
const KZT_ONLY = new Set(['pension', 'social', 'medical', 'budget', 'salary']);
const LIST_KINDS = new Set(['pension', 'social', 'medical', 'salary']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v);
}

/** `out.push(...requiredFinding(value, field, what))` without the arrays. */
function required(out: Finding[], value: string | undefined, field: string, what: string): void {
  if (isBlank(value)) out.push(finding('VAL_REQUIRED', `${what} is empty`, { field, expected: what }));
}

function pushAll(out: Finding[], found: readonly Finding[]): void {
  for (let i = 0; i < found.length; i++) out.push(found[i]!);
}

export function validateDocument(doc: CanonicalDocument, ctx: ValidationContext, where: ValidateWhere = {}): Issue[] {
  let found: Finding[];
  if (!doc || typeof doc !== 'object') found = [finding('VAL_REQUIRED', 'document is empty')];
  else if (doc.kind === 'fx-order') found = fxOrderFindings(doc, ctx);
  else if (doc.kind === 'letter') found = letterFindings(doc, ctx);
  else found = paymentFindings(doc, ctx, where);
  return withoutShadowed(found).map((f) => toIssue(f, where.line));
}

/** Rules for every payment-like kind (payment, budget, lists, fx-payment). */
export function paymentFindings(doc: PaymentDocumentOf, ctx: ValidationContext, where: ListWhere = {}): Finding[] {
  const out: Finding[] = [];
  const foreign = doc.kind === 'fx-payment';
  const payer = doc.payer ?? { name: '' };
  const ben = doc.beneficiary ?? { name: '' };

  // Required (kz-formats.md 9.2.1: banks refuse orders without both codes, KNP or beneficiary bank).
  required(out, str(doc.number), 'number', 'document number');
  required(out, str(doc.date), 'date', 'document date');
  required(out, str(doc.purpose), 'purpose', 'payment purpose');
  required(out, str(payer.name), 'payer.name', 'payer name');
  required(out, str(payer.iban), 'payer.iban', 'payer account (IBAN)');
  required(out, str(payer.binIin), 'payer.binIin', 'payer BIN/IIN');
  required(out, str(payer.code), 'payer.code', 'payer KOd');
  required(out, str(ben.name), 'beneficiary.name', 'beneficiary name');
  required(out, str(ben.iban), 'beneficiary.iban', 'beneficiary account');
  required(out, str(ben.bic), 'beneficiary.bic', 'beneficiary bank BIC');
  required(out, str(ben.code), 'beneficiary.code', 'beneficiary KBe');
  required(out, str(doc.knp), 'knp', 'KNP');
  if (!foreign) required(out, str(ben.binIin), 'beneficiary.binIin', 'beneficiary BIN/IIN');

  // Dates, amount, lengths.
  pushAll(out, dateFindings(doc.date, doc.valueDate, ctx));
  pushAll(out, amountFindings(doc.amount, KZT_ONLY.has(doc.kind) ? 'KZT' : undefined));
  pushAll(out, purposeFindings(str(doc.purpose), ctx.limits.purposeMax));

  // Parties.
  pushAll(out, partyFindings(payer, 'payer', ctx, PAYER_RULES));
  pushAll(out, partyFindings(ben, 'beneficiary', ctx, foreign ? FOREIGN_BENEFICIARY_RULES : BENEFICIARY_RULES));
  if (doc.actualPayer) pushAll(out, partyFindings(doc.actualPayer, 'actualPayer', ctx, PAYER_RULES));
  if (doc.actualBeneficiary) pushAll(out, partyFindings(doc.actualBeneficiary, 'actualBeneficiary', ctx, foreign ? FOREIGN_BENEFICIARY_RULES : BENEFICIARY_RULES));
  pushAll(out, obsoleteFindings(ben, 'beneficiary', ctx.recipients.obsolete));
  pushAll(out, obsoleteFindings(doc.actualBeneficiary, 'actualBeneficiary', ctx.recipients.obsolete));

  // KNP, KBK, budget.
  pushAll(out, knpKbkFindings(doc, ctx));

  // Statutory recipients and lists.
  if (doc.kind === 'pension' || doc.kind === 'social' || doc.kind === 'medical') pushAll(out, statutoryRecipientFindings(doc.kind, ben, ctx.recipients));
  if (LIST_KINDS.has(doc.kind)) pushAll(out, listFindings(doc as ListDocument, ctx, where));

  if (doc.kind === 'fx-payment' && !isBlank(doc.intermediaryBic)) out.push(...findingsOf(checkBic(String(doc.intermediaryBic), { country: null }), 'intermediaryBic'));
  return out;
}

/** KNP well-formed and known; fits the kind/scheme; budget KNP ⇒ KBK; budget kind ⇒ KBK, Treasury, budget KNP (kz-formats.md 3.5–3.7). */
export function knpKbkFindings(doc: PaymentDocumentOf, ctx: ValidationContext): Finding[] {
  const out: Finding[] = [];
  const knp = str(doc.knp);
  if (knp !== undefined && !isBlank(knp)) {
    const r = checkKnp(knp, ctx.knp);
    pushFindingsOf(out, r, 'knp');
    // A non-budget KNP on a plain payment (the usual case) has nothing more to check: the rules below are about
    // budget KNPs and documents, list kinds and schemes (no KNP dictionary kind is 'payment').
    if (r.ok && (r.budget || doc.kind !== 'payment')) {
      const name = r.entry ? ` (${r.entry.ru})` : '';
      const note = r.entry?.note ? `; ${r.entry.note}` : '';
      if (doc.kind === 'budget') {
        if (!r.budget) out.push(finding('VAL_KNP_KIND', `KNP ${knp}${name} is not a budget code, the document is a budget payment${note}`, { field: 'knp', expected: 'a budget KNP (9xx)' }));
      } else if (r.budget) {
        out.push(finding('VAL_KBK_REQUIRED', `KNP ${knp}${name} is a budget payment code, but the document has no KBK`, { field: 'kbk', expected: 'a 6-digit KBK (key КодБК) and the Treasury as beneficiary' }));
      } else if (LIST_KINDS.has(doc.kind) && r.entry?.kind && r.entry.kind !== doc.kind) {
        out.push(finding('VAL_KNP_KIND', `KNP ${knp}${name} is a ${r.entry.kind} code, the document is a ${doc.kind} payment${note}`, { field: 'knp', expected: `a ${doc.kind} KNP` }));
      }
      const scheme = 'scheme' in doc ? doc.scheme : undefined;
      if (scheme && r.entry?.scheme && r.entry.kind === doc.kind && r.entry.scheme !== scheme) {
        out.push(finding('VAL_KNP_KIND', `KNP ${knp}${name} belongs to ${r.entry.scheme}, the document is ${scheme}`, { field: 'knp', expected: `a ${scheme} KNP` }));
      }
    }
  }
  if (doc.kind === 'budget') {
    const kbk = str(doc.kbk);
    if (kbk === undefined || isBlank(kbk)) out.push(finding('VAL_KBK_REQUIRED', 'budget payment without a KBK', { field: 'kbk', expected: '6 digits, e.g. 101201' }));
    else out.push(...findingsOf(checkKbk(kbk), 'kbk'));
    out.push(...treasuryFindings(doc.beneficiary, ctx.recipients.treasury));
  }
  return out;
}

function dateFindings(date: unknown, valueDate: unknown, ctx: ValidationContext): Finding[] {
  const out: Finding[] = [];
  const d = str(date);
  if (d !== undefined && !isBlank(d)) pushFindingsOf(out, checkDocumentDate(d, ctx.today, ctx.limits.documentDateFutureDays), 'date');
  const v = str(valueDate);
  if (v !== undefined && !isBlank(v)) pushFindingsOf(out, checkValueDate(v, ctx.today, ctx.limits.valueDateFutureDays), 'valueDate');
  return out;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function amountFindings(amount: unknown, requiredCurrency: string | undefined): readonly Finding[] {
  if (!amount || typeof amount !== 'object') return [finding('VAL_AMOUNT', 'amount is missing', { field: 'amount', expected: 'an amount > 0' })];
  const m = amount as { minor?: unknown; currency?: unknown };
  // The usual case (a positive amount in a good currency) without building the check results.
  if (typeof m.minor === 'bigint' && m.minor > 0n && typeof m.currency === 'string' && isCurrencyCode(m.currency) && (!requiredCurrency || m.currency === requiredCurrency)) return NO_FINDINGS;
  return [
    ...findingsOf(checkAmount({ minor: m.minor as bigint, currency: String(m.currency) }), 'amount'),
    ...findingsOf(checkCurrency(String(m.currency ?? ''), requiredCurrency), 'amount.currency'),
  ];
}

export function fxOrderFindings(doc: FxOrderDocument, ctx: ValidationContext): Finding[] {
  const out: Finding[] = [
    ...requiredFinding(str(doc.number), 'number', 'document number'),
    ...requiredFinding(str(doc.date), 'date', 'document date'),
    ...requiredFinding(str(doc.fromIban), 'fromIban', 'account debited'),
    ...requiredFinding(str(doc.toIban), 'toIban', 'account credited'),
    ...requiredFinding(str(doc.purpose), 'purpose', 'purpose'),
    ...dateFindings(doc.date, undefined, ctx),
    ...amountFindings(doc.amount, undefined),
    ...purposeFindings(str(doc.purpose), ctx.limits.purposeMax),
  ];
  for (const k of ['fromIban', 'toIban'] as const) {
    const v = str(doc[k]);
    if (v !== undefined && !isBlank(v)) out.push(...findingsOf(checkIban(v), k));
  }
  return out;
}

export function letterFindings(doc: LetterDocument, ctx: ValidationContext): Finding[] {
  return [
    ...requiredFinding(str(doc.number), 'number', 'letter number'),
    ...requiredFinding(str(doc.date), 'date', 'letter date'),
    ...requiredFinding(str(doc.subject), 'subject', 'letter subject'),
    ...dateFindings(doc.date, undefined, ctx),
  ];
}

/** An obsolete identifier explains everything else wrong with that field (an old RNN also fails the BIN checks). */
function withoutShadowed(found: Finding[]): Finding[] {
  let any = false;
  for (let i = 0; i < found.length && !any; i++) any = found[i]!.code === 'VAL_RECIPIENT_OBSOLETE';
  if (!any) return found;
  const obsolete = new Set(found.filter((f) => f.code === 'VAL_RECIPIENT_OBSOLETE').map((f) => f.field));
  return obsolete.size === 0 ? found : found.filter((f) => f.code === 'VAL_RECIPIENT_OBSOLETE' || !obsolete.has(f.field));
}

export function toIssue(f: Finding, line: number | undefined): Issue {
  const i: Issue = { code: f.code, severity: f.severity, message: f.reason };
  const l = f.line ?? line;
  if (l !== undefined) i.line = l;
  if (f.field !== undefined) i.field = f.field;
  if (f.expected !== undefined) i.expected = f.expected;
  return i;
}
