// Runs every rule on one canonical document and returns Issues (field = canonical path, line = row's own or the document's).
import type { CanonicalDocument, FxOrderDocument, LetterDocument } from '../core/model/document.ts';
import type { Issue } from '../core/issue.ts';
import { checkAmount, checkCurrency } from './amounts.ts';
import type { ValidationContext } from './context.ts';
import { checkDocumentDate, checkValueDate } from './dates.ts';
import { finding, findingsOf, type Finding } from './findings.ts';
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

/** Kinds paid in tenge only (domestic statutory and budget payments). */
const KZT_ONLY = new Set(['pension', 'social', 'medical', 'budget', 'salary']);
const LIST_KINDS = new Set(['pension', 'social', 'medical', 'salary']);

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

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
  out.push(
    ...requiredFinding(str(doc.number), 'number', 'document number'),
    ...requiredFinding(str(doc.date), 'date', 'document date'),
    ...requiredFinding(str(doc.purpose), 'purpose', 'payment purpose'),
    ...requiredFinding(str(payer.name), 'payer.name', 'payer name'),
    ...requiredFinding(str(payer.iban), 'payer.iban', 'payer account (IBAN)'),
    ...requiredFinding(str(payer.binIin), 'payer.binIin', 'payer BIN/IIN'),
    ...requiredFinding(str(payer.code), 'payer.code', 'payer KOd'),
    ...requiredFinding(str(ben.name), 'beneficiary.name', 'beneficiary name'),
    ...requiredFinding(str(ben.iban), 'beneficiary.iban', 'beneficiary account'),
    ...requiredFinding(str(ben.bic), 'beneficiary.bic', 'beneficiary bank BIC'),
    ...requiredFinding(str(ben.code), 'beneficiary.code', 'beneficiary KBe'),
    ...requiredFinding(str(doc.knp), 'knp', 'KNP'),
  );
  if (!foreign) out.push(...requiredFinding(str(ben.binIin), 'beneficiary.binIin', 'beneficiary BIN/IIN'));

  // Dates, amount, lengths.
  out.push(...dateFindings(doc.date, doc.valueDate, ctx));
  out.push(...amountFindings(doc.amount, KZT_ONLY.has(doc.kind) ? 'KZT' : undefined));
  out.push(...purposeFindings(str(doc.purpose), ctx.limits.purposeMax));

  // Parties.
  out.push(...partyFindings(payer, 'payer', ctx, { codeLabel: 'KOd', domestic: true }));
  out.push(...partyFindings(ben, 'beneficiary', ctx, { codeLabel: 'KBe', domestic: !foreign }));
  if (doc.actualPayer) out.push(...partyFindings(doc.actualPayer, 'actualPayer', ctx, { codeLabel: 'KOd', domestic: true }));
  if (doc.actualBeneficiary) out.push(...partyFindings(doc.actualBeneficiary, 'actualBeneficiary', ctx, { codeLabel: 'KBe', domestic: !foreign }));
  out.push(...obsoleteFindings(ben, 'beneficiary', ctx.recipients.obsolete), ...obsoleteFindings(doc.actualBeneficiary, 'actualBeneficiary', ctx.recipients.obsolete));

  // KNP, KBK, budget.
  out.push(...knpKbkFindings(doc, ctx));

  // Statutory recipients and lists.
  if (doc.kind === 'pension' || doc.kind === 'social' || doc.kind === 'medical') out.push(...statutoryRecipientFindings(doc.kind, ben, ctx.recipients));
  if (LIST_KINDS.has(doc.kind)) out.push(...listFindings(doc as ListDocument, ctx, where));

  if (doc.kind === 'fx-payment' && !isBlank(doc.intermediaryBic)) out.push(...findingsOf(checkBic(String(doc.intermediaryBic), { country: null }), 'intermediaryBic'));
  return out;
}

/** KNP well-formed and known; fits the kind/scheme; budget KNP ⇒ KBK; budget kind ⇒ KBK, Treasury, budget KNP (kz-formats.md 3.5–3.7). */
export function knpKbkFindings(doc: PaymentDocumentOf, ctx: ValidationContext): Finding[] {
  const out: Finding[] = [];
  const knp = str(doc.knp);
  if (knp !== undefined && !isBlank(knp)) {
    const r = checkKnp(knp, ctx.knp);
    out.push(...findingsOf(r, 'knp'));
    if (r.ok) {
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
  if (d !== undefined && !isBlank(d)) out.push(...findingsOf(checkDocumentDate(d, ctx.today, ctx.limits.documentDateFutureDays), 'date'));
  const v = str(valueDate);
  if (v !== undefined && !isBlank(v)) out.push(...findingsOf(checkValueDate(v, ctx.today, ctx.limits.valueDateFutureDays), 'valueDate'));
  return out;
}

function amountFindings(amount: unknown, requiredCurrency: string | undefined): Finding[] {
  if (!amount || typeof amount !== 'object') return [finding('VAL_AMOUNT', 'amount is missing', { field: 'amount', expected: 'an amount > 0' })];
  const m = amount as { minor?: unknown; currency?: unknown };
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
