// `bankgate fx buy|sell --amount A --currency USD --from IBAN --to IBAN [--rate-limit R]`: an FX purchase/sale order
// (kz-formats.md 4.3) stored as a document awaiting signatures, like a payment from 1C; the deal confirmation comes
// back into out/fx/ once the bank executed it.
import { randomBytes } from 'node:crypto';
import { currencyExponent, parseDecimal } from '../core/model/money.ts';
import { GatewayError } from '../core/errors.ts';
import { buildFxOrder, storeFxOrder } from '../pipeline/fx-order.ts';
import { todayIn, validateDocument, createValidationContext } from '../validate/index.ts';
import { cliActor, openAdminStore } from './admin-store.ts';
import { reportError } from './output.ts';

export async function runFx(direction: 'buy' | 'sell', o: { config?: string; amount: string; currency: string; from: string; to: string; rateLimit?: string; purpose?: string; number?: string }): Promise<number> {
  try {
    const { loaded, store } = (await openAdminStore(o));
    try {
      const currency = o.currency.toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency) || currency === 'KZT') throw new GatewayError('AUTH_BAD_INPUT', `--currency must be a foreign currency code such as USD (got ${o.currency})`);
      const minor = parseDecimal(o.amount, currency);
      if (minor === null || minor <= 0n) throw new GatewayError('AUTH_BAD_INPUT', `--amount must be a positive decimal with at most ${currencyExponent(currency)} decimals for ${currency}, such as 1500.00 (got ${o.amount})`);
      const amount = { minor, currency };
      const today = todayIn(loaded.config.validation.time_zone);
      const doc = buildFxOrder({ direction, minor: amount.minor, currency, fromIban: o.from, toIban: o.to, rateLimit: o.rateLimit, purpose: o.purpose, number: o.number }, today, Date.now());
      const issues = validateDocument(doc, createValidationContext({ config: loaded.config.validation, today }), {});
      const errors = issues.filter((i) => i.severity === 'error');
      // The order is a small JSON "file" of its own, so it has a source like every document (audit: file → document).
      const { id } = await storeFxOrder(store, doc, issues, { mailbox: loaded.config.bank.statements.mailbox, claimId: `cli-fx:${randomBytes(8).toString('hex')}`, actor: cliActor(), format: 'cli.fx-order' });
      for (const i of issues) console.log(`${i.severity === 'error' ? '✗' : '!'} ${i.code} ${i.field ?? ''}: ${i.message}`);
      console.log(`${id}: FX ${direction} ${o.amount} ${currency} from ${doc.fromIban} to ${doc.toIban} — ${errors.length ? 'invalid' : 'awaiting signatures (bankgate sign --key K ' + id + ')'}`);
      return errors.length ? 1 : 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}
