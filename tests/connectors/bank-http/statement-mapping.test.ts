// Statement mapping: API v1 JSON → BankStatement with bigint money, parties without nulls, entry and document ids;
// statements that do not add up or repeat an entry are refused as CONN_BAD_RESPONSE.
import { describe, expect, it } from 'vitest';
import type { StatementJson } from '../../../connectors/bank-api/contract.ts';
import { toBankStatement } from '../../../connectors/bank-http/statement.ts';
import { GatewayError } from '../../../gateway/core/errors.ts';

const entry = (o: Partial<StatementJson['entries'][number]> = {}): StatementJson['entries'][number] => ({
  bank_id: 'E-1',
  booking_date: '2026-11-25',
  value_date: '2026-11-25',
  direction: 'debit',
  amount: '1250.50',
  currency: 'KZT',
  counterparty: { name: 'ТОО «Бета»', bin: '102340001234', iban: 'KZ75125KZT2069100100', bic: 'KCJBKZKX', code: '17' },
  knp: '710',
  purpose: 'Оплата по счёту №5',
  document_number: '119',
  document_date: '2026-11-24',
  document_kind: 'ПлатежноеПоручение',
  document_bank_id: 'D-1',
  client_document_id: 'doc-1',
  ...o,
});

const statement = (o: Partial<StatementJson> = {}): StatementJson => ({
  account: 'KZ86125KZT5004100100',
  currency: 'KZT',
  owner: { name: 'ТОО «Альфа»', bin: '040740000011' },
  from: '2026-11-25',
  to: '2026-11-25',
  opening_balance: '10000.00',
  total_credits: '500.00',
  total_debits: '1250.50',
  closing_balance: '9249.50',
  entries: [
    entry(),
    entry({ bank_id: 'E-2', direction: 'credit', amount: '500', counterparty: { name: 'ИП Ахметов', bin: null, iban: null, bic: null, code: null }, knp: null, document_bank_id: null, client_document_id: null, document_date: '2026-11-25' }),
  ],
  ...o,
});

function refusal(s: StatementJson): string {
  try {
    toBankStatement(s);
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).code).toBe('CONN_BAD_RESPONSE');
    return (e as GatewayError).message;
  }
  throw new Error('expected a refusal');
}

describe('toBankStatement', () => {
  it('maps balances to bigint minor units and entries to operations with ids', () => {
    const s = toBankStatement(statement());
    expect(s).toMatchObject({
      account: 'KZ86125KZT5004100100',
      currency: 'KZT',
      owner: { name: 'ТОО «Альфа»', binIin: '040740000011' },
      openingBalance: { minor: 1_000_000n, currency: 'KZT' },
      totalCredits: { minor: 50_000n, currency: 'KZT' },
      totalDebits: { minor: 125_050n, currency: 'KZT' },
      closingBalance: { minor: 924_950n, currency: 'KZT' },
      entryIds: ['E-1', 'E-2'],
      documentBankIds: ['D-1', null],
    });
    expect(s.operations[0]).toEqual({
      date: '2026-11-25',
      documentDate: '2026-11-24',
      valueDate: '2026-11-25',
      number: '119',
      direction: 'debit',
      amount: { minor: 125_050n, currency: 'KZT' },
      counterparty: { name: 'ТОО «Бета»', binIin: '102340001234', iban: 'KZ75125KZT2069100100', bic: 'KCJBKZKX', code: '17' },
      knp: '710',
      purpose: 'Оплата по счёту №5',
      documentKind: 'ПлатежноеПоручение',
    });
    // Nulls become absent keys; a document date equal to the booking date is not repeated.
    expect(s.operations[1]).toEqual({ date: '2026-11-25', valueDate: '2026-11-25', number: '119', direction: 'credit', amount: { minor: 50_000n, currency: 'KZT' }, counterparty: { name: 'ИП Ахметов' }, purpose: 'Оплата по счёту №5', documentKind: 'ПлатежноеПоручение' });
  });

  it('an empty period maps to no operations and equal balances', () => {
    const s = toBankStatement(statement({ entries: [], total_credits: '0.00', total_debits: '0.00', closing_balance: '10000.00', opening_balance: '10000.00' }));
    expect(s.operations).toEqual([]);
    expect(s.closingBalance.minor).toBe(1_000_000n);
  });

  it('refuses statements that do not add up', () => {
    expect(refusal(statement({ closing_balance: '9249.49' }))).toMatch(/does not equal closing_balance/);
    expect(refusal(statement({ total_credits: '600.00', closing_balance: '9349.50' }))).toMatch(/total_credits/);
    expect(refusal(statement({ total_debits: '0.00', closing_balance: '10500.00' }))).toMatch(/total_debits/);
  });

  it('refuses a repeated entry id, a zero or negative amount, a foreign-currency entry', () => {
    expect(refusal(statement({ entries: [entry(), entry()], total_credits: '0.00', total_debits: '2501.00', closing_balance: '7499.00' }))).toMatch(/appears twice/);
    expect(refusal(statement({ entries: [entry({ amount: '-1250.50' })], total_credits: '0.00', closing_balance: '8749.50' }))).toMatch(/positive/);
    expect(refusal(statement({ entries: [entry({ currency: 'USD' })], total_credits: '0.00', closing_balance: '8749.50' }))).toMatch(/in USD/);
  });
});
