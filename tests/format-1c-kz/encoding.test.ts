// Encoding: RK1048 table as data, sniffing (BOM, UTF-8, cp1251 vs cp866, RK1048), Кодировка mismatch warnings, bad bytes.
import { describe, expect, it } from 'vitest';
import { decodeSingleByte, encodeSingleByte, UPPER_HALF } from '../../plugins/format-1c-kz/charsets.ts';
import { cyrillicScore, declaredCharset, kazakhLetterHits, sniffEncoding } from '../../plugins/format-1c-kz/encoding.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { toJson } from '../../gateway/core/model/json.ts';
import { encode, HEADER, kzDocument, kzFile, lineOf, memoryFile, parseBytes, parseText, testContext } from './helpers.ts';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { silentLogger } from '../../gateway/core/logger.ts';

const KAZAKH = 'ӘҒҚҢӨҰҮҺәғқңөұүһ';

describe('RK1048 table', () => {
  it('differs from cp1251 exactly at the Kazakh letters (and the undefined 0x98)', () => {
    const rk = UPPER_HALF.rk1048;
    const win = UPPER_HALF['windows-1251'];
    const diff: string[] = [];
    for (let i = 0; i < 128; i++) if (rk[i] !== win[i]) diff.push(`${(0x80 + i).toString(16)}:${win[i]}>${rk[i]}`);
    expect(diff).toEqual([
      '8d:Ќ>Қ', '8e:Ћ>Һ', `98:${win[0x18]}>\uFFFD`, '9d:ќ>қ', '9e:ћ>һ',
      'a1:Ў>Ұ', 'a2:ў>ұ', 'a3:Ј>Ә', 'a5:Ґ>Ө', 'aa:Є>Ғ', 'af:Ї>Ү',
      'b4:ґ>ө', 'ba:є>ғ', 'bc:ј>ә', 'bd:Ѕ>Ң', 'be:ѕ>ң', 'bf:ї>ү',
    ]);
  });

  it('encodes every Kazakh letter and round-trips all defined bytes', () => {
    const bytes = encodeSingleByte(`Қазақстан Республикасы ${KAZAKH} Іі Ёё №`, 'rk1048');
    expect(decodeSingleByte(bytes, 'rk1048')).toBe(`Қазақстан Республикасы ${KAZAKH} Іі Ёё №`);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x98);
    expect(encodeSingleByte(decodeSingleByte(all, 'rk1048'), 'rk1048')).toEqual(all);
  });

  it('never writes "?" for a letter a code page lacks: cp1251 refuses Kazakh letters', () => {
    expect(() => encodeSingleByte('Қазақстан', 'windows-1251')).toThrow(/'Қ'.*windows-1251/);
    expect(() => encodeSingleByte('ә', 'ibm866')).toThrow(RangeError);
  });

  it('RK1048 bytes read as cp1251 show the letters ecosystem.md 1.1 names', () => {
    expect(decodeSingleByte(encodeSingleByte('Қазақстан', 'rk1048'), 'windows-1251')).toBe('Ќазаќстан');
    expect(decodeSingleByte(encodeSingleByte('ӘҒҚҢӨҰҮҺ', 'rk1048'), 'windows-1251')).toBe('ЈЄЌЅҐЎЇЋ');
  });
});

