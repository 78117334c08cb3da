// camt reader unit cases on small synthetic messages: batch bookings, several statements, reversals, pending entries,
// namespaces, decimals, refused DTDs, KNP location, checks with line and XML path.
import { describe, expect, it } from 'vitest';
import { camtFormatOf, CAMT_FORMATS } from '../../../plugins/format-iso20022/camt/index.ts';
import { bal, camtXml, ntry, readBytes, stmt } from './helpers.ts';

const party = (role: 'Dbtr' | 'Cdtr', name: string, iban: string, v2 = false) =>
  v2 ? `<${role}><Nm>${name}</Nm></${role}><${role}Acct><Id><IBAN>${iban}</IBAN></Id></${role}Acct>` : `<${role}><Pty><Nm>${name}</Nm></Pty></${role}><${role}Acct><Id><IBAN>${iban}</IBAN></Id></${role}Acct>`;

describe('readCamt', () => {
  it('reads a statement: account, period, balances, entry with counterparty, references, code and KNP', async () => {
    const details = `<NtryDtls><TxDtls><Refs><InstrId>77</InstrId><EndToEndId>E2E-1</EndToEndId></Refs><RltdPties>${party('Dbtr', 'ТОО Плательщик', 'KZ926010131000123456')}<UltmtDbtr><Pty><Nm>Фактический плательщик</Nm></Pty></UltmtDbtr>${party('Cdtr', 'Мы', 'KZ86125KZT5004100100')}</RltdPties><RltdAgts><DbtrAgt><FinInstnId><BICFI>HSBKKZKX</BICFI><Nm>Halyk</Nm></FinInstnId></DbtrAgt></RltdAgts><Purp><Prtry>710</Prtry></Purp><RmtInf><Ustrd>Оплата по счёту 5</Ustrd></RmtInf></TxDtls></NtryDtls>`;
    const xml = camtXml(stmt(bal('OPBD', '1000.00') + bal('CLBD', '1150.50') + ntry('150.50', 'CRDT', '', { details })));
    const r = await readBytes(xml);
    expect(r.errors).toEqual([]);
    expect(r.statements).toHaveLength(1);
    const st = r.statements[0]!;
    expect(st).toMatchObject({ account: 'KZ86125KZT5004100100', currency: 'KZT', from: '2026-01-15', to: '2026-01-15', kind: 'statement', balancesStated: true, id: 'S1' });
    expect(st.openingBalance).toEqual({ minor: 100000n, currency: 'KZT' });
    expect(st.closingBalance).toEqual({ minor: 115050n, currency: 'KZT' });
    expect(st.totalCredits.minor).toBe(15050n);
    const op = st.operations[0]!;
    expect(op).toMatchObject({ date: '2026-01-15', valueDate: '2026-01-15', direction: 'credit', number: '77', knp: '710', purpose: 'Оплата по счёту 5', ownAccount: 'KZ86125KZT5004100100' });
    expect(op.counterparty).toEqual({ name: 'ТОО Плательщик', iban: 'KZ926010131000123456', bic: 'HSBKKZKX', bankName: 'Halyk' });
    expect(op.ultimateCounterparty).toEqual({ name: 'Фактический плательщик' });
    expect(op.references).toEqual({ instructionId: '77', endToEndId: 'E2E-1' });
    expect(op.bankTransactionCode).toEqual({ domain: 'PMNT', family: 'RCDT', subFamily: 'DMCT' });
    expect(op.status).toBeUndefined();
  });

  it('checks every date, also one written like an earlier value of ten characters (a name shared across entries)', async () => {
    const details = `<NtryDtls><TxDtls><RltdPties>${party('Dbtr', '2026-13-45', 'KZ926010131000123456')}</RltdPties></TxDtls></NtryDtls>`;
    const second = ntry('1', 'CRDT').replace('<BookgDt><Dt>2026-01-15</Dt></BookgDt>', '<BookgDt><Dt>2026-13-45</Dt></BookgDt>');
    const r = await readBytes(camtXml(stmt(bal('OPBD', '10') + bal('CLBD', '16') + ntry('5', 'CRDT', '', { details }) + second)));
    expect(r.statements[0]!.operations[0]!.counterparty.name).toBe('2026-13-45');
    expect(r.errors).toEqual([expect.objectContaining({ field: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/BookgDt/Dt' })]);
    expect(r.statements[0]!.operations[1]!.date).toBe('2026-01-15');
  });

  it('takes the creditor as the counterparty of a debit (V02 party structure, BIC)', async () => {
    const details = `<NtryDtls><TxDtls><RltdPties>${party('Dbtr', 'Мы', 'KZ86125KZT5004100100', true)}${party('Cdtr', 'Получатель', 'KZ926010131000123456', true)}</RltdPties><RltdAgts><CdtrAgt><FinInstnId><BIC>KCJBKZKX</BIC></FinInstnId></CdtrAgt></RltdAgts></TxDtls></NtryDtls>`;
    const r = await readBytes(camtXml(stmt(bal('OPBD', '100') + bal('CLBD', '90') + ntry('10', 'DBIT', '', { v2: true, details })), { version: '02' }));
    expect(r.errors).toEqual([]);
    expect(r.statements[0]!.operations[0]!.counterparty).toEqual({ name: 'Получатель', iban: 'KZ926010131000123456', bic: 'KCJBKZKX' });
  });

  it('keeps each transaction of a batch booking', async () => {
    const tx = (amt: string, name: string, e2e: string) => `<TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs><Amt Ccy="KZT">${amt}</Amt><CdtDbtInd>DBIT</CdtDbtInd><RltdPties>${party('Cdtr', name, 'KZ926010131000123456')}</RltdPties><RmtInf><Ustrd>Зарплата ${name}</Ustrd></RmtInf></TxDtls>`;
    const details = `<NtryDtls><Btch><PmtInfId>PAY-1</PmtInfId><NbOfTxs>3</NbOfTxs></Btch>${tx('100.00', 'А', 'e1')}${tx('200.00', 'Б', 'e2')}${tx('300.00', 'В', 'e3')}</NtryDtls>`;
    const r = await readBytes(camtXml(stmt(bal('OPBD', '1000') + bal('CLBD', '400') + ntry('600.00', 'DBIT', '', { details }) )));
    expect(r.errors).toEqual([]);
    const op = r.statements[0]!.operations[0]!;
    expect(op.transactions).toHaveLength(3);
    expect(op.transactions![1]).toEqual({ amount: { minor: 20000n, currency: 'KZT' }, direction: 'debit', counterparty: { name: 'Б', iban: 'KZ926010131000123456' }, purpose: 'Зарплата Б', references: { endToEndId: 'e2' } });
    expect(op.references).toEqual({ paymentInfoId: 'PAY-1' });
    expect(op.counterparty).toEqual({ name: '' });
  });

  it('reads several Stmt of one file as separate statements, each after its own issues', async () => {
    const xml = camtXml(
      stmt(bal('OPBD', '10') + bal('CLBD', '15') + ntry('5', 'CRDT'), { id: 'A' }) + '\n' + stmt(bal('OPBD', '10') + bal('CLBD', '99') + ntry('1', 'DBIT') + ntry('2', 'DBIT'), { id: 'B', account: 'KZ926010131000123456' }),
    );
    const r = await readBytes(xml);
    expect(r.statements.map((s) => [s.id, s.account, s.operations.length])).toEqual([['A', 'KZ86125KZT5004100100', 1], ['B', 'KZ926010131000123456', 2]]);
    expect(r.lines[1]).toBeGreaterThan(r.lines[0]!);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'FMT_TOTALS_MISMATCH', field: 'Document/BkToCstmrStmt/Stmt[2]/Bal[2]' });
    expect(r.errors[0]!.line).toBeGreaterThan(1);
    expect(r.errors[0]!.message).toContain('opening 10.00 + booked credits 0.00 − booked debits 3.00 = 7.00');
    expect(r.errors[0]!.text?.ru).toContain('остатки не сходятся');
  });

  it('counts a reversal by its CdtDbtInd and keeps the mark', async () => {
    const r = await readBytes(camtXml(stmt(bal('OPBD', '100') + bal('CLBD', '80') + ntry('20', 'DBIT', '<RvslInd>true</RvslInd>'))));
    expect(r.errors).toEqual([]);
    expect(r.statements[0]!.operations[0]).toMatchObject({ reversal: true, direction: 'debit' });
  });

  it('keeps pending entries out of the totals and the reconciliation', async () => {
    const r = await readBytes(camtXml(stmt(bal('OPBD', '100') + bal('CLBD', '150') + ntry('50', 'CRDT') + ntry('999', 'CRDT', '', { sts: 'PDNG' }) + ntry('7', 'DBIT', '', { sts: 'INFO' }))));
    expect(r.errors).toEqual([]);
    const st = r.statements[0]!;
    expect(st.operations.map((o) => o.status)).toEqual([undefined, 'pending', 'info']);
    expect(st.totalCredits.minor).toBe(5000n);
    expect(st.totalDebits.minor).toBe(0n);
  });

  it('takes a status named like an Object.prototype member as an unknown one (information only, warned)', async () => {
    const r = await readBytes(camtXml(stmt(bal('OPBD', '100') + bal('CLBD', '150') + ntry('50', 'CRDT') + ntry('7', 'CRDT', '', { sts: 'constructor' }))));
    expect(r.statements[0]!.operations.map((o) => o.status)).toEqual([undefined, 'info']);
  });

  it('reads a message without a namespace by local names', async () => {
    const xml = camtXml(stmt(bal('OPBD', '1') + bal('CLBD', '2') + ntry('1', 'CRDT', '', { v2: true })), { ns: null });
    const r = await readBytes(xml);
    expect(r.errors).toEqual([]);
    expect(r.statements[0]!.operations).toHaveLength(1);
  });

  it('reads prefixed elements (ns0:Document)', async () => {
    const xml = camtXml(stmt(bal('OPBD', '1') + bal('CLBD', '2') + ntry('1', 'CRDT')))
      .replace(/<(\/?)([A-Za-z])/g, '<$1c:$2')
      .replace('<c:Document xmlns=', '<c:Document xmlns:c=');
    const r = await readBytes(xml);
    expect(r.errors).toEqual([]);
    expect(r.statements[0]!.closingBalance.minor).toBe(200n);
  });

  it('normalises trailing zeros (18.150 EUR = 18.15) but refuses digits beyond the currency (18.155 EUR), reads 3-decimal currencies', async () => {
    const ok = await readBytes(camtXml(stmt(bal('OPBD', '18.150', 'EUR') + bal('CLBD', '27.00000', 'EUR') + ntry('8.850', 'CRDT', '', { ccy: 'EUR' }), { ccy: 'EUR' })));
    expect(ok.errors).toEqual([]);
    expect(ok.statements[0]!.openingBalance).toEqual({ minor: 1815n, currency: 'EUR' });
    expect(ok.statements[0]!.operations[0]!.amount).toEqual({ minor: 885n, currency: 'EUR' });
    const bad = await readBytes(camtXml(stmt(bal('OPBD', '18.155', 'EUR') + bal('CLBD', '18.15', 'EUR'), { ccy: 'EUR' })));
    expect(bad.errors.map((e) => e.code)).toContain('FMT_TOO_MANY_DECIMALS');
    expect(bad.errors[0]!.field).toBe('Document/BkToCstmrStmt/Stmt[1]/Bal[1]/Amt');
    const kwd = await readBytes(camtXml(stmt(bal('OPBD', '1.234', 'KWD') + bal('CLBD', '2.235', 'KWD') + ntry('1.001', 'CRDT', '', { ccy: 'KWD' }), { ccy: 'KWD' })));
    expect(kwd.errors).toEqual([]);
    expect(kwd.statements[0]!.closingBalance).toEqual({ minor: 2235n, currency: 'KWD' });
    const neg = await readBytes(camtXml(stmt(bal('OPBD', '-1') + bal('CLBD', '1,5'))));
    expect(neg.errors.map((e) => e.code)).toEqual(['FMT_BAD_VALUE', 'FMT_BAD_VALUE']);
  });

  it('refuses a DOCTYPE, an entity and broken XML with one error carrying the line, never throwing', async () => {
    const doctype = camtXml(stmt(bal('OPBD', '1')), { prolog: '<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' });
    const d = await readBytes(doctype);
    expect(d.statements).toEqual([]);
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatchObject({ code: 'FMT_SYNTAX', line: 2 });
    expect(d.errors[0]!.message).toMatch(/DOCTYPE/);
    const entity = await readBytes(camtXml(stmt(`<AddtlStmtInf>&x;</AddtlStmtInf>`)));
    expect(entity.errors).toHaveLength(1);
    expect(entity.errors[0]!.code).toBe('FMT_SYNTAX');
    const cut = camtXml(stmt(bal('OPBD', '1') + bal('CLBD', '1'))).slice(0, 300);
    const c = await readBytes(cut);
    expect(c.errors).toHaveLength(1);
    expect(['FMT_SYNTAX', 'FMT_UNEXPECTED_EOF']).toContain(c.errors[0]!.code);
    const notCamt = await readBytes('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>');
    expect(notCamt.errors.map((e) => e.code)).toEqual(['FMT_UNKNOWN']);
  });

  it('reads camt.052 as intraday (closing ITBD) and camt.054 as notifications without balances', async () => {
    const rpt = await readBytes(camtXml(stmt(bal('PRCD', '10') + bal('ITBD', '12') + ntry('2', 'CRDT'), { tag: 'Rpt' }), { message: '052' }));
    expect(rpt.errors).toEqual([]);
    expect(rpt.statements[0]).toMatchObject({ kind: 'intraday', balancesStated: true, closingBalance: { minor: 1200n, currency: 'KZT' } });
    const ntf = await readBytes(camtXml(stmt(ntry('2', 'CRDT'), { tag: 'Ntfctn' }), { message: '054', version: '02' }));
    expect(ntf.errors).toEqual([]);
    expect(ntf.statements[0]).toMatchObject({ kind: 'notification', balancesStated: false, openingBalance: { minor: 0n, currency: 'KZT' } });
    expect(ntf.statements[0]!.operations).toHaveLength(1);
  });

  it('checks TxsSummry against the entries', async () => {
    const sum = (n: number, s: string) => `<TxsSummry><TtlNtries><NbOfNtries>${n}</NbOfNtries><Sum>${s}</Sum></TtlNtries></TxsSummry>`;
    const good = await readBytes(camtXml(stmt(bal('OPBD', '0') + bal('CLBD', '3') + sum(2, '5') + ntry('4', 'CRDT') + ntry('1', 'DBIT'))));
    expect(good.errors).toEqual([]);
    const bad = await readBytes(camtXml(stmt(bal('OPBD', '0') + bal('CLBD', '3') + sum(3, '5') + ntry('4', 'CRDT') + ntry('1', 'DBIT'))));
    expect(bad.errors.map((e) => [e.code, e.field])).toEqual([['FMT_TOTALS_MISMATCH', 'Document/BkToCstmrStmt/Stmt[1]/TxsSummry/TtlNtries/NbOfNtries']]);
  });

  it('reports missing required elements and entries in another currency', async () => {
    const r = await readBytes(camtXml(`<Stmt><Id>X</Id><Acct><Id/></Acct>${bal('OPBD', '1')}${bal('CLBD', '1')}<Ntry><CdtDbtInd>CRDT</CdtDbtInd></Ntry>${ntry('1', 'CRDT', '', { ccy: 'USD' })}</Stmt>`));
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([
      ['FMT_REQUIRED_KEY', 'Document/BkToCstmrStmt/Stmt[1]/Acct/Id'],
      ['FMT_REQUIRED_KEY', 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt'],
      ['FMT_BAD_VALUE', 'Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt/@Ccy'],
    ]);
    expect(r.statements).toHaveLength(1);
  });

  it('reads the KNP from Purp/Prtry or the remittance text, as configured', async () => {
    const details = (purp: string, text: string) => `<NtryDtls><TxDtls>${purp}<RmtInf><Ustrd>${text}</Ustrd></RmtInf></TxDtls></NtryDtls>`;
    const xml = camtXml(stmt(bal('OPBD', '0') + bal('CLBD', '3') + ntry('1', 'CRDT', '', { details: details('<Purp><Prtry>710</Prtry></Purp>', '/KNP/119/ оплата') }) + ntry('2', 'CRDT', '', { details: details('', 'КНП: 311 зарплата') })));
    const byDefault = await readBytes(xml);
    expect(byDefault.statements[0]!.operations.map((o) => o.knp)).toEqual(['710', '311']);
    const remittance = await readBytes(xml, { knp: { from: ['remittance'] } });
    expect(remittance.statements[0]!.operations.map((o) => o.knp)).toEqual(['119', '311']);
    const purposeOnly = await readBytes(xml, { knp: { from: ['purpose'] } });
    expect(purposeOnly.statements[0]!.operations.map((o) => o.knp)).toEqual(['710', undefined]);
  });

  it('maps root elements to format ids', () => {
    const el = (ns: string, children: { name: string }[] = []) => ({ name: 'Document', ns, children: children as never });
    expect(camtFormatOf(el('urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'))).toBe('iso20022.camt.053.001.08');
    expect(camtFormatOf(el('urn:iso:std:iso:20022:tech:xsd:camt.052.001.02'))).toBe('iso20022.camt.052.001.02');
    expect(camtFormatOf(el('urn:iso:std:iso:20022:tech:xsd:camt.054.001.04'))).toBe('iso20022.camt.054.001.02');
    expect(camtFormatOf(el('urn:iso:std:iso:20022:tech:xsd:camt.054.001.10'))).toBe('iso20022.camt.054.001.08');
    expect(camtFormatOf(el('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09'))).toBeNull();
    expect(camtFormatOf(el(''))).toBeNull();
    expect(camtFormatOf(el('', [{ name: 'BkToCstmrStmt' }]))).toBe('iso20022.camt.053.001.02');
    expect(CAMT_FORMATS).toHaveLength(6);
  });
});
