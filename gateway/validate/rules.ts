// Runs every rule on one canonical document and returns Issues (field = canonical path, line = row's own or the document's).
import type { CanonicalDocument, FxOrderDocument, LetterDocument } from '../core/model/document.ts';
import type { Issue } from '../core/issue.ts';
import { DOCUMENT_KIND_TEXT, schemeText, t, type Text } from '../core/i18n.ts';
import { checkAmount, checkCurrency, isCurrencyCode } from './amounts.ts';
import type { ValidationContext } from './context.ts';
import { checkDocumentDate, checkValueDate } from './dates.ts';
import { finding, findingsOf, pushFindingsOf, type Finding } from './findings.ts';
import { emptyFinding, isBlank, purposeFindings, requiredFinding } from './lengths.ts';
import { listFindings, type ListDocument, type ListWhere } from './lists.ts';
import { partyFindings } from './party.ts';
import { checkIban } from './kz/iban.ts';
import { checkBic } from './kz/bic.ts';
import { checkKbk } from './kz/kbk.ts';
import { checkKnp, type KnpEntry } from './kz/knp.ts';
import { obsoleteFindings, statutoryRecipientFindings, treasuryFindings } from './kz/recipients.ts';
import { AMOUNT_ABOVE_ZERO, KNP_KIND_TEXT } from './texts.ts';

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

/** Required fields as people name them (built once: the valid path allocates nothing). */
const WHAT = {
  number: { en: 'document number', ru: 'номер документа', kk: 'құжат нөмірі' },
  date: { en: 'document date', ru: 'дата документа', kk: 'құжат күні' },
  purpose: { en: 'payment purpose', ru: 'назначение платежа', kk: 'төлемнің мақсаты' },
  payerName: { en: 'payer name', ru: 'наименование плательщика', kk: 'төлеушінің атауы' },
  payerIban: { en: 'payer account (IBAN)', ru: 'ИИК плательщика', kk: 'төлеушінің ЖСК-сы' },
  payerBinIin: { en: 'payer BIN/IIN', ru: 'БИН/ИИН плательщика', kk: 'төлеушінің БСН/ЖСН-і' },
  payerCode: { en: 'payer KOd', ru: 'КОд плательщика', kk: 'төлеушінің ЖТК-сы' },
  benName: { en: 'beneficiary name', ru: 'наименование получателя', kk: 'алушының атауы' },
  benIban: { en: 'beneficiary account', ru: 'ИИК получателя', kk: 'алушының ЖСК-сы' },
  benBic: { en: 'beneficiary bank BIC', ru: 'БИК банка получателя', kk: 'алушы банкінің БСК-сы' },
  benCode: { en: 'beneficiary KBe', ru: 'КБе получателя', kk: 'алушының БеК-і' },
  knp: { en: 'KNP', ru: 'КНП', kk: 'ТМК' },
  benBinIin: { en: 'beneficiary BIN/IIN', ru: 'БИН/ИИН получателя', kk: 'алушының БСН/ЖСН-і' },
  fromIban: { en: 'account debited', ru: 'счёт списания', kk: 'есептен шығарылатын шот' },
  toIban: { en: 'account credited', ru: 'счёт зачисления', kk: 'есепке алынатын шот' },
  fxPurpose: { en: 'purpose', ru: 'назначение', kk: 'мақсаты' },
  letterNumber: { en: 'letter number', ru: 'номер письма', kk: 'хат нөмірі' },
  letterDate: { en: 'letter date', ru: 'дата письма', kk: 'хат күні' },
  letterSubject: { en: 'letter subject', ru: 'тема письма', kk: 'хаттың тақырыбы' },
} as const satisfies Record<string, Text>;

/** `out.push(...requiredFinding(value, field, what))` without the arrays. */
function required(out: Finding[], value: string | undefined, field: string, what: Text): void {
  if (isBlank(value)) out.push(emptyFinding(field, what));
}

