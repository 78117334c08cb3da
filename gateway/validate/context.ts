// What rules need besides the document: business date, bank directory, KNP dictionary, statutory recipients, limits.
import { isCalendarDate, todayIn } from './dates.ts';
import { parseValidationConfig, type ValidationConfig, type ValidationConfigInput } from './config.ts';
import { createBankDirectory, type BankDirectory } from './kz/banks.ts';
import type { IinCenturyZeroPolicy } from './kz/bin-iin.ts';
import { createKnpDictionary, type KnpDictionary, type KnpEntry } from './kz/knp.ts';
import type { StatutoryRecipients } from './kz/recipients.ts';

export interface ValidationLimits {
  purposeMax: number;
  nameMax: number;
  documentDateFutureDays: number;
  valueDateFutureDays: number;
  /** 'YYYY-MM' */
  periodMin: string;
  periodFutureMonths: number;
}

export interface ValidationContext {
  /** 'YYYY-MM-DD' business date in `timeZone`. */
  today: string;
  timeZone: string;
  banks: BankDirectory;
  knp: KnpDictionary;
  recipients: StatutoryRecipients;
  limits: ValidationLimits;
  iinCenturyZero: IinCenturyZeroPolicy;
}

export interface CreateValidationContextOptions {
  /** Business date; default: the date now in the configured zone. */
  today?: string;
  /** Instant used for `today` when it is not given (tests). */
  now?: number | Date;
  config?: ValidationConfig | ValidationConfigInput;
}

export function createValidationContext(opts: CreateValidationContextOptions = {}): ValidationContext {
  const c = parseValidationConfig(opts.config ?? {});
  if (opts.today !== undefined && !isCalendarDate(opts.today)) throw new RangeError(`today must be a date YYYY-MM-DD, got ${JSON.stringify(opts.today)}`);
  const knpExtra: Record<string, KnpEntry> = {};
  for (const [code, e] of Object.entries(c.knp.codes)) knpExtra[code] = e;
  return {
    today: opts.today ?? todayIn(c.time_zone, opts.now ?? Date.now()),
    timeZone: c.time_zone,
    banks: createBankDirectory(c.banks.entries, { seed: c.banks.seed, remove: c.banks.remove }),
    knp: createKnpDictionary(knpExtra, { seed: c.knp.seed, remove: c.knp.remove, budgetPrefixes: c.knp.budget_prefixes }),
    recipients: {
      pension: { ...c.recipients.pension, ibans: [...c.recipients.pension.ibans] },
      social: { ...c.recipients.social, ibans: [...c.recipients.social.ibans] },
      medical: { ...c.recipients.medical, ibans: [...c.recipients.medical.ibans] },
      treasury: { ...c.recipients.treasury, ibans: [...c.recipients.treasury.ibans] },
      obsolete: c.recipients.obsolete.map((o) => ({ ...o })),
    },
    limits: {
      purposeMax: c.limits.purpose_max,
      nameMax: c.limits.name_max,
      documentDateFutureDays: c.limits.document_date_future_days,
      valueDateFutureDays: c.limits.value_date_future_days,
      periodMin: c.limits.period_min,
      periodFutureMonths: c.limits.period_future_months,
    },
    iinCenturyZero: c.iin.century_zero,
  };
}
