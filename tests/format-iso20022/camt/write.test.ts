// camt.053.001.08 writer: generated statements validate against the official XSD and read back unchanged;
// refused input lists every problem before a byte; output streams in chunks.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../gateway/core/errors.ts';
import type { Statement } from '../../../gateway/core/model/statement.ts';
import { camt053Writer, writeCamt053 } from '../../../plugins/format-iso20022/camt/index.ts';
import { ustrd } from '../../../plugins/format-iso20022/camt/write.ts';
import { xmllintAvailable, xsdValidate } from '../xmllint.ts';
import { balancesKept, generatedStatement, opKey, readBytes, writeBytes } from './helpers.ts';

const XSD = 'camt.053.001.08.xsd';

describe('camt053Writer', () => {
  it('declares camt.053.001.08 statements as xml', () => {
    expect(camt053Writer).toMatchObject({ writes: 'statements', format: 'iso20022.camt.053.001.08', extension: 'xml' });
  });

  it.each([1, 2, 3, 4, 5])('round-trips generated statement %i (valid XSD, every entry and balance kept)', async (seed) => {
    const a = [generatedStatement(40 + seed * 7, seed), generatedStatement(5, seed + 100)];
    const bytes = await writeBytes(a);
    if (xmllintAvailable) expect(xsdValidate(bytes, XSD).errors).toEqual([]);
    const b = await readBytes(bytes);
    expect(b.errors).toEqual([]);
    expect(b.statements).toHaveLength(2);
    a.forEach((x, i) => {
      const y = b.statements[i]!;
      expect(y.operations.map(opKey)).toEqual(x.operations.map(opKey));
      expect(balancesKept(x, y)).toBe(true);
      const { operations: _o, balances: _b, ...hx } = x;
      const { operations: _p, balances: _c, ...hy } = y;
      expect(hy).toEqual(hx);
    });
  });

  it('writes a minimal 1C-style statement (no balances list, no codes) with OPBD/CLBD and the default bank transaction code', async () => {
    const st: Statement = {
      account: '000123',
      currency: 'KWD',
      from: '2026-01-01',
      to: '2026-01-01',
      openingBalance: { minor: -1000n, currency: 'KWD' },
      totalCredits: { minor: 1500n, currency: 'KWD' },
      totalDebits: { minor: 0n, currency: 'KWD' },
      closingBalance: { minor: 500n, currency: 'KWD' },
      operations: [{ date: '2026-01-01', number: '', direction: 'credit', amount: { minor: 1500n, currency: 'KWD' }, counterparty: { name: '' }, purpose: '', documentKind: '' }],
    };
    const bytes = await writeBytes([st]);
    const xml = bytes.toString('utf8');
    if (xmllintAvailable) expect(xsdValidate(bytes, XSD).errors).toEqual([]);
    expect(xml).toContain('<Othr>');
    expect(xml).toMatch(/<Amt Ccy="KWD">1.000<\/Amt>\s*<CdtDbtInd>DBIT<\/CdtDbtInd>/);
    expect(xml).toMatch(/<BkTxCd>\s*<Prtry>\s*<Cd>NTRF<\/Cd>/);
    const b = await readBytes(bytes);
    expect(b.errors).toEqual([]);
    expect(b.statements[0]!.openingBalance).toEqual({ minor: -1000n, currency: 'KWD' });
    expect(b.statements[0]!.balances!.map((x) => x.type)).toEqual(['OPBD', 'CLBD']);
  });

  it('refuses, before any byte, statements without balances or that do not reconcile, listing every problem', async () => {
    const noBalances = { ...generatedStatement(3, 7), balancesStated: false };
    const wrong = generatedStatement(3, 8);
    wrong.closingBalance = { minor: wrong.closingBalance.minor + 1n, currency: 'KZT' };
    const badOp = generatedStatement(3, 9);
    badOp.operations[1] = { ...badOp.operations[1]!, amount: { minor: badOp.operations[1]!.amount.minor, currency: 'USD' }, counterparty: { name: 'x'.repeat(141), bic: 'NOTABIC' } };
    const gen = camt053Writer.write([noBalances, wrong, badOp], {})[Symbol.asyncIterator]();
    const e = await gen.next().then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(GatewayError);
    const ge = e as GatewayError;
    expect(ge.kind).toBe('user');
    expect(ge.code).toBe('FMT_NOT_SUPPORTED'); // the first problem's: statement 1 states no balances
    const problems = (ge.details!['problems'] as { where: string; message: string }[]).map((p) => `${p.where}: ${p.message}`);
    expect(problems.some((p) => p.startsWith('statement 1') && p.includes('no opening and closing balance'))).toBe(true);
    expect(problems.some((p) => p.startsWith('statement 2') && p.includes('do not reconcile'))).toBe(true);
    expect(problems.some((p) => /^statement 3 .*, operation 2 /.test(p) && p.includes('USD'))).toBe(true);
    expect(problems.some((p) => p.includes('140'))).toBe(true);
    expect(problems.some((p) => p.includes("'NOTABIC' is not a BIC"))).toBe(true);
    expect(ge.message).toContain('statement 2');
  });

  it('streams a large statement in chunks of about 64 KiB', async () => {
    const st = generatedStatement(3000, 42);
    let chunks = 0;
    let max = 0;
    let total = 0;
    for await (const c of writeCamt053([st], { messageId: 'BIG' })) {
      chunks++;
      max = Math.max(max, c.length);
      total += c.length;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(max).toBeLessThan(200 * 1024);
    expect(total).toBeGreaterThan(1024 * 1024);
  });

  it('cuts remittance text into Ustrd lines at spaces so that it reads back the same', () => {
    const text = Array.from({ length: 60 }, (_, i) => `слово${i}`).join(' ');
    const lines = ustrd(text);
    expect(lines.every((l) => l.length <= 140 && l.length > 0)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });
});
