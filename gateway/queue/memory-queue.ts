// In-memory JobQueue for unit tests only: nothing survives the process, but semantics match the SQLite queue.
import { createMemoryBackend, createMemoryStore, type MemoryBackend } from './memory-store.ts';
import { createStoreQueue, type LocalJobQueue, type StoreQueueOptions } from './store-queue.ts';

export { createMemoryBackend, type MemoryBackend };

export interface MemoryQueueOptions extends StoreQueueOptions {
  /** Share one backend between instances to play two processes on one database (crash tests). */
  backend?: MemoryBackend;
}

export function createMemoryQueue(opts: MemoryQueueOptions = {}): LocalJobQueue {
  return createStoreQueue(createMemoryStore(opts.backend ?? createMemoryBackend()), opts);
}
