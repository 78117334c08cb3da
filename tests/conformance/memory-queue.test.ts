// Runs the JobQueue conformance suite against the in-memory queue; instances share one backend.
import { createMemoryBackend, createMemoryQueue } from '../../gateway/queue/memory-queue.ts';
import type { LocalJobQueue } from '../../gateway/queue/store-queue.ts';
import { describeQueueConformance } from './queue.conformance.ts';

describeQueueConformance('memory', () => {
  // The backend outlives its instances, which is what "reopen" means for an in-memory queue.
  const backend = createMemoryBackend();
  return {
    open: async () => createMemoryQueue({ backend }),
    crash: async (q) => (q as LocalJobQueue).abandon(),
    cleanup: async () => {},
  };
});
