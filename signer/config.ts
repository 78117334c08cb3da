// Signing configuration (the [signing] section): policy rules, PIN idle lock, token presence, automatic signing.
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../gateway/core/model/document.ts';
import { pkcs11ProviderOptionsSchema } from './providers/pkcs11.ts';
import { softwareProviderOptionsSchema } from './providers/software.ts';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as BANKGATE_SECRET');
const account = z.string().regex(/^(\*|KZ\d{2}[0-9A-Z]{16})$/, "a KZ IBAN (20 characters) or '*' for every account");
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'a decimal amount such as 10000000.00');
const hexId = z.union([z.int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a USB id such as 0x0a89')]);

/** Complete signature sets (EBICS E; A+B; A+A only where allowed — B+B never completes). */
export const SIGNATURE_SETS = ['single', 'first+second', 'first+first'] as const;
export type SignatureSet = (typeof SIGNATURE_SETS)[number];

export const policyRuleSchema = z.strictObject({
  /** The payer account (IBAN) the rule is for, or '*'. */
  account: account.default('*'),
  /** Document kinds, or ['*']. */
  kinds: z.array(z.enum(['*', ...DOCUMENT_KINDS])).min(1).default(['*']),
  /** The rule applies from this amount up (in `currency`): e.g. large payments need two signatures. */
  min_amount: decimal.default('0'),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** Which signature sets complete a document under this rule. */
  sets: z.array(z.enum(SIGNATURE_SETS)).min(1),
});

/** A USB token whose presence gates a key's signer worker (matched by vendor id, product id, optional serial). */
export const tokenPresenceSchema = z.strictObject({
  /** Keys served by this token: key ids, or a key-id prefix ending in '*' ('pkcs11:0123456789ab:*'). */
  keys: z.array(z.string().min(1)).min(1),
  vendor_id: hexId,
  product_id: hexId,
  serial: z.string().min(1).optional(),
});

export const autoSignSchema = z.strictObject({
  /** Payer account whose documents are signed without a person (host-to-host flows). */
  account,
  /** The designated key (bound to a technical user); signs as 'single'. */
  key: z.string().min(1),
  /** Environment variable holding the key's PIN or password. */
  secret_env: envName,
});

export const signingConfigSchema = z.strictObject({
  /** Where keys live: key files (software) and PKCS#11 tokens (one entry per module/token). */
  providers: z
    .strictObject({
      software: softwareProviderOptionsSchema.prefault({}),
      pkcs11: z
        .array(pkcs11ProviderOptionsSchema)
        .default([])
        // Keys are matched to their provider by name: two entries with one name would be ambiguous.
        .refine((list) => new Set(list.map((p) => p.name)).size === list.length, 'each [[signing.providers.pkcs11]] entry needs its own name (default "pkcs11")')
        .refine((list) => list.every((p) => p.name !== 'software'), "'software' is the key-file provider's name"),
    })
    .prefault({}),
  /** Rules in any order: the most specific match wins (exact account, exact kind, highest min_amount). */
  policies: z.array(policyRuleSchema).default([]),
  /** A PIN entered for a key is forgotten after this long without signing. */
  pin_idle_timeout_s: z.int().min(10).max(86_400).default(300),
  /** How often token presence is polled (node-hid). */
  presence_poll_ms: z.int().min(100).max(60_000).default(1000),
  tokens: z.array(tokenPresenceSchema).default([]),
  /** Opt-in, per account; empty by default. Every automatic signature is an audited event. */
  auto: z.array(autoSignSchema).default([]),
});

export type SigningConfig = z.output<typeof signingConfigSchema>;
export type PolicyRuleConfig = z.output<typeof policyRuleSchema>;
export type TokenPresenceConfig = z.output<typeof tokenPresenceSchema>;

export function usbId(v: number | string): number {
  return typeof v === 'number' ? v : parseInt(v.replace(/^0x/i, ''), 16);
}

/** The USB token a key lives on, from [[signing.tokens]] (exact key id, or a prefix ending in '*'). */
export function tokenFor(cfg: SigningConfig, keyId: string): { vendorId: number; productId: number; serial?: string | undefined } | undefined {
  const t = cfg.tokens.find((t) => t.keys.some((k) => (k.endsWith('*') ? keyId.startsWith(k.slice(0, -1)) : k === keyId)));
  return t ? { vendorId: usbId(t.vendor_id), productId: usbId(t.product_id), serial: t.serial } : undefined;
}
