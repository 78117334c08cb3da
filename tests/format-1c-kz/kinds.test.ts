// Document kinds from KNP AND beneficiary (kz-formats.md 3.5–3.7): the KNP table as overridable data, statutory
// beneficiaries, KBK, conflicts as warnings; the plugin's options.
import { describe, expect, it } from 'vitest';
import { createFormat1cKz, DEFAULT_KNP_KINDS, KnpKinds, resolveKind, STATUTORY_BENEFICIARIES } from '../../plugins/format-1c-kz/index.ts';
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import type { ParsedDocument } from '../../gateway/core/plugin.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { encode, kzDocument, kzFile, memoryFile, parseText, testContext } from './helpers.ts';

const knp = new KnpKinds();
const OTHER = { iban: 'KZ258562203100012345', bic: 'KCJBKZKX' };
const PENSION = { iban: 'KZ12009NPS0413609816', bic: 'GCVPKZ2A' };
const SOCIAL = { iban: 'KZ67009SS00368609110', bic: 'GCVPKZ2A' };
const MEDICAL = { iban: 'KZ92009MEDS368609103', bic: 'GCVPKZ2A' };
const TREASURY = { iban: 'KZ24070105KSN0000000', bic: 'KKMFKZ2A' };

describe('KNP kind table', () => {
  it('is data: every list KNP of kz-formats.md 3.5 / addendum 3.3, salary 332, budget 9xx', () => {
    expect(Object.keys(DEFAULT_KNP_KINDS).sort()).toEqual(['010', '012', '015', '017', '019', '089', '098', '121', '122', '123', '124', '332', '9xx']);
    expect(knp.lookup('098')).toEqual({ kind: 'pension', scheme: 'OPVR' });
    expect(knp.lookup('124')).toEqual({ kind: 'medical', scheme: 'VOSMS' });
    expect(knp.lookup(' 911 ')).toEqual({ kind: 'budget' });
    expect(knp.lookup('999')).toEqual({ kind: 'budget' });
    expect(knp.lookup('710')).toBeNull();
    expect(knp.lookup(undefined)).toBeNull();
    expect(knp.lookup('')).toBeNull();
  });

  it('overrides add, replace and remove entries; an exact code beats a pattern, a narrower pattern a wider one', () => {
    const k = new KnpKinds(DEFAULT_KNP_KINDS, { '311': { kind: 'salary' }, '332': null, '912': { kind: 'payment' }, '91x': { kind: 'social' } });
    expect(k.lookup('311')).toEqual({ kind: 'salary' });
    expect(k.lookup('332')).toBeNull();
    expect(k.lookup('912')).toEqual({ kind: 'payment' });
    expect(k.lookup('915')).toEqual({ kind: 'social' });
    expect(k.lookup('921')).toEqual({ kind: 'budget' });
    expect(DEFAULT_KNP_KINDS['332']).toEqual({ kind: 'salary' }); // the default table is untouched
  });

  it('refuses malformed keys and rules (a configuration mistake, found at start-up)', () => {
    expect(() => new KnpKinds(DEFAULT_KNP_KINDS, { '12': { kind: 'social' } })).toThrow(RangeError);
    expect(() => new KnpKinds(DEFAULT_KNP_KINDS, { '9**': { kind: 'budget' } })).toThrow(/3 digits/);
    expect(() => new KnpKinds(DEFAULT_KNP_KINDS, { '123': { kind: 'pension' } as never })).toThrow(/scheme/);
    expect(() => new KnpKinds(DEFAULT_KNP_KINDS, { '123': { kind: 'fx-order' } as never })).toThrow(/kind/);
  });
});

