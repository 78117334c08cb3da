// Mapping 1C documents to the canonical model: KZ keys, Russian fallbacks, kinds, money, dates, and field problems.
import { describe, expect, it } from 'vitest';
import type { BudgetDocument, CanonicalDocument, MedicalDocument, PaymentDocument, PensionDocument } from '../../gateway/core/model/document.ts';
import { HEADER, kzDocument, kzFile, lineOf, parseText } from './helpers.ts';

async function one(over: Record<string, string | null>, section?: string): Promise<{ doc: CanonicalDocument | undefined; r: Awaited<ReturnType<typeof parseText>> }> {
  const r = await parseText(kzFile([kzDocument(over, section)]));
  return { doc: r.docs[0]?.document, r };
}

describe('KZ payment order → canonical', () => {
  it('maps every field of the KZ flavour (kz-formats.md 1.2)', async () => {
    const { doc, r } = await one({});
    expect(r.issues).toEqual([]);
    expect(r.docs[0]!.line).toBe(11);
    expect(r.docs[0]!.endLine).toBe(31);
    expect(r.items.at(-1)).toEqual({ type: 'meta', encoding: 'windows-1251' });
    expect(doc).toEqual({
      kind: 'payment',
      number: '118',
      date: '2026-11-25',
      valueDate: '2026-11-25',
      amount: { minor: 118000000n, currency: 'KZT' },
      payer: { name: 'ТОО "Пример Логистик"', binIin: '150140001239', iban: 'KZ90601A861000012345', bic: 'HSBKKZKX', bankName: 'АО "Народный Банк Казахстана"', code: '17' },
      beneficiary: { name: 'ТОО "Альфа Снаб"', binIin: '180540007773', iban: 'KZ258562203100012345', bic: 'KCJBKZKX', bankName: 'АО "Банк ЦентрКредит"', code: '17' },
      knp: '710',
      purpose: 'Оплата за товар по счету на оплату № 2041 от 18.11.2026, в т.ч. НДС',
    } satisfies PaymentDocument);
  });

  it('Russian-style fallback keys (kz-formats.md 1.3)', async () => {
    const ru = [
      'СекцияДокумент=Платежное поручение',
      'Номер=7',
      'Дата=01.02.2024',
      'Сумма=10.5',
      'ПлательщикСчет=KZ90601A861000012345',
      'ПлательщикИНН=150140001239',
      'Плательщик1=ТОО Плательщик',
      'Плательщик=ИНН 150140001239 ТОО Плательщик',
      'ПлательщикБИК=HSBKKZKX',
      'ПлательщикБанк1=Народный банк',
      'ПолучательРасчСчет=KZ258562203100012345',
      'ПолучательБИН=180540007773',
      'Получатель=ТОО Получатель',
      'ПолучательБИК=KCJBKZKX',
      'НазначениеПлатежа1=Оплата по счету',
      'НазначениеПлатежа2=№ 5',
      'Очередность=5',
      'КонецДокумента',
    ];
    const r = await parseText(kzFile([ru]));
    expect(r.issues).toEqual([]);
    expect(r.docs[0]!.document).toEqual({
      kind: 'payment',
      number: '7',
      date: '2024-02-01',
      amount: { minor: 1050n, currency: 'KZT' },
      payer: { name: 'ТОО Плательщик', binIin: '150140001239', iban: 'KZ90601A861000012345', bic: 'HSBKKZKX', bankName: 'Народный банк' },
      beneficiary: { name: 'ТОО Получатель', binIin: '180540007773', iban: 'KZ258562203100012345', bic: 'KCJBKZKX' },
      purpose: 'Оплата по счету № 5',
      priority: '5',
    });
  });

  it('the KZ key wins over its fallback; an empty value counts as absent', async () => {
    const { doc } = await one({ Номер: '999', ПлательщикИИК: '', ПлательщикСчет: 'KZ000000000000000001' });
    expect((doc as PaymentDocument).number).toBe('118');
    expect((doc as PaymentDocument).payer.iban).toBe('KZ000000000000000001');
  });

  it.each([
    ['160000', 'KZT', 16000000n],
    ['7745.7', 'KZT', 774570n],
    ['0.01', 'KZT', 1n],
    ['1234,50', 'KZT', 123450n],
    ['100.25', 'USD', 10025n],
  ])('amount %s %s → %s minor units', async (amount, currency, minor) => {
    const { doc } = await one({ Сумма: amount, Валюта: currency });
    expect((doc as PaymentDocument).amount).toEqual({ minor, currency });
  });

  it('currency: absent → KZT, numeric 398 → KZT, lower case accepted', async () => {
    expect(((await one({ Валюта: null })).doc as PaymentDocument).amount.currency).toBe('KZT');
    expect(((await one({ Валюта: '398' })).doc as PaymentDocument).amount.currency).toBe('KZT');
    expect(((await one({ Валюта: 'usd' })).doc as PaymentDocument).amount.currency).toBe('USD');
  });

  it('statement amounts: СуммаРасход / СуммаПриход when Сумма is absent', async () => {
    expect(((await one({ Сумма: null, СуммаРасход: '4000.00' })).doc as PaymentDocument).amount.minor).toBe(400000n);
    expect(((await one({ Сумма: null, СуммаПриход: '7745.7' })).doc as PaymentDocument).amount.minor).toBe(774570n);
  });
});

