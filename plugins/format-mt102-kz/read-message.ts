// One MT100 / MT102 message → a canonical document (kind from KNP, beneficiary account or row letters) with issues at
// their lines: tag syntax here, the kz-formats.md 2.3 rules through rules.ts with each canonical path mapped to its line.
import type { CanonicalDocument, ListRow } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { issue, t, type Issue } from '../../gateway/core/issue.ts';
import { bicBank8 } from '../../gateway/validate/kz/bic.ts';
import type { MtType } from './ids.ts';
import type { ResolvedOptions } from './options.ts';
import { isListKind, mtRules } from './rules.ts';
import { readSubs, type Subs } from './fields.ts';
import type { MtField, MtMessage } from './syntax.ts';
import { A70_SUBFIELDS, A_TAGS, B70_SUBFIELDS, B_TAGS, PARTY_SUBFIELDS } from './tags.ts';
import { badTag, KZ_MT, missingTag, MT_AMOUNT, shown, YYMMDD, YYYYMMDD } from './texts.ts';
import { fromYymmdd, fromYyyymmdd, parseMtAmount, periodIn } from './values.ts';

export interface ReadResult {
  document?: CanonicalDocument;
  issues: Issue[];
}

interface Reading {
  o: ResolvedOptions;
  issues: Issue[];
  /** Canonical path → line. */
  at: Map<string, number>;
  /** Paths whose value was reported malformed here. */
  skip: Set<string>;
  /** Something without which no document can be built. */
  fatal: boolean;
}

const text = (s: string) => ({ en: s, ru: s, kk: s });

/** `KZT105500,50` / `261125KZT105500,50` (`:32B:` / `:32A:`). */
function money(r: Reading, f: MtField, withDate: boolean, path: string, row?: number): { date?: string; minor: bigint; currency: string } | null {
  const v = f.lines[0]!.text.trim();
  const m = (withDate ? /^(\d{6})([A-Z]{3})(.*)$/ : /^()([A-Z]{3})(.*)$/).exec(v);
  const tag = `:${f.tag}:`;
  const fail = (what: typeof MT_AMOUNT) => {
    r.issues.push(badTag(tag, v, what, { line: f.line, row }));
    r.skip.add(path);
    r.fatal = true;
    return null;
  };
  if (!m) return fail(withDate ? t({ en: 'YYMMDD + currency + amount, e.g. 261125KZT105500,50', ru: 'ГГММДД + валюта + сумма, например 261125KZT105500,50', kk: 'ЖЖААКК + валюта + сома, мысалы 261125KZT105500,50' }) : MT_AMOUNT);
  let date: string | undefined;
  if (withDate) {
    const d = fromYymmdd(m[1]!);
    if (!d) return fail(YYMMDD);
    date = d;
  }
  const minor = parseMtAmount(m[3]!, m[2]!);
  if (minor === null) return fail(MT_AMOUNT);
  if (f.lines.length > 1) r.issues.push(issue('FMT_SYNTAX', t({ en: `${tag} has more than one line`, ru: `${tag} занимает больше одной строки`, kk: `${tag} бір жолдан артық` }), { line: f.lines[1]!.line, field: tag }));
  return date === undefined ? { minor, currency: m[2]! } : { date, minor, currency: m[2]! };
}

