// validateDocument over every kind: clean samples pass, issues carry field paths and the document line, nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalDocument, FxOrderDocument, FxPaymentDocument, LetterDocument } from '../../gateway/core/model/document.ts';
import { fromJson, toJson } from '../../gateway/core/model/json.ts';
import { validateDocument } from '../../gateway/validate/index.ts';
import { budget, codes, ctx, payment, pension, TODAY } from './helpers.ts';

function fxPayment(over: Partial<FxPaymentDocument> = {}): FxPaymentDocument {
  const p = payment();
  return {
    ...p,
    kind: 'fx-payment',
    amount: { minor: 1_000_000n, currency: 'USD' },
    payer: { ...p.payer, iban: 'KZ90601A861000012345' },
    beneficiary: { name: 'Example GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', code: '27', country: 'DE' },
    charges: 'SHA',
    intermediaryBic: 'IRVTUS3N',
    ...over,
  };
}

const fxOrder = (over: Partial<FxOrderDocument> = {}): FxOrderDocument => ({ kind: 'fx-order', number: '7', date: TODAY, direction: 'buy', amount: { minor: 500_000n, currency: 'USD' }, fromIban: 'KZ90601A861000012345', toIban: 'KZ476010131000179714', purpose: 'Покупка USD для оплаты контракта', ...over });
const letter = (over: Partial<LetterDocument> = {}): LetterDocument => ({ kind: 'letter', number: '1', date: TODAY, subject: 'Запрос', body: 'Текст', ...over });

describe('validateDocument', () => {
  it('passes clean documents of every kind', () => {
    expect(validateDocument(payment(), ctx())).toEqual([]);
    expect(validateDocument(pension(), ctx())).toEqual([]);
    expect(validateDocument(budget(), ctx({ limits: { name_max: 140 } }))).toEqual([]);
    expect(validateDocument(fxPayment(), ctx())).toEqual([]);
    expect(validateDocument(fxOrder(), ctx())).toEqual([]);
    expect(validateDocument(letter(), ctx())).toEqual([]);
  });

  it("puts the document line on every issue without a line of its own, and the canonical field path", () => {
    const doc = payment();
    doc.payer.iban = 'KZ90601A861000012346';
    doc.beneficiary.binIin = '180540007774';
    const issues = validateDocument(doc, ctx(), { line: 12 });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'VAL_IBAN_CHECKSUM', severity: 'error', field: 'payer.iban', line: 12 }),
      expect.objectContaining({ code: 'VAL_BIN_IIN_CHECKSUM', severity: 'error', field: 'beneficiary.binIin', line: 12 }),
    ]);
    expect(issues[0]!.message).toContain('KZ90601A861000012346');
    expect(issues[0]!.expected).toBeTruthy();
    expect(validateDocument(doc, ctx()).every((i) => i.line === undefined)).toBe(true);
  });

  it('fx-payment: a foreign beneficiary needs no KZ IBAN, BIN or KZ BIC; a KZ-looking account is still checked', () => {
    expect(codes(validateDocument(fxPayment({ intermediaryBic: 'IRVT' }), ctx()))).toEqual(['VAL_BIC_FORMAT']);
    const kz = fxPayment();
    kz.beneficiary = { ...kz.beneficiary, iban: 'KZ90601A861000012346' };
    expect(codes(validateDocument(kz, ctx()))).toEqual(['VAL_IBAN_CHECKSUM']);
  });

  it('checks actual payer / beneficiary requisites when present', () => {
    const doc = payment({ actualPayer: { name: 'ИП Оразбаев', binIin: '010421500341' } });
    expect(validateDocument(doc, ctx())).toMatchObject([{ code: 'VAL_BIN_IIN_CHECKSUM', field: 'actualPayer.binIin' }]);
  });

  it('fx-order: both accounts are KZ IBANs, amount > 0', () => {
    expect(validateDocument(fxOrder({ toIban: 'KZ476010131000179715', amount: { minor: 0n, currency: 'USD' } }), ctx()).map((i) => [i.code, i.field])).toEqual([
      ['VAL_AMOUNT', 'amount'],
      ['VAL_IBAN_CHECKSUM', 'toIban'],
    ]);
  });

  it('letter: number, date and subject required', () => {
    expect(validateDocument(letter({ subject: '', date: '2026-02-30' }), ctx()).map((i) => [i.code, i.field])).toEqual([
      ['VAL_REQUIRED', 'subject'],
      ['VAL_DATE', 'date'],
    ]);
  });

  it('works on documents that went through JSON (bigint round trip)', () => {
    const doc = fromJson<CanonicalDocument>(toJson(pension()));
    expect(validateDocument(doc, ctx())).toEqual([]);
  });

  it('never throws on broken or random documents', () => {
    const text = fc.oneof(fc.string({ maxLength: 25 }), fc.constantFrom('KZ90601A861000012345', '150140001239', 'HSBKKZKX', '17', '010', '911', TODAY));
    const party = fc.record({ name: text, iban: fc.option(text, { nil: undefined }), bic: fc.option(text, { nil: undefined }), binIin: fc.option(text, { nil: undefined }), code: fc.option(text, { nil: undefined }) }, { requiredKeys: [] });
    const money = fc.record({ minor: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), currency: text });
    const row = fc.record({ iin: text, lastName: text, firstName: text, amount: money, period: fc.option(text, { nil: undefined }) }, { requiredKeys: [] });
    const doc = fc.record(
      {
        kind: fc.constantFrom('payment', 'pension', 'social', 'medical', 'budget', 'salary', 'fx-payment', 'fx-order', 'letter'),
        number: text,
        date: text,
        valueDate: text,
        amount: fc.oneof(money, fc.constant(undefined), fc.constant(null)),
        payer: party,
        beneficiary: party,
        actualBeneficiary: party,
        knp: text,
        kbk: text,
        scheme: fc.constantFrom('OPV', 'OPVR', 'OOSMS', 'X'),
        purpose: fc.oneof(text, fc.string({ maxLength: 500 })),
        rows: fc.oneof(fc.array(row, { maxLength: 4 }), fc.constant(undefined)),
        fromIban: text,
        toIban: text,
        subject: text,
        intermediaryBic: text,
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(doc, fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }), (d, line) => {
        const issues = validateDocument(d as unknown as CanonicalDocument, ctx(), line === undefined ? {} : { line });
        return issues.every((i) => typeof i.code === 'string' && (i.severity === 'error' || i.severity === 'warning') && typeof i.message === 'string');
      }),
      { numRuns: 1000 },
    );
  });
});
