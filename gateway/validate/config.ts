// The `[validation]` config section (zod): directory/dictionary overrides, statutory accounts, limits, time zone; every key has a default.
import { z } from 'zod';
import { isTimeZone } from './dates.ts';
import { checkBinIin } from './kz/bin-iin.ts';
import { checkIban } from './kz/iban.ts';
import { KNP_KINDS } from './kz/knp.ts';
import { SEED_RECIPIENTS, type StatutoryRecipient } from './kz/recipients.ts';

const bic8 = z.string().regex(/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}$/, 'an 8-character BIC in capitals, e.g. HSBKKZKX');
const bankCode = z.string().regex(/^\d{3}$/, 'the 3-digit IBAN bank code (IBAN characters 5–7)');
const knpCode = z.string().regex(/^\d{3}$/, 'a 3-digit KNP');
const kzIban = z.string().refine((v) => checkIban(v).ok, 'a valid KZ IBAN (20 characters, correct check digits)');
const binIin = z.string().refine((v) => checkBinIin(v).ok, 'a valid 12-digit BIN');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');

export const bankEntrySchema = z.strictObject({
  bic: bic8.optional(),
  code: bankCode,
  name: z.string().min(1),
  /** The name in Russian and Kazakh for messages (default: `name`). */
  ru: z.string().min(1).optional(),
  kk: z.string().min(1).optional(),
  /** false: a mismatch against this entry is only a warning. */
  confirmed: z.boolean().default(true),
});

export const knpEntrySchema = z.strictObject({
  ru: z.string().min(1),
  kk: z.string().min(1).optional(),
  kind: z.enum(KNP_KINDS).optional(),
  budget: z.boolean().optional(),
  scheme: z.string().min(1).optional(),
  confirmed: z.boolean().default(true),
  note: z.string().optional(),
  /** `note` in Russian and Kazakh for messages (default: `note`). */
  note_ru: z.string().optional(),
  note_kk: z.string().optional(),
});

function recipientSchema(seed: StatutoryRecipient) {
  return z
    .strictObject({
      name: z.string().min(1).default(seed.name),
      bin: binIin.default(seed.bin),
      bic: bic8.default(seed.bic),
      /** Accepted accounts; replaces the seeded list. */
      ibans: z.array(kzIban).min(1).default(() => [...seed.ibans]),
      /** Expected KBe; '' turns the check off. */
      kbe: z.string().regex(/^(\d{2})?$/, 'two digits or empty').default(seed.kbe),
      /** false: a difference is a warning (VAL_RECIPIENT_UNCONFIRMED) instead of an error (VAL_RECIPIENT). */
      confirmed: z.boolean().default(seed.confirmed),
    })
    .prefault({});
}

export const validationConfigSchema = z.strictObject({
  /** Zone of the business date ("today"): Kazakhstan is one zone, UTC+5, since 2024-03-01. */
  time_zone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Almaty').default('Asia/Almaty'),
  limits: z
    .strictObject({
      /** Purpose text: MT /ASSIGN/ ≈ 410 characters (kz-formats.md 3.8); one ERP caps at 210, ISO Ustrd is 140 per occurrence [U]. */
      purpose_max: z.int().min(1).default(410),
      /** Party and employee names: MT /NAME/ ≤ 60 (a warning: banks cut, they do not refuse — [U]). */
      name_max: z.int().min(1).default(60),
      /** Document date more than this many days after today: warning. */
      document_date_future_days: z.int().min(0).default(30),
      /** Value date more than this many days after today: warning. */
      value_date_future_days: z.int().min(0).default(30),
      /** Earliest accepted contribution period (the funded pension system began in 1998). */
      period_min: month.default('1998-01'),
      /** Latest accepted contribution period, in months after the current month. */
      period_future_months: z.int().min(0).default(12),
    })
    .prefault({}),
  banks: z
    .strictObject({
      /** Use the built-in directory (kz-formats.md 3.2). */
      seed: z.boolean().default(true),
      /** Added entries; one with the BIC or code of a built-in entry replaces it. */
      entries: z.array(bankEntrySchema).default(() => []),
      /** BICs or bank codes to drop from the directory. */
      remove: z.array(z.string().min(1)).default(() => []),
    })
    .prefault({}),
  knp: z
    .strictObject({
      /** Use the built-in dictionary (kz-formats.md 3.5, 9.3). */
      seed: z.boolean().default(true),
      /** Added or replaced codes, e.g. `[validation.knp.codes."859"] ru = "..."`. */
      codes: z.record(knpCode, knpEntrySchema).default(() => ({})),
      remove: z.array(knpCode).default(() => []),
      /** A code without its own `budget` flag is a budget code when it starts with one of these (kz-formats.md 3.5: 9xx). */
      budget_prefixes: z.array(z.string().regex(/^\d{1,3}$/)).default(() => ['9']),
    })
    .prefault({}),
  recipients: z
    .strictObject({
      pension: recipientSchema(SEED_RECIPIENTS.pension),
      social: recipientSchema(SEED_RECIPIENTS.social),
      medical: recipientSchema(SEED_RECIPIENTS.medical),
      treasury: z
        .strictObject({
          bic: bic8.default(SEED_RECIPIENTS.treasury.bic),
          ibans: z.array(kzIban).default(() => [...SEED_RECIPIENTS.treasury.ibans]),
        })
        .prefault({}),
      /** Identifiers refused as beneficiary BIN/IIN or account; replaces the seeded list. */
      obsolete: z
        .array(z.strictObject({ id: z.string().min(1), note: z.string().default(''), note_ru: z.string().optional(), note_kk: z.string().optional() }))
        .default(() => SEED_RECIPIENTS.obsolete.map((o) => ({ ...o }))),
    })
    .prefault({}),
  iin: z
    .strictObject({
      /** IIN 7th digit 0 (some foreigners, kz-formats.md 3.3 [U]). */
      century_zero: z.enum(['accept', 'warning', 'error']).default('warning'),
    })
    .prefault({}),
});

export type ValidationConfig = z.output<typeof validationConfigSchema>;
export type ValidationConfigInput = z.input<typeof validationConfigSchema>;

/** Defaults filled in; throws the zod error on a bad section. */
export function parseValidationConfig(input: unknown = {}): ValidationConfig {
  return validationConfigSchema.parse(input ?? {});
}
