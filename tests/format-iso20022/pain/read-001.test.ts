// The pain.001 reader on hand-made messages: .03 and .09 forms, values kept as written (leading zeros, exact amounts,
// currency), KZ fields at the profile's places, header totals, issues with line and XML path, hostile XML refused.
import { describe, expect, it } from 'vitest';
import { painFormatOf, readPain001 } from '../../../plugins/format-iso20022/pain/index.ts';
import { chunked, errors, read001 } from './helpers.ts';

const NS03 = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

interface Tx {
  instr?: string;
  e2e?: string;
  amount?: string;
  ccy?: string | null;
  extra?: string;
  cdtr?: string;
}

function tx(t: Tx = {}): string {
  const ccy = t.ccy === null ? '' : ` Ccy="${t.ccy ?? 'KZT'}"`;
  return `
      <CdtTrfTxInf>
        <PmtId>${t.instr !== undefined ? `<InstrId>${t.instr}</InstrId>` : ''}<EndToEndId>${t.e2e ?? 'E2E'}</EndToEndId></PmtId>
        <Amt><InstdAmt${ccy}>${t.amount ?? '100.00'}</InstdAmt></Amt>
        <CdtrAgt><FinInstnId><BIC>CASPKZKA</BIC></FinInstnId></CdtrAgt>
        ${t.cdtr ?? '<Cdtr><Nm>Получатель</Nm></Cdtr>'}
        <CdtrAcct><Id><IBAN>KZ79722S000001674774</IBAN></Id></CdtrAcct>
        ${t.extra ?? ''}
        <RmtInf><Ustrd>Оплата</Ustrd></RmtInf>
      </CdtTrfTxInf>`;
}

function pmtInf(txs: string[], opts: { date?: string; extra?: string; account?: string; totals?: string } = {}): string {
  return `
    <PmtInf>
      <PmtInfId>P1</PmtInfId>
      <PmtMtd>TRF</PmtMtd>${opts.totals ?? ''}
      <ReqdExctnDt>${opts.date ?? '2026-11-25'}</ReqdExctnDt>
      <Dbtr><Nm>Плательщик</Nm></Dbtr>
      <DbtrAcct><Id>${opts.account ?? '<IBAN>KZ476010131000179714</IBAN>'}</Id></DbtrAcct>
      <DbtrAgt><FinInstnId><BIC>HSBKKZKX</BIC></FinInstnId></DbtrAgt>${opts.extra ?? ''}${txs.join('')}
    </PmtInf>`;
}

