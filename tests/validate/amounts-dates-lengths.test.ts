// Amounts (> 0, ISO 4217 shape), dates (calendar, value date not past, far future), required fields and lengths (kz-formats.md 3.8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAmount, checkCurrency, checkDate, checkDocumentDate, checkPeriod, checkValueDate, createValidationContext, isCalendarDate, todayIn, validateDocument } from '../../gateway/validate/index.ts';
import { byCode, codes, ctx, payment, pension, TODAY } from './helpers.ts';

const c = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

describe('amounts', () => {
  it('amount must be > 0', () => {
    expect(c(checkAmount({ minor: 1n, currency: 'KZT' }))).toBe('ok');
    expect(c(checkAmount({ minor: 0n, currency: 'KZT' }))).toBe('VAL_AMOUNT');
    expect(c(checkAmount({ minor: -5n, currency: 'KZT' }))).toBe('VAL_AMOUNT');
    expect(validateDocument(payment({ amount: { minor: 0n, currency: 'KZT' } }), ctx())).toMatchObject([{ code: 'VAL_AMOUNT', field: 'amount', severity: 'error' }]);
  });

  it('currency must be ISO 4217-shaped; statutory and budget kinds only in KZT', () => {
    expect(c(checkCurrency('USD'))).toBe('ok');
    for (const v of ['kzt', 'KZ', 'KZTT', '398', '']) expect(c(checkCurrency(v))).toBe('VAL_CURRENCY');
    expect(c(checkCurrency('USD', 'KZT'))).toBe('VAL_CURRENCY');
    expect(validateDocument(payment({ amount: { minor: 100n, currency: 'usd' } }), ctx())).toMatchObject([{ code: 'VAL_CURRENCY', field: 'amount.currency' }]);
    const doc = pension();
    doc.amount = { minor: doc.amount.minor, currency: 'USD' };
    for (const r of doc.rows) r.amount = { ...r.amount, currency: 'USD' };
    expect(codes(validateDocument(doc, ctx()))).toEqual(['VAL_CURRENCY']);
    expect(validateDocument(payment({ amount: { minor: 100n, currency: 'USD' } }), ctx())).toEqual([]);
  });
});

