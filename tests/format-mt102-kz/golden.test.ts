// Golden test: document 119 (kz-formats.md 8.2) written as MT102 equals the illustrative MT102 of 8.4 tag by tag, and 8.4
// read back gives the same canonical pension document.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { formatMt102Kz, readMtBytes, renderMt } from '../../plugins/format-mt102-kz/index.ts';
import { CREATED_AT, MT102_84, TODAY, bytesOf, pension119, split } from './samples.ts';

/** 8.4 has `/CHIEF/` and `/MAINBK/`, which no canonical field carries: they come from the bank profile here. */
const PROFILE = { chief: 'Директор', mainAccountant: 'Не предусмотрен' };
const strip = (d: unknown) => JSON.parse(JSON.stringify(d, (k, v) => (k === 'line' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));

describe('MT102 golden (kz-formats.md 8.4)', () => {
  it('writes document 119 exactly as 8.4, line by line (CRLF, cp1251)', async () => {
    const w = formatMt102Kz.writers.find((x) => x.format === 'swift.kz.mt102')!;
    expect(w.extension).toBe('txt');
    const bytes = await bytesOf(w.write([pension119()], { createdAt: CREATED_AT, profile: PROFILE }));
    const text = iconv.decode(Buffer.from(bytes), 'windows-1251');
    const got = text.split('\r\n');
    const want = MT102_84.split('\n');
    // Tag by tag: every line, in order (no intended differences once /CHIEF/ and /MAINBK/ come from the profile).
    for (let i = 0; i < want.length; i++) expect(got[i], `line ${i + 1}`).toBe(want[i]);
    expect(got.length).toBe(want.length);
  });

  it('without the profile the only difference is the absent /CHIEF/ and /MAINBK/ lines', () => {
    const text = renderMt('102', [pension119()], { createdAt: CREATED_AT }).text;
    const want = MT102_84.split('\n').filter((l) => !l.startsWith('/CHIEF/') && !l.startsWith('/MAINBK/'));
    expect(text.split('\r\n')).toEqual(want);
  });

  it('reads 8.4 (UTF-8 and cp1251, LF) into document 119 without issues, rows with their :21: lines', () => {
    for (const bytes of [new TextEncoder().encode(MT102_84), iconv.encode(MT102_84, 'windows-1251')]) {
      const r = split(readMtBytes(bytes, { today: () => TODAY }));
      expect(r.issues).toEqual([]);
      expect(r.docs).toHaveLength(1);
      expect(r.docs[0]!.line).toBe(1);
      expect(r.docs[0]!.endLine).toBe(MT102_84.trimEnd().split('\n').length);
      expect(strip(r.docs[0]!.document)).toEqual(strip(pension119()));
      const rows = (r.docs[0]!.document as ReturnType<typeof pension119>).rows;
      expect(rows.map((x) => x.line)).toEqual([27, 36, 45]);
    }
  });
});
