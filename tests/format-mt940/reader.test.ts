// The reader on the tricky cases of MT940/MT942, each with a small message written here (no corpus content).
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detect, formatMt940, parseMt940, readMt940 } from '../../plugins/format-mt940/index.ts';
import { ascii, collect, memoryFile, testContext } from './helpers.ts';

const msg = (...lines: string[]) => lines.join('\r\n');
const BASE = [':20:REF1', ':25:KZ86125KZT5004100100', ':28C:1/1', ':60F:C250114KZT1000,00'];
const read = (text: string, options = {}) => parseMt940(typeof text === 'string' ? ascii(text) : text, options);
const errors = (r: ReturnType<typeof parseMt940>) => r.issues.filter((i) => i.severity === 'error');
const first = (r: ReturnType<typeof parseMt940>) => r.statements[0]!.statement;

describe(':61: statement line', () => {
  it('reads value date, entry date, mark, funds code, amount, type, both references and supplementary details', () => {
    const r = read(msg(...BASE, ':61:2501150116CK250,50NTRFPO-17//BNK-991', 'SUPPLEMENTARY', ':62F:C250115KZT1250,50'));
    expect(errors(r)).toEqual([]);
    expect(first(r).operations[0]).toMatchObject({
      valueDate: '2025-01-15',
      date: '2025-01-16',
      direction: 'credit',
      amount: { minor: 25050n, currency: 'KZT' },
      references: { customer: 'PO-17', accountServicer: 'BNK-991' },
      bankTransactionCode: { proprietary: 'NTRF', issuer: 'SWIFT' },
      purpose: 'SUPPLEMENTARY',
    });
  });

  it('RC is a reversed credit (money out), RD a reversed debit (money in); both reconcile', () => {
    const r = read(msg(...BASE, ':61:250115RC100,NMSCNONREF', ':61:250115RD40,NMSCNONREF', ':62F:C250115KZT940,00'));
    expect(errors(r)).toEqual([]);
    expect(first(r).operations.map((o) => [o.direction, o.reversal])).toEqual([
      ['debit', true],
      ['credit', true],
    ]);
  });

  it("'CR2,00' without an entry date is C plus funds code R, not a date", () => {
    const r = read(msg(...BASE, ':61:250115CR2,00NTRFNONREF', ':62F:C250115KZT1002,00'));
    expect(errors(r)).toEqual([]);
    expect(first(r).operations[0]).toMatchObject({ date: '2025-01-15', direction: 'credit', amount: { minor: 200n } });
  });

  it('entry date MMDD rolls over the year: value 31 Dec 2024, entry 0102 → 2 Jan 2025', () => {
    const r = read(msg(':20:R', ':25:A', ':28C:1', ':60F:C241231KZT0,', ':61:2412310102D1,NTRFNONREF', ':62F:D250102KZT1,'));
    expect(first(r).operations[0]).toMatchObject({ valueDate: '2024-12-31', date: '2025-01-02' });
    expect(errors(r)).toEqual([]);
  });

  it('30 February is read as the last day of February with a warning', () => {
    const r = read(msg(...BASE, ':61:2502300228C1,NTRFNONREF', ':62F:C250228KZT1001,'));
    expect(first(r).operations[0]!.valueDate).toBe('2025-02-28');
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'FMT_BAD_DATE', severity: 'warning', line: 5, field: ':61:' }));
  });

  it('a bad :61: is an error naming the line and the tag, and the entry is dropped', () => {
    const r = read(msg(...BASE, ':61:XX0115D1,NTRF', ':62F:C250115KZT1000,00'));
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', line: 5, field: ':61:' })]);
    expect(first(r).operations).toEqual([]);
  });
});