/** `:50:/D/<IBAN>` or `:59:[/C/]<IBAN>` with /NAME/ /IDN/ /IRS/ /SECO/ (2.2); `/RNN/` refused (pre-2011). */
function party(r: Reading, f: MtField | undefined, side: 'payer' | 'beneficiary', bic: MtField | undefined, line: number): Party {
  const p: Party = { name: '' };
  const tag = side === 'payer' ? ':50:' : ':59:';
  if (!f) {
    r.issues.push(missingTag(side === 'payer' ? ':50:/D/' : ':59:', { line }));
    r.fatal = true;
  } else {
    const subs = readSubs(f, PARTY_SUBFIELDS, null, '', r.issues);
    const head = subs.head?.text.trim() ?? '';
    const acct = side === 'payer' ? /^\/D\/(.*)$/.exec(head) : /^(?:\/C\/)?(.*)$/.exec(head);
    r.at.set(`${side}.iban`, f.line);
    if (!acct) {
      r.issues.push(badTag(tag, head, t({ en: '/D/ and the payer account', ru: '/D/ и счёт плательщика', kk: '/D/ және төлеушінің шоты' }), { line: f.line }));
      r.skip.add(`${side}.iban`);
    } else if (acct[1]!.trim() !== '') p.iban = acct[1]!.trim();
    const put = (code: string, key: 'name' | 'binIin') => {
      const s = subs.values.get(code);
      if (!s) return;
      r.at.set(`${side}.${key}`, s.line);
      if (s.value !== '') p[key] = s.value;
    };
    put('NAME', 'name');
    put('IDN', 'binIin');
    const rnn = subs.values.get('RNN');
    if (rnn && !p.binIin) {
      r.issues.push(issue('FMT_NOT_SUPPORTED', t({ en: `${tag}/RNN/ is the pre-2011 identifier; a BIN/IIN (/IDN/) is needed`, ru: `${tag}/RNN/ — идентификатор до 2011 года; нужен БИН/ИИН (/IDN/)`, kk: `${tag}/RNN/ — 2011 жылға дейінгі сәйкестендіргіш; БСН/ЖСН (/IDN/) қажет` }), { line: rnn.line, field: `${tag}/RNN/` }));
      r.skip.add(`${side}.binIin`);
    }
    const irs = subs.values.get('IRS');
    const seco = subs.values.get('SECO');
    if (irs || seco) r.at.set(`${side}.code`, (irs ?? seco)!.line);
    if (irs && seco) p.code = `${irs.value}${seco.value}`;
  }
  if (bic) {
    r.at.set(`${side}.bic`, bic.line);
    const v = bic.lines[0]!.text.trim();
    if (v !== '') p.bic = v;
  }
  return p;
}

/** Tags of a sequence: repeated ones and ones that do not belong are reported; the first of each is kept. */
function index(r: Reading, fields: readonly MtField[], allowed: readonly string[], where: string, row?: number): Map<string, MtField> {
  const out = new Map<string, MtField>();
  const rp = row === undefined ? '' : `row ${row + 1}: `;
  for (const f of fields) {
    const tag = `:${f.tag}:`;
    if (!allowed.includes(f.tag)) {
      r.issues.push(issue('FMT_MT_MISPLACED', t({ en: `${rp}${tag} does not belong in ${where}`, ru: `${rp ? `строка ${row! + 1}: ` : ''}${tag} не допускается в ${where}`, kk: `${rp ? `${row! + 1}-жол: ` : ''}${tag} ${where} ішінде рұқсат етілмеген` }), { line: f.line, field: tag }));
      continue;
    }
    if (out.has(f.tag)) {
      r.issues.push(issue('FMT_DUPLICATE_KEY', t({ en: `${rp}${tag} appears twice`, ru: `${rp ? `строка ${row! + 1}: ` : ''}${tag} повторяется`, kk: `${rp ? `${row! + 1}-жол: ` : ''}${tag} қайталанады` }), { line: f.line, field: tag }));
      continue;
    }
    out.set(f.tag, f);
  }
  return out;
}

