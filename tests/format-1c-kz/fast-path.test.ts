// The single-byte fast path of the reader (whole-chunk decoding, keys predicted and matched on bytes, 32 KiB pieces)
// must give exactly what the exact path gives. UTF-8 files always take the exact path, so the same text read as
// cp1251 / RK1048 / cp866 and as UTF-8 must produce the same items (leaving out the charset's own remarks).
import { describe, expect, it } from 'vitest';
import { createFormat1cKz, format1cKz } from '../../plugins/format-1c-kz/index.ts';
import type { ParseItem } from '../../gateway/core/plugin.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { readExchange } from '../../plugins/format-1c-kz/reader.ts';
import { decodeSingleByte, type SingleByteCharset } from '../../plugins/format-1c-kz/charsets.ts';
import { encode, kzDocument, memoryFile, testContext } from './helpers.ts';

const HEADER = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Отправитель=Бухгалтерия', 'Документ=Платежное поручение'];
const custom = createFormat1cKz({ list: { start: 'СекцияСотрудник', end: 'КонецСотрудник' }, knpKinds: { '311': { kind: 'salary' } } });

async function items(bytes: Uint8Array, chunk: number, plugin = format1cKz): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const it of plugin.parse(memoryFile(bytes, chunk), '1c.kz', testContext())) out.push(it);
  return out;
}

/** Items without the charset remarks (`meta`, FMT_ENCODING_MISMATCH), as comparable text. */
const comparable = (xs: ParseItem[]) =>
  JSON.stringify(
    xs.filter((x) => x.type !== 'meta' && !(x.type === 'issue' && x.code === 'FMT_ENCODING_MISMATCH')),
    (_k, v) => (typeof v === 'bigint' ? `${v}n` : v),
  );

/**
 * Values that must reach the grammar as the exact path gives them: trimmed, empty, with characters near white space.
 * Every other one is plain, so that the line after an odd one is still predicted (and read the quick way).
 */
const VALUES = ['x', '2 ', 'y', ' 1', 'z', '\u00a0три\u00a0', 'w', '\tтаб', 'v', '', 'u', '№ 5 «кавычки» …', 't', '…', 's', 'a=b', 'r', ' ', 'q', 'Ё', 'p', 'три\u00a0'];

/**
 * Documents whose keys come in the same order (so the reader predicts them), values taken in turn from VALUES, plus
 * now and then a line that breaks the pattern: a key with spaces around it, another spelling, an extra key, a line
 * without '=' or without a key, an employee sub-section.
 */
function trickyDocuments(n: number): string[][] {
  const docs: string[][] = [];
  for (let i = 0; i < n; i++) {
    const d = kzDocument({ НомерДокумента: String(i + 1), ПолучательНаименование: `ТОО "Альфа ${i}"` });
    const extra = ['Прочее1', 'Прочее2', 'Прочее3', 'КодБК', 'Очередность'].map((k, j) => `${k}=${VALUES[(i + j) % VALUES.length]}`);
    if (i % 5 === 1) extra.splice(2, 0, ' НомерДокумента=7', 'Сумма = 100.00', 'СУММА=5', 'ПлатЁжИнфо=Ё', 'Ключ==двойное', '');
    if (i % 8 === 0) extra.push('Строка без знака равенства', '=значение без ключа'); // a syntax error: the document is dropped
    if (i % 7 === 3) extra.push('СекцияСотрудник', 'ИИН=850315300128', 'Фамилия=Иванов', 'КонецСотрудник');
    d.splice(3, 0, ...extra);
    docs.push(d);
  }
  return docs;
}

/** `text` with the characters `charset` cannot write replaced by '?'. */
function fit(text: string, charset: SingleByteCharset): string {
  const has = new Set(decodeSingleByte(Uint8Array.from({ length: 256 }, (_, i) => i), charset));
  return [...text].map((c) => (has.has(c) ? c : '?')).join('');
}