describe('resolveKind: KNP and beneficiary', () => {
  it.each([
    ['010', PENSION, 'pension'],
    ['012', SOCIAL, 'social'],
    ['121', MEDICAL, 'medical'],
    ['122', MEDICAL, 'medical'],
    ['911', TREASURY, 'budget'],
  ])('KNP %s to its statutory account → %s, no conflict', (code, ben, kind) => {
    const d = resolveKind({ knp: code, beneficiary: ben, ...(kind === 'budget' ? { kbk: '101201' } : {}) }, knp);
    expect(d.rule.kind).toBe(kind);
    expect(d.by).toBe('knp');
    expect(d.conflict).toBeUndefined();
  });

  it('the KNP decides a list kind; a different statutory account is a conflict', () => {
    const d = resolveKind({ knp: '010', beneficiary: SOCIAL }, knp);
    expect(d.rule).toEqual({ kind: 'pension', scheme: 'OPV' });
    expect(d.conflict).toMatch(/KNP 010 is a pension payment but the beneficiary is the social contributions account/);
  });

  it('budget: by a 9xx KNP, by a KBK key, or by the Treasury bank (8- or 11-character BIC)', () => {
    expect(resolveKind({ knp: '911', beneficiary: OTHER }, knp)).toEqual({ rule: { kind: 'budget' }, by: 'knp' });
    expect(resolveKind({ kbk: '101201', beneficiary: OTHER }, knp)).toEqual({ rule: { kind: 'budget' }, by: 'kbk' });
    expect(resolveKind({ beneficiary: { iban: 'KZ24070105KSN0000000', bic: 'KKMFKZ2AXXX' } }, knp)).toEqual({ rule: { kind: 'budget' }, by: 'beneficiary' });
    const treasuryWrongKnp = resolveKind({ knp: '710', beneficiary: TREASURY }, knp);
    expect(treasuryWrongKnp.rule.kind).toBe('budget');
    expect(treasuryWrongKnp.conflict).toMatch(/Treasury.*KNP 710 is not a budget KNP/);
  });

  it('a statutory list account with a non-list KNP stays what the KNP says, with a conflict', () => {
    const d = resolveKind({ knp: '710', beneficiary: PENSION }, knp);
    expect(d.rule).toEqual({ kind: 'payment' });
    expect(d.conflict).toMatch(/pension contributions account.*KNP 710 is not a pension KNP/);
  });

  it('a KBK on a list payment is ignored with a conflict; KBK with a goods KNP is budget with a conflict', () => {
    expect(resolveKind({ knp: '012', kbk: '101201', beneficiary: SOCIAL }, knp).conflict).toMatch(/KBK \(101201\).*ignored/);
    const k = new KnpKinds(DEFAULT_KNP_KINDS, { '710': { kind: 'payment' } });
    const d = resolveKind({ knp: '710', kbk: '101201', beneficiary: OTHER }, k);
    expect(d).toMatchObject({ rule: { kind: 'budget' }, by: 'kbk' });
    expect(d.conflict).toMatch(/KNP 710 is not a budget KNP/);
  });

  it('no KNP, nothing statutory → an ordinary payment', () => {
    expect(resolveKind({ beneficiary: OTHER }, knp)).toEqual({ rule: { kind: 'payment' }, by: 'default' });
    expect(STATUTORY_BENEFICIARIES.map((b) => b.kind)).toEqual(['pension', 'social', 'medical', 'budget']);
  });
});

describe('kinds in parsed files', () => {
  it('a KNP/beneficiary conflict is a warning at the KNP line; the document is still read', async () => {
    const text = kzFile([kzDocument({ КодНазначенияПлатежа: '710', ПолучательИИК: PENSION.iban, ПолучательБанкБИК: PENSION.bic })]);
    const r = await parseText(text);
    expect(r.errors).toEqual([]);
    expect(r.docs[0]!.document.kind).toBe('payment');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_KIND_CONFLICT', line: 29, field: 'КодНазначенияПлатежа' })]);
  });

  it('the Treasury as beneficiary without a KBK: budget payment refused', async () => {
    const r = await parseText(kzFile([kzDocument({ КодНазначенияПлатежа: null, ПолучательИИК: TREASURY.iban, ПолучательБанкБИК: TREASURY.bic })]));
    expect(r.docs).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', field: 'КодБК', line: 11 })]);
    expect(r.errors[0]!.message).toMatch(/KKMFKZ2A/);
  });
});

