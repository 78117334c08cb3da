// The JSON document format: every kind a file may carry maps to the canonical model (money as bigint minor units), the
// API's view of a document reads back, and each bad field is an FMT_ issue with its line, JSON path and expectation —
// kept at the file (never attached to a neighbouring document, even in a one-line file).
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../gateway/core/issue.ts';
import { documentJson } from '../../gateway/core/model/document-json.ts';
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import type { ParseItem } from '../../gateway/core/plugin.ts';
import { checkFile } from '../../gateway/pipeline/check.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { detect, formatJson, FORMAT_JSON } from '../../plugins/format-json/index.ts';
import { collect, inbound } from '../conformance/format.conformance.ts';
import { jsonFile, jsonPayment } from '../fixtures/gen-json.ts';

const parse = async (text: string | Uint8Array) => collect(formatJson, inbound('p.json', typeof text === 'string' ? Buffer.from(text, 'utf8') : text), FORMAT_JSON);
const docs = (items: ParseItem[]) => items.flatMap((i) => (i.type === 'document' ? [i] : []));
const issues = (items: ParseItem[]) => items.flatMap((i): Issue[] => (i.type === 'issue' ? [i] : []));
/** code, line, field of each issue */
const where = (items: ParseItem[]) => issues(items).map((i) => [i.code, i.line, i.field]);