describe('kinds (details in kinds.test.ts and rows.test.ts)', () => {
  it.each(['КодБК', 'КБК', 'ПоказательКБК'])('%s present → budget', async (key) => {
    const { doc, r } = await one({ КодНазначенияПлатежа: '911', [key]: '101201' });
    expect(r.issues).toEqual([]);
    expect(doc).toMatchObject({ kind: 'budget', kbk: '101201', knp: '911' } satisfies Partial<BudgetDocument>);
  });

  it('an empty КБК key does not make a budget payment', async () => {
    expect((await one({ ПоказательКБК: '' })).doc?.kind).toBe('payment');
  });

  it.each([
    ['010', { kind: 'pension', scheme: 'OPV' }],
    ['019', { kind: 'pension', scheme: 'OPV' }],
    ['089', { kind: 'pension', scheme: 'OPVR' }],
    ['015', { kind: 'pension', scheme: 'OPPV' }],
    ['012', { kind: 'social' }],
    ['017', { kind: 'social' }],
    ['121', { kind: 'medical', scheme: 'OOSMS' }],
    ['122', { kind: 'medical', scheme: 'VOSMS' }],
    ['332', { kind: 'salary' }],
  ])('KNP %s → %o; without employee rows: empty rows and a "list missing" warning', async (knp, want) => {
    const { doc, r } = await one({ КодНазначенияПлатежа: knp });
    expect(doc).toMatchObject({ ...want, rows: [], knp });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_LIST_MISSING', line: 11, field: 'СекцияСотрудник' })]);
  });

  it.each(['710', '013', '119', '311'])('KNP %s → payment', async (knp) => {
    const { doc, r } = await one({ КодНазначенияПлатежа: knp });
    expect(doc?.kind).toBe('payment');
    expect(r.issues).toEqual([]);
  });

  it.each(['911', '912', '999'])('KNP %s (9xx) without a KBK: budget payment refused for the missing КодБК', async (knp) => {
    const { doc, r } = await one({ КодНазначенияПлатежа: knp });
    expect(doc).toBeUndefined();
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', line: 11, field: 'КодБК' })]);
    expect(r.errors[0]!.expected).toMatch(/КодБК/);
  });

  it('the kz-formats.md 8.2 shape: employee rows are read, КБК makes a budget payment', async () => {
    const employee = (last: string, iin: string, amount: string) => ['СекцияСотрудник', `Фамилия=${last}`, 'Имя=Нурлан', 'Отчество=Серикович', `ИИН=${iin}`, 'ДатаРождения=15.03.1985', `Сумма=${amount}`, 'ПериодПлатежа=102026', 'КонецСотрудник'];
    const pension = kzDocument({ НомерДокумента: '119', Сумма: '105500.50', КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ12009NPS0413609816', ПолучательБанкБИК: 'GCVPKZ2A' });
    pension.splice(-1, 0, ...employee('Ахметов', '850315300128', '35000.00'), ...employee('Сагинтаева', '920712450678', '42000.00'), ...employee('Ким', '881120300552', '28500.50'));
    const tax = kzDocument({ НомерДокумента: '120', Сумма: '58400.00', КодНазначенияПлатежа: '911', КБК: '101201', ПолучательИИК: 'KZ24070105KSN0000000', ПолучательБанкБИК: 'KKMFKZ2A' });
    const text = kzFile([kzDocument(), pension, tax]);
    const r = await parseText(text);
    expect(r.issues).toEqual([]);
    expect(r.docs.map((d) => [d.line, d.document.kind])).toEqual([
      [11, 'payment'],
      [32, 'pension'],
      [lineOf(text, 'СекцияДокумент', 33), 'budget'],
    ]);
    const p = r.docs[1]!.document as PensionDocument;
    expect(p).toMatchObject({ scheme: 'OPV', amount: { minor: 10550050n, currency: 'KZT' } });
    expect(p.rows).toEqual([
      { iin: '850315300128', lastName: 'Ахметов', firstName: 'Нурлан', middleName: 'Серикович', birthDate: '1985-03-15', amount: { minor: 3500000n, currency: 'KZT' }, period: '2026-10', line: lineOf(text, 'СекцияСотрудник') },
      expect.objectContaining({ iin: '920712450678', lastName: 'Сагинтаева', amount: { minor: 4200000n, currency: 'KZT' }, line: lineOf(text, 'СекцияСотрудник') + 9 }),
      expect.objectContaining({ iin: '881120300552', lastName: 'Ким', amount: { minor: 2850050n, currency: 'KZT' }, line: lineOf(text, 'СекцияСотрудник') + 18 }),
    ]);
    expect((r.docs[2]!.document as BudgetDocument).kbk).toBe('101201');
  });

  it('an employee sub-section in a plain payment is skipped with a warning at its line', async () => {
    const d = kzDocument();
    d.splice(-1, 0, 'СекцияСотрудник', 'ИИН=850315300128', 'КонецСотрудник');
    const text = kzFile([d]);
    const r = await parseText(text);
    expect(r.docs[0]!.document.kind).toBe('payment');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_SECTION_SKIPPED', line: lineOf(text, 'СекцияСотрудник'), field: 'СекцияСотрудник' })]);
  });

  it('a medical payment keeps its scheme', async () => {
    expect(((await one({ КодНазначенияПлатежа: '122' })).doc as MedicalDocument).scheme).toBe('VOSMS');
  });
});

describe('which documents are read', () => {
  it('non-payment documents are skipped with a warning at their section line', async () => {
    const text = kzFile([kzDocument({}, 'СекцияДокумент=Банковский ордер'), kzDocument({}, 'СекцияДокумент=Платежное требование'), kzDocument({ НомерДокумента: '9' })]);
    const r = await parseText(text);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.code, w.line, w.field])).toEqual([
      ['FMT_SECTION_SKIPPED', 11, 'СекцияДокумент'],
      ['FMT_SECTION_SKIPPED', 32, 'СекцияДокумент'],
    ]);
    expect(r.docs.map((d) => (d.document as PaymentDocument).number)).toEqual(['9']);
  });

  it('СекцияРасчСчет (statement balances) is skipped with a warning', async () => {
    const text = [...HEADER, 'СекцияРасчСчет', 'ДатаНачала=01.10.2024', 'НачальныйОстаток=202742.8', 'КонецРасчСчет', ...kzDocument(), 'КонецФайла'].join('\r\n');
    const r = await parseText(text);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_SECTION_SKIPPED', line: 11, field: 'СекцияРасчСчет' })]);
    expect(r.docs.map((d) => d.line)).toEqual([15]);
  });

  it('a statement line (`Выписка`) is read by its ВидДокумента', async () => {
    expect((await one({ ВидДокумента: 'ПлатежноеПоручение' }, 'СекцияДокумент="Выписка"')).doc?.kind).toBe('payment');
    expect((await one({ ВидДокумента: 'Платежное поручение' }, 'СекцияДокумент=выписка')).doc?.kind).toBe('payment');
    const memo = await one({ ВидДокумента: 'Мемориальный ордер' }, 'СекцияДокумент=Выписка');
    expect(memo.doc).toBeUndefined();
    expect(memo.r.warnings).toEqual([expect.objectContaining({ code: 'FMT_SECTION_SKIPPED' })]);
  });

  it('a bare СекцияДокумент takes its kind from the header Документ=', async () => {
    const r = await parseText(kzFile([kzDocument({}, 'СекцияДокумент')]));
    expect(r.issues).toEqual([]);
    expect(r.docs).toHaveLength(1);
  });

  it('no kind anywhere: read as a payment order with a warning', async () => {
    const header = HEADER.filter((l) => !l.startsWith('Документ='));
    const r = await parseText(kzFile([kzDocument({}, 'СекцияДокумент')], '\r\n', header));
    expect(r.docs).toHaveLength(1);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', severity: 'warning', line: 10 })]);
  });
});

