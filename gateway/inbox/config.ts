// The [queue.inbox] section: another system hands files over as jobs of a Redis queue (BullMQ) and reads each file's
// result from a reply queue (issue 7, queue sources). Checked against [queue] backend and the mailboxes in config/schema.ts.
import { z } from 'zod';

/** The gateway's own queues: an inbox or reply queue under one of these names would mix jobs of two kinds. */
const RESERVED = /^(parse|submit|sign:.*|.*:await)$/;

const queueName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'letters, digits and _ . : - (at most 100)')
  .refine((n) => !RESERVED.test(n), "a name the gateway uses itself ('parse', 'submit', 'sign:…', '…:await')");

export const inboxQueueConfigSchema = z
  .strictObject({
    /** Needs [queue] backend = "bullmq": the producer reaches the queue through Redis. */
    enabled: z.boolean().default(false),
    /** The queue other systems add jobs to (under [queue] prefix). */
    queue: queueName.default('inbox'),
    /** Each job's result is added here, with the inbox job's id. */
    reply_queue: queueName.default('inbox-replies'),
    /** The mailbox a job without its own `mailbox` goes to (its out/, archive/, error/ and max_bytes apply). */
    mailbox: z.string().min(1).default('default'),
    /** Inbox jobs taken at once by the intake process. */
    concurrency: z.int().min(1).max(64).default(2),
  })
  .superRefine((c, ctx) => {
    if (c.queue === c.reply_queue) ctx.addIssue({ code: 'custom', path: ['reply_queue'], input: c.reply_queue, message: 'must differ from queue' });
  });

export type InboxQueueConfig = z.output<typeof inboxQueueConfigSchema>;
