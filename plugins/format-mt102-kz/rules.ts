// The validator rules of kz-formats.md 2.3 (and the field rules of 3.x) on a canonical document bound for an MT100 or
// MT102. The writer refuses on any error; the reader reports them with the line of the tag. Fields are MT tags.
import type { CanonicalDocument, ListRow } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { t } from '../../gateway/core/issue.ts';
import { DOCUMENT_KIND_TEXT, dmy } from '../../gateway/core/i18n.ts';
import { findingsOf } from '../../gateway/validate/findings.ts';
import { checkIban } from '../../gateway/validate/kz/iban.ts';
import { checkBic } from '../../gateway/validate/kz/bic.ts';
import { checkBinIin } from '../../gateway/validate/kz/bin-iin.ts';
import { checkKodKbe } from '../../gateway/validate/kz/kbe.ts';
import { checkKbk } from '../../gateway/validate/kz/kbk.ts';
import { obsoleteFindings, statutoryRecipientFindings, treasuryFindings } from '../../gateway/validate/kz/recipients.ts';
import { isCalendarDate } from '../../gateway/validate/dates.ts';
import type { MtType } from './ids.ts';
import type { ResolvedOptions } from './options.ts';
import { oneLine, Problems, same, str, tooLong, type RuleProblem } from './problems.ts';
import { rowRules } from './rules-rows.ts';
import { shown } from './texts.ts';
import { wrapAssign } from './wrap.ts';

export type { RuleProblem } from './problems.ts';

export interface RuleContext {
  /** Business date 'YYYY-MM-DD' the `:32A:` of an MT102 must equal (2.3). */
  today: string;
  /** Block-2 routing the message has (written or read). */
  routing: string;
  /** Paths the reader already reported as malformed: no second problem for them. */
  skip?: ReadonlySet<string>;
}

export const LIST_KINDS = ['pension', 'social', 'medical', 'salary'] as const;
export const MT100_KINDS = ['payment', 'budget'] as const;

type Payment = Extract<CanonicalDocument, { payer: Party }>;
type ListDoc = Extract<CanonicalDocument, { rows: ListRow[] }>;


/** Which `/OPV/` letters a list kind allows (2.3: C mandatory / V voluntary pension, S social). */
const KIND_LETTERS: Partial<Record<string, readonly string[]>> = { pension: ['C', 'V'], social: ['S'] };

export function isListKind(kind: string): kind is ListDoc['kind'] {
  return (LIST_KINDS as readonly string[]).includes(kind);
}

/** The message type a document kind is written as, or null (fx, letters: not an MT100/MT102). */
export function mtTypeOf(kind: string): MtType | null {
  if ((MT100_KINDS as readonly string[]).includes(kind)) return '100';
  return isListKind(kind) ? '102' : null;
}

const PARTY_TEXT = {
  payer: { en: 'payer', ru: 'плательщик', kk: 'төлеуші' },
  beneficiary: { en: 'beneficiary', ru: 'получатель', kk: 'алушы' },
} as const;

/** `:50:` / `:59:` with `:52B:` / `:57B:` (2.2): account, name ≤ 60, BIN/IIN, KOd/KBe, BIC — all required. */
function partyRules(p: Problems, party: Party | undefined, side: 'payer' | 'beneficiary', o: ResolvedOptions): void {
  const who = PARTY_TEXT[side];
  const x = party ?? ({} as Partial<Party>);
  const at = (k: string) => `${side}.${k}`;
  if (p.required(x.iban, at('iban'), t({ en: `${who.en} account (IBAN)`, ru: `ИИК (${who.ru})`, kk: `ЖСК (${who.kk})` }))) p.findings(findingsOf(checkIban(x.iban!), at('iban')), at('iban'));
  if (p.required(x.name, at('name'), t({ en: `${who.en} name`, ru: `наименование (${who.ru})`, kk: `атауы (${who.kk})` }))) {
    oneLine(p, x.name, at('name'));
    tooLong(p, x.name!, o.nameMax, at('name'));
  }
  if (p.required(x.binIin, at('binIin'), t({ en: `${who.en} BIN/IIN`, ru: `БИН/ИИН (${who.ru})`, kk: `БСН/ЖСН (${who.kk})` }))) p.findings(findingsOf(checkBinIin(x.binIin!), at('binIin')), at('binIin'));
  const label = side === 'payer' ? 'KOd' : 'KBe';
  if (p.required(x.code, at('code'), t({ en: `${who.en} ${label}`, ru: `${side === 'payer' ? 'КОд' : 'КБе'} (${who.ru})`, kk: `${side === 'payer' ? 'ЖТК' : 'БеК'} (${who.kk})` }))) {
    p.findings(findingsOf(checkKodKbe(x.code!, label), at('code')), at('code'));
  }
  if (p.required(x.bic, at('bic'), t({ en: `${who.en} bank BIC`, ru: `БИК банка (${who.ru})`, kk: `банктің БСК-сы (${who.kk})` }))) p.findings(findingsOf(checkBic(x.bic!), at('bic')), at('bic'));
}

