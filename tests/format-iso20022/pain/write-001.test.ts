// The pain.001.001.09 writer: round trip canonical → XML → canonical for every kind it carries, schema validity with
// xmllint against the official XSD, PmtInf grouping, profile locations, and refusals listed before any byte.
import { describe, expect, it } from 'vitest';
import type { CanonicalDocument } from '../../../gateway/core/model/document.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { checkPain001, pain001Writer, writePain001, type Pain001KzProfile } from '../../../plugins/format-iso20022/pain/index.ts';
import { xmllintMissing, xsdValidate } from '../xmllint.ts';
import { BUDGET, FX, PAYMENT, errors, read001, write001 } from './helpers.ts';

const XSD = 'pain.001.001.09.xsd';
const schema = xmllintMissing ? it.skip : it;

/** What a document reads back as: pain.001 has one date per PmtInf (ReqdExctnDt = value date, else date). */
function expected(d: CanonicalDocument): CanonicalDocument {
  if (!('valueDate' in d) || d.valueDate === undefined) return d;
  const { valueDate, ...rest } = d;
  return { ...rest, date: valueDate } as CanonicalDocument;
}

async function roundTrip(docs: CanonicalDocument[], profile?: Partial<Pain001KzProfile>) {
  const bytes = await write001(docs, { messageId: 'MSG-1', createdAt: '2026-11-25T10:00:00+05:00', ...(profile ? { profile } : {}) });
  const back = await read001(bytes, profile ? { profile } : {});
  return { bytes, back };
}