describe('sniffEncoding', () => {
  const text = kzFile();
  it('UTF-8 BOM', () => expect(sniffEncoding(encode(text, 'utf-8', true))).toEqual({ charset: 'utf-8', reason: 'bom', bom: true }));
  it('valid UTF-8 with Cyrillic', () => expect(sniffEncoding(encode(text, 'utf-8')).charset).toBe('utf-8'));
  it('cp1251', () => expect(sniffEncoding(encode(text, 'windows-1251'))).toMatchObject({ charset: 'windows-1251', reason: 'letter-statistics' }));
  it('cp866', () => expect(sniffEncoding(encode(text, 'ibm866'))).toMatchObject({ charset: 'ibm866', reason: 'letter-statistics' }));
  it('RK1048 (Kazakh letters inside words)', () => {
    const kz = kzFile([kzDocument({ ПолучательНаименование: 'ТОО "Қазақ Әлемі"' })]);
    expect(sniffEncoding(encode(kz, 'rk1048'))).toMatchObject({ charset: 'rk1048', reason: 'kazakh-letters' });
    // The same Russian-only text in RK1048 is byte-identical to cp1251 and is called cp1251.
    expect(sniffEncoding(encode(text, 'rk1048')).charset).toBe('windows-1251');
  });
  it('UTF-8 with a few broken bytes stays UTF-8 (the damage is reported per line)', () => {
    const b = new Uint8Array(encode(text, 'utf-8'));
    b[b.indexOf(0xd0, 100)] = 0xff;
    expect(sniffEncoding(b)).toMatchObject({ charset: 'utf-8', reason: 'mostly-utf8' });
  });
  it('ASCII only → cp1251', () => expect(sniffEncoding(new TextEncoder().encode('1CClientBankExchange\r\n'))).toMatchObject({ charset: 'windows-1251', reason: 'ascii' }));
  it('a head cut inside a UTF-8 sequence is still UTF-8', () => {
    const b = encode(text, 'utf-8');
    const cut = b.subarray(0, b.indexOf(0xd0, 30) + 1); // ends with a lone lead byte
    expect(sniffEncoding(cut).charset).toBe('utf-8');
  });
  it('cp1251 vs cp866 by letter statistics', () => {
    const ru = 'Оплата за товар по счету на оплату, в том числе налог на добавленную стоимость';
    const win = encode(ru, 'windows-1251');
    const dos = encode(ru, 'ibm866');
    expect(cyrillicScore(decodeSingleByte(win, 'windows-1251'))).toBeGreaterThan(cyrillicScore(decodeSingleByte(win, 'ibm866')));
    expect(cyrillicScore(decodeSingleByte(dos, 'ibm866'))).toBeGreaterThan(cyrillicScore(decodeSingleByte(dos, 'windows-1251')));
  });
  it('UTF-8 read as cp1251 (mojibake) is not taken for RK1048', () => {
    const moji = decodeSingleByte(new TextEncoder().encode('КонецФайла Получатель Сумма'), 'windows-1251');
    expect(moji).toContain('Рѕ');
    expect(kazakhLetterHits(moji)).toBe(0);
    expect(kazakhLetterHits('Ќазаќстан Сјуле Рјсімдеу')).toBe(4);
  });
});

describe('declaredCharset', () => {
  it.each([
    ['Windows', 'windows-1251'],
    ['windows-1251', 'windows-1251'],
    ['DOS', 'ibm866'],
    ['UTF8', 'utf-8'],
    ['utf-8', 'utf-8'],
    ['KOI8-R', null],
  ])('%s → %s', (v, c) => expect(declaredCharset(v)).toBe(c));
});

