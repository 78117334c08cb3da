// Incoming payments from other banks: booked as credits at once (admin) or by the generator, one per client and
// interval of sandbox time on business days, so statements have something to bring back to 1C.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { StatementEntryJson } from '../bank-api/contract.ts';
import { parseDecimal } from '../../gateway/core/model/money.ts';
import { accountsOf, getAccount } from './accounts-repo.ts';
import type { SandboxCore } from './core.ts';
import { randomCounterparty } from './counterparties.ts';
import { tx } from './db.ts';
import { book, entriesBetween, type Counterparty } from './entries-repo.ts';
import { PAYMENT_ORDER } from './post-payment.ts';

export const incomingPaymentSchema = z.strictObject({
  iban: z.string().min(1),
  /** Decimal in the account's currency; random within the generator's range when absent. */
  amount: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/).optional(),
  counterparty: z
    .strictObject({ name: z.string().min(1), bin: z.string().nullable().default(null), iban: z.string().nullable().default(null), bic: z.string().nullable().default(null), code: z.string().nullable().default('17') })
    .optional(),
  knp: z.string().regex(/^\d{3}$/).default('710'),
  purpose: z.string().min(1).optional(),
  number: z.string().min(1).optional(),
});
export type IncomingPaymentInput = z.input<typeof incomingPaymentSchema>;

function randomAmount(core: SandboxCore): bigint {
  const lo = parseDecimal(core.config.incoming.min_amount)!;
  const hi = parseDecimal(core.config.incoming.max_amount)!;
  if (hi <= lo) return lo;
  // Whole tenge amounts read like real invoices; randomInt takes safe integers only.
  const span = Number((hi - lo) / 100n);
  return lo + BigInt(randomInt(Math.min(span, 2 ** 47) + 1)) * 100n;
}

/** Books one incoming credit; throws for an unknown account or a non-positive amount (admin input). */
export function bookIncoming(core: SandboxCore, input: IncomingPaymentInput): StatementEntryJson {
  const p = incomingPaymentSchema.parse(input);
  const account = getAccount(core.db, p.iban);
  if (!account) throw new RangeError(`no account ${p.iban}`);
  const amount = p.amount !== undefined ? parseDecimal(p.amount, account.currency) : randomAmount(core);
  if (amount === null || amount <= 0n) throw new RangeError('the amount must be above zero');
  const now = core.clock.now();
  const date = core.calendar.localDate(now);
  const number = p.number ?? String(randomInt(1, 10_000));
  const from: Counterparty = p.counterparty ?? randomCounterparty();
  return tx(core.db, () => {
    const id = book(core.db, {
      account: account.iban,
      currency: account.currency,
      direction: 'credit',
      amount,
      bookingDate: date,
      counterparty: from,
      knp: p.knp,
      purpose: p.purpose ?? `Оплата по счёту на оплату №${number} от ${date}`,
      documentNumber: number,
      documentDate: date,
      documentKind: PAYMENT_ORDER,
      documentBankId: null,
      clientDocumentId: null,
    }, now);
    return entriesBetween(core.db, account.iban, date, date).find((e) => e.bank_id === id)!;
  });
}

/** The generator's state: when the next round is due (sandbox time). */
export function createIncomingGenerator(core: SandboxCore) {
  let nextAt = core.clock.now() + core.config.incoming.interval_s * 1000;
  return {
    /** Called by the tick: one credit per client with a tenge account when a round is due on a business day. */
    run(): number {
      if (!core.config.incoming.enabled) return 0;
      const now = core.clock.now();
      if (now < nextAt) return 0;
      nextAt = now + core.config.incoming.interval_s * 1000;
      if (!core.calendar.isBusinessDay(core.calendar.localDate(now))) return 0;
      const byClient = new Map<string, string[]>();
      for (const a of accountsOf(core.db)) if (a.currency === 'KZT') byClient.set(a.client_id, [...(byClient.get(a.client_id) ?? []), a.iban]);
      for (const ibans of byClient.values()) bookIncoming(core, { iban: ibans[randomInt(ibans.length)]! });
      return byClient.size;
    },
  };
}