/** KNP ↔ kind, scheme and the `/OPV/` letter (2.3: C for 010/019, V for 013, S for social). */
function knpRules(p: Problems, doc: Payment, o: ResolvedOptions): void {
  const knp = doc.knp!;
  const entry = o.knp.get(knp);
  const kindText = DOCUMENT_KIND_TEXT[doc.kind];
  if (doc.kind === 'payment' && (entry?.kind === 'budget' || (entry?.kind === undefined && o.knp.isBudget(knp)))) {
    p.add('VAL_KBK_REQUIRED', t({ en: `KNP ${knp} is a budget code: write a budget document with its KBK (/BCLASS/)`, ru: `КНП ${knp} — код платежа в бюджет: нужен платёж в бюджет с КБК (/BCLASS/)`, kk: `ТМК ${knp} — бюджетке төлем коды: БСЖ-сы (/BCLASS/) бар бюджетке төлем қажет` }), 'kbk');
    return;
  }
  if (!isListKind(doc.kind)) return;
  if (entry?.kind && entry.kind !== doc.kind) {
    const k = entry.kind as keyof typeof DOCUMENT_KIND_TEXT;
    const ek = DOCUMENT_KIND_TEXT[k] ?? same(entry.kind);
    p.add('FMT_KIND_CONFLICT', t({ en: `KNP ${knp} is for ${ek.en} payments, the document is ${kindText.en}`, ru: `КНП ${knp} — для вида «${ek.ru}», а документ — «${kindText.ru}»`, kk: `ТМК ${knp} «${ek.kk}» түріне арналған, ал құжат — «${kindText.kk}»` }), 'knp');
    return;
  }
  const scheme = 'scheme' in doc ? doc.scheme : undefined;
  if (entry?.scheme && scheme && entry.scheme !== scheme) {
    p.add('FMT_KIND_CONFLICT', t({ en: `KNP ${knp} is for ${entry.scheme}, the document's scheme is ${scheme}`, ru: `КНП ${knp} относится к ${entry.scheme}, а в документе — ${scheme}`, kk: `ТМК ${knp} ${entry.scheme} түріне жатады, ал құжатта — ${scheme}` }), 'knp', same(entry.scheme));
  }
  const allowed = KIND_LETTERS[doc.kind];
  if (!allowed) return;
  const letter = o.schemeLetters[knp];
  if (letter === undefined || !allowed.includes(letter)) {
    const want = allowed.join('/');
    p.add(
      'FMT_MT_SCHEME_LETTER',
      letter === undefined
        ? t({ en: `no /OPV/ letter is configured for KNP ${knp} (${kindText.en} rows need ${want})`, ru: `для КНП ${knp} не настроена буква /OPV/ (строкам вида «${kindText.ru}» нужна ${want})`, kk: `ТМК ${knp} үшін /OPV/ әрпі бапталмаған («${kindText.kk}» жолдарына ${want} қажет)` })
        : t({ en: `KNP ${knp} gives /OPV/${letter}, ${kindText.en} rows need ${want}`, ru: `КНП ${knp} даёт /OPV/${letter}, а строкам вида «${kindText.ru}» нужна ${want}`, kk: `ТМК ${knp} /OPV/${letter} береді, ал «${kindText.kk}» жолдарына ${want} қажет` }),
      'scheme',
      same(want),
    );
  }
}