describe('document problems, each with line and key', () => {
  it.each([
    ['НомерДокумента', 'Номер'],
    ['ДатаДокумента', 'Дата'],
    ['Сумма', 'СуммаПриход'],
    ['ПлательщикИИК', 'ПлательщикРасчСчет'],
    ['ПолучательИИК', 'ПолучательРасчСчет'],
  ])('missing %s: required-key error at the section line', async (key, fallback) => {
    const { doc, r } = await one({ [key]: null });
    expect(doc).toBeUndefined();
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_REQUIRED_KEY', line: 11, field: key })]);
    expect(r.errors[0]!.expected).toContain(fallback);
  });

  it('all missing keys of one document are reported at once', async () => {
    const { r } = await one({ НомерДокумента: null, ДатаДокумента: '', Сумма: null, ПлательщикИИК: null, ПолучательИИК: null });
    expect(r.errors.map((e) => e.field)).toEqual(['НомерДокумента', 'ДатаДокумента', 'Сумма', 'ПлательщикИИК', 'ПолучательИИК']);
  });

  it.each(['2026-11-25', '25.11.26', '1.1.2026', '31.02.2026', '25/11/2026', '32.01.2026', '01.13.2026'])('bad date %s', async (bad) => {
    const text = kzFile([kzDocument({ ДатаДокумента: bad })]);
    const r = await parseText(text);
    expect(r.docs).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_DATE', line: lineOf(text, 'ДатаДокумента='), field: 'ДатаДокумента', expected: 'dd.mm.yyyy' })]);
  });

  it('29.02 in a leap year is a date; a bad value date is an error too', async () => {
    expect(((await one({ ДатаДокумента: '29.02.2024' })).doc as PaymentDocument).date).toBe('2024-02-29');
    const text = kzFile([kzDocument({ ДатаВалютирования: '29.02.2026' })]);
    const r = await parseText(text);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_DATE', line: lineOf(text, 'ДатаВалютирования='), field: 'ДатаВалютирования' })]);
  });

  it.each([
    ['1180000.001', 'FMT_TOO_MANY_DECIMALS'],
    ['0.125', 'FMT_TOO_MANY_DECIMALS'],
    ['1 180 000.00', 'FMT_BAD_VALUE'],
    ['12a', 'FMT_BAD_VALUE'],
    ['-5.00', 'FMT_BAD_VALUE'],
    ['0.00', 'FMT_BAD_VALUE'],
    ['1e5', 'FMT_BAD_VALUE'],
    ['.5', 'FMT_BAD_VALUE'],
  ])('bad amount %s → %s at the Сумма line', async (bad, code) => {
    const text = kzFile([kzDocument({ Сумма: bad })]);
    const r = await parseText(text);
    expect(r.docs).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ code, line: lineOf(text, 'Сумма='), field: 'Сумма' })]);
  });

  it('a bad currency code', async () => {
    const text = kzFile([kzDocument({ Валюта: 'ТГ' })]);
    const r = await parseText(text);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: lineOf(text, 'Валюта='), field: 'Валюта' })]);
  });

  it('problems of one document do not stop the next ones', async () => {
    const text = kzFile([kzDocument({ Сумма: 'x' }), kzDocument({ НомерДокумента: '2' }), kzDocument({ ДатаДокумента: '2026' }), kzDocument({ НомерДокумента: '4' })]);
    const r = await parseText(text);
    expect(r.errors.map((e) => e.code)).toEqual(['FMT_BAD_VALUE', 'FMT_BAD_DATE']);
    expect(r.docs.map((d) => (d.document as PaymentDocument).number)).toEqual(['2', '4']);
  });
});
