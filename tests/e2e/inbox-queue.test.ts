// `bankgate start` with [queue.inbox] enabled on BullMQ: the real process takes a job another system added to the inbox
// queue (plain BullMQ, the gateway's prefix) and puts the result on the reply queue; the file is archived like a dropped
// one. Skipped with the printed reason when no Redis answers.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../services/redis.ts';
import { spawnGateway } from './gateway-process.ts';
import { waitFor } from './kill-harness.ts';

describe.runIf(redisAvailable)('bankgate start with the inbox queue', () => {
  it('takes a job from the inbox queue and replies with the result report', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-inboxq-'));
    const prefix = testPrefix('inboxq');
    writeFileSync(
      path.join(dir, 'bankgate.toml'),
      ['[http]', 'port = 0', '[queue]', 'backend = "bullmq"', `redis_url = "${REDIS_URL}"`, `prefix = "${prefix}"`, '[queue.inbox]', 'enabled = true', 'reply_queue = "erp-results"'].join('\n'),
    );
    const gw = spawnGateway(dir, ['start'], { BANKGATE_LOG_LEVEL: 'warn' });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const inbox = new Queue('inbox', { connection, prefix });
    const results = new Queue('erp-results', { connection, prefix });
    try {
      await gw.ready;
      await inbox.add('payments', { name: '1c_to_kl.txt', content_base64: gen1cBytes({ firstNumber: 1, documents: 2 }).toString('base64'), reply_to: 'batch-1' }, { jobId: 'erp-1' });
      const reply = await waitFor('the reply', async () => (await results.getJob('erp-1'))?.data as Record<string, any> | undefined, 20_000, 50);
      expect(reply).toMatchObject({ reply_to: 'batch-1', inbox_job_id: 'erp-1', state: 'parsed', accepted: true, report: { file: '1c_to_kl.txt', summary: { documents: 2, valid: 2 } } });
      const archive = path.join(dir, 'exchange/default/archive');
      expect(readdirSync(path.join(archive, readdirSync(archive)[0]!))).toEqual(['1c_to_kl.txt']);
    } finally {
      await gw.kill('SIGTERM');
      await inbox.close();
      await results.close();
      connection.disconnect();
      await dropPrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
