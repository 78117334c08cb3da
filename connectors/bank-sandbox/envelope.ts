// The signed envelope: payload_b64 is the exact signed bytes in 'bankgate.document/1' (signer/signed-bytes.ts) —
// canonical JSON {format, id, document} with money as {minor: "<digits>", currency}. Decoded here, never re-rendered.
import { z } from 'zod';
import { SIGNED_BYTES_FORMAT } from '../../signer/signed-bytes.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Signed minor units as the canonical JSON writes a bigint; a sign is let through so "amount > 0" is a bank reason, not a parse error. */
const moneySchema = z.object({ minor: z.string().regex(/^-?\d{1,20}$/), currency: z.string().regex(/^[A-Z]{3}$/) });
const partySchema = z.looseObject({
  name: z.string(),
  binIin: z.string().optional(),
  iban: z.string().optional(),
  bic: z.string().optional(),
  code: z.string().optional(),
});

export const PAYMENT_KINDS = ['payment', 'budget', 'pension', 'social', 'medical', 'salary', 'fx-payment'] as const;

const paymentSchema = z.looseObject({
  kind: z.enum(PAYMENT_KINDS),
  number: z.string().min(1),
  date,
  valueDate: date.optional(),
  amount: moneySchema,
  payer: partySchema,
  beneficiary: partySchema,
  knp: z.string().optional(),
  purpose: z.string(),
});

const fxOrderSchema = z.looseObject({
  kind: z.literal('fx-order'),
  number: z.string().min(1),
  date,
  direction: z.enum(['buy', 'sell']),
  amount: moneySchema,
  fromIban: z.string(),
  toIban: z.string(),
  rateLimit: z.string().optional(),
  purpose: z.string(),
});

const payloadSchema = z.object({
  format: z.literal(SIGNED_BYTES_FORMAT),
  id: z.string().min(1),
  document: z.discriminatedUnion('kind', [paymentSchema, fxOrderSchema]),
});

export type PaymentPayload = z.output<typeof paymentSchema>;
export type FxOrderPayload = z.output<typeof fxOrderSchema>;
export type PayloadDocument = PaymentPayload | FxOrderPayload;
export type PartyPayload = z.output<typeof partySchema>;

export type Decoded = { ok: true; bytes: Buffer; id: string; document: PayloadDocument } | { ok: false; message: string };

export function decodePayload(payloadB64: string): Decoded {
  const bytes = Buffer.from(payloadB64, 'base64');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, message: 'payload_b64 is not UTF-8 JSON' };
  }
  const r = payloadSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return { ok: false, message: `payload is not a ${SIGNED_BYTES_FORMAT} payment or FX order: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}` };
  }
  return { ok: true, bytes, id: r.data.id, document: r.data.document };
}

/** The account signature rights apply to: the payer's, or the debited account of an FX order. */
export function debitedAccount(d: PayloadDocument): string | null {
  return d.kind === 'fx-order' ? d.fromIban : (d.payer.iban ?? null);
}

export function amountMinor(d: PayloadDocument): bigint {
  return BigInt(d.amount.minor);
}