describe('balances and checks', () => {
  it('opening + credits − debits ≠ closing is FMT_TOTALS_MISMATCH on the :62F: line, with the expected value', () => {
    const r = read(msg(...BASE, ':61:250115D100,NTRFNONREF', ':62F:C250115KZT1000,00'));
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'FMT_TOTALS_MISMATCH', line: 6, field: ':62F:', expected: '900.00' })]);
    expect(errors(r)[0]!.text!.ru).toContain('входящий остаток');
  });

  it('a balance in another currency is FMT_BAD_VALUE', () => {
    const r = read(msg(...BASE, ':62F:C250115USD1000,00'));
    expect(errors(r)).toContainEqual(expect.objectContaining({ code: 'FMT_BAD_VALUE', field: ':62F:', expected: 'KZT' }));
  });

  it('missing :62F: and :25: are FMT_REQUIRED_KEY errors', () => {
    const r = read(msg(':20:R', ':28C:1', ':60F:C250114KZT1,'));
    expect(errors(r).map((i) => [i.code, i.field])).toEqual([
      ['FMT_REQUIRED_KEY', ':25:'],
      ['FMT_REQUIRED_KEY', ':62F:'],
    ]);
  });

  it('too many decimals for the currency is FMT_TOO_MANY_DECIMALS; JPY takes none, KWD three', () => {
    expect(errors(read(msg(...BASE, ':62F:C250115KZT1000,001')))).toContainEqual(expect.objectContaining({ code: 'FMT_TOO_MANY_DECIMALS' }));
    const jpy = read(msg(':20:R', ':25:A', ':28C:1', ':60F:C250114JPY1000,', ':62F:C250115JPY1000,00'));
    expect(errors(jpy)).toEqual([]);
    expect(first(jpy).closingBalance).toEqual({ minor: 1000n, currency: 'JPY' });
    expect(first(read(msg(':20:R', ':25:A', ':28C:1', ':60F:C250114KWD1,234', ':62F:C250115KWD1,234'))).openingBalance.minor).toBe(1234n);
  });

  it(':60M:/:62M: are intermediate; :64: and :65: go into balances; a debit balance is negative', () => {
    const r = read(msg(':20:R', ':25:A', ':28C:5/2', ':60M:D250114KZT10,', ':61:250115C10,NTRFNONREF', ':62M:C250115KZT0,', ':64:C250115KZT0,', ':65:C250116KZT5,'));
    expect(errors(r)).toEqual([]);
    const st = first(r);
    expect(st.sequence).toBe('5/2');
    expect(st.openingBalance.minor).toBe(-1000n);
    expect(st.balances!.map((b) => [b.type, b.amount.minor, b.date, b.intermediate ?? false])).toEqual([
      ['OPBD', -1000n, '2025-01-14', true],
      ['CLBD', 0n, '2025-01-15', true],
      ['CLAV', 0n, '2025-01-15', false],
      ['FWAV', 500n, '2025-01-16', false],
    ]);
  });
});

describe(':86: details', () => {
  it('German ?-subfields: purpose ?20–?29, BIC ?30, account ?31, name ?32/?33, SEPA EREF+/MREF+/SVWZ+', () => {
    const r = read(msg(...BASE, ':61:250115C1,NTRFNONREF', ':86:166?00SEPA-GUTSCHRIFT?109075?20EREF+E2E-1 MREF+M-7 SVWZ+Rec', 'hnung 5?21 vom Januar?30DEUTDEFFXXX?31DE89370400440532013000?32MUSTER', 'MANN GMBH', ':62F:C250115KZT1001,'));
    const op = first(r).operations[0]!;
    expect(op).toMatchObject({ purpose: 'Rechnung 5 vom Januar', counterparty: { name: 'MUSTERMANN GMBH', bic: 'DEUTDEFFXXX', iban: 'DE89370400440532013000' }, references: { endToEndId: 'E2E-1', mandateId: 'M-7' } });
    expect(op.additionalInfo).toContain('?00SEPA-GUTSCHRIFT'); // ?00 / ?10 are not mapped: the raw text is kept
  });

  it('slash tags incl. the KZ ones (/NAME/ /IDN/ /IRS/ /SECO/ /KNP/ /NUM/ /DATE/ /ASSIGN/) and /OCMT/ /CHGS/', () => {
    const r = read(msg(...BASE, ':61:250115D1,NTRFNONREF', ':86:/NUM/117/DATE/250114/KNP/710/NAME/TOO ALMATY/IDN/123456789012/IRS/1/SE', 'CO/7/OCMT/USD2,50/CHGS/KZT0,10/ASSIGN/Arenda', ':62F:C250115KZT999,'));
    expect(first(r).operations[0]).toMatchObject({
      number: '117',
      documentDate: '2025-01-14',
      knp: '710',
      purpose: 'Arenda',
      counterparty: { name: 'TOO ALMATY', binIin: '123456789012', code: '17' },
      originalAmount: { minor: 250n, currency: 'USD' },
      charges: { minor: 10n, currency: 'KZT' },
    });
    expect(first(r).operations[0]!.additionalInfo).toBeUndefined(); // every tag mapped
  });

  it('free text: purpose is the text, additionalInfo the text as received; a line starting with :KO: is text, not a tag', () => {
    const r = read(msg(...BASE, ':61:250115C1,NTRFNONREF', ':86:Oplata po schetu 5', ':KO:NR:44', ':62F:C250115KZT1001,'));
    const op = first(r).operations[0]!;
    expect(op.purpose).toBe('Oplata po schetu 5 :KO:NR:44');
    expect(op.additionalInfo).toBe('Oplata po schetu 5\n:KO:NR:44');
  });

  it(':86: after :62F: is statement information; a continuation line starting with "-" stays in the text', () => {
    const r = read(msg(...BASE, ':61:250115C1,NTRFNONREF', ':86:entry', '-more', ':62F:C250115KZT1001,', ':86:statement note'));
    expect(first(r).operations[0]!.additionalInfo).toBe('entry\n-more');
    expect(first(r).additionalInfo).toBe('statement note');
  });
});