/** A sequence-B person (2.3). */
function readRow(r: Reading, fields: readonly MtField[], i: number, knp: string | undefined): ListRow | null {
  const at = (k: string) => `rows[${i}].${k}`;
  const head = fields[0]!;
  const tags = index(r, fields, B_TAGS, 'sequence B', i);
  r.at.set(`rows[${i}]`, head.line);
  const no = head.lines[0]!.text.trim();
  if (!/^\d{1,8}$/.test(no)) r.issues.push(badTag(':21:', no, text('1, 2, 3 …'), { line: head.line, row: i }));
  const f32 = tags.get('32B');
  const row: ListRow = { iin: '', lastName: '', firstName: '', amount: { minor: 0n, currency: 'KZT' }, line: head.line };
  if (!f32) {
    r.issues.push(missingTag(':32B:', { line: head.line, row: i }));
    r.fatal = true;
  } else {
    r.at.set(at('amount'), f32.line);
    const m = money(r, f32, false, at('amount'), i);
    if (m) row.amount = { minor: m.minor, currency: m.currency };
  }
  const f70 = tags.get('70');
  if (!f70) {
    r.issues.push(missingTag(':70:', { line: head.line, row: i }));
    r.fatal = true;
    return row;
  }
  const subs: Subs = readSubs(f70, B70_SUBFIELDS, null, '', r.issues, i);
  if (subs.head) r.issues.push(badTag(':70:', subs.head.text, text('/OPV/ or /FM/'), { line: subs.head.line, row: i }, 'FMT_SYNTAX'));
  const v = (code: string, path: string) => {
    const s = subs.values.get(code);
    if (s) r.at.set(at(path), s.line);
    return s;
  };
  const fm = v('FM', 'lastName');
  const nm = v('NM', 'firstName');
  const ft = v('FT', 'middleName');
  if (fm) row.lastName = fm.value;
  if (nm) row.firstName = nm.value;
  if (ft && ft.value !== '') row.middleName = ft.value;
  const idn = v('IDN', 'iin');
  const rnn = subs.values.get('RNN');
  if (idn) row.iin = idn.value;
  else if (rnn) {
    r.at.set(at('iin'), rnn.line);
    r.skip.add(at('iin'));
    r.issues.push(issue('FMT_NOT_SUPPORTED', t({ en: `row ${i + 1}: /RNN/ is the pre-2011 identifier; the person's IIN (/IDN/) is needed`, ru: `строка ${i + 1}: /RNN/ — идентификатор до 2011 года; нужен ИИН (/IDN/)`, kk: `${i + 1}-жол: /RNN/ — 2011 жылға дейінгі сәйкестендіргіш; ЖСН (/IDN/) қажет` }), { line: rnn.line, field: ':70:/RNN/' }));
  }
  const dt = v('DT', 'birthDate');
  if (dt && dt.value !== '') {
    const d = fromYyyymmdd(dt.value);
    if (d) row.birthDate = d;
    else {
      r.issues.push(badTag(':70:/DT/', dt.value, YYYYMMDD, { line: dt.line, row: i }, 'FMT_BAD_DATE'));
      r.skip.add(at('birthDate'));
    }
  }
  const period = v('PERIOD', 'period');
  if (period && period.value !== '') {
    const p = periodIn(period.value, r.o.periodFormat);
    if (p) row.period = p;
    else {
      r.issues.push(badTag(':70:/PERIOD/', period.value, text(r.o.periodFormat), { line: period.line, row: i }));
      r.skip.add(at('period'));
    }
  }
  const la = v('LA', 'account');
  if (la && la.value !== '') row.account = la.value;
  // 2.3: the /OPV/ letter must match the KNP.
  const letter = knp ? r.o.schemeLetters[knp] : undefined;
  const opv = subs.values.get('OPV');
  if (letter !== undefined) {
    if (!opv) r.issues.push(missingTag(':70:/OPV/', { line: f70.line, row: i }));
    else if (opv.value !== letter) {
      r.issues.push(issue('FMT_MT_SCHEME_LETTER', t({ en: `row ${i + 1}: /OPV/${shown(opv.value)} does not match KNP ${knp} (/OPV/${letter})`, ru: `строка ${i + 1}: /OPV/${shown(opv.value)} не соответствует КНП ${knp} (/OPV/${letter})`, kk: `${i + 1}-жол: /OPV/${shown(opv.value)} ТМК ${knp} кодына сәйкес келмейді (/OPV/${letter})` }), { line: opv.line, field: ':70:/OPV/', expected: text(letter) }));
    }
  }
  return row;
}

