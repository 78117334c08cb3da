// Every validator rule of kz-formats.md 2.3 (and the field rules used with it): the writer refuses with one GatewayError
// listing each problem (document, row, tag); the reader reports the same rule as an issue at the line of the tag.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import { money } from '../../gateway/core/model/money.ts';
import { readMtBytes, renderMt, type Mt102KzOptions, type WriteProblem } from '../../plugins/format-mt102-kz/index.ts';
import { CREATED_AT, MT102_84, TODAY, payment118, pension119, social, split } from './samples.ts';

function refusal(mt: '100' | '102', docs: CanonicalDocument[], opts: Mt102KzOptions = {}, createdAt = CREATED_AT): GatewayError {
  try {
    renderMt(mt, docs, { createdAt }, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).kind).toBe('user');
    return e as GatewayError;
  }
  throw new Error('not refused');
}
const problems = (e: GatewayError) => (e.details as { problems: WriteProblem[] }).problems;

/** 8.4 with line `n` (1-based) replaced (null: removed). */
function mutated(edits: Record<number, string | null>): Uint8Array {
  const lines = MT102_84.trimEnd().split('\n');
  const out = lines.flatMap((l, i) => (i + 1 in edits ? (edits[i + 1] === null ? [] : [edits[i + 1]!]) : [l]));
  return new TextEncoder().encode(out.join('\n') + '\n');
}
const line = (prefix: string, from = 1) => MT102_84.split('\n').findIndex((l, i) => i + 1 >= from && l.startsWith(prefix)) + 1;
const issues = (b: Uint8Array, opts: Mt102KzOptions = {}) => split(readMtBytes(b, { today: () => TODAY, ...opts }));

