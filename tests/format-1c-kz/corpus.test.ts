// Real 1C files from ../shared/corpus/1c (read in place, never copied): all parse without throwing; KZ excerpts yield their requisites;
// every bank statement (kl_to_1c/, the KZ excerpts) is refused as a whole with FMT_STATEMENT_NOT_ORDERS, no payment export (1c_to_kl/) is.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format1cKz, parseStatement1c } from '../../plugins/format-1c-kz/index.ts';
import { sniffEncoding } from '../../plugins/format-1c-kz/encoding.ts';
import { decodeSingleByte } from '../../plugins/format-1c-kz/charsets.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { encode, parseBytes, type Parsed } from './helpers.ts';
import { corpusDir } from '../fixtures/corpus.ts';

const CORPUS = process.env.SHARED_CORPUS_1C ?? corpusDir('1c');
const present = existsSync(CORPUS);
if (!present) console.warn(`[format-1c-kz corpus] ${CORPUS} is absent: corpus tests skipped`);

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]))
    .sort();
}

const read = (rel: string) => new Uint8Array(readFileSync(join(CORPUS, rel)));
const parse = (rel: string, chunk?: number) => parseBytes(read(rel), chunk);
const codes = (r: Parsed, sev: 'error' | 'warning') => r.issues.filter((i) => i.severity === sev).map((i) => i.code);
const refusals = (r: Parsed) => r.issues.filter((i) => i.code === 'FMT_STATEMENT_NOT_ORDERS');
/** A statement file: bank → 1C (ru/kl_to_1c/) or a KZ bank's excerpt (kz/). */
const isStatement = (rel: string) => rel.startsWith('kz/') || rel.includes('kl_to_1c/');

/** The file's bytes without its `СекцияРасчСчет … КонецРасчСчет` blocks (any case), in the file's own charset. */
function withoutBalances(bytes: Uint8Array): Uint8Array {
  const { charset } = sniffEncoding(bytes.subarray(0, 65536));
  const text = charset === 'utf-8' ? new TextDecoder().decode(bytes) : decodeSingleByte(bytes, charset);
  let inside = false;
  const kept = text.split(/(?<=\n)/).filter((l) => {
    const k = l.trim().toLowerCase();
    if (k === 'секциярасчсчет') inside = true;
    const keep = !inside;
    if (k === 'конецрасчсчет') inside = false;
    return keep;
  });
  return encode(kept.join(''), charset);
}