function message(pmts: string[], hdr: { nb?: string; sum?: string } = {}, ns: string | null = NS03): string {
  const nb = hdr.nb ?? String(pmts.reduce((n, p) => n + (p.match(/<CdtTrfTxInf>/g)?.length ?? 0), 0));
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document${ns === null ? '' : ` xmlns="${ns}"`}>
  <CstmrCdtTrfInitn>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-25T09:00:00</CreDtTm><NbOfTxs>${nb}</NbOfTxs>${hdr.sum !== undefined ? `<CtrlSum>${hdr.sum}</CtrlSum>` : ''}<InitgPty><Nm>I</Nm></InitgPty></GrpHdr>${pmts.join('')}
  </CstmrCdtTrfInitn>
</Document>`;
}

describe('pain.001 reader', () => {
  it('keeps account numbers, BICs and ids as written strings (leading zeros stay)', async () => {
    const xml = message([pmtInf([tx({ instr: '000119', e2e: '00E2E' })], { account: '<Othr><Id>000125574999</Id></Othr>' })]);
    const r = await read001(xml);
    expect(errors(r.issues)).toEqual([]);
    expect(r.documents[0]!.document).toMatchObject({ number: '000119', payer: { iban: '000125574999', bic: 'HSBKKZKX' }, beneficiary: { bic: 'CASPKZKA', iban: 'KZ79722S000001674774' } });
  });

  it('amounts are exact bigint minor units in the stated currency, whatever their size or trailing zeros', async () => {
    const xml = message([pmtInf([tx({ amount: '12345678901234567.89' }), tx({ amount: '0000150.5000', ccy: 'EUR' }), tx({ amount: '7', ccy: 'JPY' }), tx({ amount: '0.1', ccy: 'KWD' })])], { sum: '12345678901234725.49' });
    const r = await read001(xml);
    expect(r.issues).toEqual([]);
    expect(r.documents.map((d) => (d.document as { amount: unknown }).amount)).toEqual([
      { minor: 1234567890123456789n, currency: 'KZT' },
      { minor: 15050n, currency: 'EUR' },
      { minor: 7n, currency: 'JPY' },
      { minor: 100n, currency: 'KWD' },
    ]);
    expect(r.documents.map((d) => d.document.kind)).toEqual(['payment', 'fx-payment', 'fx-payment', 'fx-payment']);
  });

  it('reports bad amounts, currencies and dates with line and XML path, and yields the other transactions', async () => {
    const xml = message([
      pmtInf([tx({ amount: '1.234' }), tx({ amount: '-5' }), tx({ amount: '1,5' }), tx({ ccy: 'usd' }), tx({ ccy: null }), tx({ amount: '5.00' })]),
      pmtInf([tx()], { date: '2026-02-30' }),
    ]);
    const r = await read001(xml);
    const e = errors(r.issues).map((i) => `${i.code} ${i.field}`);
    expect(e).toEqual([
      'FMT_TOO_MANY_DECIMALS Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/Amt/InstdAmt',
      'FMT_BAD_VALUE Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/Amt/InstdAmt',
      'FMT_BAD_VALUE Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[3]/Amt/InstdAmt',
      'FMT_BAD_VALUE Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[4]/Amt/InstdAmt/@Ccy',
      'FMT_REQUIRED_KEY Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[5]/Amt/InstdAmt/@Ccy',
      'FMT_BAD_VALUE Document/CstmrCdtTrfInitn/PmtInf[2]/ReqdExctnDt',
    ]);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.document).toMatchObject({ amount: { minor: 500n, currency: 'KZT' } });
    // Each issue's line lies on its element; a transaction's issues fall inside no yielded document's range.
    const lines = xml.split('\n');
    for (const i of errors(r.issues)) expect(lines[i.line! - 1]).toContain(i.field!.split('/').pop()!.replace('@Ccy', 'InstdAmt').replace(/\[\d+\]$/, ''));
    for (const i of r.issues) expect(i.text?.ru).toBeTruthy(), expect(i.text?.kk).toBeTruthy();
  });

  it('checks GrpHdr NbOfTxs / CtrlSum and PmtInf totals against what was read (FMT_TOTALS_MISMATCH)', async () => {
    const xml = message([pmtInf([tx(), tx()], { totals: '<NbOfTxs>3</NbOfTxs><CtrlSum>200</CtrlSum>' })], { nb: '5', sum: '200.01' });
    const r = await read001(xml);
    expect(r.issues.map((i) => `${i.code} ${i.field}`)).toEqual([
      'FMT_TOTALS_MISMATCH Document/CstmrCdtTrfInitn/PmtInf[1]/NbOfTxs',
      'FMT_TOTALS_MISMATCH Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs',
      'FMT_TOTALS_MISMATCH Document/CstmrCdtTrfInitn/GrpHdr/CtrlSum',
    ]);
    expect(r.issues[2]!.message).toContain('add up to 200');
    expect(r.documents).toHaveLength(2);
  });

  it('reads the .09 forms (ReqdExctnDt/Dt or DtTm, BICFI) and a message without any namespace', async () => {
    const v09 = message([pmtInf([tx()], { date: '<DtTm>2026-11-27T10:00:00+05:00</DtTm>' }).replace(/<BIC>/g, '<BICFI>').replace(/<\/BIC>/g, '</BICFI>')], {}, 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    const r = await read001(v09);
    expect(r.issues).toEqual([]);
    expect(r.documents[0]!.document).toMatchObject({ date: '2026-11-27', payer: { bic: 'HSBKKZKX' } });
    const bare = await read001(message([pmtInf([tx()])], {}, null));
    expect(bare.issues).toEqual([]);
    expect(bare.documents).toHaveLength(1);
  });

  it('maps KZ fields at the default profile places: KNP, KBK, KOd/KBe, BIN/IIN, residency, actual payer (PmtInf or tx level) and beneficiary', async () => {
    const cdtr = `<Cdtr><Nm>УГД</Nm><Id><OrgId><Othr><Id>141140001547</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr><Othr><Id>11</Id><SchmeNm><Prtry>KBE</Prtry></SchmeNm></Othr></OrgId></Id><CtryOfRes>KZ</CtryOfRes></Cdtr>`;
    const extra = `<UltmtCdtr><Nm>Final</Nm></UltmtCdtr><Purp><Prtry>911</Prtry></Purp><Tax><Rcrd><Ctgy>101201</Ctgy></Rcrd></Tax>`;
    const pmtExtra = `<UltmtDbtr><Nm>Филиал</Nm><Id><PrvtId><Othr><Id>850315300128</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr></PrvtId></Id></UltmtDbtr><ChrgBr>SLEV</ChrgBr>`;
    const r = await read001(message([pmtInf([tx({ cdtr, extra }), tx({ extra: '<UltmtDbtr><Nm>Own</Nm></UltmtDbtr>' })], { extra: pmtExtra })]));
    expect(r.issues).toEqual([]);
    expect(r.documents[0]!.document).toEqual({
      kind: 'budget',
      number: 'E2E',
      date: '2026-11-25',
      amount: { minor: 10000n, currency: 'KZT' },
      payer: { name: 'Плательщик', iban: 'KZ476010131000179714', bic: 'HSBKKZKX' },
      beneficiary: { name: 'УГД', binIin: '141140001547', iban: 'KZ79722S000001674774', bic: 'CASPKZKA', code: '11', country: 'KZ' },
      actualPayer: { name: 'Филиал', binIin: '850315300128' },
      actualBeneficiary: { name: 'Final' },
      knp: '911',
      purpose: 'Оплата',
      kbk: '101201',
    });
    expect(r.documents[1]!.document).toMatchObject({ kind: 'payment', actualPayer: { name: 'Own' } });
  });

  it('reads a file with thousands of &quot; entities', async () => {
    const q = '&quot;';
    const txs = Array.from({ length: 1500 }, (_, i) => tx({ instr: String(i), cdtr: `<Cdtr><Nm>ТОО ${q}Альфа ${i}${q} ${q.repeat(3)}</Nm></Cdtr>` }));
    const xml = message([pmtInf(txs, { extra: `<UltmtDbtr><Nm>${q.repeat(5000)}</Nm></UltmtDbtr>` })]);
    expect(xml.split(q).length - 1).toBeGreaterThan(12_000);
    const r = await read001(xml, {}, 997);
    expect(r.issues).toEqual([]);
    expect(r.documents).toHaveLength(1500);
    expect(r.documents[7]!.document).toMatchObject({ beneficiary: { name: 'ТОО "Альфа 7" """' }, actualPayer: { name: '"'.repeat(5000) } });
  });

  it('refuses a DOCTYPE, external and recursive entities with one error and no document', async () => {
    const body = message([pmtInf([tx({ cdtr: '<Cdtr><Nm>&xxe;</Nm></Cdtr>' })])]).replace('<?xml version="1.0" encoding="UTF-8"?>\n', '');
    for (const dtd of [
      '<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY xxe "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
      '<!DOCTYPE Document SYSTEM "http://example.invalid/evil.dtd">',
    ]) {
      const r = await read001(`<?xml version="1.0"?>\n${dtd}\n${body}`);
      expect(r.documents).toEqual([]);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ code: 'FMT_SYNTAX', severity: 'error', line: 2 });
      expect(r.issues[0]!.message).toMatch(/DOCTYPE/);
    }
    const undefinedEntity = await read001(body.replace('&xxe;', '&nbsp;'));
    expect(undefinedEntity.documents).toEqual([]);
    expect(undefinedEntity.issues.map((i) => i.code)).toEqual(['FMT_SYNTAX']);
  });

  it('a truncated file: whole transactions before the break, then one syntax error', async () => {
    const xml = message([pmtInf([tx({ instr: '1' }), tx({ instr: '2' }), tx({ instr: '3' })])]);
    const cut = xml.slice(0, xml.indexOf('<InstrId>3'));
    const r = await read001(cut, {}, 64);
    expect(r.documents.map((d) => d.document.number)).toEqual(['1', '2']);
    expect(r.issues.map((i) => i.code)).toEqual(['FMT_SYNTAX']);
  });

  it('required elements: a missing PmtInf element holds back its transactions; reported once', async () => {
    const noAcct = pmtInf([tx(), tx()]).replace(/<DbtrAcct>.*<\/DbtrAcct>/, '');
    const noE2e = tx().replace(/<EndToEndId>E2E<\/EndToEndId>/, '');
    const r = await read001(message([noAcct, pmtInf([noE2e, tx()])]));
    expect(errors(r.issues).map((i) => `${i.code} ${i.field}`)).toEqual([
      'FMT_REQUIRED_KEY Document/CstmrCdtTrfInitn/PmtInf[1]/DbtrAcct/Id',
      'FMT_REQUIRED_KEY Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[1]/PmtId/EndToEndId',
    ]);
    expect(r.documents).toHaveLength(1);
    expect(r.summary).toEqual({ paymentInfos: 2, transactions: 4, documents: 1 });
  });

  it('a status report or statement given as payment orders is refused as a whole', async () => {
    const r = await read001('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt><GrpHdr/></CstmrPmtStsRpt></Document>');
    expect(r.issues.map((i) => i.code)).toEqual(['FMT_REPORT_NOT_ORDERS']);
    const camt = await read001('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>');
    expect(camt.issues.map((i) => i.code)).toEqual(['FMT_STATEMENT_NOT_ORDERS']);
    const other = await read001('<root><x/></root>');
    expect(other.issues.map((i) => i.code)).toEqual(['FMT_REQUIRED_KEY']);
    const notXml = await read001('hello');
    expect(notXml.issues.map((i) => i.code)).toEqual(['FMT_SYNTAX']);
  });

  it('reports the encoding it read (meta) and reads a windows-1251 message', async () => {
    const xml = message([pmtInf([tx()])]).replace('encoding="UTF-8"', 'encoding="windows-1251"');
    const bytes = new Uint8Array([...xml].map((c) => {
      const k = c.charCodeAt(0);
      return k < 0x80 ? k : k >= 0x410 && k <= 0x44f ? k - 0x410 + 0xc0 : 0x3f;
    }));
    const items = [];
    for await (const it of readPain001(chunked(bytes, 7))) items.push(it);
    expect(items[0]).toEqual({ type: 'meta', encoding: 'windows-1251' });
    expect(items.filter((i) => i.type === 'document').map((i) => (i as { document: { payer: { name: string } } }).document.payer.name)).toEqual(['Плательщик']);
  });

  it('names the pain format of a root element', () => {
    const root = (ns: string, children?: { name: string }[]) => ({ name: 'Document', ns, ...(children ? { children } : {}) });
    expect(painFormatOf(root(NS03))).toBe('iso20022.pain.001.001.03');
    expect(painFormatOf(root('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09'))).toBe('iso20022.pain.001.001.09');
    expect(painFormatOf(root('urn:iso:std:iso:20022:tech:xsd:pain.001.001.08'))).toBe('iso20022.pain.001.001.09');
    expect(painFormatOf(root('urn:iso:std:iso:20022:tech:xsd:pain.001.003.03'))).toBe('iso20022.pain.001.001.03');
    expect(painFormatOf(root('http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd'))).toBe('iso20022.pain.001.001.03');
    expect(painFormatOf(root('urn:iso:std:iso:20022:tech:xsd:pain.002.001.10'))).toBe('iso20022.pain.002.001.10');
    expect(painFormatOf(root('http://www.six-interbank-clearing.com/de/pain.002.001.03.ch.02.xsd'))).toBe('iso20022.pain.002.001.03');
    expect(painFormatOf(root(''), 'CstmrPmtStsRpt')).toBe('iso20022.pain.002.001.03');
    expect(painFormatOf(root('', [{ name: 'CstmrCdtTrfInitn' }]))).toBe('iso20022.pain.001.001.03');
    expect(painFormatOf(root(''))).toBeNull();
    expect(painFormatOf(root('urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'))).toBeNull();
    expect(painFormatOf({ name: 'AppHdr', ns: NS03 })).toBeNull();
  });

  it('streams 20,000 transactions in one PmtInf, chunk by chunk', async () => {
    const one = tx();
    const xml = message([pmtInf(Array.from({ length: 20_000 }, () => one))], { sum: '2000000' });
    const r = await read001(xml, {}, 65536);
    expect(r.issues).toEqual([]);
    expect(r.documents).toHaveLength(20_000);
  });
});
