// Side-car employee lists: CSV and 1C standard-109 XML as pure functions over bytes (rows + issues with lines),
// and tying lists to payment orders by payer IIK + number + total.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PensionDocument, SalaryDocument, SocialDocument } from '../../gateway/core/model/document.ts';
import type { ParsedDocument } from '../../gateway/core/plugin.ts';
import { attachSideCars, matchSideCar, parseEmployeeCsv, parseSalaryXml, parseSideCar, sideCarNames, type EmployeeList } from '../../plugins/format-1c-kz/index.ts';
import { encode, kzDocument, kzFile, parseText } from './helpers.ts';
import { SAMPLE_8_2, crlf } from './kz-samples.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const rowsOf = (lines: string[]) => lines.join('\r\n') + '\r\n';

const CSV_RU = rowsOf([
  'Фамилия;Имя;Отчество;ИИН;ДатаРождения;Сумма;ПериодПлатежа',
  'Ахметов;Нурлан;Серикович;850315300128;15.03.1985;35000.00;102026',
  'Сагинтаева;Айгерим;Болатовна;920712450678;12.07.1992;42000,00;102026',
  '',
  'Ким;Денис;Викторович;881120300552;20.11.1988;28 500,50;102026',
]);

describe('parseEmployeeCsv', () => {
  it('ru header, ";" separator, cp1251, CRLF, decimal comma and spaced thousands; rows carry their CSV lines', () => {
    const r = parseEmployeeCsv(encode(CSV_RU, 'windows-1251'));
    expect(r.issues).toEqual([]);
    expect(r.charset).toBe('windows-1251');
    expect(r.lists).toHaveLength(1);
    expect(r.lists[0]).toMatchObject({ source: 'csv', line: 1, ref: {}, invalidRows: 0 });
    expect(r.rows.map((x) => [x.line, x.lastName, x.amount.minor, x.period, x.birthDate])).toEqual([
      [2, 'Ахметов', 3500000n, '2026-10', '1985-03-15'],
      [3, 'Сагинтаева', 4200000n, '2026-10', '1992-07-12'],
      [5, 'Ким', 2850050n, '2026-10', '1988-11-20'],
    ]);
    expect(r.rows[0]).toEqual({ iin: '850315300128', lastName: 'Ахметов', firstName: 'Нурлан', middleName: 'Серикович', birthDate: '1985-03-15', amount: { minor: 3500000n, currency: 'KZT' }, period: '2026-10', line: 2 });
  });

  it('en header, "," separator, UTF-8 with BOM, quoted cells with commas, quotes and a line break', () => {
    const text = ['last_name,First Name,middleName,IIN,birth_date,amount,period,account', '"Ахметов, мл.",Нурлан,,850315300128,1985-03-15,35000.00,2026-10,KZ12345', '"Ким ""Дэн""",Денис,"Викто', 'рович",881120300552,,"28,500.50",10.2026,'].join('\n');
    const r = parseEmployeeCsv(encode(text, 'utf-8', true));
    expect(r.charset).toBe('utf-8');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: 3, field: 'amount' })]); // "28,500.50": thousands commas are not amounts
    expect(r.rows).toEqual([{ iin: '850315300128', lastName: 'Ахметов, мл.', firstName: 'Нурлан', birthDate: '1985-03-15', amount: { minor: 3500000n, currency: 'KZT' }, period: '2026-10', account: 'KZ12345', line: 2 }]);
    const fixed = parseEmployeeCsv(utf8(text.replace('"28,500.50"', '28500.50')));
    expect(fixed.issues).toEqual([]);
    expect(fixed.rows[1]).toMatchObject({ lastName: 'Ким "Дэн"', middleName: 'Викто\nрович', line: 3, period: '2026-10' });
  });

  it('Kazakh names: UTF-8 and RK1048 (sniffed from the letters)', () => {
    const text = rowsOf(['ИИН;Фамилия;Имя;Сумма', '010421500340;Оразбаев;Әлихан;100.00', '920712450678;Төлеуова;Гүлнұр;200.00']);
    for (const cs of ['utf-8', 'rk1048'] as const) {
      const r = parseEmployeeCsv(encode(text, cs));
      expect(r.charset, cs).toBe(cs);
      expect(r.issues, cs).toEqual([]);
      expect(r.rows.map((x) => `${x.lastName} ${x.firstName}`), cs).toEqual(['Оразбаев Әлихан', 'Төлеуова Гүлнұр']);
    }
  });

  it('every row problem is an issue at its line; the list remembers unreadable rows', () => {
    const text = rowsOf(['Фамилия;Имя;ИИН;Сумма;ПериодПлатежа', 'Ахметов;Нурлан;;35000.00;102026', 'Ким;Денис;881120300552;-5;102026', 'Ли;Ира;920712450678;10.00;2026', 'Ок;Да;920712450678;10.00;102026;лишнее', 'Ок;Да;920712450678;10.00;102026']);
    const r = parseEmployeeCsv(utf8(text));
    expect(r.issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ['FMT_REQUIRED_KEY', 2, 'ИИН'],
      ['FMT_BAD_VALUE', 3, 'Сумма'],
      ['FMT_BAD_VALUE', 4, 'ПериодПлатежа'],
      ['FMT_SYNTAX', 5, undefined],
    ]);
    expect(r.lists[0]).toMatchObject({ invalidRows: 4 });
    expect(r.rows.map((x) => x.line)).toEqual([6]);
  });

  it('missing required columns, an empty file, a header without rows', () => {
    expect(parseEmployeeCsv(utf8('Фамилия;Имя;Сумма\nА;Б;1\n')).issues).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', line: 1, field: 'ИИН' })]);
    expect(parseEmployeeCsv(utf8('')).issues).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 1 })]);
    expect(parseEmployeeCsv(utf8('\r\n\r\nFamilia\r\n')).issues.map((i) => i.code)).toEqual(['FMT_REQUIRED_KEY', 'FMT_REQUIRED_KEY', 'FMT_REQUIRED_KEY', 'FMT_REQUIRED_KEY']);
    expect(parseEmployeeCsv(utf8('Фамилия;Имя;ИИН;Сумма\n')).issues).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', line: 1 })]);
  });

  it('document number and payer IIK columns split the file into one list per payment order', () => {
    const text = rowsOf(['НомерДокумента;ПлательщикИИК;Фамилия;Имя;ИИН;Сумма', '119;KZ90601A861000012345;А;Б;850315300128;1.00', '121;KZ90601A861000012345;В;Г;920712450678;2.00', '119;KZ90601A861000012345;Д;Е;881120300552;3.00']);
    const r = parseEmployeeCsv(utf8(text));
    expect(r.issues).toEqual([]);
    expect(r.lists.map((l) => [l.line, l.ref.number, l.ref.payerIban, l.rows.map((x) => x.line)])).toEqual([
      [2, '119', 'KZ90601A861000012345', [2, 4]],
      [3, '121', 'KZ90601A861000012345', [3]],
    ]);
  });

  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        const r = parseEmployeeCsv(b);
        for (const i of r.issues) expect(i.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

const XML_109 = (opts: { decl?: string; iin?: boolean; total?: string; count?: string; attrs?: string } = {}) =>
  [
    `<?xml version="1.0" encoding="${opts.decl ?? 'windows-1251'}"?>`,
    `<СчетаПК xmlns="http://v8.1c.ru/edi/edi_stnd/109" xmlns:xs="http://www.w3.org/2001/XMLSchema" ДатаФормирования="2026-11-25" НомерДоговора="12/2020" НаименованиеОрганизации="ТОО &quot;Пример Логистик&quot;" БИН="150140001239" РасчетныйСчетОрганизации="KZ90601A861000012345" БИК="HSBKKZKX" НомерРеестра="7" ДатаРеестра="2026-11-25"${opts.attrs ?? ''}>`,
    '  <ЗачислениеЗарплаты>',
    '    <Сотрудник Нпп="1">',
    '      <Фамилия>Ахметов</Фамилия>',
    '      <Имя>Нурлан</Имя>',
    '      <Отчество>Серикович</Отчество>',
    opts.iin ? '      <ИИН>850315300128</ИИН>' : '      <!-- no IIN in standard 109 -->',
    '      <ЛицевойСчет>KZ11601A861000000001</ЛицевойСчет>',
    '      <Сумма>250000.00</Сумма>',
    '    </Сотрудник>',
    '    <Сотрудник Нпп="2">',
    '      <Фамилия><![CDATA[Ким]]></Фамилия>',
    '      <Имя>Денис</Имя>',
    '      <Отчество/>',
    opts.iin ? '      <ИИН>881120300552</ИИН>' : '',
    '      <ЛицевойСчет>KZ11601A861000000002</ЛицевойСчет>',
    '      <Сумма>180000.50</Сумма>',
    '    </Сотрудник>',
    '  </ЗачислениеЗарплаты>',
    '  <КонтрольныеСуммы>',
    `    <КоличествоЗаписей>${opts.count ?? '2'}</КоличествоЗаписей>`,
    `    <СуммаИтого>${opts.total ?? '430000.50'}</СуммаИтого>`,
    '  </КонтрольныеСуммы>',
    '</СчетаПК>',
  ].join('\r\n');

describe('parseSalaryXml (1C standard 109)', () => {
  it('cp1251 as declared: rows with accounts, control sums checked, the reference from the root attributes', () => {
    const r = parseSalaryXml(encode(XML_109(), 'windows-1251'));
    expect(r.charset).toBe('windows-1251');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', severity: 'warning', field: 'ИИН', line: 2 })]);
    expect(r.lists).toHaveLength(1);
    expect(r.lists[0]!.ref).toEqual({ payerIban: 'KZ90601A861000012345', binIin: '150140001239', registry: '7', date: '2026-11-25', count: 2, total: { minor: 43000050n, currency: 'KZT' } });
    expect(r.rows).toEqual([
      { iin: '', lastName: 'Ахметов', firstName: 'Нурлан', middleName: 'Серикович', amount: { minor: 25000000n, currency: 'KZT' }, account: 'KZ11601A861000000001', line: 4 },
      { iin: '', lastName: 'Ким', firstName: 'Денис', amount: { minor: 18000050n, currency: 'KZT' }, account: 'KZ11601A861000000002', line: 12 },
    ]);
  });

  it('UTF-8 with IIN elements: no warnings; a declared windows-1251 on UTF-8 bytes is a warning only', () => {
    expect(parseSalaryXml(utf8(XML_109({ decl: 'UTF-8', iin: true }))).issues).toEqual([]);
    const r = parseSalaryXml(utf8(XML_109({ iin: true })));
    expect(r.charset).toBe('utf-8');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'FMT_ENCODING_MISMATCH', line: 1, severity: 'warning' })]);
    expect(r.rows.map((x) => x.iin)).toEqual(['850315300128', '881120300552']);
  });

  it('control sums that do not match are errors at their lines', () => {
    const r = parseSalaryXml(utf8(XML_109({ decl: 'utf-8', iin: true, total: '430000.00', count: '3' })));
    expect(r.issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ['FMT_TOTALS_MISMATCH', 22, 'КоличествоЗаписей'],
      ['FMT_TOTALS_MISMATCH', 23, 'СуммаИтого'],
    ]);
    expect(r.issues[1]!.message).toMatch(/430000\.00.*430000\.50/);
  });

  it('malformed XML, a wrong root, a DOCTYPE, a bad row: located errors, never a throw', () => {
    const broken = XML_109({ decl: 'utf-8' }).replace('</Имя>\r\n      <Отчество>Серикович', '</Имяя>\r\n      <Отчество>Серикович');
    expect(parseSalaryXml(utf8(broken)).issues).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 6 })]);
    expect(parseSalaryXml(utf8('<?xml version="1.0"?><Document/>')).issues).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', field: 'Document' })]);
    expect(parseSalaryXml(utf8('<!DOCTYPE x [<!ENTITY a "b">]><СчетаПК/>')).issues[0]!.message).toMatch(/DOCTYPE/);
    expect(parseSalaryXml(utf8('<СчетаПК>&bogus;</СчетаПК>')).issues[0]!.message).toMatch(/unknown entity/);
    const badRow = parseSalaryXml(utf8(XML_109({ decl: 'utf-8', iin: true }).replace('<Сумма>180000.50</Сумма>', '<Сумма>18O000</Сумма>')));
    expect(badRow.issues).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: 18, field: 'Сумма' })]);
    expect(badRow.lists[0]!.invalidRows).toBe(1);
  });

  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }).map((s) => utf8(`<СчетаПК>${s}`))), (b) => {
        parseSalaryXml(b);
      }),
      { numRuns: 300 },
    );
  });
});

