// fast-check: random bytes and mutated valid camt messages, split into random chunks, never make the reader throw;
// every item is a statement or an issue with a catalogue code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../gateway/core/error-codes.ts';
import { readCamt } from '../../../plugins/format-iso20022/camt/index.ts';
import { bal, camtXml, generatedStatement, ntry, stmt, writeBytes } from './helpers.ts';

async function* split(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(bytes.length, c);
    if (to > at) yield bytes.subarray(at, to);
    at = Math.max(at, to);
  }
  if (at < bytes.length || bytes.length === 0) yield bytes.subarray(at);
}

async function readsWithoutThrowing(bytes: Uint8Array, cuts: number[]): Promise<void> {
  for await (const item of readCamt(split(bytes, cuts))) {
    if (item.type === 'issue') expect(ERROR_CODES[item.code]).toBeDefined();
    else expect(['statement', 'meta']).toContain(item.type);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.constantFrom('<', '>', '&', '&amp;', '&x;', '</Ntry>', '<Ntry>', '<Amt Ccy="KZT">', '-1', '1.23456789', '<!DOCTYPE a>', ']]>', '<![CDATA[', '\u0000', 'DBIT', 'PDNG', '<Stmt>', '</Stmt>', 'xmlns="x"')) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(src: Buffer, ms: Mutation[]): Buffer {
  let b = src;
  for (const m of ms) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text), b.subarray(at)]);
    else if (m.kind === 'duplicate') b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at)]);
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else {
      b = Buffer.from(b);
      if (b.length) b[at] = m.value;
    }
  }
  return b;
}

describe('readCamt never throws on bad input', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat({ max: 2000 }), { maxLength: 5 }), async (bytes, cuts) => {
        await readsWithoutThrowing(bytes, cuts);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated valid messages (written by the writer and hand-made V02/V08/052/054)', async () => {
    const seeds = [
      await writeBytes([generatedStatement(6, 3)]),
      Buffer.from(camtXml(stmt(bal('OPBD', '10.50') + bal('CLBD', '5.50') + ntry('5', 'DBIT', '', { v2: true })), { version: '02' })),
      Buffer.from(camtXml(stmt(bal('PRCD', '1') + bal('ITBD', '3') + ntry('2', 'CRDT'), { tag: 'Rpt' }), { message: '052' })),
      Buffer.from(camtXml(stmt(ntry('2', 'CRDT'), { tag: 'Ntfctn' }), { message: '054', ns: null })),
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat({ max: 20000 }), { maxLength: 6 }), async (s, ms, cuts) => {
        await readsWithoutThrowing(mutate(seeds[s]!, ms), cuts);
      }),
      { numRuns: 500 },
    );
  });
});
