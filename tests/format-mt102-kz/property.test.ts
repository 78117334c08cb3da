// Properties of the reader: random bytes, random tag soup and mutations of a good MT102 never throw, never fail inside
// (FMT_PLUGIN_FAILED), and every issue has a line inside the file.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readMtBytes } from '../../plugins/format-mt102-kz/index.ts';
import type { ParseItem } from '../../gateway/core/plugin.ts';
import { MT102_84, TODAY } from './samples.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const lines = (b: Uint8Array) => b.reduce((n, x) => n + (x === 10 || x === 13 ? 1 : 0), 1);

function check(b: Uint8Array): ParseItem[] {
  const items = readMtBytes(b, { today: () => TODAY });
  expect(items[0]!.type).toBe('meta');
  for (const i of items) {
    if (i.type !== 'issue') continue;
    expect(i.code).not.toBe('FMT_PLUGIN_FAILED');
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.line).toBeLessThanOrEqual(lines(b) + 1);
  }
  return items;
}

const GOOD = MT102_84.split('\n');
const PIECES = [':20:', ':21:', ':32A:', ':32B:', ':50:/D/', ':59:', ':70:', '/OPV/', '/FM/', '/IDN/', '/PERIOD/', '/KNP/', '/ASSIGN/', '{1:F01HSBKKZKXAXXX0000000000}', '{2:I102SGROSS000000U3003}', '{2:I100', '{4:', '-}', '$', '{4:{177:1}}', '//DT/', '{'];
const VALUES = ['', '1', 'KZT0,00', 'KZT1,001', '261125KZT1,00', '991399KZT5,', 'C', 'V', 'S', '010', '012', '121', '332', '911', '102026', '132026', 'KZ90601A861000012345', '850315300128', 'Қ', '/', ':'];

describe('MT reader properties', () => {
  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (b) => void check(b)), { numRuns: RUNS });
  });

  it('random tag soup never throws', () => {
    const arbLine = fc.oneof(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(...VALUES)).map(([a, b]) => a + b), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 80 }), fc.constantFrom('\r\n', '\n', '\r'), (ls, eol) => void check(new TextEncoder().encode(ls.join(eol)))),
      { numRuns: RUNS },
    );
  });

  it('mutations of the 8.4 MT102 (lines dropped, duplicated, swapped, bytes flipped) never throw', () => {
    const arb = fc.record({
      drop: fc.array(fc.nat(GOOD.length), { maxLength: 4 }),
      dup: fc.array(fc.nat(GOOD.length), { maxLength: 3 }),
      swap: fc.option(fc.tuple(fc.nat(GOOD.length - 1), fc.nat(GOOD.length - 1))),
      flips: fc.array(fc.tuple(fc.nat(2000), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(2000)),
    });
    fc.assert(
      fc.property(arb, (m) => {
        let ls = GOOD.filter((_, i) => !m.drop.includes(i));
        for (const i of m.dup) if (i < ls.length) ls.splice(i, 0, ls[i]!);
        if (m.swap) [ls[m.swap[0] % ls.length], ls[m.swap[1] % ls.length]] = [ls[m.swap[1] % ls.length]!, ls[m.swap[0] % ls.length]!];
        ls = ls.filter((l) => l !== undefined);
        const b = new TextEncoder().encode(ls.join('\n'));
        for (const [at, v] of m.flips) if (b.length) b[at % b.length] = v;
        check(m.cut === null ? b : b.subarray(0, m.cut % (b.length + 1)));
      }),
      { numRuns: RUNS },
    );
  });
});