describe('matching side-car lists to payment orders', () => {
  it('sideCarNames and parseSideCar', () => {
    expect(sideCarNames('in/1c_to_kl.txt')).toEqual(['in/1c_to_kl.csv', 'in/1c_to_kl.employees.csv', 'in/1c_to_kl.xml']);
    expect(sideCarNames('pay')).toEqual(['pay.csv', 'pay.employees.csv', 'pay.xml']);
    expect(parseSideCar('X.CSV', encode(CSV_RU, 'windows-1251'))!.rows).toHaveLength(3);
    expect(parseSideCar('x.xml', utf8(XML_109({ decl: 'utf-8', iin: true })))!.rows).toHaveLength(2);
    expect(parseSideCar('x.txt', utf8(''))).toBeNull();
  });

  /** The 8.2 file without the pension document's sub-sections: the list must come from a side-car. */
  async function sample82WithoutRows() {
    const lines = SAMPLE_8_2.filter((_, i, a) => {
      const open = a.lastIndexOf('СекцияСотрудник', i);
      const close = a.lastIndexOf('КонецСотрудник', i - 1);
      return !(open >= 0 && open > close && i <= a.indexOf('КонецСотрудник', open));
    });
    const r = await parseText(crlf(lines));
    expect(r.warnings.map((w) => w.code)).toEqual(['FMT_LIST_MISSING']);
    return r.docs;
  }

  it('a plain CSV (no reference columns) goes to the one list document whose amount it adds up to', async () => {
    const docs = await sample82WithoutRows();
    const { lists } = parseEmployeeCsv(encode(CSV_RU, 'windows-1251'));
    const r = attachSideCars(lists, docs);
    expect(r.issues).toEqual([]);
    expect(r.attachedTo).toEqual([docs[1]!.line]);
    const listMissing = { code: 'FMT_LIST_MISSING' as const, severity: 'warning' as const, line: docs[1]!.line, message: 'x' };
    const other = { ...listMissing, line: 999 };
    expect(attachSideCars(lists, docs, [listMissing, other]).issues).toEqual([other]); // the resolved warning is dropped
    const p = r.documents[1]!.document as PensionDocument;
    expect(p.rows.map((x) => x.line)).toEqual([2, 3, 5]);
    expect(r.documents[0]).toBe(docs[0]); // other documents untouched
    expect((docs[1]!.document as PensionDocument).rows).toEqual([]); // input not mutated
    const one = matchSideCar(lists, docs[1]!.document, docs[1]!.line);
    expect(one).toMatchObject({ index: 0, issues: [] });
    expect((one.document as PensionDocument).rows).toHaveLength(3);
    expect(matchSideCar(lists, docs[0]!.document)).toMatchObject({ index: -1, issues: [], list: null });
  });

  it('a total that differs: mismatch error at the document line naming both amounts; the list is unused', async () => {
    const docs = await sample82WithoutRows();
    const { lists } = parseEmployeeCsv(encode(CSV_RU.replace('35000.00', '35000.01'), 'windows-1251'));
    const r = attachSideCars(lists, docs);
    expect(r.issues.map((i) => [i.code, i.line, i.severity])).toEqual([
      ['FMT_SIDECAR_MISMATCH', docs[1]!.line, 'error'],
      ['FMT_SIDECAR_UNUSED', 1, 'warning'],
    ]);
    expect(r.issues[0]!.message).toMatch(/rows add up to 105500\.51, the payment is 105500\.50/);
  });

  const listDoc = (kind: 'pension' | 'social' | 'salary', number: string, amount: string, extra: Record<string, string> = {}) =>
    kzDocument({ НомерДокумента: number, Сумма: amount, КодНазначенияПлатежа: { pension: '010', social: '012', salary: '332' }[kind], ...extra });

  it('number and payer IIK columns decide between documents with the same total', async () => {
    const r0 = await parseText(kzFile([listDoc('pension', '00119', '3.00'), listDoc('social', '121', '3.00')]));
    const csv = rowsOf(['НомерДокумента;ПлательщикИИК;Фамилия;Имя;ИИН;Сумма', '121;KZ90601A861000012345;В;Г;920712450678;3.00', '119;KZ90601A861000012345;А;Б;850315300128;1.00', '119;KZ90601A861000012345;Д;Е;881120300552;2.00']);
    const { lists } = parseEmployeeCsv(utf8(csv));
    const r = attachSideCars(lists, r0.docs);
    expect(r.issues).toEqual([]);
    expect((r.documents[0]!.document as PensionDocument).rows.map((x) => x.line)).toEqual([3, 4]); // '00119' is '119'
    expect((r.documents[1]!.document as SocialDocument).rows.map((x) => x.line)).toEqual([2]);
  });

  it('a plain list fitting two documents equally is ambiguous: nothing attached', async () => {
    const r0 = await parseText(kzFile([listDoc('pension', '1', '3.00'), listDoc('social', '2', '3.00')]));
    const { lists } = parseEmployeeCsv(utf8('Фамилия;Имя;ИИН;Сумма\nА;Б;850315300128;3.00\n'));
    const r = attachSideCars(lists, r0.docs);
    expect(r.issues.map((i) => i.code)).toEqual(['FMT_SIDECAR_AMBIGUOUS', 'FMT_SIDECAR_AMBIGUOUS', 'FMT_SIDECAR_UNUSED']);
    expect(r.documents.every((d) => (d.document as PensionDocument).rows.length === 0)).toBe(true);
    expect(matchSideCar([...lists, ...lists], r0.docs[0]!.document).issues.map((i) => i.code)).toEqual(['FMT_SIDECAR_AMBIGUOUS']);
  });

  it('XML 109 goes to the salary order of the same payer account; another account is a mismatch', async () => {
    const r0 = await parseText(kzFile([listDoc('salary', '77', '430000.50')]));
    const xml = parseSalaryXml(utf8(XML_109({ decl: 'utf-8', iin: true })));
    const ok = attachSideCars(xml.lists, r0.docs);
    expect(ok.issues).toEqual([]);
    expect((ok.documents[0]!.document as SalaryDocument).rows.map((x) => x.account)).toEqual(['KZ11601A861000000001', 'KZ11601A861000000002']);
    const other = parseSalaryXml(utf8(XML_109({ decl: 'utf-8', iin: true }).replace('РасчетныйСчетОрганизации="KZ90601A861000012345"', 'РасчетныйСчетОрганизации="KZ000000000000000001"')));
    const bad = attachSideCars(other.lists, r0.docs);
    expect(bad.issues.map((i) => i.code)).toEqual(['FMT_SIDECAR_MISMATCH', 'FMT_SIDECAR_UNUSED']);
    expect(bad.issues[0]!.message).toMatch(/payer account KZ000000000000000001 ≠ KZ90601A861000012345/);
    const numbered = parseSalaryXml(utf8(XML_109({ decl: 'utf-8', iin: true, attrs: ' НомерПлатежногоПоручения="78"' })));
    expect(matchSideCar(numbered.lists, r0.docs[0]!.document).issues[0]!.message).toMatch(/document number 78 ≠ 77/);
  });

  it('a list with unreadable rows is never attached', async () => {
    const r0 = await parseText(kzFile([listDoc('pension', '1', '3.00')]));
    const { lists } = parseEmployeeCsv(utf8('Фамилия;Имя;ИИН;Сумма\nА;Б;850315300128;3.00\nВ;Г;;0.00\n'));
    const r = matchSideCar(lists, r0.docs[0]!.document, 11);
    expect(r.index).toBe(-1);
    expect(r.issues[0]).toMatchObject({ code: 'FMT_SIDECAR_MISMATCH', line: 11 });
    expect(r.issues[0]!.message).toMatch(/1 row\(s\) of the list could not be read/);
  });

  it('a document that already has rows keeps them; its side-car is reported unused', async () => {
    const r0 = await parseText(crlf(SAMPLE_8_2));
    const { lists } = parseEmployeeCsv(encode(CSV_RU, 'windows-1251'));
    const r = attachSideCars(lists, r0.docs);
    expect(r.documents).toEqual(r0.docs);
    expect(r.issues.map((i) => i.code)).toEqual(['FMT_SIDECAR_UNUSED']);
    const empty: EmployeeList[] = [];
    expect(attachSideCars(empty, r0.docs as ParsedDocument[]).issues).toEqual([]);
  });
});
