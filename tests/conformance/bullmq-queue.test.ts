// Runs the JobQueue conformance suite against the BullMQ queue on the real Redis (loopback), each test under a key
// prefix of its own. Skipped with a reason where no Redis answers, unless REQUIRE_SERVICES=1.
import { describe } from 'vitest';
import { createBullmqQueue, type BullmqJobQueue } from '../../gateway/queue/bullmq-queue.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../services/redis.ts';
import { describeQueueConformance } from './queue.conformance.ts';

describe.runIf(redisAvailable)('bullmq queue', () => {
  describeQueueConformance('bullmq', () => {
    const prefix = testPrefix('queue');
    return {
      open: async () => createBullmqQueue({ redisUrl: REDIS_URL, prefix }),
      crash: async (q) => (q as BullmqJobQueue).abandon(),
      cleanup: async () => dropPrefix(prefix),
    };
  });
});
