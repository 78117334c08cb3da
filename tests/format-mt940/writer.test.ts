// The MT940 writer: what it writes (blocks, tags, 65-character :86:, SWIFT X with transliteration) and what it refuses
// (listing every problem before a byte).
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../gateway/core/model/statement.ts';
import { formatMt940, mt940Writer, parseMt940, toSwiftX } from '../../plugins/format-mt940/index.ts';
import { collect } from './helpers.ts';

const kzt = (minor: bigint) => ({ minor, currency: 'KZT' });
function statement(over: Partial<Statement> = {}): Statement {
  return {
    account: 'KZ86125KZT5004100100',
    currency: 'KZT',
    from: '2025-01-14',
    to: '2025-01-15',
    openingBalance: kzt(100000n),
    totalCredits: kzt(5000n),
    totalDebits: kzt(25050n),
    closingBalance: kzt(79950n),
    balancesStated: true,
    servicerBic: 'HSBKKZKX',
    operations: [
      { date: '2025-01-15', number: '17', direction: 'debit', amount: kzt(25050n), counterparty: { name: 'ТОО «Алматы Құрылыс»', binIin: '123456789012', code: '17' }, purpose: 'Аренда за январь №5', documentKind: '', knp: '710', references: { customer: 'PO-17' } },
      { date: '2025-01-15', number: '', direction: 'credit', amount: kzt(5000n), counterparty: { name: 'Ivanov' }, purpose: 'x'.repeat(600), documentKind: '', references: { accountServicer: 'A-REFERENCE-LONGER-THAN-16' } },
    ],
    ...over,
  };
}
const write = async (sts: Statement[], profile: Record<string, unknown> = {}) => new TextDecoder().decode(Buffer.concat(await collect(mt940Writer.write(sts, { profile, createdAt: '2025-01-15T10:00:00Z' }))));

describe('MT940 writer', () => {
  it('is the plugin writer of swift.mt940, extension sta', () => {
    expect(formatMt940.writers).toEqual([expect.objectContaining({ format: 'swift.mt940', writes: 'statements', extension: 'sta' })]);
  });

  it('writes blocks 1/2/4 with the servicer BIC, the tags in order, CRLF, and reads back the same', async () => {
    const text = await write([statement()]);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('{1:F01HSBKKZKXAXXX0000000000}{2:I940HSBKKZKXAXXXN}{4:');
    expect(lines.slice(1, 6)).toEqual([':20:BG250115000001', ':25:KZ86125KZT5004100100', ':28C:1', ':60F:C250114KZT1000,00', ':61:2501150115D250,50NMSCPO-17']);
    expect(lines).toContain(':62F:C250115KZT799,50');
    expect(lines.at(-2)).toBe('-}');
    for (const l of lines) expect(l.replace(/^:\d\d[A-Z]?:/, '').length).toBeLessThanOrEqual(65);
    const back = parseMt940(new TextEncoder().encode(text));
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const st = back.statements[0]!.statement;
    expect(st.operations[0]).toMatchObject({ number: '17', knp: '710', counterparty: { name: "TOO 'Almaty Qurylys'", binIin: '123456789012', code: '17' }, purpose: 'Arenda za ianvar N5' });
    expect(st.operations[1]!.references).toEqual({ customer: 'NONREF', accountServicer: 'A-REFERENCE-LONGER-THAN-16' }); // carried in :86: /BREF/
    expect(st.operations[1]!.purpose.length).toBeLessThan(390); // cut to 6 × 65 with the other :86: parts
  });

  it('without blocks (profile.mtBlocks = false); profile.senderBic and receiverBic go into blocks 1 and 2', async () => {
    expect((await write([statement()], { mtBlocks: false })).startsWith(':20:')).toBe(true);
    expect((await write([statement()], { senderBic: 'KCJBKZKXXXX', receiverBic: 'CASPKZKA' })).split('\r\n')[0]).toBe('{1:F01KCJBKZKXAXXX0000000000}{2:I940CASPKZKAAXXXN}{4:');
  });

  it('refuses, before any byte, listing every problem: no balances, not reconciling, bad reference, non-X account', async () => {
    const sts = [
      statement({ balancesStated: false, kind: 'intraday' }),
      statement({ closingBalance: kzt(1n) }),
      statement({ account: 'КЗ86', operations: [{ ...statement().operations[0]!, references: { endToEndId: 'a//b' } }, statement().operations[1]!] }),
    ];
    const err = await write(sts).then(
      () => null,
      (e: unknown) => e as { code: string; message: string; details: { problems: { code: string; statement: number; field: string }[] } },
    );
    expect(err).not.toBeNull();
    expect(err!.code).toBe('FMT_NOT_SUPPORTED');
    expect(err!.details.problems.map((p) => [p.statement, p.code, p.field])).toEqual([
      [0, 'FMT_NOT_SUPPORTED', 'balancesStated'],
      [1, 'FMT_TOTALS_MISMATCH', 'closingBalance'],
      [2, 'FMT_UNENCODABLE', 'account'],
      [2, 'FMT_BAD_VALUE', 'references.endToEndId'],
    ]);
  });

  it('refuses entries that do not add up to the totals, and a missing BIC when blocks are asked for', async () => {
    await expect(write([statement({ totalCredits: kzt(1n), closingBalance: kzt(74951n) })])).rejects.toMatchObject({ code: 'FMT_TOTALS_MISMATCH', message: expect.stringContaining('totalCredits') });
    await expect(write([statement({ servicerBic: undefined })], { mtBlocks: true })).rejects.toMatchObject({ code: 'FMT_REQUIRED_KEY', message: expect.stringContaining('profile.senderBic') });
    // Without a BIC and without mtBlocks: true, the bare message (what a converted camt.053 naming no bank gets).
    const bare = await write([statement({ servicerBic: undefined })]);
    expect(bare.startsWith(':20:')).toBe(true);
  });

  it('transliterates Russian and Kazakh letters and maps signs into SWIFT X', () => {
    expect(toSwiftX('Щёлково ЖЫЛЫ Әлия Ғалым Қазақстан Өскемен Ұлы Үй Һ І')).toBe('Shchelkovo ZHYLY Aliia Galym Qazaqstan Oskemen Uly Ui H I');
    expect(toSwiftX('№ 5; "A" & B_C 100% é')).toBe("N 5, 'A' + B-C 100PCT e");
  });
});
