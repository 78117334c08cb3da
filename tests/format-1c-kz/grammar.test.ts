// Grammar: keys in any case/order, quoted section values, and every syntax problem reported with its line and key.
import { describe, expect, it } from 'vitest';
import { ExchangeGrammar, unquote, type GrammarEvent } from '../../plugins/format-1c-kz/grammar.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { HEADER, kzDocument, kzFile, lineOf, memoryFile, parseBytes, parseText, testContext } from './helpers.ts';

function shuffle<T>(a: T[], seed: number): T[] {
  const r = [...a];
  let s = seed;
  for (let i = r.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [r[i], r[j]] = [r[j]!, r[i]!];
  }
  return r;
}

describe('keys in any case and order', () => {
  const reference = async () => (await parseText(kzFile())).docs[0]!.document;

  it('upper/lower case keys and section markers (Jusan style), spaces around "=", shuffled order', async () => {
    const doc = kzDocument();
    const body = shuffle(doc.slice(1, -1), 7).map((l, i) => {
      const [k, v] = [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)];
      return i % 2 ? `  ${k.toUpperCase()} = ${v}  ` : `${k.toLowerCase()}=${v}`;
    });
    const header = shuffle(HEADER.slice(1), 3).map((l) => l.toUpperCase().replace('WINDOWS', 'Windows'));
    const text = ['1CCLIENTBANKEXCHANGE', ...header, 'СЕКЦИЯДОКУМЕНТ=ПлатежноеПоручение', ...body, 'конецдокумента', 'КОНЕЦФАЙЛА'].join('\r\n');
    const r = await parseText(text);
    expect(r.issues).toEqual([]);
    expect(r.docs).toHaveLength(1);
    expect(r.docs[0]!.document).toEqual(await reference());
  });

  it('section value with or without quotes, with spaces: all read as a payment order', async () => {
    for (const section of ['СекцияДокумент="Платежное поручение"', 'СекцияДокумент = Платежное поручение', "СекцияДокумент='ПлатежноеПоручение'", 'СекцияДокумент=«Платёжное поручение»']) {
      const r = await parseText(kzFile([kzDocument({}, section)]));
      expect(r.issues, section).toEqual([]);
      expect(r.docs).toHaveLength(1);
    }
  });

  it('values are trimmed; empty lines are allowed anywhere', async () => {
    const text = kzFile([['', ...kzDocument({ НомерДокумента: '   118   ' }), '']]).replace('Сумма=1180000.00', '\r\nСумма=   1180000.00   \r\n');
    const r = await parseText(text);
    expect(r.issues).toEqual([]);
    const d = r.docs[0]!.document as PaymentDocument;
    expect(d.number).toBe('118');
    expect(d.amount.minor).toBe(118000000n);
  });

  it('Ё and Е are the same in keys', async () => {
    // (Not with СуммаРасход: a bank booking key makes the file a statement, statement-guard.test.ts.)
    const r = await parseText(kzFile([kzDocument({ НомерДокумента: null, НомёрДокумента: '77' })]).replace('КонецФайла', 'КонёцФайла'));
    expect(r.issues).toEqual([]);
    expect((r.docs[0]!.document as PaymentDocument).number).toBe('77');
  });

  it('unquote', () => {
    expect(unquote(' "Выписка" ')).toBe('Выписка');
    expect(unquote('"ОСИ "ЖК"')).toBe('ОСИ "ЖК');
    expect(unquote('"')).toBe('"');
    expect(unquote('Выписка')).toBe('Выписка');
  });
});

