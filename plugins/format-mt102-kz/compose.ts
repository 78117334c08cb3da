// Canonical document → the lines of one MT100 / MT102 message (kz-formats.md 2.1 envelope, 2.2 tags, 2.3 sequence B).
// No checks here (rules.ts runs first); each line keeps the field it writes so the writer can name it in a refusal.
import type { CanonicalDocument, ListRow } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { iinBirthDate } from '../../gateway/validate/kz/bin-iin.ts';
import type { MtType } from './ids.ts';
import type { ResolvedOptions } from './options.ts';
import { mtAmount, periodOut, yymmdd, yyyymmdd } from './values.ts';
import { wrapAssign } from './wrap.ts';

export interface MtLine {
  text: string;
  /** The tag written ('{1:}', ':50:/NAME/', ':70:/IDN/'). */
  field: string;
  /** 0-based row of sequence B. */
  row?: number;
  /** Envelope lines (blocks 1 and 2) are not held to the block-4 line width. */
  envelope?: boolean;
}

type Payment = Extract<CanonicalDocument, { payer: Party }>;

/** Block 1 LT address: configured, or the payer bank's BIC with terminal 'A' and branch 'XXX' (8.4) [U]. */
export function senderLt(doc: Payment, o: ResolvedOptions): string {
  if (o.senderLt) return o.senderLt;
  const bic = doc.payer?.bic ?? '';
  return `${bic.slice(0, 8).padEnd(8, 'X')}A${bic.length === 11 ? bic.slice(8) : 'XXX'}`;
}

/** `:50:`/`:59:` sub-lines (2.2): /NAME/, /IDN/, [/CHIEF/, /MAINBK/ of the payer], /IRS/ + /SECO/ = KOd/KBe. */
function partyLines(tag: ':50:' | ':59:', first: string, p: Partial<Party>, o: ResolvedOptions): MtLine[] {
  const out: MtLine[] = [{ text: first, field: tag === ':50:' ? ':50:/D/' : ':59:' }];
  out.push({ text: `/NAME/${p.name ?? ''}`, field: `${tag}/NAME/` });
  out.push({ text: `/IDN/${p.binIin ?? ''}`, field: `${tag}/IDN/` });
  if (tag === ':50:' && o.chief !== undefined) out.push({ text: `/CHIEF/${o.chief}`, field: ':50:/CHIEF/' });
  if (tag === ':50:' && o.mainAccountant !== undefined) out.push({ text: `/MAINBK/${o.mainAccountant}`, field: ':50:/MAINBK/' });
  const code = p.code ?? '';
  out.push({ text: `/IRS/${code.slice(0, 1)}`, field: `${tag}/IRS/` });
  out.push({ text: `/SECO/${code.slice(1, 2)}`, field: `${tag}/SECO/` });
  return out;
}

/** A sequence-B person (2.3): :21:, :32B:, :70:/OPV/<letter> (when the KNP has one), /FM/ /NM/ /FT/ /DT/ /IDN/ /PERIOD/ [/LA/]. */
function rowLines(r: ListRow, i: number, letter: string | undefined, o: ResolvedOptions): MtLine[] {
  const l = (text: string, field: string): MtLine => ({ text, field, row: i });
  const out = [l(`:21:${i + 1}`, ':21:'), l(`:32B:${r.amount.currency}${mtAmount(r.amount.minor, r.amount.currency)}`, ':32B:')];
  const sub: MtLine[] = [];
  if (letter !== undefined) sub.push(l(`/OPV/${letter}`, ':70:/OPV/'));
  sub.push(l(`/FM/${r.lastName}`, ':70:/FM/'), l(`/NM/${r.firstName}`, ':70:/NM/'), l(`/FT/${r.middleName ?? ''}`, ':70:/FT/'));
  // /DT/ is part of every 2.3 row; an absent birth date is the one the IIN encodes.
  const birth = r.birthDate ?? iinBirthDate(r.iin) ?? undefined;
  if (birth) sub.push(l(`/DT/${yyyymmdd(birth)}`, ':70:/DT/'));
  sub.push(l(`/IDN/${r.iin}`, ':70:/IDN/'));
  if (r.period) sub.push(l(`/PERIOD/${periodOut(r.period, o.periodFormat)}`, ':70:/PERIOD/'));
  if (r.account) sub.push(l(`/LA/${r.account}`, ':70:/LA/'));
  sub[0]!.text = `:70:${sub[0]!.text}`;
  return [...out, ...sub];
}

/** Every line of one message, envelope included; `reference` is its `:20:`. */
export function composeMessage(doc: Payment, mt: MtType, reference: string, o: ResolvedOptions): MtLine[] {
  const cur = doc.amount.currency;
  const valueDate = doc.valueDate ?? doc.date;
  const a32 = `:32A:${yymmdd(valueDate)}${cur}${mtAmount(doc.amount.minor, cur)}`;
  const lines: MtLine[] = [
    { text: `{1:F01${senderLt(doc, o)}${o.sessionSequence}}`, field: '{1:}', envelope: true },
    { text: `{2:I${mt}${o.routing}000000${o.block2Suffix}}`, field: '{2:}', envelope: true },
    { text: '{4:', field: '{4:}', envelope: true },
    { text: `:20:${reference}`, field: ':20:' },
  ];
  // 2.2: an MT100 states :32A: after :20:; 2.3: an MT102 closes with it after the rows.
  if (mt === '100') lines.push({ text: a32, field: ':32A:' });
  lines.push(...partyLines(':50:', `:50:/D/${doc.payer.iban ?? ''}`, doc.payer, o));
  lines.push({ text: `:52B:${doc.payer.bic ?? ''}`, field: ':52B:' }, { text: `:57B:${doc.beneficiary.bic ?? ''}`, field: ':57B:' });
  lines.push(...partyLines(':59:', `:59:${o.beneficiaryAccountPrefix}${doc.beneficiary.iban ?? ''}`, doc.beneficiary, o));
  const c = o.codes;
  const a70: MtLine[] = [
    { text: `:70:/NUM/${doc.number}`, field: ':70:/NUM/' },
    { text: `/DATE/${yymmdd(doc.date)}`, field: ':70:/DATE/' },
    { text: `/SEND/${c.send}`, field: ':70:/SEND/' },
    { text: `/VO/${c.vo}`, field: ':70:/VO/' },
    { text: `/KNP/${doc.knp ?? ''}`, field: ':70:/KNP/' },
    { text: `/PSO/${c.pso}`, field: ':70:/PSO/' },
    { text: `/PRT/${mt === '100' ? c.prtPayment : c.prtList}`, field: ':70:/PRT/' },
  ];
  if (doc.kind === 'budget') a70.push({ text: `/BCLASS/${doc.kbk}`, field: ':70:/BCLASS/' });
  wrapAssign(doc.purpose, o.assign).forEach((part, i) => a70.push({ text: i === 0 ? `/ASSIGN/${part}` : part, field: ':70:/ASSIGN/' }));
  lines.push(...a70);
  if ('rows' in doc) {
    const letter = o.schemeLetters[doc.knp ?? ''];
    doc.rows.forEach((r, i) => lines.push(...rowLines(r, i, letter, o)));
    lines.push({ text: a32, field: ':32A:' });
  }
  lines.push({ text: '-}', field: '{4:}', envelope: true });
  return lines;
}