async function parseWith(plugin: ReturnType<typeof createFormat1cKz>, text: string) {
  const items = [];
  for await (const it of plugin.parse(memoryFile(encode(text, 'windows-1251')), '1c.kz', testContext())) items.push(it);
  return {
    docs: items.filter((i): i is ParsedDocument => i.type === 'document').map((d) => d.document as CanonicalDocument & { rows?: unknown[] }),
    issues: items.filter((i) => i.type === 'issue') as Issue[],
  };
}

describe('createFormat1cKz(options)', () => {
  it('is the same plugin identity with other options; bad options throw at creation', () => {
    const p = createFormat1cKz({ knpKinds: { '311': { kind: 'salary' } } });
    expect(p.name).toBe('format-1c-kz');
    expect(p.formats).toEqual(['1c.kz']);
    expect(() => createFormat1cKz({ knpKinds: { abc: { kind: 'salary' } } })).toThrow(RangeError);
    expect(() => createFormat1cKz({ list: { start: 'СекцияДокумент' } })).toThrow(/section keyword/);
    expect(() => createFormat1cKz({ list: { start: 'Строка', end: 'строка' } })).toThrow(/same keyword/);
    expect(() => createFormat1cKz({ list: { keys: { iin: [] } } })).toThrow(RangeError);
  });

  it('KNP overrides change the kind: pre-2016 salary 311, 332 back to a payment', async () => {
    const p = createFormat1cKz({ knpKinds: { '311': { kind: 'salary' }, '332': { kind: 'payment' } } });
    const r = await parseWith(p, kzFile([kzDocument({ КодНазначенияПлатежа: '311' }), kzDocument({ КодНазначенияПлатежа: '332' })]));
    expect(r.docs.map((d) => d.kind)).toEqual(['salary', 'payment']);
  });

  it('statutory beneficiaries can be replaced', async () => {
    const p = createFormat1cKz({ beneficiaries: [{ bic: 'KCJBKZKX', kind: 'budget', label: 'a test treasury' }] });
    const r = await parseWith(p, kzFile([kzDocument({ КодНазначенияПлатежа: null, КодБК: '101201' })]));
    expect(r.docs.map((d) => d.kind)).toEqual(['budget']);
    expect(r.issues).toEqual([]);
  });

  it('the employee sub-section names and keys are configurable', async () => {
    const p = createFormat1cKz({ list: { start: 'СТРОКА', end: 'КонецСтроки', keys: { iin: ['ИИНСотрудника', 'IIN'], period: 'Период', amount: ['СуммаВзноса'] } } });
    const d = kzDocument({ КодНазначенияПлатежа: '012', Сумма: '100.00' });
    d.splice(-1, 0, 'Строка', 'Фамилия=Ким', 'Имя=Денис', 'IIN=881120300552', 'СуммаВзноса=60.00', 'Период=10.2026', 'КонецСтроки', 'строка', 'Фамилия=Ли', 'Имя=Ирина', 'ИИНСотрудника=920712450678', 'СуммаВзноса=40', 'КОНЕЦСТРОКИ');
    const r = await parseWith(p, kzFile([d]));
    expect(r.issues).toEqual([]);
    expect(r.docs[0]).toMatchObject({
      kind: 'social',
      rows: [
        { iin: '881120300552', lastName: 'Ким', amount: { minor: 6000n }, period: '2026-10' },
        { iin: '920712450678', lastName: 'Ли', amount: { minor: 4000n } },
      ],
    });
    // The default plugin does not know these keywords: a line without '=' inside a document.
    const def = await parseWith(createFormat1cKz(), kzFile([d]));
    expect(def.issues.some((i) => i.code === 'FMT_SYNTAX' && i.severity === 'error')).toBe(true);
  });
});