describe('problems are collected with line and key, never thrown', () => {
  it('missing КонецФайла: unexpected end of file at the last line', async () => {
    const text = kzFile().replace('КонецФайла\r\n', '');
    const r = await parseText(text);
    expect(r.docs).toHaveLength(1);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_UNEXPECTED_EOF', line: 31, field: 'КонецФайла' })]);
  });

  it('document not closed at the end of the file: error names the section and its line; no document', async () => {
    const text = kzFile().replace('КонецДокумента\r\nКонецФайла\r\n', '');
    const r = await parseText(text);
    expect(r.docs).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'FMT_UNEXPECTED_EOF', line: 30, field: 'КонецДокумента' });
    expect(r.errors[0]!.message).toMatch(/'СекцияДокумент' opened at line 11 is not closed/);
  });

  it('СекцияРасчСчет not closed at the end of the file', async () => {
    const text = [...HEADER, 'СекцияРасчСчет', 'НачальныйОстаток=1.00'].join('\n');
    const r = await parseText(text);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'FMT_UNEXPECTED_EOF', line: 12, field: 'КонецРасчСчет' }),
      expect.objectContaining({ code: 'FMT_STATEMENT_NOT_ORDERS', line: 11, field: 'СекцияРасчСчет' }),
    ]);
  });

  it('a new section while a document is open: error at the new section line, the open document is dropped', async () => {
    const first = kzDocument().slice(0, -1); // no КонецДокумента
    const text = kzFile([first, kzDocument({ НомерДокумента: '119' })]);
    const r = await parseText(text);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 31, field: 'КонецДокумента' })]);
    expect(r.docs.map((d) => [d.line, (d.document as PaymentDocument).number])).toEqual([[31, '119']]);
  });

  it('КонецФайла inside an open document', async () => {
    const text = kzFile().replace('КонецДокумента\r\n', '');
    const r = await parseText(text);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: lineOf(text, 'КонецФайла'), field: 'КонецДокумента' })]);
    expect(r.docs).toEqual([]);
  });

  it('a line without "=" inside a section: error at that line; that document is not used, the next one is', async () => {
    const text = kzFile([[...kzDocument().slice(0, 5), 'ЛишняяСтрока', ...kzDocument().slice(5)], kzDocument({ НомерДокумента: '119' })]);
    const r = await parseText(text);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: lineOf(text, 'ЛишняяСтрока'), field: 'ЛишняяСтрока' })]);
    expect(r.docs.map((d) => (d.document as PaymentDocument).number)).toEqual(['119']);
  });

  it('a line without "=" in the header, and a line with an empty key', async () => {
    const text = kzFile().replace('Получатель=\r\n', 'Мусор\r\n=1\r\n');
    const r = await parseText(text);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'FMT_SYNTAX', line: 5, field: 'Мусор' }),
      expect.objectContaining({ code: 'FMT_SYNTAX', line: 6, field: '' }),
    ]);
  });

  it('closing keywords without their section', async () => {
    const text = [...HEADER, 'КонецДокумента', 'КонецРасчСчет', 'КонецСотрудник', 'СекцияСотрудник', 'КонецФайла'].join('\r\n');
    const r = await parseText(text);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [11, 'КонецДокумента'],
      [12, 'КонецРасчСчет'],
      [13, 'КонецСотрудник'],
      [14, 'СекцияСотрудник'],
    ]);
  });

  it('missing 1CClientBankExchange first line', async () => {
    const r = await parseText(kzFile().replace('1CClientBankExchange\r\n', ''));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 1, field: '1CClientBankExchange' })]);
    expect(r.docs).toHaveLength(1);
  });

  it('empty file', async () => {
    const r = await parseText('');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 1 })]);
  });

  it('a repeated key is a warning; the first value is used', async () => {
    const text = kzFile([[...kzDocument().slice(0, -1), 'Сумма=1.00', 'КонецДокумента']]);
    const r = await parseText(text);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_DUPLICATE_KEY', line: lineOf(text, 'Сумма=1.00'), field: 'Сумма' })]);
    expect((r.docs[0]!.document as PaymentDocument).amount.minor).toBe(118000000n);
  });

  it('text after КонецФайла is ignored with one warning', async () => {
    const text = kzFile() + 'мусор\r\nещё=1\r\n';
    const r = await parseText(text);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 33, severity: 'warning' })]);
  });

  it('an over-long line is cut and reported; memory stays bounded', async () => {
    const text = kzFile([kzDocument({ НазначениеПлатежа: 'x'.repeat(100_000) })]);
    const r = await parseText(text, 'windows-1251', 4096);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: lineOf(text, 'НазначениеПлатежа=') })]);
    expect(r.docs).toEqual([]);
  });

  it('random bytes never throw', async () => {
    let seed = 42;
    for (let n = 0; n < 50; n++) {
      const b = new Uint8Array(2000);
      for (let i = 0; i < b.length; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        b[i] = seed >> 16 & 0xff;
      }
      const items = [];
      for await (const it of format1cKz.parse(memoryFile(b, 97), '1c.kz', testContext())) items.push(it);
      expect(items.length).toBeGreaterThan(0);
    }
    // Marker first, then junk keys and keywords in every state.
    const r = await parseBytes(new TextEncoder().encode('1CClientBankExchange\n=\n==\nСекцияДокумент\nСекцияСотрудник\n=\nКонецДокумента\nСекцияРасчСчет\nКонецФайла\nКонецФайла'));
    expect(r.errors.length).toBeGreaterThan(0);
  });
});

describe('ExchangeGrammar events', () => {
  it('emits header, account-section and document events in order', () => {
    const events: GrammarEvent[] = [];
    const g = new ExchangeGrammar((e) => events.push(e));
    ['1CClientBankExchange', 'Кодировка=Windows', 'СекцияРасчСчет', 'НачальныйОстаток=1', 'КонецРасчСчет', 'СекцияДокумент="Выписка"', 'Номер=1', 'КонецДокумента', 'КонецФайла'].forEach((l, i) => g.line(i + 1, l));
    g.end();
    expect(events.map((e) => e.type)).toEqual(['header', 'account-section', 'account', 'document']);
    const a = events[2] as Extract<GrammarEvent, { type: 'account' }>;
    expect(a.section).toMatchObject({ line: 3, endLine: 5 });
    expect([...a.section.fields.values()]).toEqual([{ key: 'НачальныйОстаток', value: '1', line: 4 }]);
    const d = events[3] as Extract<GrammarEvent, { type: 'document' }>;
    expect(d.doc).toMatchObject({ line: 6, endLine: 8, sectionValue: 'Выписка', employeeSections: 0, rows: [], syntaxErrors: 0 });
    expect([...d.doc.fields.values()]).toEqual([{ key: 'Номер', value: '1', line: 7 }]);
  });
});
