// Employee rows inside a document (kz-formats.md 8.2 sub-section grammar): fields, line numbers, every row problem.
import { describe, expect, it } from 'vitest';
import type { PensionDocument, SocialDocument } from '../../gateway/core/model/document.ts';
import { listGrammar, DEFAULT_LIST_GRAMMAR } from '../../plugins/format-1c-kz/index.ts';
import { parseDateAny, parsePeriod } from '../../plugins/format-1c-kz/values.ts';
import { kzDocument, kzFile, lineOf, parseText } from './helpers.ts';
import { SAMPLE_8_2, crlf } from './kz-samples.ts';

type Row = Record<string, string | null>;
const ROW: Row = { Фамилия: 'Ахметов', Имя: 'Нурлан', Отчество: 'Серикович', ИИН: '850315300128', ДатаРождения: '15.03.1985', Сумма: '35000.00', ПериодПлатежа: '102026' };

function withRows(rows: Row[], over: Record<string, string | null> = {}): string[] {
  const d = kzDocument({ КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ12009NPS0413609816', ПолучательБанкБИК: 'GCVPKZ2A', ...over });
  const lines = rows.flatMap((r) => ['СекцияСотрудник', ...Object.entries({ ...ROW, ...r }).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`), 'КонецСотрудник']);
  d.splice(-1, 0, ...lines);
  return d;
}

describe('employee sub-sections', () => {
  it('the kz-formats.md 8.2 sample: 3 rows on the pension document, all fields, each row with its line', async () => {
    const text = crlf(SAMPLE_8_2);
    const r = await parseText(text);
    expect(r.issues).toEqual([]);
    expect(r.docs.map((d) => d.document.kind)).toEqual(['payment', 'pension', 'budget']);
    const p = r.docs[1]!.document as PensionDocument;
    expect(p.rows.map((x) => x.line)).toEqual([53, 62, 71]);
    expect(p.rows[1]).toEqual({ iin: '920712450678', lastName: 'Сагинтаева', firstName: 'Айгерим', middleName: 'Болатовна', birthDate: '1992-07-12', amount: { minor: 4200000n, currency: 'KZT' }, period: '2026-10', line: 62 });
    expect(p.rows.reduce((s, x) => s + x.amount.minor, 0n)).toBe(p.amount.minor);
    expect(lineOf(text, 'СекцияСотрудник')).toBe(53);
  });

  it('optional fields may be absent; keys in any case and order; rows take the document currency', async () => {
    const text = kzFile([withRows([{ Отчество: null, ДатаРождения: null, ПериодПлатежа: null }, { ИИН: '920712450678' }], { Валюта: 'USD' }).map((l) => (l.startsWith('Фамилия') ? l.toUpperCase() : l))]);
    const r = await parseText(text);
    expect(r.errors).toEqual([]);
    const rows = (r.docs[0]!.document as PensionDocument).rows;
    expect(rows[0]).toEqual({ iin: '850315300128', lastName: 'АХМЕТОВ', firstName: 'Нурлан', amount: { minor: 3500000n, currency: 'USD' }, line: lineOf(text, 'СекцияСотрудник') });
    expect(rows[1]!.period).toBe('2026-10');
  });

  it.each([
    [{ ИИН: null }, 'FMT_REQUIRED_KEY', 'ИИН', 'СекцияСотрудник'],
    [{ Фамилия: '' }, 'FMT_REQUIRED_KEY', 'Фамилия', 'СекцияСотрудник'],
    [{ Имя: null }, 'FMT_REQUIRED_KEY', 'Имя', 'СекцияСотрудник'],
    [{ Сумма: null }, 'FMT_REQUIRED_KEY', 'Сумма', 'СекцияСотрудник'],
    [{ Сумма: '35 000' }, 'FMT_BAD_VALUE', 'Сумма', 'Сумма='],
    [{ Сумма: '0.00' }, 'FMT_BAD_VALUE', 'Сумма', 'Сумма=0'],
    [{ Сумма: '1.234' }, 'FMT_TOO_MANY_DECIMALS', 'Сумма', 'Сумма=1.2'],
    [{ ДатаРождения: '31.02.1985' }, 'FMT_BAD_DATE', 'ДатаРождения', 'ДатаРождения='],
    [{ ПериодПлатежа: '132026' }, 'FMT_BAD_VALUE', 'ПериодПлатежа', 'ПериодПлатежа='],
    [{ ПериодПлатежа: 'октябрь' }, 'FMT_BAD_VALUE', 'ПериодПлатежа', 'ПериодПлатежа='],
  ] as const)('a bad second row %o → %s at its line; the document is not used', async (bad, code, field, at) => {
    const text = kzFile([withRows([{}, bad as Row])]);
    const r = await parseText(text);
    expect(r.docs).toEqual([]);
    const second = lineOf(text, 'СекцияСотрудник', lineOf(text, 'СекцияСотрудник') + 1);
    expect(r.errors).toEqual([expect.objectContaining({ code, field, line: at === 'СекцияСотрудник' ? second : lineOf(text, at, second) })]);
    expect(r.errors[0]!.message).toMatch(/^employee 2: /);
  });

  it('an unclosed sub-section, a sub-section opened twice, a closing keyword without opening: syntax errors, no document', async () => {
    const d = withRows([{}]);
    const unclosed = d.filter((l) => l !== 'КонецСотрудник');
    const r1 = await parseText(kzFile([unclosed]));
    expect(r1.docs).toEqual([]);
    expect(r1.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', field: 'КонецСотрудник' })]);
    const twice = [...d];
    twice.splice(twice.indexOf('КонецСотрудник'), 1, 'СекцияСотрудник', ...Object.entries(ROW).map(([k, v]) => `${k}=${v}`), 'КонецСотрудник');
    const r2 = await parseText(kzFile([twice]));
    expect(r2.docs).toEqual([]);
    expect(r2.errors[0]!.message).toMatch(/not closed by 'КонецСотрудник' before the next one/);
  });

  it('a repeated key inside a row is a warning; the first value is used', async () => {
    const d = withRows([{}]);
    d.splice(d.indexOf('КонецСотрудник'), 0, 'Сумма=1.00');
    const r = await parseText(kzFile([d]));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_DUPLICATE_KEY', field: 'Сумма' })]);
    expect((r.docs[0]!.document as PensionDocument).rows[0]!.amount.minor).toBe(3500000n);
  });

  it('rows for a social payment (KNP 012) and for salary (KNP 332)', async () => {
    const text = kzFile([withRows([{}], { КодНазначенияПлатежа: '012', ПолучательИИК: 'KZ67009SS00368609110' }), withRows([{}, {}], { КодНазначенияПлатежа: '332', ПолучательИИК: 'KZ258562203100012345', ПолучательБанкБИК: 'KCJBKZKX' })]);
    const r = await parseText(text);
    expect(r.issues).toEqual([]);
    expect(r.docs.map((d) => [d.document.kind, (d.document as SocialDocument).rows.length])).toEqual([
      ['social', 1],
      ['salary', 2],
    ]);
  });
});

describe('list grammar and value forms', () => {
  it('listGrammar keeps defaults and replaces what is given', () => {
    expect(listGrammar()).toEqual(DEFAULT_LIST_GRAMMAR);
    const g = listGrammar({ end: 'КонецСписка', keys: { period: 'Период' } });
    expect(g).toMatchObject({ start: 'СекцияСотрудник', end: 'КонецСписка' });
    expect(g.keys.period).toEqual(['Период']);
    expect(g.keys.iin).toEqual(['ИИН']);
    expect(() => listGrammar({ keys: { salary: 'x' } as never })).toThrow(/unknown field/);
    expect(() => listGrammar({ start: 'A=B' })).toThrow(RangeError);
  });

  it.each([
    ['102026', '2026-10'],
    ['10.2026', '2026-10'],
    ['2026-10', '2026-10'],
    [' 012026 ', '2026-01'],
    ['132026', null],
    ['002026', null],
    ['1026', null],
    ['10-2026', null],
  ])('period %s → %s', (text, want) => expect(parsePeriod(text)).toBe(want));

  it.each([
    ['15.03.1985', '1985-03-15'],
    ['1985-03-15', '1985-03-15'],
    ['1985-02-30', null],
    ['15/03/1985', null],
  ])('date %s → %s', (text, want) => expect(parseDateAny(text)).toBe(want));
});
