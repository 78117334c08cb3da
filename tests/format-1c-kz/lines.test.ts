// Line splitting: CRLF / LF / CR / mixed, across chunk boundaries, bounded line length; parse results do not depend on EOLs.
import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines, type RawLine } from '../../plugins/format-1c-kz/lines.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { kzDocument, kzFile, parseText } from './helpers.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (l: RawLine) => new TextDecoder().decode(l.bytes);

function split(input: string, chunkSize: number, max?: number): RawLine[] {
  const s = new LineSplitter(max);
  const b = bytes(input);
  const out: RawLine[] = [];
  for (let i = 0; i < b.length; i += chunkSize) for (const l of s.push(b.slice(i, i + chunkSize))) out.push({ ...l, bytes: l.bytes.slice() });
  out.push(...s.end());
  return out;
}

describe('LineSplitter', () => {
  const cases: [string, string, string[]][] = [
    ['LF', 'a=1\nb=2\n', ['a=1', 'b=2']],
    ['CRLF', 'a=1\r\nb=2\r\n', ['a=1', 'b=2']],
    ['lone CR', 'a=1\rb=2\r', ['a=1', 'b=2']],
    ['mixed', 'a=1\nb=2\r\nc=3\rd=4', ['a=1', 'b=2', 'c=3', 'd=4']],
    ['empty lines kept (numbering)', 'a\r\n\r\n\nb\n', ['a', '', '', 'b']],
    ['no final EOL', 'a\r\nb', ['a', 'b']],
    ['Cyrillic', 'Сумма=1\r\nКонецФайла\r\n', ['Сумма=1', 'КонецФайла']],
  ];
  for (const [name, input, want] of cases) {
    it(`${name}: same lines for every chunk size`, () => {
      for (const size of [1, 2, 3, 5, 7, 64 * 1024]) {
        const lines = split(input, size);
        expect(lines.map(text), `chunk ${size}`).toEqual(want);
        expect(lines.map((l) => l.no)).toEqual(want.map((_, i) => i + 1));
      }
    });
  }

  it('CR at the end of one chunk and LF at the start of the next is one line break', () => {
    const s = new LineSplitter();
    expect(s.push(bytes('a=1\r')).map(text)).toEqual(['a=1']);
    expect(s.push(bytes('\nb=2\r')).map(text)).toEqual(['b=2']);
    expect(s.push(bytes('\r\n'))).toHaveLength(1); // CR then CRLF: an empty line 3
    expect(s.end()).toEqual([]);
    expect(s.lineCount).toBe(3);
  });

  it('cuts a line longer than the limit and says so, also across chunks', () => {
    for (const size of [1, 4, 100]) {
      const lines = split(`short\n${'x'.repeat(50)}\nnext`, size, 10);
      expect(lines.map(text)).toEqual(['short', 'x'.repeat(10), 'next']);
      expect(lines.map((l) => l.truncated)).toEqual([false, true, false]);
    }
  });

  it('copies partial lines (a producer may reuse its buffer)', () => {
    const s = new LineSplitter();
    const buf = bytes('abc');
    s.push(buf);
    buf.fill(0x7a);
    expect(s.push(bytes('d\n')).map(text)).toEqual(['abcd']);
  });

  it('splitLines over an async chunk stream', async () => {
    async function* chunks() {
      yield bytes('a\r');
      yield bytes('\nb');
      yield bytes('\nc');
    }
    const got: string[] = [];
    for await (const l of splitLines(chunks())) got.push(text(l));
    expect(got).toEqual(['a', 'b', 'c']);
  });
});

describe('parse does not depend on line endings', () => {
  const docs = [kzDocument(), kzDocument({ НомерДокумента: '119' })];
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('%s', async (_n, eol) => {
    const r = await parseText(kzFile(docs, eol), 'windows-1251', 7);
    expect(r.issues).toEqual([]);
    expect(r.docs.map((d) => [d.line, (d.document as PaymentDocument).number])).toEqual([
      [11, '118'],
      [32, '119'],
    ]);
  });

  it('mixed line endings, chunked one byte at a time', async () => {
    const lines = kzFile(docs, '\n').split('\n');
    const mixed = lines.map((l, i) => l + ['\r\n', '\n', '\r\n', '\r'][i % 4]).join('');
    const r = await parseText(mixed, 'windows-1251', 1);
    expect(r.issues).toEqual([]);
    expect(r.docs.map((d) => d.line)).toEqual([11, 32]);
  });

  it('utf-8 split inside a multi-byte letter across chunks', async () => {
    const r = await parseText(kzFile(docs).replace('Кодировка=Windows', 'Кодировка=UTF8'), 'utf-8', 3);
    expect(r.issues).toEqual([]);
    expect((r.docs[0]!.document as PaymentDocument).payer.name).toBe('ТОО "Пример Логистик"');
  });
});
