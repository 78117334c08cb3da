// The camt reader over every camt file of the shared corpus (read in place, never copied): no throw, counts per
// folder, the deliberately broken files refused with the reason; then camt.053 → canonical → camt.053.001.08 →
// canonical on every cleanly read camt.053, each output valid against the official XSD.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xmllintAvailable, xmllintMissing, xsdValidate } from '../xmllint.ts';
import { balancesKept, CORPUS, opKey, readBytes, writeBytes, type ReadResult } from './helpers.ts';

const DIR = path.join(CORPUS, 'iso20022');
const FOLDERS = ['camt052', 'camt053', 'camt054'];
const present = existsSync(DIR);
if (!present) console.warn(`[camt corpus] skipped: ${DIR} is absent`);

/** Files broken on purpose (MANIFEST.md says so), and what the reader must say about them. */
const BROKEN: Record<string, { why: string; code: string }> = {
  'camt053/genkgo_camt053.v2.wrong.xml': { why: 'a message without any <Stmt>', code: 'FMT_REQUIRED_KEY' },
  'camt052/hbci4java_camt052.001.08-invalid-saldo.xml': { why: 'balances with 13 decimals (100.0000000000005 EUR)', code: 'FMT_TOO_MANY_DECIMALS' },
  'camt052/hbci4java_camt052.001.08-missing-date.xml': { why: '<Bal> without its <Dt>', code: 'FMT_REQUIRED_KEY' },
  'camt053/nl_oca_test-camt053.zip': { why: 'a ZIP archive, not XML (banks deliver statements zipped; unzipping is not the reader’s job): its bytes are not UTF-8', code: 'FMT_BAD_BYTES' },
};

const results = new Map<string, ReadResult>();

describe.skipIf(!present)('camt corpus', () => {
  it('reads every camt file without throwing; counts per folder', async () => {
    const lines: string[] = [];
    for (const folder of FOLDERS) {
      let [files, statements, entries, clean] = [0, 0, 0, 0];
      for (const name of readdirSync(path.join(DIR, folder)).sort()) {
        const rel = `${folder}/${name}`;
        const r = await readBytes(new Uint8Array(readFileSync(path.join(DIR, rel))));
        results.set(rel, r);
        files++;
        statements += r.statements.length;
        entries += r.statements.reduce((s, st) => s + st.operations.length, 0);
        if (r.errors.length === 0) clean++;
        else if (!BROKEN[rel]) lines.push(`  ${rel}: ${r.errors.length} error(s), first: ${r.errors[0]!.code} line ${r.errors[0]!.line}: ${r.errors[0]!.message}`);
      }
      console.log(`[camt corpus] ${folder}: ${files} files, ${statements} statements, ${entries} entries, ${clean}/${files} (${Math.round((100 * clean) / files)} %) without an error-level issue`);
    }
    console.log(`[camt corpus] deliberately broken:\n${Object.entries(BROKEN).map(([f, b]) => `  ${f}: ${b.why}`).join('\n')}`);
    console.log(`[camt corpus] other files with errors (inconsistent sample data):\n${lines.join('\n')}`);
    expect(results.size).toBeGreaterThan(60);
  });

  it('refuses each deliberately broken file with the expected code', () => {
    for (const [rel, b] of Object.entries(BROKEN)) {
      const r = results.get(rel);
      expect(r, rel).toBeDefined();
      expect(r!.errors.map((e) => e.code), `${rel}: ${b.why}`).toContain(b.code);
    }
  });

  it('reads the special cases as the manifest describes them', () => {
    const get = (rel: string) => results.get(rel)!;
    expect(get('camt053/genkgo_camt053.v2.multi.statement.xml').statements).toHaveLength(2);
    expect(get('camt052/goldman_sachs_camt052_001_02.xml').statements).toHaveLength(6);
    expect(get('camt052/goldman_sachs_camt052_001_02.xml').statements.every((s) => s.kind === 'intraday')).toBe(true);
    const five = get('camt053/genkgo_camt053.v2.five.decimals.xml').statements[0]!;
    expect(five.openingBalance).toEqual({ minor: 1815n, currency: 'EUR' });
    const abn = get('camt053/abnamro_example_camt.xml'); // no namespace
    expect(abn.errors).toEqual([]);
    expect(abn.statements[0]!.operations.some((o) => (o.transactions?.length ?? 0) > 1)).toBe(true);
    const lt = get('camt054/lt_camt054_v10_57txdtls.xml').statements[0]!;
    expect(lt.kind).toBe('notification');
    expect(lt.operations[0]!.transactions).toHaveLength(57);
    const noNtry = get('camt053/nl_oca_test-camt053-no-ntry.xml');
    expect(noNtry.statements[0]!.operations).toEqual([]);
    expect(noNtry.statements[0]!.balancesStated).toBe(true);
    const dttm = get('camt053/nl_oca_test-camt053-bookgdt-dttm.xml').statements[0]!;
    expect(dttm.operations[0]!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const mixed = get('camt054/ch_camt054_NoCrdtBookedNotReversed.xml').statements[0]!.operations;
    expect(mixed.length).toBe(3);
  });

  it.skipIf(!xmllintAvailable)('round-trips every cleanly read camt.053 through camt.053.001.08 (valid XSD)', async () => {
    let done = 0;
    for (const [rel, a] of results) {
      if (!rel.startsWith('camt053/') || a.errors.length || !a.statements.length || a.statements.some((s) => s.balancesStated === false)) continue;
      const bytes = await writeBytes(a.statements);
      const v = xsdValidate(bytes, 'camt.053.001.08.xsd');
      expect(v.errors, rel).toEqual([]);
      const b = await readBytes(bytes);
      expect(b.errors, rel).toEqual([]);
      expect(b.statements.length, rel).toBe(a.statements.length);
      a.statements.forEach((x, i) => {
        const y = b.statements[i]!;
        expect(y.operations.map(opKey), rel).toEqual(x.operations.map(opKey));
        expect(balancesKept(x, y), `${rel}: balances ${JSON.stringify(x.balances?.map((q) => q.type))}`).toBe(true);
        const { operations: _a, balances: _b, ...hx } = x;
        const { operations: _c, balances: _d, ...hy } = y;
        expect(hy, rel).toEqual(hx);
      });
      done++;
    }
    console.log(`[camt corpus] round trip: ${done} camt.053 files`);
    expect(done).toBeGreaterThanOrEqual(10);
  });
});

if (present && !xmllintAvailable) console.warn(`[camt corpus] round trip skipped: ${xmllintMissing}`);
