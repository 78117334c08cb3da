// pain.002 reading and the mapping of its statuses to bank states: all three levels, PART, inheritance (transaction ←
// payment information ← group), reasons in en/ru/kk with the bank's own text.
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../../gateway/core/model/status-report.ts';
import { reasonText, stateOfStatus, transactionStates } from '../../../plugins/format-iso20022/pain/index.ts';
import { errors, read002 } from './helpers.ts';

const rsn = (cd: string, ...inf: string[]) => `<StsRsnInf><Rsn><Cd>${cd}</Cd></Rsn>${inf.map((i) => `<AddtlInf>${i}</AddtlInf>`).join('')}</StsRsnInf>`;

function report(version: '03' | '10', group: string, pmts: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.${version}">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2026-11-26T08:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts><OrgnlMsgId>MSG-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>${group}</OrgnlGrpInfAndSts>${pmts.join('')}
  </CstmrPmtStsRpt>
</Document>`;
}

const pmt = (id: string, sts: string, inner: string) => `
    <OrgnlPmtInfAndSts><OrgnlPmtInfId>${id}</OrgnlPmtInfId>${sts}${inner}</OrgnlPmtInfAndSts>`;
const txi = (e2e: string, sts: string, extra = '') => `
      <TxInfAndSts><OrgnlInstrId>I-${e2e}</OrgnlInstrId><OrgnlEndToEndId>${e2e}</OrgnlEndToEndId>${sts}${extra}</TxInfAndSts>`;

describe('pain.002 reader', () => {
  for (const v of ['03', '10'] as const) {
    it(`reads group, payment-information and transaction statuses (pain.002.001.${v})`, async () => {
      const xml = report(v, '<GrpSts>PART</GrpSts>', [
        pmt('P1', '<PmtInfSts>PART</PmtInfSts>', txi('E1', '<TxSts>RJCT</TxSts>', rsn('AC04', 'Счёт закрыт 01.11.2026') + '<AccptncDtTm>2026-11-26T07:59:00</AccptncDtTm><OrgnlTxRef><Amt><InstdAmt Ccy="KZT">0150000.50</InstdAmt></Amt></OrgnlTxRef>') + txi('E2', '<TxSts>ACSC</TxSts>')),
        pmt('P2', '<PmtInfSts>ACCP</PmtInfSts>', ''),
      ]);
      const r = await read002(xml, 50);
      expect(r.issues).toEqual([]);
      expect(r.reports).toHaveLength(1);
      const rep = r.reports[0]!;
      expect(rep).toMatchObject({ messageId: 'STS-1', createdAt: '2026-11-26T08:00:00', originalMessageId: 'MSG-1', originalMessageType: 'pain.001.001.09', groupStatus: 'PART', groupReasons: [] });
      expect(rep.payments[0]!.transactions[0]).toEqual({
        status: 'RJCT',
        reasons: [{ code: 'AC04', text: ['Счёт закрыт 01.11.2026'] }],
        paymentInfoId: 'P1',
        instructionId: 'I-E1',
        endToEndId: 'E1',
        amount: { minor: 15000050n, currency: 'KZT' },
        acceptedAt: '2026-11-26T07:59:00',
      });
      expect(transactionStates(rep)).toEqual([
        { endToEndId: 'E1', instructionId: 'I-E1', paymentInfoId: 'P1', status: 'RJCT', state: 'rejected', reason: { code: 'AC04', en: 'Account is closed: Счёт закрыт 01.11.2026', ru: 'Счёт закрыт: Счёт закрыт 01.11.2026', kk: 'Шот жабылған: Счёт закрыт 01.11.2026' } },
        { endToEndId: 'E2', instructionId: 'I-E2', paymentInfoId: 'P1', status: 'ACSC', state: 'executed', reason: null },
        { paymentInfoId: 'P2', status: 'ACCP', state: 'accepted', reason: null },
      ]);
    });
  }

  it('inherits: a transaction without TxSts takes its PmtInfSts, else the GrpSts; a rejected level above rejects everything below', async () => {
    const xml = report('03', `<GrpSts>ACSP</GrpSts>${rsn('NARR', 'принято банком')}`, [
      pmt('P1', '', txi('A', '')),
      pmt('P2', `<PmtInfSts>RJCT</PmtInfSts>${rsn('AM04')}`, txi('B', '') + txi('C', '<TxSts>ACCP</TxSts>') + txi('D', `<TxSts>RJCT</TxSts>${rsn('AM05')}`)),
      pmt('P3', '<PmtInfSts>PART</PmtInfSts>', txi('E', '')),
    ]);
    const rep = (await read002(xml)).reports[0]!;
    const s = transactionStates(rep).map((x) => [x.endToEndId, x.status, x.state, x.reason?.code ?? null, x.reason?.ru ?? null]);
    expect(s).toEqual([
      ['A', 'ACSP', 'accepted', 'NARR', 'принято банком'],
      ['B', 'RJCT', 'rejected', 'AM04', 'Недостаточно средств на счёте'],
      ['C', 'RJCT', 'rejected', 'AM04', 'Недостаточно средств на счёте'],
      ['D', 'RJCT', 'rejected', 'AM05', 'Повторный (дублирующий) платёж'],
      ['E', 'PART', 'received', null, null],
    ]);
  });

  it('a group-only report gives one entry for the whole original message; a group rejection carries its reason', async () => {
    const rep = (await read002(report('10', `<GrpSts>RJCT</GrpSts>${rsn('FF01', 'Schema validation failed', 'line 12')}`, []))).reports[0]!;
    expect(transactionStates(rep)).toEqual([{ status: 'RJCT', state: 'rejected', reason: { code: 'FF01', en: 'File format is invalid: Schema validation failed line 12', ru: 'Неверный формат файла: Schema validation failed line 12', kk: 'Файл пішімі қате: Schema validation failed line 12' } }]);
    const accepted = (await read002(report('03', '<GrpSts>ACTC</GrpSts>', []))).reports[0]!;
    expect(transactionStates(accepted)).toEqual([{ status: 'ACTC', state: 'received', reason: null }]);
  });

  it('maps every listed ISO status code and falls back to received', () => {
    const cases: [string | undefined, string][] = [
      ['RCVD', 'received'], ['PDNG', 'received'], ['ACTC', 'received'], ['PART', 'received'], ['RVNM', 'received'],
      ['ACCP', 'accepted'], ['ACSP', 'accepted'], ['ACWC', 'accepted'], ['ACWP', 'accepted'],
      ['ACSC', 'executed'], ['ACCC', 'executed'], ['RJCT', 'rejected'], ['CANC', 'rejected'], ['ZZZZ', 'received'], [undefined, 'received'],
    ];
    for (const [code, state] of cases) expect(stateOfStatus(code), String(code)).toBe(state);
  });

  it('reason texts: ours for known codes, the bank text for unknown or proprietary ones, a generic one for a bare rejection', () => {
    expect(reasonText([{ code: 'RC01', text: [] }], 'RJCT')).toEqual({ code: 'RC01', en: 'Bank identifier (BIC) is incorrect', ru: 'Неверный идентификатор банка (БИК)', kk: 'Банк сәйкестендіргіші (БСК) қате' });
    expect(reasonText([{ proprietary: 'KZ-117', text: ['Неверный КБК'] }], 'RJCT')).toEqual({ code: 'KZ-117', en: 'Неверный КБК', ru: 'Неверный КБК', kk: 'Неверный КБК' });
    expect(reasonText([{ code: 'X999', text: [] }], 'RJCT')?.en).toBe('Reason code X999 (no explanation given)');
    expect(reasonText([], 'RJCT')).toMatchObject({ code: 'RJCT', ru: 'Банк отклонил платёж без указания причины' });
    expect(reasonText([], 'ACCP')).toBeNull();
    // Codes named like Object.prototype members are codes like any other (the tables have no prototype).
    expect(stateOfStatus('constructor')).toBe('received');
    expect(reasonText([{ code: 'constructor', text: [] }], 'RJCT')?.en).toBe('Reason code constructor (no explanation given)');
    expect(reasonText([{ code: 'NARR', text: [] }], 'ACCP')).toBeNull();
  });

  it('reports problems but keeps the statuses: missing OrgnlMsgId (error), odd status codes and amounts (warnings)', async () => {
    const xml = report('03', '<GrpSts>rjct</GrpSts>', [pmt('P1', '', txi('E1', '<TxSts>RJCT</TxSts>', '<OrgnlTxRef><Amt><InstdAmt Ccy="KZT">1.234</InstdAmt></Amt></OrgnlTxRef>'))]).replace('<OrgnlMsgId>MSG-1</OrgnlMsgId>', '');
    const r = await read002(xml);
    expect(r.issues.map((i) => `${i.severity} ${i.code} ${i.field}`)).toEqual([
      'warning FMT_BAD_VALUE Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]/TxInfAndSts[1]/OrgnlTxRef/Amt/InstdAmt',
      'error FMT_REQUIRED_KEY Document/CstmrPmtStsRpt/OrgnlGrpInfAndSts/OrgnlMsgId',
      'warning FMT_BAD_VALUE Document/CstmrPmtStsRpt/OrgnlGrpInfAndSts/GrpSts',
    ]);
    expect(r.reports[0]).toMatchObject({ originalMessageId: '', groupStatus: 'rjct' });
  });

  it('a broken report yields no report (a rejection further down must not go missing), only the XML error', async () => {
    const xml = report('03', '<GrpSts>ACCP</GrpSts>', [pmt('P1', '<PmtInfSts>ACCP</PmtInfSts>', txi('E1', '<TxSts>ACCP</TxSts>'))]);
    const r = await read002(xml.slice(0, xml.length - 30));
    expect(r.reports).toEqual([]);
    expect(errors(r.issues).map((i) => i.code)).toEqual(['FMT_SYNTAX']);
    const dtd = await read002(xml.replace('<Document', '<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document'));
    expect(dtd.reports).toEqual([]);
    expect(dtd.issues.map((i) => i.code)).toEqual(['FMT_SYNTAX']);
    const notReport = await read002('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>');
    expect(notReport.reports).toEqual([]);
    expect(notReport.issues.map((i) => i.code)).toEqual(['FMT_REQUIRED_KEY']);
  });

  it('transactionStates works on a report built by hand (no transactions, no statuses at all)', () => {
    const rep: StatusReport = { messageId: 'M', originalMessageId: 'O', groupReasons: [], payments: [{ paymentInfoId: 'P', reasons: [], transactions: [{ reasons: [], endToEndId: 'E' }] }] };
    expect(transactionStates(rep)).toEqual([{ endToEndId: 'E', paymentInfoId: 'P', state: 'received', reason: null }]);
  });
});