describe('pain.001.001.09 writer', () => {
  it('round-trips payment, budget (KBK) and fx-payment (charges, intermediary, contract) with KZ fields and actual parties', async () => {
    const docs = [PAYMENT, BUDGET, FX];
    const { bytes, back } = await roundTrip(docs);
    expect(back.issues).toEqual([]);
    // Grouped by payer account/date/currency/charges: PAYMENT and BUDGET share a PmtInf, FX has its own; order kept within.
    expect(back.documents.map((d) => d.document)).toEqual(docs.map(expected));
    expect(back.summary).toMatchObject({ paymentInfos: 2, transactions: 3, documents: 3 });
    const xml = new TextDecoder().decode(bytes);
    expect(xml).toContain('<Prtry>710</Prtry>');
    expect(xml).toContain('<Ctgy>101201</Ctgy>');
    expect(xml).toContain('<ChrgBr>DEBT</ChrgBr>');
    expect(xml).toContain('<ChrgBr>SLEV</ChrgBr>');
    expect(xml).toContain('<InstdAmt Ccy="USD">12345.67</InstdAmt>');
    expect(xml).toContain('<InstrId>0121</InstrId>');
  });

  for (const [name, profile] of [
    ['Purp/Cd, RmtInf TaxRmt, RgltryRptg contract', { knp: 'Purp/Cd', kbk: 'RmtInf/Strd/TaxRmt/Rcrd/Ctgy', contractNumber: 'RgltryRptg' }],
    ['everything in RgltryRptg, long scheme names', { knp: 'RgltryRptg', kbk: 'RgltryRptg', contractNumber: 'RgltryRptg', binIinScheme: 'BINIIN', payerCodeScheme: 'KOd', beneficiaryCodeScheme: 'KBe' }],
    ['CtgyPurp/Prtry, no SLEV, batch booking', { knp: 'CtgyPurp/Prtry', kztChargeBearer: 'none', batchBooking: true }],
  ] as const) {
    it(`round-trips with profile: ${name}`, async () => {
      const { bytes, back } = await roundTrip([PAYMENT, BUDGET, FX], profile as Partial<Pain001KzProfile>);
      expect(back.issues).toEqual([]);
      expect(back.documents.map((d) => d.document)).toEqual([PAYMENT, BUDGET, FX].map(expected));
      if (!xmllintMissing) expect(xsdValidate(bytes, XSD)).toEqual({ ok: true, errors: [] });
    });
  }

  it('reads nothing Kazakh from places the profile does not name', async () => {
    const bytes = await write001([BUDGET], { profile: { knp: 'RgltryRptg' } });
    const back = await read001(bytes); // default profile: KNP in Purp/Prtry
    const doc = back.documents[0]!.document as { knp?: string; kind: string };
    expect(doc.kind).toBe('budget');
    expect(doc.knp).toBeUndefined();
  });

  schema('every generated message validates against the ISO pain.001.001.09 XSD', async () => {
    const many: CanonicalDocument[] = [];
    for (let i = 0; i < 60; i++) {
      const base = [PAYMENT, BUDGET, FX][i % 3]!;
      many.push({ ...base, number: String(1000 + i), date: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`, ...(base.kind === 'fx-payment' ? { valueDate: undefined } : {}) } as CanonicalDocument);
    }
    const cases: [CanonicalDocument[], object][] = [
      [[PAYMENT], {}],
      [[BUDGET], { documentIds: ['01JDQ8ZC3M4X7K9T2B5N6P8R0W'] }],
      [[FX], { profile: { initiatingParty: { name: 'Бухгалтерия', binIin: '090840000906' } } }],
      [[{ ...PAYMENT, purpose: 'Ә'.repeat(300), priority: 'HIGH' } as CanonicalDocument], {}],
      [[{ ...FX, charges: undefined, intermediaryBic: undefined, contractNumber: undefined } as CanonicalDocument], {}],
      [[{ ...PAYMENT, purpose: '', actualPayer: undefined, beneficiary: { name: 'Без реквизитов' } } as CanonicalDocument], {}],
      [many, {}],
    ];
    for (const [docs, opts] of cases) {
      const r = xsdValidate(await write001(docs, opts), XSD);
      expect(r, JSON.stringify(r.errors.slice(0, 3))).toEqual({ ok: true, errors: [] });
    }
  });

  it('one PmtInf per payer account, execution date, currency and charges; NbOfTxs and CtrlSum add up', async () => {
    const docs = [PAYMENT, { ...PAYMENT, number: '2', date: '2026-11-26' }, { ...PAYMENT, number: '3' }, FX, { ...FX, number: '5', charges: 'SHA' }] as CanonicalDocument[];
    const bytes = await write001(docs, { messageId: 'GROUPS' });
    const xml = new TextDecoder().decode(bytes);
    expect(xml.match(/<PmtInf>/g)).toHaveLength(4);
    expect(xml).toMatch(/<PmtInfId>GROUPS-1<\/PmtInfId>\s*<PmtMtd>TRF<\/PmtMtd>\s*<BtchBookg>false<\/BtchBookg>\s*<NbOfTxs>2<\/NbOfTxs>\s*<CtrlSum>300001<\/CtrlSum>/);
    expect(xml).toMatch(/<GrpHdr>\s*<MsgId>GROUPS<\/MsgId>\s*<CreDtTm>[^<]+<\/CreDtTm>\s*<NbOfTxs>5<\/NbOfTxs>\s*<CtrlSum>474692.84<\/CtrlSum>/);
    const back = await read001(bytes);
    expect(errors(back.issues)).toEqual([]);
    expect(back.documents.map((d) => d.document.number)).toEqual(['119', '3', '2', '0121', '5']);
  });

  it('EndToEndId is the gateway document id when given, else the number; InitgPty defaults to the first payer', async () => {
    const xml = new TextDecoder().decode(await write001([PAYMENT, BUDGET], { documentIds: ['doc-7f3a', undefined] }));
    expect(xml).toMatch(/<InstrId>119<\/InstrId>\s*<EndToEndId>doc-7f3a<\/EndToEndId>/);
    expect(xml).toMatch(/<InstrId>120<\/InstrId>\s*<EndToEndId>120<\/EndToEndId>/);
    expect(xml).toMatch(/<InitgPty>\s*<Nm>ТОО &quot;Жайлау&quot; &amp; K°<\/Nm>\s*<Id>\s*<OrgId>\s*<Othr>\s*<Id>090840000906<\/Id>\s*<SchmeNm>\s*<Cd>TXID<\/Cd>/);
    expect(xml).toMatch(/<Cdtr>\s*<Nm>ИП Сейтқали<\/Nm>\s*<Id>\s*<PrvtId>/); // an IIN: a person's id
  });

  it('splits the purpose into 140-character Ustrd pieces and reads it back whole', async () => {
    const purpose = `${'Ә'.repeat(139)}😀${'x'.repeat(150)} end`;
    const bytes = await write001([{ ...PAYMENT, purpose } as CanonicalDocument]);
    const xml = new TextDecoder().decode(bytes);
    expect(xml.match(/<Ustrd>/g)).toHaveLength(3);
    expect((await read001(bytes)).documents[0]!.document).toMatchObject({ purpose });
  });

  it('streams chunks and is a DocumentsWriter for iso20022.pain.001.001.09', async () => {
    expect(pain001Writer).toMatchObject({ writes: 'documents', format: 'iso20022.pain.001.001.09', extension: 'xml' });
    const docs = Array.from({ length: 2000 }, (_, i) => ({ ...PAYMENT, number: String(i + 1) }) as CanonicalDocument);
    const sizes: number[] = [];
    for await (const c of pain001Writer.write(docs, {})) sizes.push(c.length);
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.max(...sizes)).toBeLessThan(200 * 1024);
  });

  it('refuses kinds it cannot carry and invalid values with one GatewayError listing every problem, before any byte', async () => {
    const fxOrder: CanonicalDocument = { kind: 'fx-order', number: '1', date: '2026-11-25', direction: 'buy', amount: { minor: 100n, currency: 'USD' }, fromIban: 'KZ476010131000179714', toIban: 'KZ698562203124676325', purpose: 'x' };
    const letter: CanonicalDocument = { kind: 'letter', number: '2', date: '2026-11-25', subject: 's', body: 'b' };
    const bad = [
      fxOrder,
      letter,
      { ...PAYMENT, number: 'N'.repeat(36) },
      { ...PAYMENT, date: '2026-02-30' },
      { ...PAYMENT, amount: { minor: 0n, currency: 'KZT' } },
      { ...PAYMENT, amount: { minor: 5n, currency: 'kzt' } },
      { ...PAYMENT, payer: { ...PAYMENT.payer, bic: 'HSBK' } },
      { ...BUDGET, kbk: '' },
      { ...PAYMENT, purpose: 'bell \u0007' },
    ] as CanonicalDocument[];
    const problems = checkPain001(bad, { messageId: 'X'.repeat(40), createdAt: '2026-02-30T25:00:00' });
    expect(problems.map((p) => `${p.index ?? '-'}:${p.field}`)).toEqual(['-:messageId', '-:createdAt', '0:kind', '1:kind', '2:number', '3:date', '4:amount', '5:amount.currency', '6:payer.bic', '7:kbk', '8:purpose']);
    const it = writePain001(bad, {})[Symbol.asyncIterator]();
    const e = await it.next().then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).code).toBe('FMT_BAD_VALUE');
    expect((e as GatewayError).kind).toBe('user');
    expect((e as GatewayError).message).toContain('document 1: kind');
    expect((e as GatewayError).message).toContain('document 9: purpose');
    await expect(write001([fxOrder, letter])).rejects.toMatchObject({ code: 'FMT_NOT_SUPPORTED' });
    await expect(write001([{ ...PAYMENT, kind: 'pension', scheme: 'OPV', rows: [] } as CanonicalDocument])).rejects.toThrow(/employee list/);
    await expect(write001([PAYMENT], { profile: { knp: 'Ustrd' } })).rejects.toThrow(/profile knp/);
  });
});