/** The list kind of an MT102: by KNP, else by the beneficiary account, else by the rows' letters. */
function listKind(r: Reading, knp: string | undefined, iban: string | undefined, letters: readonly string[]): { kind: 'pension' | 'social' | 'medical' | 'salary'; scheme?: string } | null {
  const e = knp ? r.o.knp.get(knp) : undefined;
  if (e?.kind && isListKind(e.kind)) return e.scheme ? { kind: e.kind, scheme: e.scheme } : { kind: e.kind };
  const rec = r.o.recipients;
  if (iban && rec.pension.ibans.includes(iban)) return { kind: 'pension' };
  if (iban && rec.social.ibans.includes(iban)) return { kind: 'social' };
  if (letters.includes('C') || letters.includes('V')) return { kind: 'pension' };
  if (letters.includes('S')) return { kind: 'social' };
  return null;
}

const PENSION_SCHEMES = ['OPV', 'OPVR', 'OPPV'] as const;
const MEDICAL_SCHEMES = ['OOSMS', 'VOSMS'] as const;

/** Reads one message of type `mt`; `today` is the business date of the 2.3 `:32A:` rule. */
export function readMessage(msg: MtMessage, o: ResolvedOptions, today: string): ReadResult {
  const r: Reading = { o, issues: [...msg.issues], at: new Map(), skip: new Set(), fatal: msg.broken };
  const b2 = msg.block2;
  const hasRows = msg.fields.some((f) => f.tag === '21' || f.tag === '32B');
  let mt: MtType;
  if (b2) {
    if (b2.type !== '100' && b2.type !== '102') {
      r.issues.push(issue('FMT_MT_NOT_KZ', t({ en: `an MT${shown(b2.type)} message is not a Kazakh MT100/MT102: not read`, ru: `сообщение MT${shown(b2.type)} — не казахстанское MT100/MT102: не загружено`, kk: `MT${shown(b2.type)} хабарламасы қазақстандық MT100/MT102 емес: жүктелмеді` }), { line: b2.line, field: '{2:}', expected: KZ_MT }));
      return { issues: r.issues };
    }
    mt = b2.type;
  } else mt = hasRows ? '102' : '100';
  const seqEnd = mt === '102' ? msg.fields.findIndex((f) => f.tag === '21') : -1;
  const seqA = seqEnd < 0 ? msg.fields : msg.fields.slice(0, seqEnd);
  // MT102: sequence B (per :21:) and the closing :32A:; MT100: everything is sequence A.
  const groups: MtField[][] = [];
  let a32: MtField | undefined;
  const stray: MtField[] = [];
  if (seqEnd >= 0) {
    for (const f of msg.fields.slice(seqEnd)) {
      if (f.tag === '21') groups.push([f]);
      else if (f.tag === '32A' && !a32) a32 = f;
      else if (a32) stray.push(f);
      else groups[groups.length - 1]!.push(f);
    }
  }
  for (const f of stray) r.issues.push(issue('FMT_MT_MISPLACED', t({ en: `:${f.tag}: after the closing :32A:`, ru: `:${f.tag}: после завершающего :32A:`, kk: `:${f.tag}: қорытынды :32A: тегінен кейін тұр` }), { line: f.line, field: `:${f.tag}:` }));
  const a = index(r, seqA, mt === '100' ? A_TAGS : A_TAGS, 'sequence A');
  a32 ??= a.get('32A');
  const f70 = a.get('70');
  const subs = f70 ? readSubs(f70, A70_SUBFIELDS, 'ASSIGN', o.assignJoin, r.issues) : { values: new Map() as Subs['values'] };
  if (f70 && 'head' in subs && subs.head) r.issues.push(badTag(':70:', subs.head.text, text('/NUM/'), { line: subs.head.line }, 'FMT_SYNTAX'));
  const sub = (code: string, path?: string) => {
    const s = subs.values.get(code);
    if (s && path) r.at.set(path, s.line);
    return s;
  };
  const knp = sub('KNP', 'knp')?.value || undefined;
  if (!b2 && !knp) {
    r.issues.push(issue('FMT_MT_NOT_KZ', t({ en: 'the message has no block 2 and no /KNP/: not a Kazakh MT100/MT102', ru: 'в сообщении нет блока 2 и /KNP/: это не казахстанское MT100/MT102', kk: 'хабарламада 2-блок пен /KNP/ жоқ: бұл қазақстандық MT100/MT102 емес' }), { line: msg.line, field: ':70:/KNP/', expected: KZ_MT }));
    return { issues: r.issues };
  }
  const ref = a.get('20');
  if (ref) r.at.set('reference', ref.line);
  else r.issues.push(missingTag(':20:', { line: msg.line }));
  // 2.3: /PERIOD/ belongs to sequence B.
  const misplacedPeriod = sub('PERIOD');
  if (misplacedPeriod) r.issues.push(issue('FMT_MT_MISPLACED', t({ en: '/PERIOD/ belongs in the rows (after :21:), not in sequence A', ru: '/PERIOD/ указывается в строках (после :21:), а не в последовательности A', kk: '/PERIOD/ A тізбегінде емес, жолдарда (:21: кейін) көрсетіледі' }), { line: misplacedPeriod.line, field: ':70:/PERIOD/' }));
  let amount: { date?: string; minor: bigint; currency: string } | null = null;
  if (a32) {
    r.at.set('amount', a32.line);
    r.at.set('valueDate', a32.line);
    amount = money(r, a32, true, 'amount');
    if (!amount) r.skip.add('valueDate');
  } else {
    r.issues.push(missingTag(':32A:', { line: msg.endLine }));
    r.fatal = true;
  }
  const num = sub('NUM', 'number');
  const dateSub = sub('DATE', 'date');
  let date = amount?.date;
  if (dateSub) {
    const d = fromYymmdd(dateSub.value);
    if (d) date = d;
    else {
      r.issues.push(badTag(':70:/DATE/', dateSub.value, YYMMDD, { line: dateSub.line }, 'FMT_BAD_DATE'));
      r.skip.add('date');
    }
  }
  const assign = sub('ASSIGN', 'purpose');
  const kbk = sub('BCLASS', 'kbk');
  const payer = party(r, a.get('50'), 'payer', a.get('52B'), msg.line);
  const beneficiary = party(r, a.get('59'), 'beneficiary', a.get('57B'), msg.line);
  if (a.get('52B')) r.at.set('payer.bic', a.get('52B')!.line);
  const base = {
    number: num?.value ?? ref?.lines[0]!.text.trim() ?? '',
    date: date ?? '',
    amount: amount ? { minor: amount.minor, currency: amount.currency } : { minor: 0n, currency: 'KZT' },
    payer,
    beneficiary,
    purpose: assign?.value ?? '',
    ...(amount?.date ? { valueDate: amount.date } : {}),
    ...(knp ? { knp } : {}),
  };
  if (!date) r.fatal = true;
  let doc: CanonicalDocument;
  if (mt === '100') {
    for (const g of msg.fields.filter((f) => f.tag === '21' || f.tag === '32B')) r.issues.push(issue('FMT_MT_MISPLACED', t({ en: `:${g.tag}: is a sequence-B tag of an MT102, not of an MT100`, ru: `:${g.tag}: — тег последовательности B сообщения MT102, а не MT100`, kk: `:${g.tag}: — MT100 емес, MT102 хабарламасының B тізбегінің тегі` }), { line: g.line, field: `:${g.tag}:` }));
    const budget = kbk !== undefined || (knp !== undefined && o.knp.isBudget(knp)) || (beneficiary.bic !== undefined && bicBank8(beneficiary.bic) === o.recipients.treasury.bic);
    doc = budget ? { kind: 'budget', ...base, kbk: kbk?.value ?? '' } : { kind: 'payment', ...base };
  } else {
    const rows: ListRow[] = [];
    const letters: string[] = [];
    groups.forEach((g, i) => {
      const row = readRow(r, g, i, knp);
      if (row) rows.push(row);
      for (const f of g) if (f.tag === '70') for (const l of f.lines) { const m = /^(?::70:)?\/OPV\/(.)/.exec(l.text); if (m) letters.push(m[1]!); }
    });
    if (groups.length === 0) r.at.set('rows', a32?.line ?? msg.endLine);
    const kind = listKind(r, knp, beneficiary.iban, letters);
    if (!kind) {
      r.issues.push(issue('FMT_KIND_CONFLICT', t({ en: `cannot tell which list this MT102 is: KNP ${knp ?? '(none)'} is not a pension, social, medical or salary code`, ru: `нельзя определить вид списка MT102: КНП ${knp ?? '(нет)'} — не код пенсионных, социальных, медицинских взносов или зарплаты`, kk: `MT102 тізімінің түрін анықтау мүмкін емес: ТМК ${knp ?? '(жоқ)'} зейнетақы, әлеуметтік, медициналық жарналардың немесе жалақының коды емес` }), { line: r.at.get('knp') ?? msg.line, field: ':70:/KNP/' }));
      return { issues: r.issues };
    }
    if (kind.kind === 'pension') {
      const scheme = (PENSION_SCHEMES as readonly string[]).includes(kind.scheme ?? '') ? (kind.scheme as 'OPV') : 'OPV';
      doc = { kind: 'pension', ...base, scheme, rows };
    } else if (kind.kind === 'medical') {
      if (!(MEDICAL_SCHEMES as readonly string[]).includes(kind.scheme ?? '')) {
        r.issues.push(issue('FMT_KIND_CONFLICT', t({ en: `KNP ${knp ?? '(none)'} does not say which medical scheme (OOSMS/VOSMS)`, ru: `КНП ${knp ?? '(нет)'} не указывает вид ОСМС (ООСМС/ВОСМС)`, kk: `ТМК ${knp ?? '(жоқ)'} МӘМС түрін (ООСМС/ВОСМС) көрсетпейді` }), { line: r.at.get('knp') ?? msg.line, field: ':70:/KNP/' }));
        return { issues: r.issues };
      }
      doc = { kind: 'medical', ...base, scheme: kind.scheme as 'OOSMS' | 'VOSMS', rows };
    } else doc = { kind: kind.kind, ...base, rows };
    // 2.3: /PSO/01 and /PRT/05 on pension (and social) files.
    if (kind.kind === 'pension' || kind.kind === 'social') {
      for (const [code, want] of [['PSO', o.codes.pso], ['PRT', o.codes.prtList]] as const) {
        const s = sub(code);
        if (!s) r.issues.push(missingTag(`:70:/${code}/`, { line: f70?.line ?? msg.line }));
        else if (s.value !== want) r.issues.push(badTag(`:70:/${code}/`, s.value, text(want), { line: s.line }));
      }
    }
  }
  const routing = b2?.io === 'I' ? b2.rest.slice(0, 6) : o.routing;
  if (b2) r.at.set('routing', b2.line);
  for (const p of mtRules(doc, mt, o, { today, routing, skip: r.skip })) {
    const line = r.at.get(p.path) ?? (p.row !== undefined ? r.at.get(`rows[${p.row}]`) : undefined) ?? fallbackLine(r, p.path) ?? msg.line;
    r.issues.push({ ...p.issue, line });
  }
  return r.fatal ? { issues: r.issues } : { document: doc, issues: r.issues };
}

/** The line of the nearest enclosing tag of a path that has no line of its own. */
function fallbackLine(r: Reading, path: string): number | undefined {
  const m = /^(payer|beneficiary)\./.exec(path);
  if (m) return r.at.get(`${m[1]}.iban`) ?? r.at.get(`${m[1]}.bic`);
  if (path === 'scheme') return r.at.get('knp');
  return r.at.get('number') ?? r.at.get('amount');
}