describe('writer refuses (2.3 rules)', () => {
  it('Σ :32B: ≠ :32A: → FMT_TOTALS_MISMATCH on :32A:', () => {
    const e = refusal('102', [{ ...pension119(), amount: money('105500.51') }]);
    expect(e.code).toBe('FMT_TOTALS_MISMATCH');
    expect(problems(e)).toEqual([expect.objectContaining({ document: '119', field: ':32A:', code: 'FMT_TOTALS_MISMATCH' })]);
  });

  it('a zero row → VAL_LIST_ROW_AMOUNT naming the row and :32B:', () => {
    const d = pension119();
    d.rows[1]!.amount = money('0');
    d.amount = money('63500.50');
    const p = problems(refusal('102', [d]));
    expect(p).toEqual([expect.objectContaining({ row: 2, field: ':32B:', code: 'VAL_LIST_ROW_AMOUNT' })]);
  });

  it('an IIN with a wrong check digit → VAL_BIN_IIN_CHECKSUM on :70:/IDN/ of the row', () => {
    const d = pension119();
    d.rows[2]!.iin = '881120300553';
    expect(problems(refusal('102', [d]))).toEqual([expect.objectContaining({ row: 3, field: ':70:/IDN/', code: 'VAL_BIN_IIN_CHECKSUM' })]);
  });

  it('a period that is not YYYY-MM → VAL_LIST_PERIOD; a missing one → FMT_REQUIRED_KEY', () => {
    const d = pension119();
    d.rows[0]!.period = '2026-13';
    delete d.rows[1]!.period;
    const p = problems(refusal('102', [d]));
    expect(p.map((x) => [x.row, x.field, x.code])).toEqual([
      [1, ':70:/PERIOD/', 'VAL_LIST_PERIOD'],
      [2, ':70:/PERIOD/', 'FMT_REQUIRED_KEY'],
    ]);
  });

  it('the /OPV/ letter must fit the KNP: a pension list with a social KNP, or a KNP without a letter', () => {
    expect(refusal('102', [{ ...pension119(), knp: '012' }]).code).toBe('FMT_KIND_CONFLICT');
    const e = refusal('102', [pension119()], { schemeLetters: { '010': null } });
    expect(problems(e)).toEqual([expect.objectContaining({ field: ':70:/OPV/', code: 'FMT_MT_SCHEME_LETTER' })]);
    // A configured letter that does not fit the kind (social rows need S).
    expect(problems(refusal('102', [social()], { schemeLetters: { '012': 'C' } }))[0]).toMatchObject({ code: 'FMT_MT_SCHEME_LETTER' });
  });

  it('pension to another account or bank → VAL_RECIPIENT; voluntary contributions (KNP 013) are exempt', () => {
    const d = pension119();
    d.beneficiary = { ...d.beneficiary, iban: 'KZ258562203100012345', bic: 'KCJBKZKX' };
    const p = problems(refusal('102', [d]));
    expect(p.map((x) => [x.field, x.code])).toEqual(expect.arrayContaining([[':59:', 'VAL_RECIPIENT'], [':57B:', 'VAL_RECIPIENT']]));
    expect(() => renderMt('102', [{ ...d, knp: '013' }], { createdAt: CREATED_AT })).not.toThrow();
  });

  it('social receiver: KBe 11 or 15 (/IRS/1, /SECO/1 or 5), not 17', () => {
    const ok = social();
    ok.beneficiary.code = '15';
    expect(() => renderMt('102', [ok], { createdAt: CREATED_AT })).not.toThrow();
    ok.beneficiary.code = '17';
    expect(problems(refusal('102', [ok]))).toEqual([expect.objectContaining({ field: ':59:/IRS/+/SECO/', code: 'VAL_RECIPIENT' })]);
  });

  it(':32A: of an MT102 must be the day it is written (setting valueDateToday)', () => {
    const e = refusal('102', [pension119()], {}, '2026-11-26T09:00:00+05:00');
    expect(problems(e)).toEqual([expect.objectContaining({ field: ':32A:', code: 'FMT_MT_VALUE_DATE' })]);
    expect(() => renderMt('102', [pension119()], { createdAt: '2026-11-26T09:00:00+05:00' }, { valueDateToday: false })).not.toThrow();
  });

  it('pension files go by SGROSS: SCLEAR from the bank profile is refused on {2:}', () => {
    try {
      renderMt('102', [pension119()], { createdAt: CREATED_AT, profile: { routing: 'SCLEAR' } });
      throw new Error('not refused');
    } catch (e) {
      expect(problems(e as GatewayError)).toEqual([expect.objectContaining({ field: '{2:}', code: 'FMT_BAD_VALUE' })]);
    }
    expect(renderMt('100', [payment118()], { createdAt: CREATED_AT, profile: { routing: 'SCLEAR' } }).text).toContain('{2:I100SCLEAR000000U3003}');
  });

  it('/NAME/ longer than 60 characters → FMT_MT_TOO_LONG', () => {
    const d = pension119();
    d.payer.name = 'ТОО "' + 'Очень длинное наименование '.repeat(3) + '"';
    expect(problems(refusal('102', [d]))).toEqual([expect.objectContaining({ field: ':50:/NAME/', code: 'FMT_MT_TOO_LONG' })]);
  });

  it('a purpose beyond 6 /ASSIGN/ lines → VAL_PURPOSE_TOO_LONG', () => {
    expect(problems(refusal('100', [{ ...payment118(), purpose: 'Оплата '.repeat(80) }]))).toEqual([expect.objectContaining({ field: ':70:/ASSIGN/', code: 'VAL_PURPOSE_TOO_LONG' })]);
  });

  it('lists every problem of every document at once, with document number, row and tag', () => {
    const a = pension119();
    a.rows[0]!.iin = '850315300129';
    a.rows[2]!.lastName = '';
    const b = { ...payment118(), knp: '71', payer: { ...payment118().payer, iban: 'KZ90601A861000012346' } };
    const e = refusal('102', [a, b]);
    expect(e.message).toMatch(/document 119, row 1, :70:\/IDN\//);
    const p = problems(e);
    expect(p.map((x) => [x.document, x.row ?? null, x.field, x.code])).toEqual([
      ['119', 1, ':70:/IDN/', 'VAL_BIN_IIN_CHECKSUM'],
      ['119', 3, ':70:/FM/', 'VAL_REQUIRED'],
      ['118', null, '{2:}', 'FMT_MT_WRONG_KIND'],
    ]);
  });

  it('budget: KBK required and the Treasury bank; a budget KNP on a plain payment needs a budget document', () => {
    expect(problems(refusal('100', [{ ...payment118(), knp: '911' }]))[0]).toMatchObject({ field: ':70:/BCLASS/', code: 'VAL_KBK_REQUIRED' });
    const b = { ...payment118(), kind: 'budget' as const, knp: '911', kbk: '' };
    // VAL_BUDGET_ACCOUNT is a warning: it does not stop the writer.
    expect(problems(refusal('100', [b])).map((x) => [x.field, x.code])).toEqual([[':70:/BCLASS/', 'VAL_KBK_REQUIRED'], [':57B:', 'VAL_BUDGET_BANK']]);
  });

  it('a non-tenge amount, a wrong kind for the message and an empty file are refused', () => {
    expect(refusal('100', [{ ...payment118(), amount: money('10.00', 'USD') }]).code).toBe('VAL_CURRENCY');
    expect(refusal('100', [pension119()]).code).toBe('FMT_MT_WRONG_KIND');
    expect(() => renderMt('102', [], {})).toThrow(GatewayError);
  });
});

describe('reader reports the same rules at their lines', () => {
  it('Σ :32B: ≠ :32A: → FMT_TOTALS_MISMATCH at the :32A: line', () => {
    const r = issues(mutated({ [line(':32A:')]: ':32A:261125KZT105500,51' }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_TOTALS_MISMATCH', line: line(':32A:'), field: ':32A:' })]);
  });

  it('/OPV/ letter not matching KNP 010 → FMT_MT_SCHEME_LETTER at that row', () => {
    const at = line(':70:/OPV/', line(':21:2'));
    const r = issues(mutated({ [at]: ':70:/OPV/V' }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_MT_SCHEME_LETTER', line: at, field: ':70:/OPV/' })]);
  });

  it('a zero :32B: → VAL_LIST_ROW_AMOUNT (and the total) at the row', () => {
    const at = line(':32B:KZT42000,00');
    const r = issues(mutated({ [at]: ':32B:KZT0,00', [line(':32A:')]: ':32A:261125KZT63500,50' }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'VAL_LIST_ROW_AMOUNT', line: at, field: ':32B:' })]);
  });

  it('IIN check digit → VAL_BIN_IIN_CHECKSUM at the /IDN/ line', () => {
    const at = line('/IDN/881120300552');
    const r = issues(mutated({ [at]: '/IDN/881120300553' }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'VAL_BIN_IIN_CHECKSUM', line: at, field: ':70:/IDN/' })]);
  });

  it('/PERIOD/ in the wrong form, missing, or in sequence A', () => {
    const p1 = line('/PERIOD/');
    const bad = issues(mutated({ [p1]: '/PERIOD/132026' }));
    expect(bad.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: p1, field: ':70:/PERIOD/' })]);
    const gone = issues(mutated({ [p1]: null }));
    expect(gone.errors).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', field: ':70:/PERIOD/', line: line(':21:1') })]);
    const inA = issues(mutated({ [line('/PRT/')]: '/PRT/05\n/PERIOD/102026' }));
    expect(inA.errors).toEqual([expect.objectContaining({ code: 'FMT_MT_MISPLACED', line: line('/PRT/') + 1, field: ':70:/PERIOD/' })]);
  });

  it('block 2 must be I102SGROSS for a pension file', () => {
    const r = issues(mutated({ 2: '{2:I102SCLEAR000000U3003}' }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: 2, field: '{2:}' })]);
  });

  it(':20:, :50:/D/ and /KNP/ are mandatory', () => {
    expect(issues(mutated({ [line(':20:')]: null })).errors).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', field: ':20:' })]);
    const noD = issues(mutated({ [line(':50:')]: ':50:KZ90601A861000012345' }));
    expect(noD.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', field: ':50:', line: line(':50:') })]);
    const noKnp = issues(mutated({ [line('/KNP/')]: null }));
    expect(noKnp.errors.map((i) => i.code)).toContain('VAL_REQUIRED');
    expect(noKnp.errors.find((i) => i.code === 'VAL_REQUIRED')).toMatchObject({ field: ':70:/KNP/' });
  });

  it('/PSO/01 and /PRT/05 are required on pension files', () => {
    expect(issues(mutated({ [line('/PSO/')]: null })).errors).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', field: ':70:/PSO/' })]);
    expect(issues(mutated({ [line('/PRT/')]: '/PRT/50' })).errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', field: ':70:/PRT/', line: line('/PRT/') })]);
  });

  it('beneficiary bank not GCVPKZ2A → VAL_RECIPIENT at :57B:', () => {
    const r = issues(mutated({ [line(':57B:')]: ':57B:KCJBKZKX' }));
    expect(r.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'VAL_RECIPIENT', line: line(':57B:'), field: ':57B:' })]));
  });

  it(':32A: not today → FMT_MT_VALUE_DATE (off with valueDateToday: false)', () => {
    const b = new TextEncoder().encode(MT102_84);
    expect(split(readMtBytes(b, { today: () => '2026-11-26' })).errors).toEqual([expect.objectContaining({ code: 'FMT_MT_VALUE_DATE', line: line(':32A:') })]);
    expect(split(readMtBytes(b, { today: () => '2026-11-26', valueDateToday: false })).issues).toEqual([]);
  });

  it('/NAME/ over 60 characters → FMT_MT_TOO_LONG at its line', () => {
    const at = line('/NAME/');
    const r = issues(mutated({ [at]: '/NAME/' + 'Я'.repeat(61) }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_MT_TOO_LONG', line: at, field: ':50:/NAME/' })]);
  });

  it('pre-2011 rows (//FM/ … //RNN/) are read but the RNN is refused', () => {
    const at = line('/IDN/850315300128');
    const r = issues(mutated({ [line('/FM/')]: '//FM/АХМЕТОВ', [at]: '//RNN/600400073391' }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_NOT_SUPPORTED', line: at, field: ':70:/RNN/' })]);
  });

  it('a message cut off before -} yields no document', () => {
    const text = MT102_84.replace('-}\n', '');
    const r = issues(new TextEncoder().encode(text));
    expect(r.docs).toEqual([]);
    expect(r.errors.map((i) => i.code)).toContain('FMT_UNEXPECTED_EOF');
  });
});