describe('parse in each encoding', () => {
  const russian = kzFile([kzDocument()]);
  const kazakh = (decl: string) =>
    kzFile([kzDocument({ ПлательщикНаименование: 'ТОО "Қазақ Әлемі"', ПолучательНаименование: 'ЖШС "Ұлы Дала Үйі"', НазначениеПлатежа: 'Тауар үшін төлем, ҚҚС-пен' })], '\r\n', HEADER.map((l) => (l.startsWith('Кодировка=') ? `Кодировка=${decl}` : l)));

  it.each([
    ['windows-1251', 'Windows'],
    ['ibm866', 'DOS'],
    ['utf-8', 'UTF8'],
  ] as const)('%s file with a matching Кодировка gives the document and no encoding warning', async (charset, decl) => {
    const text = russian.replace('Кодировка=Windows', `Кодировка=${decl}`);
    const r = await parseText(text, charset);
    expect(r.errors).toEqual([]);
    expect(r.issues.filter((i) => i.code === 'FMT_ENCODING_MISMATCH')).toEqual([]);
    expect(r.docs).toHaveLength(1);
    const d = r.docs[0]!.document as PaymentDocument;
    expect(d.payer.name).toBe('ТОО "Пример Логистик"');
    expect(d.purpose).toBe('Оплата за товар по счету на оплату № 2041 от 18.11.2026, в т.ч. НДС');
  });

  it('UTF-8 with BOM', async () => {
    const r = await parseBytes(encode(russian.replace('Кодировка=Windows', 'Кодировка=UTF8'), 'utf-8', true));
    expect(r.errors).toEqual([]);
    expect(r.docs).toHaveLength(1);
  });

  it('RK1048 declared as Windows: Kazakh letters decoded, never "?", with a warning at the Кодировка line', async () => {
    const text = kazakh('Windows');
    const r = await parseBytes(encode(text, 'rk1048'));
    expect(r.errors).toEqual([]);
    const d = r.docs[0]!.document as PaymentDocument;
    expect(d.payer.name).toBe('ТОО "Қазақ Әлемі"');
    expect(d.beneficiary.name).toBe('ЖШС "Ұлы Дала Үйі"');
    expect(d.purpose).toBe('Тауар үшін төлем, ҚҚС-пен');
    expect(toJson(d)).not.toContain('?');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'FMT_ENCODING_MISMATCH', line: lineOf(text, 'Кодировка='), field: 'Кодировка' }));
    expect(r.warnings.find((w) => w.code === 'FMT_ENCODING_MISMATCH')!.message).toMatch(/RK1048/);
  });

  it('RK1048 without a Кодировка line still says so, once', async () => {
    const text = kazakh('X').replace('Кодировка=X\r\n', '');
    const r = await parseBytes(encode(text, 'rk1048'));
    expect(r.warnings.filter((w) => w.code === 'FMT_ENCODING_MISMATCH')).toHaveLength(1);
    expect((r.docs[0]!.document as PaymentDocument).payer.name).toBe('ТОО "Қазақ Әлемі"');
  });

  it('Kazakh text in UTF-8 is read as is', async () => {
    const r = await parseText(kazakh('UTF8'), 'utf-8');
    expect(r.issues).toEqual([]);
    expect((r.docs[0]!.document as PaymentDocument).beneficiary.name).toBe('ЖШС "Ұлы Дала Үйі"');
  });

  it.each([
    ['ibm866', 'Windows', /cp866.*'Windows'/],
    ['windows-1251', 'DOS', /cp1251.*'DOS'/],
    ['utf-8', 'Windows', /UTF-8.*'Windows'/],
  ] as const)('%s file declared %s: read by sniffing, warning at the Кодировка line', async (charset, decl, msg) => {
    const text = russian.replace('Кодировка=Windows', `Кодировка=${decl}`);
    const r = await parseText(text, charset);
    expect(r.errors).toEqual([]);
    expect(r.docs).toHaveLength(1);
    expect((r.docs[0]!.document as PaymentDocument).payer.name).toBe('ТОО "Пример Логистик"');
    const w = r.warnings.filter((i) => i.code === 'FMT_ENCODING_MISMATCH');
    expect(w).toEqual([expect.objectContaining({ line: 3, field: 'Кодировка', severity: 'warning' })]);
    expect(w[0]!.message).toMatch(msg);
  });

  it('an unknown Кодировка value is a warning, the file is still read', async () => {
    const r = await parseText(russian.replace('Кодировка=Windows', 'Кодировка=KOI8-R'));
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: 3, field: 'Кодировка' })]);
    expect(r.docs).toHaveLength(1);
  });

  it('a cp1251 file whose Kazakh letters appear only after the sniffed head switches to RK1048 at that line', async () => {
    const many = Array.from({ length: 200 }, (_, i) => kzDocument({ НомерДокумента: String(i + 1) }));
    const late = kzDocument({ НомерДокумента: '999', ПолучательНаименование: 'ТОО "Қазақ Әлемі"' });
    const text = kzFile([...many, late]);
    const bytes = encode(text, 'rk1048');
    expect(bytes.length).toBeGreaterThan(65536);
    expect(sniffEncoding(bytes.subarray(0, 65536)).charset).toBe('windows-1251');
    const r = await parseBytes(bytes);
    expect(r.errors).toEqual([]);
    expect(r.docs).toHaveLength(201);
    expect((r.docs[200]!.document as PaymentDocument).beneficiary.name).toBe('ТОО "Қазақ Әлемі"');
    const switchLine = lineOf(text, 'ПолучательНаименование=ТОО "Қ');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'FMT_ENCODING_MISMATCH', line: switchLine }));
  });

  it('invalid UTF-8 bytes are an error on their line, never a throw; the document with them is not used', async () => {
    const text = kzFile([kzDocument(), kzDocument({ НомерДокумента: '119', ПолучательНаименование: 'ТОО BAD' })]);
    const utf = encode(text, 'utf-8');
    const at = Buffer.from(utf).indexOf(Buffer.from('BAD'));
    const bytes = new Uint8Array(utf);
    bytes.set([0xc3, 0x28, 0xff], at); // invalid sequences
    const r = await parseBytes(bytes);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FMT_BAD_BYTES', line: lineOf(text, 'ПолучательНаименование=ТОО BAD') })]);
    expect(r.docs.map((d) => (d.document as PaymentDocument).number)).toEqual(['118']);
  });
});

describe('the detected encoding is reported', () => {
  it('in the log line of every parsed file', async () => {
    const logged: unknown[] = [];
    const logger = { ...silentLogger, info: (obj: object | string) => void logged.push(obj) };
    const ctx = { ...testContext(), logger };
    for await (const _ of format1cKz.parse(memoryFile(encode(kzFile(), 'ibm866')), '1c.kz', ctx)) void _;
    expect(logged).toContainEqual(expect.objectContaining({ encoding: 'ibm866', sniffed: 'letter-statistics', documents: 1 }));
  });

  it('an aborted parse stops with the abort reason', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    const run = async () => {
      for await (const _ of format1cKz.parse(memoryFile(encode(kzFile(), 'utf-8')), '1c.kz', { ...testContext(), signal: ac.signal })) void _;
    };
    await expect(run()).rejects.toThrow('stop');
  });
});
