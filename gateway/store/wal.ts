// WAL housekeeping: checkpoint on demand, or when the -wal file has grown large.
import { statSync } from 'node:fs';
import type { SqliteStore as Store } from './db.ts';

export type CheckpointMode = 'PASSIVE' | 'FULL' | 'RESTART' | 'TRUNCATE';

export interface CheckpointResult {
  /** 1 when a reader or writer prevented a complete checkpoint. */
  busy: number;
  /** Frames in the WAL, and frames copied back into the database. */
  log: number;
  checkpointed: number;
}

/**
 * RESTART copies the WAL into the database and makes the next writer start the WAL from the beginning,
 * which keeps it from growing without bound when readers never pause (checkpoint starvation;
 * better-sqlite3 docs/performance.md).
 */
export function checkpoint(store: Store, mode: CheckpointMode = 'RESTART'): CheckpointResult {
  const row = store.sqlite.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
  return row[0] ?? { busy: 0, log: 0, checkpointed: 0 };
}

export function walSizeBytes(store: Store): number {
  try {
    return statSync(`${store.dbPath}-wal`).size;
  } catch {
    return 0;
  }
}

/** Call periodically (e.g. every few seconds from the composition root); returns null when nothing was needed. */
export function checkpointIfLarge(store: Store, maxWalBytes = 64 * 1024 * 1024): CheckpointResult | null {
  return walSizeBytes(store) > maxWalBytes ? checkpoint(store, 'RESTART') : null;
}
