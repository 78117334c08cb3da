// Sandbox bank configuration (zod, defaults only here): identity, Kazakhstan calendar and cut-off, FX rates, commissions,
// the incoming-payment generator, fault knob defaults and optional seed clients (architecture.md 7).
import { z } from 'zod';
import { isTimeZone } from '../../gateway/validate/dates.ts';
import { policyRuleSchema } from '../../signer/config.ts';
import { faultKnobsSchema } from './fault-knobs.ts';

const decimal = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'a decimal amount such as 1250000.00');
/** Rates carry up to 4 decimals (a tenge rate of a rouble needs them). */
const rate = z.string().regex(/^\d{1,9}(\.\d{1,4})?$/, 'a rate such as 512.35').refine((s) => Number(s) > 0, 'a rate above zero');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time 'HH:MM'");
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as KZT');
export const kzIban = z.string().regex(/^KZ\d{2}\d{3}[0-9A-Z]{13}$/, 'a KZ IBAN (20 characters)');
export const pairSchema = z.string().regex(/^[A-Z]{3}\/KZT$/, "a pair against tenge such as 'USD/KZT'");

/** Bank buys at `buy`, sells at `sell`; or a mid rate with a half-spread each side (buy = mid − spread, sell = mid + spread). */
export const fxRateSchema = z
  .union([z.strictObject({ buy: rate, sell: rate }), z.strictObject({ mid: rate, spread: z.string().regex(/^\d{1,9}(\.\d{1,4})?$/) })])
  .transform((r, ctx) => {
    if ('buy' in r) {
      if (Number(r.buy) > Number(r.sell)) ctx.addIssue({ code: 'custom', message: 'the buy rate must not exceed the sell rate' });
      return { buy: r.buy, sell: r.sell };
    }
    const scale = 10_000n;
    const mid = toScaled(r.mid);
    const spread = toScaled(r.spread);
    if (spread >= mid) ctx.addIssue({ code: 'custom', message: 'the spread must be below the mid rate' });
    return { buy: fromScaled(mid - spread, scale), sell: fromScaled(mid + spread, scale) };
  });
export type FxRate = z.output<typeof fxRateSchema>;
export const fxRatesSchema = z.record(pairSchema, fxRateSchema);

function toScaled(s: string): bigint {
  const [i, f = ''] = s.split('.');
  return BigInt(i!) * 10_000n + BigInt(f.padEnd(4, '0'));
}
function fromScaled(v: bigint, scale: bigint): string {
  const frac = (v % scale).toString().padStart(4, '0').replace(/0{1,2}$/, '');
  return `${v / scale}.${frac.length < 2 ? frac.padEnd(2, '0') : frac}`;
}

/** A commission on documents of some kinds: fixed + percent of the amount (in the debited account's currency; FX: in KZT). */
export const commissionRuleSchema = z.strictObject({
  kinds: z.array(z.string().min(1)).min(1).default(['*']),
  /** intrabank: the beneficiary account is in this bank; interbank: elsewhere (FX orders count as intrabank). */
  scope: z.enum(['any', 'intrabank', 'interbank']).default('any'),
  fixed: decimal.default('0'),
  /** Percent of the amount, up to 4 decimals ('0.15' = 0.15 %). */
  percent: z.string().regex(/^\d{1,3}(\.\d{1,4})?$/).default('0'),
  min: decimal.default('0'),
  max: decimal.optional(),
});
export type CommissionRule = z.output<typeof commissionRuleSchema>;

const certificateSeedSchema = z.strictObject({
  pem: z.string().min(1),
  user: z.string().min(1),
  account: z.union([kzIban, z.literal('*')]).default('*'),
  right: z.enum(['single', 'first', 'second']),
});

/** Clients created (or updated) at every start; accounts are opened only when missing, so balances survive restarts. */
export const seedClientSchema = z.strictObject({
  client_id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  name: z.string().min(1),
  bin: z.string().regex(/^\d{12}$/),
  token: z.string().min(16),
  accounts: z.array(z.strictObject({ iban: kzIban, currency, balance: decimal.default('0') })).default([]),
  certificates: z.array(certificateSeedSchema).default([]),
  policies: z.array(policyRuleSchema).default([]),
});

export const DEFAULT_FX_RATES = {
  'USD/KZT': { buy: '505.00', sell: '512.00' },
  'EUR/KZT': { buy: '585.00', sell: '596.00' },
  'RUB/KZT': { buy: '6.20', sell: '6.60' },
  'CNY/KZT': { buy: '69.50', sell: '72.00' },
};

export const sandboxConfigSchema = z.strictObject({
  bank: z
    .strictObject({
      name: z.string().min(1).default('Sandbox Bank'),
      /** 8-character BIC (kz-formats.md 3.2): 4 bank letters, KZ, 2 location characters. */
      bic: z.string().regex(/^[A-Z]{4}KZ[A-Z0-9]{2}$/).default('SNDXKZKA'),
      /** BIN with a valid check digit (kz-formats.md 3.3). */
      bin: z.string().regex(/^\d{12}$/).default('040740000011'),
      /** IBAN positions 5–7 of accounts the sandbox opens itself (kz-formats.md 3.1). */
      iban_code: z.string().regex(/^\d{3}$/).default('999'),
    })
    .prefault({}),
  time_zone: z.string().refine(isTimeZone, 'an IANA time zone').default('Asia/Almaty'),
  /** Documents received at or after this local time wait for the next business day. */
  cutoff: hhmm.default('17:00'),
  /** Deferred documents execute from this local time of their execution date. */
  opening: hhmm.default('09:00'),
  after_cutoff: z.enum(['next-business-day', 'reject']).default('next-business-day'),
  /** Statutory fixed-date holidays of Kazakhstan (calendar.ts) are days off unless 'none'. */
  public_holidays: z.enum(['kz', 'none']).default('kz'),
  /** Days of the week that are days off, 0 = Sunday … 6 = Saturday; [] with public_holidays 'none' makes every day a business day (a demo). */
  weekend: z.array(z.int().min(0).max(6)).default([0, 6]),
  /** Extra days off (Kurban ait, government transfers) and working weekend days (transfers), 'YYYY-MM-DD'. */
  holidays: z.array(date).default([]),
  working_days: z.array(date).default([]),
  /** An accepted document executes this long after receipt (or after the opening of a later execution date). */
  execution_delay_ms: z.int().min(0).max(86_400_000).default(2000),
  /** Period of the background tick that executes due documents and generates incoming payments. */
  tick_ms: z.int().min(20).max(3_600_000).default(1000),
  fx_rates: fxRatesSchema.default(DEFAULT_FX_RATES),
  commissions: z.array(commissionRuleSchema).default([]),
  incoming: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** One credit per client (to a random tenge account) every interval of sandbox time, on business days. */
      interval_s: z.int().min(1).default(300),
      min_amount: decimal.default('10000.00'),
      max_amount: decimal.default('500000.00'),
    })
    .prefault({}),
  faults: faultKnobsSchema.prefault({}),
  clients: z.array(seedClientSchema).default([]),
});

export type SandboxConfigInput = z.input<typeof sandboxConfigSchema>;
export type SandboxConfig = z.output<typeof sandboxConfigSchema>;
export type SeedClient = z.output<typeof seedClientSchema>;
