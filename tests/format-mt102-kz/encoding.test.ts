// Character sets: Cyrillic written in cp1251 by default (or the configured / profile charset), Kazakh letters in RK1048
// or UTF-8; a character the charset cannot hold is refused with FMT_UNENCODABLE naming the tag and row.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { GatewayError } from '../../gateway/core/errors.ts';
import { readMtBytes, renderMt, type WriteProblem } from '../../plugins/format-mt102-kz/index.ts';
import { CREATED_AT, TODAY, payment118, pension119, split } from './samples.ts';

const kazakh = () => {
  const d = pension119();
  d.rows[1]!.lastName = 'ҚАСЫМҰЛЫ';
  d.rows[1]!.firstName = 'ӘЙГЕРІМ';
  return d;
};

describe('MT charsets', () => {
  it('cp1251 by default: one byte per Cyrillic letter (П = 0xCF), CRLF line ends', () => {
    const out = renderMt('100', [payment118()], { createdAt: CREATED_AT });
    expect(out.charset).toBe('windows-1251');
    const b = Buffer.from(out.bytes);
    expect(b.length).toBe(out.text.length);
    expect(b.indexOf(Buffer.from([0xcf]))).toBeGreaterThan(0);
    expect(b.includes(Buffer.from('\r\n'))).toBe(true);
    expect(iconv.decode(b, 'windows-1251')).toBe(out.text);
  });

  it('a Kazakh letter in cp1251 is refused, naming the tag and the row; nothing is replaced by ?', () => {
    try {
      renderMt('102', [kazakh()], { createdAt: CREATED_AT });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(GatewayError);
      const g = e as GatewayError;
      expect(g.code).toBe('FMT_UNENCODABLE');
      const p = (g.details as { problems: WriteProblem[] }).problems;
      expect(p.map((x) => [x.row, x.field, x.code])).toEqual([
        [2, ':70:/FM/', 'FMT_UNENCODABLE'],
        [2, ':70:/NM/', 'FMT_UNENCODABLE'],
      ]);
      expect(p[0]!.message).toContain('U+049A');
    }
  });

  it('RK1048 (WriteOptions.encoding, plugin option or bank profile) writes Kazakh letters; the reader reads them back', () => {
    for (const [wo, opts] of [[{ encoding: 'rk1048' }, {}], [{}, { encoding: 'kz-1048' }], [{ profile: { encoding: 'rk1048' } }, {}]] as const) {
      const out = renderMt('102', [kazakh()], { createdAt: CREATED_AT, ...wo }, opts);
      expect(out.charset).toBe('rk1048');
      expect(iconv.decode(Buffer.from(out.bytes), 'rk1048')).toBe(out.text);
      const r = split(readMtBytes(out.bytes, { today: () => TODAY, encoding: 'rk1048' }));
      expect(r.encoding).toBe('rk1048');
      expect(r.issues).toEqual([]);
      expect(r.docs[0]!.document).toMatchObject({ rows: [{}, { lastName: 'ҚАСЫМҰЛЫ', firstName: 'ӘЙГЕРІМ' }, {}] });
    }
  });

  it('UTF-8 when asked; the reader recognises UTF-8 whatever its configured charset', () => {
    const out = renderMt('102', [kazakh()], { createdAt: CREATED_AT, encoding: 'utf-8' });
    const r = split(readMtBytes(out.bytes, { today: () => TODAY }));
    expect(r.encoding).toBe('utf-8');
    expect(r.issues).toEqual([]);
  });

  it('cp866 (DOS) is available; an unknown charset is refused before writing', () => {
    const out = renderMt('100', [payment118()], { createdAt: CREATED_AT, encoding: 'cp866' });
    expect(iconv.decode(Buffer.from(out.bytes), 'cp866')).toBe(out.text);
    expect(() => renderMt('100', [payment118()], { encoding: 'koi8-r' })).toThrow(/cannot be written in "koi8-r"/);
  });

  it('an emoji is refused even in UTF-8-incompatible single-byte charsets, named as one character', () => {
    try {
      renderMt('100', [{ ...payment118(), purpose: 'Оплата 👍' }], { createdAt: CREATED_AT, encoding: 'rk1048' });
      throw new Error('not refused');
    } catch (e) {
      expect((e as GatewayError).message).toMatch(/U\+1F44D.*:70:\/ASSIGN\//s);
    }
  });
});
