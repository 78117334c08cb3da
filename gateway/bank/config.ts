// The [bank] configuration: which connector (none, the built-in sandbox bank, or a bank speaking API v1 over
// HTTPS), how often statuses are followed and statements fetched (cron in Asia/Almaty), where 1C files go.
import { z } from 'zod';
import { bankHttpConfigSchema } from '../../connectors/bank-http/config.ts';
import { bankSftpConfigSchema } from '../../connectors/bank-sftp/config.ts';

/** Statement files a mailbox can receive (gateway/pipeline/statement-outputs.ts). */
export const STATEMENT_OUTPUTS = ['1c', 'camt.053', 'mt940'] as const;

const iban = z.string().regex(/^KZ\d{2}[0-9A-Z]{16}$/, 'a KZ IBAN (20 characters)');

export const bankConfigSchema = z
  .strictObject({
    /**
     * none: documents stop at 'signed'; sandbox: the built-in bank simulator in this process; http: a bank implementing
     * API v1; sftp: host-to-host files (pain.001 up, pain.002 and camt.053/054 down) over SFTP.
     */
    connector: z.enum(['none', 'sandbox', 'http', 'sftp']).default('none'),
    http: bankHttpConfigSchema.optional(),
    sftp: bankSftpConfigSchema.optional(),
    sandbox: z
      .strictObject({
        /** Its own SQLite and TLS certificate; relative to the config file. Default: <data.dir>/sandbox. */
        dir: z.string().min(1).optional(),
        /** Every day a business day until 23:59 (demos, tests); otherwise Kazakhstan weekends, holidays and a 17:00 cut-off. */
        always_open: z.boolean().default(false),
      })
      .prefault({}),
    /**
     * Documents on their way to the bank at once. Their "send started" commits share one fsync, and the bank-http
     * connector packs submissions of the same moment into one batch request, so more in flight means fewer round trips.
     */
    submit_concurrency: z.int().min(1).max(1024).default(256),
    /** How often sent documents are followed and signed ones picked up. */
    status_poll_ms: z.int().min(100).max(3_600_000).default(2000),
    /**
     * The bank's cut-off time for same-day execution, local time of [validation] time_zone ('HH:MM'). When set, the
     * dashboard's overview warns about documents not yet accepted by the bank after it.
     */
    cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time 'HH:MM'").optional(),
    /** The overview warns about signed documents still not sent to the bank this many minutes after they were read. */
    signed_alert_minutes: z.int().min(1).max(10_080).default(30),
    statements: z
      .strictObject({
        /** Cron expression in the business time zone: when statements are fetched (default every 15 minutes). */
        schedule: z.string().min(9).default('*/15 * * * *'),
        /** Mailbox whose out/ receives kl_to_1c files, FX confirmations. */
        mailbox: z.string().min(1).default('default'),
        /** Character set of the 1C files. */
        encoding: z.enum(['windows-1251', 'utf-8', 'rk1048']).default('windows-1251'),
        /**
         * Files written per account and day: '1c' (kl_to_1c_<account>_<day>.txt), 'camt.053' (camt053_….xml,
         * ISO 20022 camt.053.001.08 for ERPs and treasury tools), 'mt940' (mt940_….sta).
         */
        formats: z
          .array(z.enum(STATEMENT_OUTPUTS))
          .min(1)
          .refine((a) => new Set(a).size === a.length, 'each format once')
          .default(['1c']),
        /** A never-fetched account starts this many days back. */
        lookback_days: z.int().min(0).max(366).default(7),
        /** Accounts always fetched, besides the payer accounts of documents sent to the bank. */
        accounts: z.array(iban).default([]),
      })
      .prefault({}),
  })
  .superRefine((b, ctx) => {
    if (b.connector === 'http' && !b.http) ctx.addIssue({ code: 'custom', path: ['http'], message: 'connector = "http" needs a [bank.http] section (url, token_env, tls_fingerprint)' });
    if (b.connector === 'sftp' && !b.sftp) ctx.addIssue({ code: 'custom', path: ['sftp'], message: 'connector = "sftp" needs a [bank.sftp] section (host, username, private_key_path, host_key_sha256, upload_dir, download_dir, state_dir)' });
  });

export type BankConfig = z.output<typeof bankConfigSchema>;
