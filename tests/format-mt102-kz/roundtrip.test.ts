// Round trips canonical → MT → canonical for every list kind (MT102) and for payment and budget documents (MT100).
import { describe, expect, it } from 'vitest';
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import { readMtBytes, renderMt, writeMt100, writeMt102 } from '../../plugins/format-mt102-kz/index.ts';
import { CREATED_AT, TODAY, budget120, bytesOf, medical, payment118, pension119, salary, social, split } from './samples.ts';

const strip = (d: unknown) => JSON.parse(JSON.stringify(d, (k, v) => (k === 'line' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));
const read = (b: Uint8Array, encoding?: string) => split(readMtBytes(b, { today: () => TODAY, ...(encoding ? { encoding } : {}) }));

describe('round trip', () => {
  const cases: [string, '100' | '102', () => CanonicalDocument][] = [
    ['pension (OPV, KNP 010)', '102', pension119],
    ['social (KNP 012)', '102', social],
    ['medical (OOSMS, KNP 121)', '102', medical],
    ['salary (KNP 332, /LA/, no period)', '102', salary],
    ['payment (KNP 710)', '100', payment118],
    ['budget (KNP 911, KBK 101201)', '100', budget120],
  ];
  for (const [name, mt, make] of cases) {
    it(`${name}: MT${mt} and back gives the same document, no issues`, async () => {
      const doc = make();
      const bytes = await bytesOf((mt === '100' ? writeMt100 : writeMt102)([doc], { createdAt: CREATED_AT }));
      const r = read(bytes);
      expect(r.issues).toEqual([]);
      expect(r.docs).toHaveLength(1);
      expect(strip(r.docs[0]!.document)).toEqual(strip(doc));
    });
  }

  it('several documents: one message each, in order, with :20: from messageId', () => {
    const docs = [payment118(), budget120(), { ...payment118(), number: '124' }];
    const out = renderMt('100', docs, { createdAt: CREATED_AT, messageId: 'B20261125' });
    expect(out.text.match(/^:20:.*$/gm)).toEqual([':20:B20261125-1', ':20:B20261125-2', ':20:B20261125-3']);
    expect(out.text.match(/\{2:I100SGROSS000000U3003\}/g)).toHaveLength(3);
    const r = read(out.bytes);
    expect(r.issues).toEqual([]);
    expect(r.docs.map((d) => d.document.kind)).toEqual(['payment', 'budget', 'payment']);
    expect(strip(r.docs.map((d) => d.document))).toEqual(strip(docs));
    // Each document knows its lines (issues on lines in [line, endLine] belong to it).
    expect(r.docs[1]!.line).toBe(r.docs[0]!.endLine! + 1);
  });

  it('an MT100 states :32A: after :20:, an MT102 closes with it after the rows', () => {
    const t100 = renderMt('100', [payment118()], { createdAt: CREATED_AT }).text.split('\r\n');
    expect(t100[4]).toBe(':32A:261125KZT1180000,00');
    const t102 = renderMt('102', [pension119()], { createdAt: CREATED_AT }).text.split('\r\n');
    expect(t102[t102.length - 3]).toBe(':32A:261125KZT105500,50');
    expect(t100).toContain('/PRT/50');
    expect(renderMt('100', [budget120()], { createdAt: CREATED_AT }).text).toContain('/BCLASS/101201\r\n/ASSIGN/');
  });

  it('a long purpose wraps over /ASSIGN/ lines (62, then 70 characters) and reads back unchanged', () => {
    const purpose = 'Оплата по договору № 15/2026-К от 01.10.2026 за поставку товаров: бумага А4, картриджи, папки; счёт-фактура 2041/11 от 18.11.2026, в т.ч. НДС 12% — 126 428,57 тенге; без НДС /прочее/: 0,00 тенге.';
    const doc = { ...payment118(), purpose };
    const out = renderMt('100', [doc], { createdAt: CREATED_AT });
    const lines = out.text.split('\r\n');
    const start = lines.findIndex((l) => l.startsWith('/ASSIGN/'));
    const parts = lines.slice(start, lines.indexOf('-}'));
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]!.length).toBeLessThanOrEqual(70);
    for (const p of parts.slice(1)) {
      expect(p.length).toBeLessThanOrEqual(70);
      expect(p).not.toMatch(/^[/:\- ]/);
    }
    const r = read(out.bytes);
    expect(r.issues).toEqual([]);
    expect(r.docs[0]!.document).toMatchObject({ purpose });
  });

  it("the beneficiary account may be written as ':59:/C/<IBAN>' (option) and is read either way", () => {
    const out = renderMt('100', [payment118()], { createdAt: CREATED_AT }, { beneficiaryAccountPrefix: '/C/' });
    expect(out.text).toContain(':59:/C/KZ258562203100012345');
    expect(strip(read(out.bytes).docs[0]!.document)).toEqual(strip(payment118()));
  });

  it('the period form is a setting: YYYYMM and MM.YYYY round-trip', () => {
    for (const periodFormat of ['YYYYMM', 'MM.YYYY'] as const) {
      const out = renderMt('102', [pension119()], { createdAt: CREATED_AT }, { periodFormat });
      expect(out.text).toContain(periodFormat === 'YYYYMM' ? '/PERIOD/202610' : '/PERIOD/10.2026');
      const r = split(readMtBytes(out.bytes, { today: () => TODAY, periodFormat }));
      expect(r.issues).toEqual([]);
      expect(strip(r.docs[0]!.document)).toEqual(strip(pension119()));
    }
  });
});