describe('dialects', () => {
  it('SWIFT blocks: servicer BIC from an output block 2, several messages, trailer blocks skipped', () => {
    const one = (ref: string) => ['{1:F01CLIENTKZAXXX0000000000}{2:O9401200250115HSBKKZKXAXXX00000000002501151200N}{3:{108:X}}{4:', `:20:${ref}`, ':25:A', ':28C:1', ':60F:C250114KZT0,', ':62F:C250115KZT0,', '-}{5:{CHK:1}}'];
    const r = read(msg(...one('A'), ...one('B')));
    expect(errors(r)).toEqual([]);
    expect(r.statements.map((s) => [s.statement.id, s.statement.servicerBic, s.line])).toEqual([
      ['A', 'HSBKKZKX', 1],
      ['B', 'HSBKKZKX', 8],
    ]);
  });

  it("':25:' with a BIC prefix gives the servicer BIC; LF, CR and @@ line breaks read alike", () => {
    const lines = [':20:R', ':25:HSBKKZKX/KZ86125KZT5004100100', ':28C:1', ':60F:C250114KZT0,', ':62F:C250115KZT0,'];
    for (const sep of ['\n', '\r', '@@']) {
      const st = first(read(lines.join(sep)));
      expect([st.account, st.servicerBic]).toEqual(['KZ86125KZT5004100100', 'HSBKKZKX']);
    }
  });

  it('charsets: UTF-8 with a BOM, latin1 by default, CP852 when configured', () => {
    const text = msg(...BASE, ':61:250115C1,NTRFNONREF', ':86:Überweisung Łódź', ':62F:C250115KZT1001,');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(read(bom as unknown as string)).toMatchObject({ encoding: 'utf-8' });
    expect(first(read(bom as unknown as string)).operations[0]!.purpose).toBe('Überweisung Łódź');
    const cp852 = iconv.encode(text, 'cp852');
    expect(parseMt940(cp852).encoding).toBe('iso-8859-1');
    const r = parseMt940(cp852, { charset: 'cp852' });
    expect([r.encoding, first(r).operations[0]!.purpose]).toEqual(['ibm852', 'Überweisung Łódź']);
  });

  it('MT942: kind intraday, no stated balances, :13D: date-time, :34F: limit, :90D:/:90C: checked', () => {
    const r = read(msg(':20:R', ':25:A', ':28C:1', ':34F:KZTD0,', ':13D:2501151030+0500', ':61:250115D5,NTRFNONREF', ':61:250115C7,NTRFNONREF', ':90D:1KZT5,', ':90C:1KZT8,'));
    const st = first(r);
    expect([st.kind, st.balancesStated, st.createdAt, st.from, st.to]).toEqual(['intraday', false, '2025-01-15T10:30:00+05:00', '2025-01-15', '2025-01-15']);
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'FMT_TOTALS_MISMATCH', field: ':90C:', line: 9 })]);
  });

  it('text outside a message is a warning; random text gives FMT_SYNTAX, never a throw', () => {
    const r = read(msg('PROPRIETARY HEADER', ...BASE, ':62F:C250115KZT1000,00'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', severity: 'warning', line: 1 })]);
    expect(errors(read('hello world'))).toEqual([expect.objectContaining({ code: 'FMT_SYNTAX', line: 1 })]);
  });
});

describe('plugin', () => {
  it('detects MT940 and MT942, not 1C or XML', () => {
    const d = (s: string) => detect({ name: 'x', head: ascii(s), size: s.length });
    expect(d(msg(...BASE))).toBe('swift.mt940');
    expect(d('{1:F01X}{2:O942123}{4:\r\n:20:X')).toBe('swift.mt942');
    expect(d(msg(':20:R', ':25:A', ':28C:1', ':34F:KZT0,', ':13D:2501151030'))).toBe('swift.mt942');
    expect(d('1CClientBankExchange\r\n:20:X\r\n:25:Y')).toBeNull();
    expect(d('<?xml version="1.0"?><Document>:20:</Document>')).toBeNull();
    expect(d('just text')).toBeNull();
  });

  it('parse refuses the file with one FMT_STATEMENT_NOT_ORDERS; readStatements streams meta, issues and statements', async () => {
    const bytes = ascii(msg(...BASE, ':62F:C250115KZT1000,00'));
    const refused = await collect(formatMt940.parse(memoryFile(bytes), 'swift.mt940', testContext()));
    expect(refused).toEqual([expect.objectContaining({ type: 'issue', code: 'FMT_STATEMENT_NOT_ORDERS', severity: 'error' })]);
    const items = await collect(formatMt940.readStatements(memoryFile(bytes, 5), 'swift.mt940', testContext()));
    expect(items.map((i) => i.type)).toEqual(['meta', 'statement']);
    const direct = await collect(readMt940(bytes));
    expect(direct).toEqual(items);
    expect(formatMt940.contents).toEqual({ 'swift.mt940': 'statements', 'swift.mt942': 'statements' });
  });
});
