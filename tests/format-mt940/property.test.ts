// Property tests: random bytes and random mutations of a valid message never make the reader throw; every issue has a line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMt940, parseMt940 } from '../../plugins/format-mt940/index.ts';
import { ascii, collect, memoryFile, testContext } from './helpers.ts';

const VALID = [
  '{1:F01HSBKKZKXAXXX0000000000}{2:O9401200250115HSBKKZKXAXXX00000000002501151200N}{4:',
  ':20:STMT250115',
  ':25:KZ86125KZT5004100100',
  ':28C:15/1',
  ':60F:C250114KZT1000,00',
  ':61:2501150115D250,50NTRFPO-17//BNK-991',
  ':86:/NAME/TOO ALMATY/IDN/123456789012/KNP/710/REMI/Arenda za yanvar',
  ':61:2501150115C100,NTRFNONREF',
  ':86:166?00GUTSCHRIFT?20EREF+E2E-1 SVWZ+Invoice 5?32ACME',
  ':62F:C250115KZT849,50',
  '-}',
].join('\r\n');

const check = (bytes: Uint8Array) => {
  const r = parseMt940(bytes);
  for (const i of r.issues) expect(i.line).toBeGreaterThan(0);
  return r;
};

describe('never throws', () => {
  it('the valid message reads clean (the base of the mutations)', () => {
    const r = check(ascii(VALID));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.statements[0]!.statement.operations).toHaveLength(2);
  });

  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => void check(b)), { numRuns: 400 });
  });

  it('on random text made of MT940 pieces', () => {
    const piece = fc.constantFrom(':20:', ':25:', ':28C:', ':60F:', ':60M:', ':61:', ':86:', ':62F:', ':64:', ':65:', ':13D:', ':34F:', ':90D:', '{1:', '{2:O940', '{4:', '-}', '-', '$', '@@', '\r\n', '\n', '\r', 'C', 'D', 'RC', '250115', '0115', 'KZT', '12,5', ',', '?20', '/EREF/', '//', 'NTRF', ' ', 'ä', '\u0000');
    fc.assert(fc.property(fc.array(piece, { maxLength: 300 }), (ps) => void check(ascii(ps.join('')))), { numRuns: 400 });
  });

  it('on random mutations of a valid message (insert, delete, replace bytes)', () => {
    const base = ascii(VALID);
    const edit = fc.record({ at: fc.nat(base.length), kind: fc.constantFrom('insert', 'delete', 'replace'), byte: fc.integer({ min: 0, max: 255 }), len: fc.integer({ min: 1, max: 8 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 10 }), (edits) => {
        let b = Array.from(base);
        for (const e of edits) {
          const at = Math.min(e.at, b.length);
          if (e.kind === 'insert') b.splice(at, 0, ...new Array<number>(e.len).fill(e.byte));
          else if (e.kind === 'delete') b.splice(at, e.len);
          else b[at] = e.byte;
        }
        check(new Uint8Array(b));
      }),
      { numRuns: 600 },
    );
  });

  it('through the plugin, in 7-byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (b) => {
        const items = await collect(formatMt940.readStatements(memoryFile(b, 7), 'swift.mt940', testContext()));
        expect(items[0]).toMatchObject({ type: 'meta' });
      }),
      { numRuns: 100 },
    );
  });
});
