// Public face of the job queue: the port, the embedded SQLite queue and the in-memory test queue.
export * from './port.ts';
export { createSqliteQueue, type SqliteQueueOptions } from './sqlite-queue.ts';
export { createMemoryBackend, createMemoryQueue, type MemoryBackend, type MemoryQueueOptions } from './memory-queue.ts';
export type { LocalJobQueue, StoreQueueOptions } from './store-queue.ts';
export type { JobDefaults } from './options.ts';
export { backoffDelay, isUnrecoverable } from './backoff.ts';
