// Properties of the pain readers and writer: random bytes and mutated valid messages never throw, issues have lines
// inside the file, the result does not depend on chunking, and random payments survive writer → reader unchanged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CanonicalDocument } from '../../../gateway/core/model/document.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import { readPain001, readPain002 } from '../../../plugins/format-iso20022/pain/index.ts';
import { isXmlText } from '../../../plugins/format-iso20022/xml/write.ts';
import { xmllintMissing, xsdValidate } from '../xmllint.ts';
import { BUDGET, FX, PAYMENT, chunked, read001, utf8, write001 } from './helpers.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 150);
/** JSON with bigints written out and object keys sorted (documents compare by content, not key order). */
const snap = (x: unknown) =>
  JSON.stringify(x, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
/** An XML error ends a read; which error comes first can depend on chunking (bad bytes are seen a chunk at a time). */
const isXmlError = (i: unknown) => (i as { type: string; field?: string }).type === 'issue' && (i as { field?: string }).field === 'XML';
const lines = (b: Uint8Array) => b.reduce((n, x) => n + (x === 10 ? 1 : 0), 1);

async function all(bytes: Uint8Array, chunk: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const it of readPain001(chunked(bytes, chunk))) out.push(it);
  for await (const it of readPain002(chunked(bytes, chunk))) out.push(it);
  return out;
}

const STATUS_REPORT = utf8(`<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>S</MsgId><CreDtTm>2026-11-26T08:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>M</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId><PmtInfSts>PART</PmtInfSts>
<TxInfAndSts><OrgnlEndToEndId>E</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn><AddtlInf>&quot;x&quot;</AddtlInf></StsRsnInf>
<OrgnlTxRef><Amt><InstdAmt Ccy="KZT">10.00</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts></OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`);

/** Mutations of a valid message: bytes replaced, cut out, duplicated, or XML fragments dropped in. */
const FRAGMENTS = ['<', '>', '&', '&amp;', '&quot;', '&#0;', '&#x110000;', ']]>', '<![CDATA[', '<!DOCTYPE a>', '<?pi?>', '</Amt>', '<Amt>', 'Ccy="', '\u0000', '\uFFFE', '😀', '\r', '-1', '1e5', 'xmlns:a="x"', '<a:b>'];
const arbMutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.constantFrom(...FRAGMENTS) }),
);
type Mutation = typeof arbMutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(src: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Buffer.from(src);
  for (const m of ms) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'byte') (b = Buffer.from(b)), (b[at] = m.v);
    else if (m.kind === 'cut') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
    else if (m.kind === 'dup') b = Buffer.concat([b.subarray(0, at + m.n), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(m.s), b.subarray(at)]);
  }
  return new Uint8Array(b);
}

describe('pain properties', async () => {
  const valid = await write001([PAYMENT, BUDGET, FX], { messageId: 'P', createdAt: '2026-11-25T10:00:00' });

  it('random bytes never throw; issues carry a line inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1500 }), fc.integer({ min: 1, max: 400 }), async (b, chunk) => {
        const out = await all(b, chunk);
        for (const i of out as { type: string; line?: number }[]) if (i.type === 'issue') expect(i.line).toBeGreaterThanOrEqual(1), expect(i.line).toBeLessThanOrEqual(lines(b) + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated valid pain.001 and pain.002 messages never throw and read the same in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(valid, STATUS_REPORT), fc.array(arbMutation, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 700 }), async (src, ms, chunk) => {
        const b = mutate(src, ms);
        const whole = await all(b, b.length + 1);
        const parts = await all(b, chunk);
        if (!whole.some(isXmlError) && !parts.some(isXmlError)) expect(snap(parts)).toBe(snap(whole));
        else expect(parts.filter(isXmlError).length).toBe(whole.filter(isXmlError).length);
      }),
      { numRuns: RUNS },
    );
  });

  const xmlChar = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => isXmlText(s) && !s.includes('\r'));
  const name = xmlChar.map((s) => s.trim()).filter((s) => s.length > 0 && [...s].length <= 140);
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
  const arbParty = (withAccount: boolean): fc.Arbitrary<Party> =>
    fc.record(
      {
        name,
        binIin: digits(12),
        iban: withAccount ? fc.oneof(digits(20).map((d) => `KZ${d.slice(0, 18)}`), digits(12)) : fc.constant(undefined),
        bic: fc.constantFrom('HSBKKZKX', 'CASPKZKA', 'KCJBKZKXXXX', 'KKMFKZ2A'),
        code: fc.constantFrom('17', '19', '11', '27'),
        country: fc.constantFrom('KZ', 'US', 'RU'),
      },
      { requiredKeys: ['name', 'bic'] },
    ).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as Party);
  const arbDoc: fc.Arbitrary<CanonicalDocument> = fc
    .record({
      kind: fc.constantFrom('payment' as const, 'budget' as const, 'fx-payment' as const),
      number: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 35 }).filter((s) => s.trim() === s && s.length > 0 && isXmlText(s)),
      date: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      minor: fc.bigInt({ min: 1n, max: 10n ** 14n }),
      payer: arbParty(true).map((p) => ({ ...p, iban: p.iban ?? 'KZ476010131000179714' })),
      beneficiary: arbParty(false),
      knp: fc.option(digits(3), { nil: undefined }),
      purpose: fc.array(xmlChar, { maxLength: 8 }).map((a) => a.join(' ').trim()),
      kbk: digits(6),
      currency: fc.constantFrom('USD', 'EUR', 'RUB', 'JPY', 'KWD'),
      charges: fc.option(fc.constantFrom('OUR' as const, 'SHA' as const, 'BEN' as const), { nil: undefined }),
    })
    .map((r) => {
      const base = { number: r.number, date: r.date, payer: r.payer, beneficiary: r.beneficiary, ...(r.knp !== undefined ? { knp: r.knp } : {}), purpose: r.purpose };
      if (r.kind === 'payment') return { kind: 'payment', ...base, amount: { minor: r.minor, currency: 'KZT' } } as CanonicalDocument;
      if (r.kind === 'budget') return { kind: 'budget', ...base, amount: { minor: r.minor, currency: 'KZT' }, kbk: r.kbk } as CanonicalDocument;
      return { kind: 'fx-payment', ...base, amount: { minor: r.minor, currency: r.currency }, ...(r.charges ? { charges: r.charges } : {}) } as CanonicalDocument;
    });

  it('random payments survive writer → reader unchanged, and every generated message is schema-valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbDoc, { minLength: 1, maxLength: 6 }), async (docs) => {
        const bytes = await write001(docs);
        const back = await read001(bytes, {}, 333);
        expect(back.issues).toEqual([]);
        const key = (d: CanonicalDocument) => snap(d);
        expect(back.documents.map((d) => key(d.document)).sort()).toEqual(docs.map(key).sort());
        if (!xmllintMissing) expect(xsdValidate(bytes, 'pain.001.001.09.xsd').errors).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