/** Line (1-based) of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('bankgate.document.v1 (plugins/format-json)', () => {
  it('reads payment orders into canonical documents: bigint money, parties, the line each starts on', async () => {
    const text = jsonFile([jsonPayment(101), { ...jsonPayment(102), currency: 'USD', amount: '12.5', priority: '50', actual_payer: { name: 'Филиал' } }]);
    const items = await parse(text);
    expect(issues(items)).toEqual([]);
    expect(items[0]).toEqual({ type: 'meta', encoding: 'utf-8' });
    const [a, b] = docs(items);
    expect(a!.line).toBe(lineOf(text, '"kind"') - 1);
    expect(a!.document).toMatchObject({
      kind: 'payment',
      number: '101',
      amount: { minor: expect.any(BigInt), currency: 'KZT' },
      payer: { name: 'ТОО "Пример Логистик"', binIin: '150140001239', iban: 'KZ90601A861000012345', bic: 'HSBKKZKX', code: '17', bankName: 'АО "Народный Банк Казахстана"' },
      knp: '710',
    });
    expect(b!.document).toMatchObject({ amount: { minor: 1250n, currency: 'USD' }, priority: '50', actualPayer: { name: 'Филиал' } });
    expect(b!.line).toBeGreaterThan(a!.line!);
  });

  it('reads every kind a file may carry: budget with KBK, lists with rows, FX payments with charges', async () => {
    const rows = [{ iin: '900101300014', last_name: 'Иванов', first_name: 'Иван', amount: '100.00', period: '2025-01', birth_date: '1990-01-01', account: 'KZ001' }];
    const items = await parse(
      jsonFile([
        { ...jsonPayment(1), kind: 'budget', kbk: '101201' },
        { ...jsonPayment(2), kind: 'pension', scheme: 'OPV', amount: '100.00', rows },
        { ...jsonPayment(3), kind: 'medical', scheme: 'VOSMS', amount: '100.00', rows },
        { ...jsonPayment(4), kind: 'social', amount: '100.00', rows },
        { ...jsonPayment(5), kind: 'salary', amount: '100.00', rows },
        { ...jsonPayment(6), kind: 'fx-payment', currency: 'USD', charges: 'SHA', intermediary_bic: 'CHASUS33', contract_number: 'K-1' },
      ]),
    );
    expect(issues(items)).toEqual([]);
    const d = docs(items).map((x) => x.document as CanonicalDocument & Record<string, unknown>);
    expect(d.map((x) => x.kind)).toEqual(['budget', 'pension', 'medical', 'social', 'salary', 'fx-payment']);
    expect(d[0]).toMatchObject({ kbk: '101201' });
    expect(d[1]).toMatchObject({ scheme: 'OPV', rows: [{ iin: '900101300014', lastName: 'Иванов', firstName: 'Иван', amount: { minor: 10000n, currency: 'KZT' }, period: '2025-01', birthDate: '1990-01-01', account: 'KZ001', line: expect.any(Number) }] });
    expect(d[2]).toMatchObject({ scheme: 'VOSMS' });
    expect(d[5]).toMatchObject({ charges: 'SHA', intermediaryBic: 'CHASUS33', contractNumber: 'K-1' });
  });

  it("reads back the API's view of a document (GET /api/v1/documents/{id}), nulls included", async () => {
    const first = docs(await parse(jsonFile([jsonPayment(7)])))[0]!.document;
    const view = documentJson(first);
    expect(view).toMatchObject({ kbk: null, rows: null, amount: expect.any(String) });
    const again = docs(await parse(jsonFile([view])));
    expect(again).toHaveLength(1);
    expect(documentJson(again[0]!.document)).toEqual(view);
  });

  it('reports each bad field with its line, JSON path and what was expected; the document is kept back', async () => {
    const bad = { ...jsonPayment(8), amount: 1500.5, date: '15.01.2025', currency: 'kzt', valuedate: '2025-01-15', payer: { name: 'X' } };
    const text = jsonFile([bad]);
    const items = await parse(text);
    expect(docs(items)).toEqual([]);
    const found = issues(items);
    expect(where(items)).toEqual(
      expect.arrayContaining([
        ['FMT_UNKNOWN_KEY', lineOf(text, '"valuedate"'), 'documents[0].valuedate'],
        ['FMT_BAD_VALUE', lineOf(text, '"15.01.2025"'), 'documents[0].date'],
        ['FMT_BAD_VALUE', lineOf(text, '"kzt"'), 'documents[0].currency'],
        ['FMT_BAD_VALUE', lineOf(text, '1500.5'), 'documents[0].amount'],
        ['FMT_REQUIRED_KEY', lineOf(text, '"payer"'), 'documents[0].payer.iban'],
      ]),
    );
    const amount = found.find((i) => i.field === 'documents[0].amount')!;
    expect(amount.message).toContain('amounts are written as strings');
    expect(amount.expected).toContain('"150000.00"');
    expect(found.find((i) => i.code === 'FMT_UNKNOWN_KEY')!.expected).toContain("'value_date'");
    for (const i of found) {
      expect(i.severity).toBe('error');
      expect(i.text!.ru, i.message).toMatch(/[А-Яа-я]/);
      expect(i.text!.kk, i.message).toMatch(/[А-Яа-яӘәІіҢңҒғҮүҰұҚқӨөҺһ]/);
    }
  });

  it('refuses amounts with too many decimals or zero, repeated keys, kinds not taken from files, missing list rows', async () => {
    const text = jsonFile([
      { ...jsonPayment(1), amount: '10.001' },
      { ...jsonPayment(2), amount: '0.00' },
      { ...jsonPayment(3), kind: 'letter' },
      { ...jsonPayment(4), kind: 'pension', scheme: 'XYZ' },
      { ...jsonPayment(5), kind: 'budget' },
    ]).replace('"knp": "710"', '"knp": "710", "knp": "711"');
    const items = await parse(text);
    expect(docs(items)).toEqual([]);
    expect(where(items).map(([c, , f]) => `${c} ${f}`)).toEqual([
      'FMT_DUPLICATE_KEY documents[0].knp',
      'FMT_TOO_MANY_DECIMALS documents[0].amount',
      'FMT_BAD_VALUE documents[1].amount',
      'FMT_NOT_SUPPORTED documents[2].kind',
      'FMT_BAD_VALUE documents[3].scheme',
      'FMT_REQUIRED_KEY documents[3].rows',
      'FMT_REQUIRED_KEY documents[4].kbk',
    ]);
  });

  it('in a one-line file, the issues of a bad document stay with the file, not with the good document beside it', async () => {
    const text = jsonFile([{ ...jsonPayment(1), amount: 'ten' }, jsonPayment(2)], { compact: true });
    const ctx = { logger: silentLogger, signal: new AbortController().signal, fail: () => undefined as never };
    const events = [];
    for await (const e of checkFile(inbound('one-line.json', Buffer.from(text)), formatJson, FORMAT_JSON, ctx, () => [])) events.push(e);
    const kept = events.filter((e) => e.type === 'document');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ document: { number: '2' }, issues: [] });
    expect(events.filter((e) => e.type === 'file-issue').map((e) => (e as { issue: Issue }).issue.field)).toEqual(['documents[0].amount']);
  });

  it('reports syntax errors, a cut-off text and bytes that are not UTF-8 with their line, and the top-level keys', async () => {
    const text = jsonFile([jsonPayment(1)]);
    const broken = text.replace('"KZT",', '"KZT"');
    expect(where(await parse(broken))).toEqual([['FMT_SYNTAX', lineOf(broken, '"KZT"') + 1, undefined]]);
    expect(where(await parse(text.slice(0, 200)))[0]![0]).toBe('FMT_UNEXPECTED_EOF');
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(Buffer.from('Пример', 'utf8'));
    bytes[at] = 0xff;
    expect(where(await parse(bytes))).toEqual([['FMT_BAD_BYTES', lineOf(text, 'Пример'), undefined]]);
    expect(where(await parse('{"format": "bankgate.document.v1"}'))).toEqual([['FMT_REQUIRED_KEY', 1, 'documents']]);
    expect(where(await parse('{"format": "bankgate.document.v2", "documents": [], "extra": 1}'))).toEqual([
      ['FMT_NOT_SUPPORTED', 1, 'format'],
      ['FMT_UNKNOWN_KEY', 1, 'extra'],
    ]);
    expect(where(await parse('{"format": "bankgate.document.v1", "documents": {}}'))).toEqual([['FMT_BAD_VALUE', 1, 'documents']]);
    expect(where(await parse(`{"format": "bankgate.document.v1", "documents": ${'['.repeat(40)}`))[0]![0]).toBe('FMT_SYNTAX');
  });

  it('is detected by its format member in the head, wherever the member stands, and only in an object', () => {
    const d = (s: string) => detect({ name: 'x', head: Buffer.from(s), size: s.length });
    expect(d('{"format":"bankgate.document.v1","documents":[]}')).toBe(FORMAT_JSON);
    expect(d('\r\n  {"documents": [], "format" : "bankgate.document.v1"}')).toBe(FORMAT_JSON);
    expect(d('[{"format":"bankgate.document.v1"}]')).toBeNull();
    expect(d('{"format":"bankgate.document.v2"}')).toBeNull();
    expect(d('')).toBeNull();
  });
});
