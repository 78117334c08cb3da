// Executing an FX order at the desk's rate of the moment: buy = the client pays tenge at the bank's sell rate and gets
// the currency; sell = the reverse at the bank's buy rate. Two legs (KNP 213 buy / 223 sell, kz-formats.md addendum 3.1),
// a commission in tenge, and a deal confirmation (kz-formats.md 4.4).
import { formatDecimal } from '../../gateway/core/model/money.ts';
import { balanceOf } from './accounts-repo.ts';
import { isoAt } from './clock.ts';
import { commissionFor } from './commission.ts';
import { bankParty, type SandboxCore } from './core.ts';
import type { DocumentRow } from './documents-repo.ts';
import { book } from './entries-repo.ts';
import type { FxOrderPayload } from './envelope.ts';
import { insertDeal } from './fx-repo.ts';
import { counterAmount, scaledRate } from './fx-math.ts';
import { bankId } from './ids.ts';
import { MEMORIAL_ORDER, insufficient } from './post-payment.ts';
import { refuse, type Refusal } from './reasons.ts';

export function executeFx(core: SandboxCore, row: DocumentRow, d: FxOrderPayload, now: number): string | Refusal {
  const cur = d.amount.currency;
  const pair = `${cur}/KZT`;
  const quote = core.rates.get(pair);
  if (!quote) return refuse('INVALID_REQUISITES', { en: `no quote for ${pair}`, ru: `нет котировки ${pair}`, kk: `${pair} бағамы жоқ` });
  const buy = d.direction === 'buy';
  // The bank sells currency to a buying client and buys it from a selling one.
  const rate = buy ? quote.sell : quote.buy;
  if (d.rateLimit !== undefined && (buy ? scaledRate(rate) > scaledRate(d.rateLimit) : scaledRate(rate) < scaledRate(d.rateLimit))) {
    return refuse('INVALID_REQUISITES', { en: `rate ${rate} is beyond the limit ${d.rateLimit}`, ru: `курс ${rate} хуже лимита ${d.rateLimit}`, kk: `${rate} бағамы ${d.rateLimit} шегінен нашар` });
  }
  const amount = BigInt(d.amount.minor);
  const kzt = counterAmount(amount, cur, rate);
  const fee = commissionFor(core.config.commissions, { kind: 'fx-order', scope: 'intrabank', amount: kzt, currency: 'KZT' });
  const kztAccount = buy ? d.fromIban : d.toIban;
  const [debitAmount, debitCurrency] = buy ? [kzt + fee, 'KZT'] : [amount, cur];
  const have = balanceOf(core.db, d.fromIban);
  if (have < debitAmount) return insufficient(d.fromIban, have, debitAmount, debitCurrency);
  if (!buy && balanceOf(core.db, kztAccount) + kzt < fee) return insufficient(kztAccount, balanceOf(core.db, kztAccount) + kzt, fee, 'KZT');
  const date = row.execution_date!;
  const knp = buy ? '213' : '223';
  const what = `${buy ? 'Покупка' : 'Продажа'} ${formatDecimal(amount, cur)} ${cur} по курсу ${rate}, заявка №${d.number} от ${d.date}`;
  const common = { bookingDate: date, counterparty: bankParty(core), knp, purpose: what, documentNumber: d.number, documentDate: d.date, documentKind: MEMORIAL_ORDER, documentBankId: row.bank_id, clientDocumentId: row.client_document_id };
  const debit = book(core.db, { ...common, account: d.fromIban, direction: 'debit', currency: buy ? 'KZT' : cur, amount: buy ? kzt : amount }, now);
  book(core.db, { ...common, account: d.toIban, direction: 'credit', currency: buy ? cur : 'KZT', amount: buy ? amount : kzt }, now);
  if (fee > 0n) {
    // Sell: the tenge leg was just credited, so the fee is covered by it.
    book(core.db, { ...common, account: kztAccount, direction: 'debit', currency: 'KZT', amount: fee, knp: null, purpose: `Комиссия за конвертацию, заявка №${d.number} от ${d.date}` }, now);
  }
  insertDeal(core.db, row.client_id, {
    deal_id: bankId('deal', now),
    order_bank_id: row.bank_id,
    client_document_id: row.client_document_id,
    direction: d.direction,
    trade_date: date,
    value_date: date,
    pair,
    amount: formatDecimal(amount, cur),
    currency: cur,
    counter_amount: formatDecimal(kzt, 'KZT'),
    counter_currency: 'KZT',
    rate,
    kzt_equivalent: formatDecimal(kzt, 'KZT'),
    debit_account: d.fromIban,
    credit_account: d.toIban,
    commission: formatDecimal(fee, 'KZT'),
    commission_currency: 'KZT',
    confirmed_at: isoAt(now),
  });
  return debit;
}