describe('dates', () => {
  it('real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    for (const v of ['2026-02-29', '2026-13-01', '2026-04-31', '26-11-25', '25.11.2026', '0000-01-01', '2026-11-25T00:00']) expect(isCalendarDate(v)).toBe(false);
    expect(c(checkDate('2100-02-29'))).toBe('VAL_DATE');
    expect(validateDocument(payment({ date: '2026-02-30' }), ctx())).toMatchObject([{ code: 'VAL_DATE', field: 'date' }]);
  });

  it('value date before today is an error; today and later pass', () => {
    expect(c(checkValueDate('2026-11-24', TODAY, 30))).toBe('VAL_VALUE_DATE_PAST');
    expect(c(checkValueDate(TODAY, TODAY, 30))).toBe('ok');
    expect(validateDocument(payment({ valueDate: '2026-11-24' }), ctx())).toMatchObject([{ code: 'VAL_VALUE_DATE_PAST', severity: 'error', field: 'valueDate' }]);
    expect(validateDocument(payment({ valueDate: '2026-11-31' }), ctx())).toMatchObject([{ code: 'VAL_DATE', field: 'valueDate' }]);
  });

  it('a date far in the future is a warning (limits configurable)', () => {
    const r = checkDocumentDate('2027-01-10', TODAY, 30);
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['VAL_DATE_FUTURE']);
    expect(validateDocument(payment({ date: '2027-01-10', valueDate: '2027-01-10' }), ctx()).map((i) => [i.code, i.severity, i.field])).toEqual([
      ['VAL_DATE_FUTURE', 'warning', 'date'],
      ['VAL_DATE_FUTURE', 'warning', 'valueDate'],
    ]);
    expect(validateDocument(payment({ date: '2026-12-25', valueDate: '2026-12-25' }), ctx())).toEqual([]);
    expect(validateDocument(payment({ date: '2026-12-25', valueDate: '2026-12-25' }), ctx({ limits: { document_date_future_days: 5, value_date_future_days: 5 } }))).toHaveLength(2);
  });

  it('an old document date with no value date passes (banks decide staleness)', () => {
    expect(validateDocument(payment({ date: '2026-11-01', valueDate: undefined }), ctx())).toEqual([]);
  });

  it('periods: YYYY-MM within the configured window', () => {
    const lim = { min: '1998-01', maxAheadMonths: 12 };
    expect(c(checkPeriod('2026-10', TODAY, lim))).toBe('ok');
    for (const v of ['2026-00', '2026-1', '10.2026', '1997-12', '2027-12']) expect(c(checkPeriod(v, TODAY, lim))).toBe('VAL_LIST_PERIOD');
  });

  it("today is the business date in Asia/Almaty (UTC+6 until 2024-03-01, UTC+5 since)", () => {
    expect(todayIn('Asia/Almaty', Date.parse('2024-01-15T18:30:00Z'))).toBe('2024-01-16'); // 00:30 at UTC+6
    expect(todayIn('Asia/Almaty', Date.parse('2024-02-29T18:30:00Z'))).toBe('2024-02-29'); // clocks went back at 18:00Z: 23:30 at UTC+5
    expect(todayIn('Asia/Almaty', Date.parse('2024-06-01T18:30:00Z'))).toBe('2024-06-01'); // 23:30 at UTC+5
    expect(todayIn('Asia/Almaty', Date.parse('2024-06-01T19:00:00Z'))).toBe('2024-06-02');
    expect(createValidationContext({ now: Date.parse('2026-11-24T19:00:00Z') }).today).toBe('2026-11-25');
    expect(createValidationContext({ now: Date.parse('2026-11-24T19:00:00Z'), config: { time_zone: 'UTC' } }).today).toBe('2026-11-24');
  });

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (s) => {
        checkDate(s);
        checkValueDate(s, TODAY, 30);
        checkDocumentDate(s, TODAY, 30);
        checkPeriod(s, TODAY, { min: '1998-01', maxAheadMonths: 12 });
        return true;
      }),
    );
  });
});

describe('required fields and lengths', () => {
  it('reports every empty required field with its path', () => {
    const doc = payment({ number: '', purpose: ' ', knp: undefined });
    doc.payer = { name: '' };
    doc.beneficiary = { name: 'X' };
    const fields = byCode(validateDocument(doc, ctx()), 'VAL_REQUIRED').map((i) => i.field);
    expect(fields).toEqual(['number', 'purpose', 'payer.name', 'payer.iban', 'payer.binIin', 'payer.code', 'beneficiary.iban', 'beneficiary.bic', 'beneficiary.code', 'knp', 'beneficiary.binIin']);
  });

  it('purpose longer than 410 characters is an error (configurable); 410 passes', () => {
    expect(validateDocument(payment({ purpose: 'Я'.repeat(410) }), ctx())).toEqual([]);
    expect(validateDocument(payment({ purpose: 'Я'.repeat(411) }), ctx())).toMatchObject([{ code: 'VAL_PURPOSE_TOO_LONG', severity: 'error', field: 'purpose' }]);
    expect(codes(validateDocument(payment({ purpose: 'x'.repeat(211) }), ctx({ limits: { purpose_max: 210 } })))).toEqual(['VAL_PURPOSE_TOO_LONG']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateDocument(payment({ purpose: '😀'.repeat(410) }), ctx())).toEqual([]);
  });

  it('a name over 60 characters is a warning', () => {
    const doc = payment();
    doc.beneficiary.name = 'Т'.repeat(61);
    expect(validateDocument(doc, ctx())).toMatchObject([{ code: 'VAL_NAME_TOO_LONG', severity: 'warning', field: 'beneficiary.name' }]);
    doc.beneficiary.name = 'Т'.repeat(60);
    expect(validateDocument(doc, ctx())).toEqual([]);
  });
});
