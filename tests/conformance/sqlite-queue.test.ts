// Runs the JobQueue conformance suite against the embedded SQLite queue on a temp file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteQueue } from '../../gateway/queue/sqlite-queue.ts';
import type { LocalJobQueue } from '../../gateway/queue/store-queue.ts';
import { describeQueueConformance } from './queue.conformance.ts';

describeQueueConformance('sqlite', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-queue-'));
  const file = path.join(dir, 'queue.db');
  return {
    open: async () => createSqliteQueue({ path: file }),
    // abandon() closes the connection without touching rows; committed WAL data stays, as after kill -9.
    crash: async (q) => (q as LocalJobQueue).abandon(),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
