// Shapes of the admin API (in-process SandboxAdmin and the /v1/sandbox routes): clients, accounts, certificates,
// policies, incoming payments, fault knobs, the sandbox clock, FX rates and the bank's letters.
import { z } from 'zod';
import { sendLetterSchema, statementEntrySchema, letterSchema } from '../bank-api/contract.ts';
import { policyRuleSchema } from '../../signer/config.ts';
import { fxRatesSchema } from './config.ts';
import { faultUpdateSchema } from './fault-knobs.ts';
import { incomingPaymentSchema } from './incoming.ts';

const clientId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore (1–64)');
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'a decimal amount such as 1250000.00');
const iban = z.string().regex(/^KZ\d{2}\d{3}[0-9A-Z]{13}$/, 'a KZ IBAN (20 characters)');

export const clientInputSchema = z.strictObject({
  client_id: clientId,
  name: z.string().min(1).max(200),
  bin: z.string().regex(/^\d{12}$/),
  /** The client's bearer token; generated when a new client has none, unchanged when an existing one has none. */
  token: z.string().min(16).max(200).optional(),
});
export const clientViewSchema = z.object({ client_id: z.string(), name: z.string(), bin: z.string(), token: z.string().nullable() });

export const accountInputSchema = z.strictObject({
  client_id: clientId,
  /** Generated with the bank's IBAN code when absent. */
  iban: iban.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).default('KZT'),
  balance: decimal.default('0'),
});
export const accountViewSchema = z.object({ iban: z.string(), client_id: z.string(), currency: z.string(), balance: z.string(), opened_at: z.string() });

export const certificateInputSchema = z.strictObject({
  client_id: clientId,
  pem: z.string().min(1),
  user: z.string().min(1).max(200),
  account: z.union([iban, z.literal('*')]).default('*'),
  right: z.enum(['single', 'first', 'second']),
});
export const certificateViewSchema = z.object({
  fingerprint: z.string(),
  client_id: z.string(),
  user: z.string(),
  subject: z.string(),
  rights: z.array(z.object({ account: z.string(), right: z.string() })),
});

export const policyInputSchema = z.strictObject({ policies: z.array(policyRuleSchema) });

export { incomingPaymentSchema, faultUpdateSchema };
export const incomingViewSchema = statementEntrySchema;

const knobView = <T extends z.ZodType>(v: T) => z.object({ value: v, remaining: z.number().nullable() });
export const faultStateSchema = z.object({
  latency_ms: knobView(z.number()),
  error_rate: knobView(z.number()),
  reset_after_accept: knobView(z.boolean()),
  accepted_no_answer: knobView(z.boolean()),
  hang_ms: z.number(),
});

export const clockInputSchema = z.union([
  z.strictObject({ now: z.iso.datetime({ offset: true }) }),
  z.strictObject({ advance_ms: z.int().min(0) }),
]);
export const clockViewSchema = z.object({ now: z.string(), business_date: z.string(), local_time: z.string(), is_business_day: z.boolean(), offset_ms: z.number() });

export const fxRatesInputSchema = z.record(z.string(), z.unknown());
export const fxRatesViewSchema = z.record(z.string(), z.object({ buy: z.string(), sell: z.string() }));
export { fxRatesSchema };

export const bankLetterInputSchema = sendLetterSchema.extend({ client_id: clientId });
export const bankLetterViewSchema = letterSchema;

export const tickViewSchema = z.object({ executed: z.number(), incoming: z.number() });
