// Executing a payment order: debit the payer (with its commission), credit the beneficiary when the account is in this
// bank; INSUFFICIENT_FUNDS when the balance cannot cover both at execution time.
import { formatDecimal } from '../../gateway/core/model/money.ts';
import { balanceOf, getAccount } from './accounts-repo.ts';
import { commissionFor } from './commission.ts';
import { bankParty, type SandboxCore } from './core.ts';
import type { DocumentRow } from './documents-repo.ts';
import { book, type Counterparty } from './entries-repo.ts';
import type { PartyPayload, PaymentPayload } from './envelope.ts';
import { refuse, type Refusal } from './reasons.ts';

/** The 1C name of a payment order (`ВидДокумента`, kz-formats.md 5.1). */
export const PAYMENT_ORDER = 'ПлатежноеПоручение';
export const MEMORIAL_ORDER = 'Мемориальный ордер';

export function counterparty(p: PartyPayload): Counterparty {
  return { name: p.name, bin: p.binIin ?? null, iban: p.iban ?? null, bic: p.bic ?? null, code: p.code ?? null };
}

export function insufficient(iban: string, have: bigint, need: bigint, currency: string): Refusal {
  const h = formatDecimal(have, currency);
  const n = formatDecimal(need, currency);
  return refuse('INSUFFICIENT_FUNDS', {
    en: `account ${iban} has ${h} ${currency}, ${n} needed`,
    ru: `на счёте ${iban} ${h} ${currency}, требуется ${n}`,
    kk: `${iban} шотында ${h} ${currency}, қажет ${n}`,
  });
}

/** Books the order; returns the debit entry's bank id, or the refusal. Runs inside the execution transaction. */
export function executePayment(core: SandboxCore, row: DocumentRow, d: PaymentPayload, now: number): string | Refusal {
  const payer = d.payer.iban!;
  const currency = d.amount.currency;
  const amount = BigInt(d.amount.minor);
  const local = getAccount(core.db, d.beneficiary.iban!);
  const fee = commissionFor(core.config.commissions, { kind: d.kind, scope: local ? 'intrabank' : 'interbank', amount, currency });
  const have = balanceOf(core.db, payer);
  if (have < amount + fee) return insufficient(payer, have, amount + fee, currency);
  const date = row.execution_date!;
  const common = { currency, bookingDate: date, knp: d.knp ?? null, purpose: d.purpose, documentNumber: d.number, documentDate: d.date, documentKind: PAYMENT_ORDER };
  const debit = book(core.db, { ...common, account: payer, direction: 'debit', amount, counterparty: counterparty(d.beneficiary), documentBankId: row.bank_id, clientDocumentId: row.client_document_id }, now);
  if (fee > 0n) {
    book(core.db, {
      ...common,
      account: payer,
      direction: 'debit',
      amount: fee,
      counterparty: bankParty(core),
      knp: null,
      purpose: `Комиссия за платёж №${d.number} от ${d.date}`,
      documentKind: MEMORIAL_ORDER,
      documentBankId: row.bank_id,
      clientDocumentId: row.client_document_id,
    }, now);
  }
  if (local) {
    // The credit belongs to the beneficiary's statement: it names the submitted document only when the beneficiary is the same client.
    const own = local.client_id === row.client_id;
    book(core.db, { ...common, account: local.iban, direction: 'credit', amount, counterparty: counterparty(d.payer), documentBankId: own ? row.bank_id : null, clientDocumentId: own ? row.client_document_id : null }, now);
  }
  return debit;
}
