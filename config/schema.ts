// The configuration schema (zod): every key, its type and its default; defaults live only here.
import { z } from 'zod';
import { validationConfigSchema } from '../gateway/validate/config.ts';
import { signingConfigSchema } from '../signer/config.ts';
import { bankConfigSchema } from '../gateway/bank/config.ts';
import { authConfigSchema } from '../gateway/auth/config.ts';
import { httpConfigSchema } from '../gateway/web/config.ts';
import { inboxQueueConfigSchema } from '../gateway/inbox/config.ts';

const positiveMs = z.int().min(1);
/** Secrets never sit in the file: a key ending in `_env` names the environment variable that holds it. */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as BANKGATE_SECRET');

export const mailboxSchema = z.strictObject({
  /** Folder holding in/, out/, archive/, error/. Relative paths are resolved against the config file's folder. */
  root: z.string().min(1),
  /** Poll instead of OS notifications: needed on SMB/NFS shares where notifications are unreliable. */
  use_polling: z.boolean().default(false),
  polling_interval_ms: positiveMs.default(1000),
  /** Take `x.txt` only once `x.txt.done` exists (trigger-file convention). */
  done_marker: z.boolean().default(false),
  /** Names never taken: temporary and hidden files. */
  ignore: z.array(z.string().min(1)).default(['*.tmp', '~*', '.*', '*.part', '*.filepart', '*.done']),
  /** Size and mtime must stay unchanged this long before a file is taken. */
  stable_ms: z.int().min(0).default(150),
  /** Files larger than this go to error/ unread. */
  max_bytes: z.int().min(1).default(50 * 1024 * 1024),
});

export const configSchema = z.strictObject({
  data: z
    .strictObject({
      /**
       * Blob store (the received files), and with SQLite the database and the embedded queue. With PostgreSQL and
       * workers on several machines, a folder every machine mounts at the same path (the database is not in it).
       */
      dir: z.string().min(1).default('./data'),
      /** PostgreSQL instead of SQLite (issue 7: gateways and workers on several machines share it), without a password. */
      database_url: z
        .url({ protocol: /^postgres(ql)?$/ })
        .refine((u) => !new URL(u).password, 'a URL with a password is a secret: put it in the environment and name the variable in database_url_env')
        .optional(),
      /** The environment variable holding the PostgreSQL URL (with its password). */
      database_url_env: envName.optional(),
      /** PostgreSQL connections per process. */
      pool_size: z.int().min(2).max(200).default(10),
    })
    .superRefine((d, ctx) => {
      if (d.database_url && d.database_url_env) ctx.addIssue({ code: 'custom', path: ['database_url_env'], message: 'give database_url or database_url_env, not both' });
    })
    .prefault({}),
  /** The dashboard and API server: address, TLS, sessions, login throttling (gateway/web/config.ts). */
  http: httpConfigSchema.prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      /** Optional log file; stdout when absent. */
      file: z.string().min(1).optional(),
    })
    .prefault({}),
  queue: z
    .strictObject({
      /**
       * 'sqlite' is the embedded durable queue (the default, and the only choice on Windows); 'bullmq' puts the queues
       * in Redis so workers on several machines share them (reliability-security.md 3).
       */
      backend: z.enum(['sqlite', 'bullmq']).default('sqlite'),
      /** Attempts before a job goes to the dead-letter state. */
      attempts: z.int().min(1).max(100).default(8),
      backoff_ms: positiveMs.default(1000),
      lease_ms: positiveMs.default(30_000),
      /** bullmq: Redis without a password, e.g. redis://127.0.0.1:6379/0. A URL with a password goes in url_env. */
      redis_url: z
        .url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' })
        .refine((u) => !new URL(u).password, 'a URL with a password is a secret: put it in the environment and name the variable in url_env')
        .optional(),
      /** bullmq: the env var holding the Redis URL (with its password). */
      url_env: envName.optional(),
      /** bullmq: key prefix of the queues; gateways sharing one Redis need different ones. */
      prefix: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -').default('bankgate'),
      /** bullmq: completed jobs stay this long (re-adds of their ids are ignored meanwhile), then Redis drops them. */
      keep_completed_hours: z.int().min(1).default(168),
      /** bullmq: how often jobs the store says must exist are re-added if Redis lost them (restart, flush, eviction). */
      reconcile_seconds: z.int().min(1).default(30),
      /** bullmq: files handed over as jobs of a Redis queue, results on a reply queue (gateway/inbox/config.ts). */
      inbox: inboxQueueConfigSchema.prefault({}),
    })
    .superRefine((q, ctx) => {
      if (q.inbox.enabled && q.backend !== 'bullmq') ctx.addIssue({ code: 'custom', path: ['inbox', 'enabled'], input: true, message: `the inbox queue needs backend = "bullmq" (other systems reach it through Redis), not "${q.backend}"` });
      if (q.backend === 'bullmq' && !q.redis_url && !q.url_env) ctx.addIssue({ code: 'custom', path: ['redis_url'], message: 'backend "bullmq" needs redis_url (or url_env naming the variable that holds it)' });
      if (q.redis_url && q.url_env) ctx.addIssue({ code: 'custom', path: ['url_env'], message: 'give redis_url or url_env, not both' });
    })
    .prefault({}),
  /** Kazakhstan validation rules: directories, statutory recipients, limits (gateway/validate/config.ts). */
  validation: validationConfigSchema.prefault({}),
  /** Signature-right policy, key providers, token presence, automatic signing (signer/config.ts). */
  signing: signingConfigSchema.prefault({}),
  /** The bank connection, status following and statements for 1C (gateway/bank/config.ts). */
  bank: bankConfigSchema.prefault({}),
  /** Login rules: lockout, self-unlock, password policy, admin second factor (gateway/auth/config.ts). */
  auth: authConfigSchema.prefault({}),
  mailboxes: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a mailbox name of lowercase letters, digits, - and _'), mailboxSchema)
    .refine((m) => Object.keys(m).length > 0, 'at least one mailbox')
    .prefault({ default: { root: './exchange/default' } }),
  })
  .superRefine((c, ctx) => {
    const m = c.queue.inbox.mailbox;
    if (c.queue.inbox.enabled && !c.mailboxes[m]) ctx.addIssue({ code: 'custom', path: ['queue', 'inbox', 'mailbox'], input: m, message: `no such mailbox; configured: ${Object.keys(c.mailboxes).join(', ')}` });
    // The embedded queue is a SQLite file in [data] dir: processes sharing a PostgreSQL database share queues through Redis.
    if ((c.data.database_url || c.data.database_url_env) && c.queue.backend !== 'bullmq') {
      ctx.addIssue({ code: 'custom', path: ['queue', 'backend'], message: 'a PostgreSQL database ([data] database_url) needs backend = "bullmq": the embedded queue is a file of one machine' });
    }
  });

export type GatewayConfig = z.output<typeof configSchema>;
export type MailboxConfig = z.output<typeof mailboxSchema>;
export type ConfigInput = z.input<typeof configSchema>;