function file(docs: string[][], eol: string | ((i: number) => string)): string {
  const lines = [...HEADER, ...docs.flat(), 'КонецФайла'];
  return lines.map((l, i) => l + (typeof eol === 'string' ? eol : eol(i))).join('');
}

describe('single-byte fast path', () => {
  const eols: [string, string | ((i: number) => string)][] = [
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
    ['mixed', (i) => ['\r\n', '\n', '\r'][i % 3]!],
  ];
  for (const [name, eol] of eols) {
    it(`cp1251 and cp866 read like UTF-8, ${name}, any chunking`, async () => {
      for (const charset of ['windows-1251', 'ibm866'] as const) {
        const text = fit(file(trickyDocuments(40), eol), charset);
        const bytes = encode(text, charset);
        for (const plugin of [format1cKz, custom]) {
          const want = comparable(await items(encode(text, 'utf-8'), 1 << 20, plugin));
          expect(want).toContain('"type":"document"');
          for (const chunk of [bytes.length, 1, 7, 333, 40000]) expect(comparable(await items(bytes, chunk, plugin)), `${charset} chunk ${chunk}`).toBe(want);
        }
      }
    });
  }

  it('a line longer than the limit is cut, whatever the chunking', async () => {
    const docs = trickyDocuments(6);
    // in place of the usual purpose line, so that the reader predicts its key
    const d = docs[4]!;
    d[d.findIndex((l) => l.startsWith('НазначениеПлатежа='))] = `НазначениеПлатежа=${'Ж'.repeat(70_000)}`;
    const bytes = encode(file(docs, '\r\n'), 'windows-1251');
    const want = await items(bytes, bytes.length);
    const cut = want.flatMap((x) => (x.type === 'issue' && x.message.includes('longer than') ? [x.line!] : []));
    expect(cut).toHaveLength(1);
    // the document with the cut line is not handed on
    expect(want.some((x) => x.type === 'document' && x.line! <= cut[0]! && cut[0]! <= x.endLine!)).toBe(false);
    for (const chunk of [1000, 4096, 65536]) expect(comparable(await items(bytes, chunk))).toBe(comparable(want));
    // the shared reader given the whole file at once (as the statement reader does) cuts it too
    const issues: Issue[] = [];
    await readExchange(bytes, () => {}, (i) => issues.push(i));
    expect(issues.filter((i) => i.message.includes('longer than')).map((i) => i.line)).toEqual(cut);
  });

  it('Kazakh letters first seen far past the head switch a cp1251 file to RK1048 at their line', async () => {
    const docs = trickyDocuments(400); // ≈ 300 KiB: the head (64 KiB) has no Kazakh letter
    // on keys the reader predicts by then (the line goes the quick way unless the letters are noticed)
    const at = (d: string[], key: string) => d.findIndex((l) => l.startsWith(`${key}=`));
    docs[250]![at(docs[250]!, 'ПолучательНаименование')] = 'ПолучательНаименование=ЖШС «Қазақ Өнім»';
    docs[300]![at(docs[300]!, 'НазначениеПлатежа')] = 'НазначениеПлатежа=Ұлттық қор, ғылым, әлеуметтік, үй, һ';
    const text = file(docs, '\r\n');
    const want = comparable(await items(encode(text, 'utf-8'), 1 << 20));
    const bytes = encode(text, 'rk1048');
    for (const chunk of [bytes.length, 1000, 65536]) {
      const got = await items(bytes, chunk);
      expect(comparable(got)).toBe(want);
      const switched = got.filter((x) => x.type === 'issue' && x.code === 'FMT_ENCODING_MISMATCH');
      expect(switched.map((x) => (x as { line?: number }).line)).toEqual([text.split('\r\n').findIndex((l) => l.includes('Қазақ')) + 1]);
      expect(got.at(-1)).toEqual({ type: 'meta', encoding: 'rk1048' });
    }
  });
});
