// Employee lists: exact bigint total, positive rows, valid IINs, periods, empty lists (kz-formats.md 1.4, 3.3, 3.8, 8.2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListRow, SalaryDocument } from '../../gateway/core/model/document.ts';
import { validateDocument } from '../../gateway/validate/index.ts';
import { byCode, codes, ctx, pension, payment, row, ROWS_119, withCheck } from './helpers.ts';

const only = (doc: Parameters<typeof validateDocument>[0], where = {}) => validateDocument(doc, ctx(), where);

describe('employee lists', () => {
  it('passes document 119 of kz-formats.md 8.2 (35 000.00 + 42 000.00 + 28 500.50 = 105 500.50)', () => {
    expect(only(pension())).toEqual([]);
  });

  it('refuses rows that do not add up exactly (one tiyn off)', () => {
    const doc = pension({ amount: { minor: 10_550_051n, currency: 'KZT' } });
    expect(only(doc)).toMatchObject([{ code: 'VAL_LIST_SUM', severity: 'error', field: 'rows' }]);
    expect(only(doc)[0]?.message).toContain('difference -0.01');
  });

  it('sums exactly beyond float precision', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1
    const doc = pension({ amount: { minor: big + 1n, currency: 'KZT' }, rows: [row({ amount: { minor: big, currency: 'KZT' } }), row({ iin: '920712450678', lastName: 'С', firstName: 'А', birthDate: '1992-07-12', amount: { minor: 1n, currency: 'KZT' } })] });
    expect(only(doc)).toEqual([]);
  });

  it('refuses zero and negative rows', () => {
    const rows = ROWS_119.map((r) => ({ ...r }));
    rows[0]!.amount = { minor: 0n, currency: 'KZT' };
    rows[1]!.amount = { minor: -100n, currency: 'KZT' };
    const issues = only(pension({ rows, amount: { minor: 2_850_050n - 100n, currency: 'KZT' } }));
    expect(byCode(issues, 'VAL_LIST_ROW_AMOUNT').map((i) => i.field)).toEqual(['rows[0].amount', 'rows[1].amount']);
    expect(byCode(issues, 'VAL_LIST_SUM')).toEqual([]);
  });

  it('refuses a row currency different from the document', () => {
    const rows = ROWS_119.map((r) => ({ ...r }));
    rows[2]!.amount = { minor: 2_850_050n, currency: 'USD' };
    expect(codes(only(pension({ rows })))).toEqual(['VAL_CURRENCY']);
  });

  it("checks each row's IIN: checksum, birth date, BIN instead of IIN", () => {
    const rows = ROWS_119.map((r) => ({ ...r }));
    rows[0]!.iin = '850315300129';
    rows[1]!.iin = withCheck('92023140067'); // 31 Feb
    rows[1]!.birthDate = undefined;
    rows[2]!.iin = '150140001239';
    rows[2]!.birthDate = undefined;
    const issues = only(pension({ rows }));
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['VAL_BIN_IIN_CHECKSUM', 'rows[0].iin'],
      ['VAL_IIN_DATE', 'rows[1].iin'],
      ['VAL_IIN_EXPECTED', 'rows[2].iin'],
    ]);
  });

  it('warns when the birth date differs from the IIN, refuses an impossible birth date', () => {
    const rows = ROWS_119.map((r) => ({ ...r }));
    rows[0]!.birthDate = '1985-03-16';
    rows[1]!.birthDate = '1992-02-30';
    const issues = only(pension({ rows }));
    expect(issues.map((i) => [i.code, i.severity, i.field])).toEqual([
      ['VAL_LIST_BIRTH_DATE', 'warning', 'rows[0].birthDate'],
      ['VAL_DATE', 'error', 'rows[1].birthDate'],
    ]);
  });

  it('refuses a malformed or absurd period; warns when a statutory list has none', () => {
    const bad = (period: string | undefined) => {
      const rows = ROWS_119.map((r) => ({ ...r }));
      rows[0]!.period = period;
      return only(pension({ rows })).map((i) => [i.code, i.severity]);
    };
    expect(bad('2026-13')).toEqual([['VAL_LIST_PERIOD', 'error']]);
    expect(bad('102026')).toEqual([['VAL_LIST_PERIOD', 'error']]);
    expect(bad('1990-01')).toEqual([['VAL_LIST_PERIOD', 'error']]);
    expect(bad('2028-01')).toEqual([['VAL_LIST_PERIOD', 'error']]);
    expect(bad('2027-11')).toEqual([]);
    expect(bad(undefined)).toEqual([['VAL_LIST_PERIOD_MISSING', 'warning']]);
  });

  it('salary lists need no period', () => {
    const p = payment();
    const doc: SalaryDocument = { ...p, kind: 'salary', knp: '332', amount: { minor: 10_550_050n, currency: 'KZT' }, rows: ROWS_119.map((r) => ({ ...r, period: undefined })) };
    expect(only(doc)).toEqual([]);
  });

  it('checks a KZ card account on a salary row', () => {
    const p = payment();
    const rows = ROWS_119.map((r) => ({ ...r, account: 'KZ18722S000009876543' }));
    rows[1]!.account = 'KZ18722S000009876544';
    rows[2]!.account = '4400 4301 2345 6789';
    const doc: SalaryDocument = { ...p, kind: 'salary', knp: '332', amount: { minor: 10_550_050n, currency: 'KZT' }, rows };
    expect(only(doc)).toMatchObject([{ code: 'VAL_IBAN_CHECKSUM', field: 'rows[1].account' }]);
  });

  it('warns about the same IIN twice for the same period', () => {
    const rows = [...ROWS_119.map((r) => ({ ...r })), row({ amount: { minor: 100n, currency: 'KZT' } })];
    expect(only(pension({ rows, amount: { minor: 10_550_150n, currency: 'KZT' } }))).toMatchObject([{ code: 'VAL_LIST_DUPLICATE', severity: 'warning', field: 'rows[3].iin' }]);
  });

  it('requires names; long names are a warning', () => {
    const rows = ROWS_119.map((r) => ({ ...r }));
    rows[0]!.lastName = ' ';
    rows[1]!.firstName = 'А'.repeat(61);
    expect(only(pension({ rows })).map((i) => [i.code, i.field])).toEqual([
      ['VAL_REQUIRED', 'rows[0].lastName'],
      ['VAL_NAME_TOO_LONG', 'rows[1].firstName'],
    ]);
  });

  it('empty rows: a warning when the list was not read, an error when it was read and is empty', () => {
    expect(only(pension({ rows: [] }))).toMatchObject([{ code: 'VAL_LIST_MISSING', severity: 'warning', field: 'rows' }]);
    expect(only(pension({ rows: [] }), { listRead: true })).toMatchObject([{ code: 'VAL_LIST_EMPTY', severity: 'error', field: 'rows' }]);
  });

  it("uses a row's own line when it has one, else the document's", () => {
    const rows: ListRow[] = ROWS_119.map((r) => ({ ...r }));
    rows[0]!.iin = '850315300129';
    (rows[0] as ListRow & { line: number }).line = 42;
    rows[1]!.iin = '920712450679';
    const issues = validateDocument(pension({ rows }), ctx(), { line: 7 });
    expect(issues.map((i) => [i.field, i.line])).toEqual([
      ['rows[0].iin', 42],
      ['rows[1].iin', 7],
    ]);
  });

  it('never throws on random rows', () => {
    const money = fc.record({ minor: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), currency: fc.constantFrom('KZT', 'USD', 'kzt', '') });
    const rowArb = fc.record({ iin: fc.string({ maxLength: 14 }), lastName: fc.string({ maxLength: 70 }), firstName: fc.string(), amount: money, period: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), birthDate: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 5 }), money, (rows, amount) => {
        const issues = validateDocument(pension({ rows, amount }), ctx());
        return Array.isArray(issues);
      }),
    );
  });
});

describe('list not read, already reported by the format', () => {
  it('does not repeat the warning', async () => {
    const { validateDocument, createValidationContext } = await import('../../gateway/validate/index.ts');
    const ctx = createValidationContext({ today: '2026-11-25' });
    const doc = { kind: 'pension', scheme: 'OPV', number: '1', date: '2026-11-25', amount: { minor: 100n, currency: 'KZT' }, payer: { name: 'A' }, beneficiary: { name: 'B' }, purpose: 'ОПВ', knp: '010', rows: [] } as const;
    const codes = (w: object) => validateDocument(doc as never, ctx, w).map((i) => i.code);
    expect(codes({})).toContain('VAL_LIST_MISSING');
    expect(codes({ listMissingReported: true })).not.toContain('VAL_LIST_MISSING');
    expect(codes({ listRead: true })).toContain('VAL_LIST_EMPTY');
  });
});