/** A KNP entry's name and remark for messages: ' (name)' and '; remark' in each language ('' when none). */
function knpNote(entry: KnpEntry | undefined): { name: Text; note: Text } {
  const name = entry ? { en: ` (${entry.ru})`, ru: ` (${entry.ru})`, kk: ` (${entry.kk ?? entry.ru})` } : { en: '', ru: '', kk: '' };
  const note = entry?.note ? { en: `; ${entry.note}`, ru: `; ${entry.note_ru ?? entry.note}`, kk: `; ${entry.note_kk ?? entry.note}` } : { en: '', ru: '', kk: '' };
  return { name, note };
}

function kindText(kind: string): Text {
  return (KNP_KIND_TEXT as Record<string, Text>)[kind] ?? (DOCUMENT_KIND_TEXT as Record<string, Text>)[kind] ?? { en: kind, ru: kind, kk: kind };
}

function pushAll(out: Finding[], found: readonly Finding[]): void {
  for (let i = 0; i < found.length; i++) out.push(found[i]!);
}

export function validateDocument(doc: CanonicalDocument, ctx: ValidationContext, where: ValidateWhere = {}): Issue[] {
  let found: Finding[];
  if (!doc || typeof doc !== 'object') found = [finding('VAL_REQUIRED', t({ en: 'document is empty', ru: 'документ пустой', kk: 'құжат бос' }))];
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
  required(out, str(doc.number), 'number', WHAT.number);
  required(out, str(doc.date), 'date', WHAT.date);
  required(out, str(doc.purpose), 'purpose', WHAT.purpose);
  required(out, str(payer.name), 'payer.name', WHAT.payerName);
  required(out, str(payer.iban), 'payer.iban', WHAT.payerIban);
  required(out, str(payer.binIin), 'payer.binIin', WHAT.payerBinIin);
  required(out, str(payer.code), 'payer.code', WHAT.payerCode);
  required(out, str(ben.name), 'beneficiary.name', WHAT.benName);
  required(out, str(ben.iban), 'beneficiary.iban', WHAT.benIban);
  required(out, str(ben.bic), 'beneficiary.bic', WHAT.benBic);
  required(out, str(ben.code), 'beneficiary.code', WHAT.benCode);
  required(out, str(doc.knp), 'knp', WHAT.knp);
  if (!foreign) required(out, str(ben.binIin), 'beneficiary.binIin', WHAT.benBinIin);

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
      if (doc.kind === 'budget') {
        if (!r.budget) {
          const { name, note } = knpNote(r.entry);
          out.push(
            finding(
              'VAL_KNP_KIND',
              t({
                en: `KNP ${knp}${name.en} is not a budget code, the document is a budget payment${note.en}`,
                ru: `КНП ${knp}${name.ru} — не код платежа в бюджет, а документ — платёж в бюджет${note.ru}`,
                kk: `ТМК ${knp}${name.kk} бюджетке төлем коды емес, ал құжат — бюджетке төлем${note.kk}`,
              }),
              { field: 'knp', expected: t({ en: 'a budget KNP (9xx)', ru: 'КНП платежа в бюджет (9xx)', kk: 'бюджетке төлемнің ТМК-сы (9xx)' }) },
            ),
          );
        }
      } else if (r.budget) {
        const { name } = knpNote(r.entry);
        out.push(
          finding(
            'VAL_KBK_REQUIRED',
            t({
              en: `KNP ${knp}${name.en} is a budget payment code, but the document has no KBK`,
              ru: `КНП ${knp}${name.ru} — код платежа в бюджет, но в документе нет КБК`,
              kk: `ТМК ${knp}${name.kk} — бюджетке төлем коды, бірақ құжатта БСЖ жоқ`,
            }),
            {
              field: 'kbk',
              expected: t({
                en: 'a 6-digit KBK (key КодБК) and the Treasury as beneficiary',
                ru: '6-значный КБК (ключ КодБК) и Казначейство в качестве получателя',
                kk: '6 цифрлы БСЖ (КодБК кілті) және алушы ретінде Қазынашылық',
              }),
            },
          ),
        );
      } else if (LIST_KINDS.has(doc.kind) && r.entry?.kind && r.entry.kind !== doc.kind) {
        const { name, note } = knpNote(r.entry);
        const theirs = kindText(r.entry.kind);
        const ours = kindText(doc.kind);
        out.push(
          finding(
            'VAL_KNP_KIND',
            t({
              en: `KNP ${knp}${name.en} is a ${r.entry.kind} code, the document is a ${doc.kind} payment${note.en}`,
              ru: `КНП ${knp}${name.ru} относится к виду платежа «${theirs.ru}», а документ — «${ours.ru}»${note.ru}`,
              kk: `ТМК ${knp}${name.kk} «${theirs.kk}» төлем түріне жатады, ал құжат — «${ours.kk}»${note.kk}`,
            }),
            { field: 'knp', expected: t({ en: `a ${doc.kind} KNP`, ru: `КНП вида «${ours.ru}»`, kk: `«${ours.kk}» түрінің ТМК-сы` }) },
          ),
        );
      }
      const scheme = 'scheme' in doc ? doc.scheme : undefined;
      if (scheme && r.entry?.scheme && r.entry.kind === doc.kind && r.entry.scheme !== scheme) {
        const { name } = knpNote(r.entry);
        const theirs = schemeText(r.entry.scheme);
        const ours = schemeText(scheme);
        out.push(
          finding(
            'VAL_KNP_KIND',
            t({
              en: `KNP ${knp}${name.en} belongs to ${r.entry.scheme}, the document is ${scheme}`,
              ru: `КНП ${knp}${name.ru} относится к ${theirs.ru}, а документ — к ${ours.ru}`,
              kk: `ТМК ${knp}${name.kk} ${theirs.kk} түріне жатады, ал құжат — ${ours.kk}`,
            }),
            { field: 'knp', expected: t({ en: `a ${scheme} KNP`, ru: `КНП для ${ours.ru}`, kk: `${ours.kk} үшін ТМК` }) },
          ),
        );
      }
    }
  }
  if (doc.kind === 'budget') {
    const kbk = str(doc.kbk);
    if (kbk === undefined || isBlank(kbk)) {
      out.push(
        finding('VAL_KBK_REQUIRED', t({ en: 'budget payment without a KBK', ru: 'платёж в бюджет без КБК', kk: 'бюджетке төлемде БСЖ жоқ' }), {
          field: 'kbk',
          expected: t({ en: '6 digits, e.g. 101201', ru: '6 цифр, например 101201', kk: '6 цифр, мысалы 101201' }),
        }),
      );
    }
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
  if (!amount || typeof amount !== 'object') return [finding('VAL_AMOUNT', t({ en: 'amount is missing', ru: 'не указана сумма', kk: 'сома көрсетілмеген' }), { field: 'amount', expected: AMOUNT_ABOVE_ZERO })];
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
    ...requiredFinding(str(doc.number), 'number', WHAT.number),
    ...requiredFinding(str(doc.date), 'date', WHAT.date),
    ...requiredFinding(str(doc.fromIban), 'fromIban', WHAT.fromIban),
    ...requiredFinding(str(doc.toIban), 'toIban', WHAT.toIban),
    ...requiredFinding(str(doc.purpose), 'purpose', WHAT.fxPurpose),
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
    ...requiredFinding(str(doc.number), 'number', WHAT.letterNumber),
    ...requiredFinding(str(doc.date), 'date', WHAT.letterDate),
    ...requiredFinding(str(doc.subject), 'subject', WHAT.letterSubject),
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
  const i: Issue = { code: f.code, severity: f.severity, message: f.reason, text: f.text };
  const l = f.line ?? line;
  if (l !== undefined) i.line = l;
  if (f.field !== undefined) i.field = f.field;
  if (f.expected !== undefined) i.expected = f.expected;
  if (f.expectedText !== undefined) i.expectedText = f.expectedText;
  return i;
}