/** Pension/social/medical go to the Госкорпорация (2.3; voluntary KNP 013 exempt); social KBe 11 or 15; budget to the Treasury. */
function recipientRules(p: Problems, doc: Payment, o: ResolvedOptions): void {
  const b = doc.beneficiary;
  p.findings(obsoleteFindings(b, 'beneficiary', o.recipients.obsolete), 'beneficiary');
  if (doc.kind === 'budget') p.findings(treasuryFindings(b, o.recipients.treasury), 'beneficiary');
  if (doc.kind === 'pension' && doc.knp !== '013') p.findings(statutoryRecipientFindings('pension', b, o.recipients), 'beneficiary');
  if (doc.kind === 'medical') p.findings(statutoryRecipientFindings('medical', b, o.recipients), 'beneficiary');
  if (doc.kind === 'social') {
    const rec = { ...o.recipients, social: { ...o.recipients.social, kbe: '' } };
    p.findings(statutoryRecipientFindings('social', b, rec), 'beneficiary');
    if (str(b?.code) && !o.socialKbe.includes(b.code)) {
      const list = o.socialKbe.join(', ');
      p.add('VAL_RECIPIENT', t({ en: `social contributions go to KBe ${list}, not ${b.code}`, ru: `социальные отчисления направляются получателю с КБе ${list}, а не ${b.code}`, kk: `әлеуметтік аударымдар БеК ${list} алушыға жіберіледі, ${b.code} емес` }), 'beneficiary.code', same(list));
    }
  }
}

