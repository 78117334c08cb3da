// [queue.inbox]: off by default, needs the BullMQ backend and a configured mailbox, and keeps clear of the gateway's own
// queue names.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';

const bullmq = { backend: 'bullmq', redis_url: 'redis://127.0.0.1:6379' } as const;
const problems = (input: unknown) => {
  const r = configSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('[queue.inbox]', () => {
  it('is off by default, with the documented names', () => {
    expect(configSchema.parse({}).queue.inbox).toEqual({ enabled: false, queue: 'inbox', reply_queue: 'inbox-replies', mailbox: 'default', concurrency: 2 });
    expect(problems({ queue: { ...bullmq, inbox: { enabled: true } } })).toEqual([]);
  });

  it('refuses the SQLite backend, an unknown mailbox, reserved or equal queue names, unknown keys', () => {
    expect(problems({ queue: { inbox: { enabled: true } } })).toEqual(['queue.inbox.enabled: the inbox queue needs backend = "bullmq" (other systems reach it through Redis), not "sqlite"']);
    expect(problems({ queue: { ...bullmq, inbox: { enabled: true, mailbox: 'acme' } } })).toEqual(['queue.inbox.mailbox: no such mailbox; configured: default']);
    // Off, nothing is checked against the mailboxes.
    expect(problems({ queue: { inbox: { mailbox: 'acme' } } })).toEqual([]);
    expect(problems({ queue: { ...bullmq, inbox: { queue: 'parse' } } })[0]).toMatch(/^queue\.inbox\.queue: a name the gateway uses itself/);
    expect(problems({ queue: { ...bullmq, inbox: { reply_queue: 'sign:key-1' } } })[0]).toMatch(/^queue\.inbox\.reply_queue: a name the gateway uses itself/);
    expect(problems({ queue: { ...bullmq, inbox: { queue: 'x', reply_queue: 'x' } } })).toEqual(['queue.inbox.reply_queue: must differ from queue']);
    expect(problems({ queue: { ...bullmq, inbox: { enable: true } } })[0]).toMatch(/^queue\.inbox: /);
  });
});