describe.skipIf(!present)('corpus 1c/', () => {
  const all = present ? files(CORPUS).map((f) => relative(CORPUS, f)) : [];

  it('every file is read by the payment reader and the statement reader; per-file counts are printed', async () => {
    const count = (xs: string[]) => Object.entries(xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {})).map(([k, n]) => `${k}×${n}`).join(' ') || '-';
    const report: string[] = [];
    for (const rel of all) {
      const bytes = read(rel);
      const r = await parseBytes(bytes);
      const s = await parseStatement1c(bytes);
      for (const i of s.issues) expect(i.line, `${rel} statement ${i.code}`).toBeGreaterThan(0);
      const st = s.statement;
      report.push(
        `${rel}\n    documents: ${r.docs.length} (${count(r.docs.map((d) => d.document.kind))}); issues: ${count(r.issues.map((i) => `${i.code}/${i.severity[0]}`))}` +
          `\n    refused as a statement: ${refusals(r).map((i) => `line ${i.line} ${i.field}`).join(', ') || 'no'}` +
          `\n    statement: ${st ? `${st.operations.length} operations, ${st.currency}, ${st.from}..${st.to}` : 'none'}; issues: ${count(s.issues.map((i) => `${i.code}/${i.severity[0]}`))}`,
      );
    }
    console.log(`[format-1c-kz corpus] ${all.length} files\n  ${report.join('\n  ')}`);
  });

  it('has the files the manifest lists', () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  it.each(all)('%s: detected and parsed without throwing; every issue has a line', async (rel) => {
    const bytes = read(rel);
    expect(format1cKz.detect({ name: rel, head: bytes.subarray(0, 65536), size: bytes.length })).toBe('1c.kz');
    for (const chunk of [65536, 13]) {
      const r = await parseBytes(bytes, chunk);
      for (const i of r.issues) expect(i.line, `${i.code} ${i.message}`).toBeGreaterThan(0);
      for (const d of r.docs) expect(d.line).toBeGreaterThan(0);
    }
  });

  it.each(all)('%s: one FMT_STATEMENT_NOT_ORDERS exactly when it is a bank statement, also without its СекцияРасчСчет', async (rel) => {
    const bytes = read(rel);
    const r = await parseBytes(bytes);
    if (!isStatement(rel)) {
      expect(refusals(r)).toEqual([]);
      return;
    }
    expect(refusals(r)).toEqual([expect.objectContaining({ severity: 'error', field: 'СекцияРасчСчет' })]);
    expect(r.items.at(-2), 'the refusal comes after every document').toMatchObject({ type: 'issue', code: 'FMT_STATEMENT_NOT_ORDERS' });
    // The statement lines alone (section value `Выписка`, or ДатаСписано / ДатаПоступило / СуммаРасход / СуммаПриход) say it too.
    const lines = await parseBytes(withoutBalances(bytes));
    expect(lines.issues.filter((i) => i.field === 'СекцияРасчСчет')).toEqual([]);
    expect(refusals(lines)).toHaveLength(1);
    expect(['СекцияДокумент', 'ДатаСписано', 'ДатаПоступило', 'СуммаРасход', 'СуммаПриход']).toContain(refusals(lines)[0]!.field);
  });

  describe('Kazakhstan excerpts (statement lines read as payment orders, the file refused as a statement)', () => {
    it('Kaspi: lower-case "выписка", СуммаРасход, single-digit КБЕ, empty beneficiary BIC', async () => {
      const r = await parse('kz/kaspi_excerpt_utf8.txt');
      expect(codes(r, 'error')).toEqual(['FMT_UNEXPECTED_EOF', 'FMT_STATEMENT_NOT_ORDERS']); // an excerpt: no КонецФайла
      expect(codes(r, 'warning')).toEqual(['FMT_ENCODING_MISMATCH', 'FMT_SECTION_SKIPPED']); // UTF-8 saved, says Windows
      expect(r.docs).toHaveLength(1);
      const d = r.docs[0]!.document as PaymentDocument;
      expect(r.docs[0]!.line).toBe(17);
      expect(d).toMatchObject({ kind: 'payment', number: '47437099', date: '2023-06-30', knp: '119', amount: { minor: 400000n, currency: 'KZT' } });
      expect(d.payer).toMatchObject({ binIin: '181140004063', iban: 'KZ79722S000001674774', bic: 'CASPKZKA', code: '18' });
      expect(d.beneficiary).toMatchObject({ binIin: '000000000000', iban: 'KZ22722C000024901213', code: '1' });
      expect(d.beneficiary.bic).toBeUndefined();
      expect(d.payer.name).not.toBe('');
    });

    it('Jusan: upper-case section keywords, СуммаПриход, Кодировка=windows-1251 on a UTF-8 file', async () => {
      const r = await parse('kz/jusan_excerpt_utf8.txt');
      expect(codes(r, 'error')).toEqual(['FMT_UNEXPECTED_EOF', 'FMT_STATEMENT_NOT_ORDERS']);
      expect(codes(r, 'warning')).toEqual(['FMT_ENCODING_MISMATCH', 'FMT_SECTION_SKIPPED']);
      expect(r.docs).toHaveLength(1);
      const d = r.docs[0]!.document as PaymentDocument;
      expect(d).toMatchObject({ kind: 'payment', number: '95022', date: '2024-01-03', amount: { minor: 774570n, currency: 'KZT' } });
      expect(d.payer).toMatchObject({ binIin: '971240001315', iban: 'KZ81722S000001159377', bic: 'TSESKZKA' });
      expect(d.beneficiary).toMatchObject({ binIin: '220640014948', iban: 'KZ72998LTB0001497589' });
    });

    it('BCC: quoted "Выписка", no Кодировка, Сумма + Валюта + ДатаВалютирования, alphanumeric number', async () => {
      const r = await parse('kz/bcc_excerpt_utf8.txt');
      expect(codes(r, 'error')).toEqual(['FMT_UNEXPECTED_EOF', 'FMT_STATEMENT_NOT_ORDERS']);
      expect(codes(r, 'warning')).toEqual(['FMT_SECTION_SKIPPED']);
      expect(r.docs).toHaveLength(1);
      const d = r.docs[0]!.document as PaymentDocument;
      expect(d).toMatchObject({ kind: 'payment', number: 'NT-475719', date: '2024-10-01', valueDate: '2024-10-01', knp: '341', amount: { minor: 16000000n, currency: 'KZT' } });
      expect(d.payer).toMatchObject({ binIin: '220840049859', iban: 'KZ698562203124676325', bic: 'KCJBKZKX', code: '18' });
      expect(d.beneficiary).toMatchObject({ binIin: '901041000015', iban: 'KZ298561005127073713', bic: 'KCJBKZKX', code: '18' });
    });
  });

  describe('Russian files (fallback keys, encodings)', () => {
    it('the same statement in cp1251 and in UTF-8 (header still says Windows) gives identical documents', async () => {
      const win = await parse('ru/kl_to_1c/kilylabs_one_day.txt');
      const utf = await parse('ru/kl_to_1c/kilylabs_one_day_utf8.txt', 4096);
      expect(sniffEncoding(read('ru/kl_to_1c/kilylabs_one_day.txt')).charset).toBe('windows-1251');
      expect(sniffEncoding(read('ru/kl_to_1c/kilylabs_one_day_utf8.txt')).charset).toBe('utf-8');
      expect(codes(win, 'error')).toEqual(['FMT_STATEMENT_NOT_ORDERS']);
      expect(codes(win, 'warning')).not.toContain('FMT_ENCODING_MISMATCH');
      expect(codes(utf, 'warning')).toContain('FMT_ENCODING_MISMATCH');
      expect(win.docs.length).toBe(7); // 7 payment orders; the 6 bank orders are skipped with warnings
      expect(codes(win, 'warning').filter((c) => c === 'FMT_SECTION_SKIPPED')).toHaveLength(7); // 1 СекцияРасчСчет + 6 orders
      expect(utf.docs).toEqual(win.docs);
    });

    it('cp866 re-encoding of a cp1251 corpus file is sniffed as cp866 and gives the same documents', async () => {
      const text = new TextDecoder('windows-1251').decode(read('ru/kl_to_1c/dmdv_1c_format_demo.txt'));
      const { encodeSingleByte } = await import('../../plugins/format-1c-kz/charsets.ts');
      const dos = encodeSingleByte(text, 'ibm866');
      expect(sniffEncoding(dos).charset).toBe('ibm866');
      const a = await parse('ru/kl_to_1c/dmdv_1c_format_demo.txt');
      const b = await parseBytes(dos);
      expect(a.docs.length).toBe(2);
      expect(b.docs).toEqual(a.docs);
    });

    it('dronm to_bank: bare СекцияДокумент typed by the header, mixed EOLs, a mojibake last line instead of КонецФайла', async () => {
      const r = await parse('ru/1c_to_kl/dronm_to_bank.txt', 100);
      expect(sniffEncoding(read('ru/1c_to_kl/dronm_to_bank.txt')).charset).toBe('windows-1251'); // not RK1048, not UTF-8
      expect(r.docs.map((d) => [d.line, d.document.kind, (d.document as PaymentDocument).amount.minor])).toEqual([
        [10, 'payment', 17500000n],
        [42, 'payment', 37525n],
      ]);
      expect(r.errors.map((e) => [e.code, e.line])).toEqual([
        ['FMT_SYNTAX', 75],
        ['FMT_UNEXPECTED_EOF', 75],
      ]);
      expect(codes(r, 'warning')).toEqual([]);
    });

    it('odoo minimal file: one unknown header key, nothing else', async () => {
      const r = await parse('ru/1c_to_kl/odoo-ru_1c_to_kl-win-min-example.txt');
      expect(r.items).toEqual([{ type: 'meta', encoding: 'windows-1251' }]);
    });

    it('odoo LF-only statement with an empty line in the header', async () => {
      const r = await parse('ru/kl_to_1c/odoo-ru_kl_to_1c.txt');
      expect(codes(r, 'error')).toEqual(['FMT_STATEMENT_NOT_ORDERS']);
      expect(r.docs).toHaveLength(1);
      expect((r.docs[0]!.document as PaymentDocument).amount.minor).toBe(10815912n);
    });

    it('xini1 spec example: two СекцияРасчСчет skipped, Платежное требование skipped, the payment order read', async () => {
      const r = await parse('ru/kl_to_1c/xini1_sample1_spec_example.txt');
      expect(codes(r, 'error')).toEqual(['FMT_STATEMENT_NOT_ORDERS']);
      expect(codes(r, 'warning')).toEqual(['FMT_ENCODING_MISMATCH', 'FMT_SECTION_SKIPPED', 'FMT_SECTION_SKIPPED', 'FMT_SECTION_SKIPPED']);
      expect(r.docs).toHaveLength(1);
    });
  });
});