/** Every rule for one document; `mt` is the message it is written as / was read from. */
export function mtRules(doc: CanonicalDocument, mt: MtType, o: ResolvedOptions, ctx: RuleContext): RuleProblem[] {
  const p = new Problems(ctx.skip);
  const expectedKinds = mt === '100' ? MT100_KINDS : LIST_KINDS;
  if (!(expectedKinds as readonly string[]).includes(doc.kind)) {
    const k = DOCUMENT_KIND_TEXT[doc.kind] ?? same(String(doc.kind));
    p.add('FMT_MT_WRONG_KIND', t({ en: `a ${k.en} document is not written as MT${mt}`, ru: `документ вида «${k.ru}» не записывается в MT${mt}`, kk: `«${k.kk}» түріндегі құжат MT${mt} хабарламасына жазылмайды` }), 'kind', same(expectedKinds.join(', ')));
    return p.out;
  }
  const d = doc as Payment;
  if (p.required(d.number, 'number', t({ en: 'document number (/NUM/)', ru: 'номер документа (/NUM/)', kk: 'құжат нөмірі (/NUM/)' }))) oneLine(p, d.number, 'number');
  if (!isCalendarDate(String(d.date))) p.add('VAL_DATE', t({ en: `document date ${shown(String(d.date))} is not a date`, ru: `дата документа ${shown(String(d.date))} — не дата`, kk: `құжат күні ${shown(String(d.date))} — күн емес` }), 'date');
  if (d.valueDate !== undefined && !isCalendarDate(String(d.valueDate))) p.add('VAL_DATE', t({ en: `value date ${shown(String(d.valueDate))} is not a date`, ru: `дата валютирования ${shown(String(d.valueDate))} — не дата`, kk: `валюталау күні ${shown(String(d.valueDate))} — күн емес` }), 'valueDate');
  const m = d.amount;
  if (!m || typeof m.minor !== 'bigint' || m.minor <= 0n) {
    p.add('VAL_AMOUNT', t({ en: 'the amount must be greater than 0', ru: 'сумма должна быть больше 0', kk: 'сома 0-ден үлкен болуы керек' }), 'amount', t({ en: 'an amount > 0', ru: 'сумма больше 0', kk: '0-ден үлкен сома' }));
  } else if (m.minor.toString().length > 15) {
    tooLong(p, m.minor.toString(), 15, 'amount');
  }
  if (m && m.currency !== 'KZT') p.add('VAL_CURRENCY', t({ en: `MT${mt} carries tenge, not ${shown(String(m.currency))}`, ru: `MT${mt} — платёж в тенге, а не в ${shown(String(m.currency))}`, kk: `MT${mt} — теңгедегі төлем, ${shown(String(m.currency))} емес` }), 'amount.currency', same('KZT'));
  partyRules(p, d.payer, 'payer', o);
  partyRules(p, d.beneficiary, 'beneficiary', o);
  if (p.required(d.knp, 'knp', t({ en: 'KNP (/KNP/)', ru: 'КНП (/KNP/)', kk: 'ТМК (/KNP/)' }))) {
    if (!/^\d{3}$/.test(d.knp!)) p.add('VAL_KNP_FORMAT', t({ en: `KNP ${shown(d.knp!)} is not 3 digits`, ru: `КНП ${shown(d.knp!)} — не 3 цифры`, kk: `ТМК ${shown(d.knp!)} 3 цифрдан тұрмайды` }), 'knp', same('3 digits'));
    else knpRules(p, d, o);
  }
  if (p.required(d.purpose, 'purpose', t({ en: 'purpose (/ASSIGN/)', ru: 'назначение платежа (/ASSIGN/)', kk: 'төлем мақсаты (/ASSIGN/)' }))) {
    oneLine(p, d.purpose, 'purpose');
    const lines = wrapAssign(d.purpose, o.assign);
    if (lines.length > o.assign.maxLines) {
      const a = o.assign;
      const cap = a.first + a.next * (a.maxLines - 1);
      p.add('VAL_PURPOSE_TOO_LONG', t({ en: `the purpose needs ${lines.length} lines of /ASSIGN/, ${a.maxLines} fit (about ${cap} characters)`, ru: `назначению нужно ${lines.length} строк /ASSIGN/, допускается ${a.maxLines} (около ${cap} символов)`, kk: `төлем мақсатына /ASSIGN/ ${lines.length} жолы қажет, ${a.maxLines} жолға (шамамен ${cap} таңба) рұқсат бар` }), 'purpose', t({ en: `at most about ${cap} characters`, ru: `не более ~${cap} символов`, kk: `ең көбі ~${cap} таңба` }));
    }
  }
  if (d.kind === 'budget') {
    if (str(d.kbk)) p.findings(findingsOf(checkKbk(d.kbk), 'kbk'), 'kbk');
    else p.add('VAL_KBK_REQUIRED', t({ en: 'the KBK (/BCLASS/) of the budget payment is empty', ru: 'не указан КБК (/BCLASS/) платежа в бюджет', kk: 'бюджетке төлемнің БСЖ-сы (/BCLASS/) көрсетілмеген' }), 'kbk', t({ en: '6 digits, e.g. 101201', ru: '6 цифр, например 101201', kk: '6 цифр, мысалы 101201' }));
  }
  recipientRules(p, d, o);
  if (isListKind(d.kind)) {
    rowRules(p, d as ListDoc);
    if ((d.kind === 'pension' || d.kind === 'social') && ctx.routing !== 'SGROSS') {
      p.add('FMT_BAD_VALUE', t({ en: `${d.kind} files go by gross routing (I102SGROSS), not ${shown(ctx.routing)}`, ru: `пенсионные и социальные файлы отправляются как I102SGROSS, а не ${shown(ctx.routing)}`, kk: `зейнетақы және әлеуметтік файлдар I102SGROSS ретінде жіберіледі, ${shown(ctx.routing)} емес` }), 'routing', same('SGROSS'));
    }
    const vd = d.valueDate ?? d.date;
    if (o.valueDateToday && isCalendarDate(String(vd)) && vd !== ctx.today) {
      p.add('FMT_MT_VALUE_DATE', t({ en: `:32A: date is ${vd}, the file is sent on ${ctx.today}`, ru: `дата :32A: — ${dmy(vd)}, а файл отправляется ${dmy(ctx.today)}`, kk: `:32A: күні — ${dmy(vd)}, ал файл ${dmy(ctx.today)} жіберіледі` }), 'valueDate', same(ctx.today));
    }
  }
  return p.out;
}
