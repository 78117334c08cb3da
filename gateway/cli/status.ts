// `bankgate status`: files and documents by state, queue counts per queue, audit length — from the data folder.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { countFilesByState } from '../store/files-repo.ts';
import { countDocumentsByState } from '../store/documents-repo.ts';
import { auditHead } from '../store/audit.ts';
import { createSqliteQueue } from '../queue/sqlite-queue.ts';
import type { JobCounts } from '../queue/port.ts';
import { QUEUES } from '../pipeline/states.ts';
import { openConfiguredStore } from './open-data.ts';
import { printJson, reportError } from './output.ts';

export async function runStatus(opts: { config?: string; json?: boolean }): Promise<number> {
  let opened;
  try {
    opened = openConfiguredStore(opts);
  } catch (e) {
    return reportError(e);
  }
  const { loaded, store } = opened;
  try {
    const files = countFilesByState(store);
    const documents = countDocumentsByState(store);
    const audit = auditHead(store.sqlite);
    const queues: Record<string, JobCounts> = {};
    const queueFile = path.join(loaded.config.data.dir, 'queue.db');
    if (existsSync(queueFile)) {
      const q = createSqliteQueue({ path: queueFile });
      try {
        for (const name of Object.values(QUEUES)) queues[name] = await q.counts(name);
      } finally {
        await q.close();
      }
    }
    const mailboxes = Object.entries(loaded.config.mailboxes).map(([name, m]) => ({ name, root: m.root }));
    if (opts.json) {
      printJson({ dataDir: loaded.config.data.dir, files, documents, queues, audit: { events: audit.seq, head: audit.hash }, mailboxes });
      return 0;
    }
    console.log(`data:      ${loaded.config.data.dir}`);
    for (const m of mailboxes) console.log(`mailbox:   ${m.name} → ${m.root}`);
    console.log(`files:     ${Object.entries(files).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    console.log(`documents: ${Object.entries(documents).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`);
    for (const [name, c] of Object.entries(queues)) console.log(`queue ${name.padEnd(5)}: ${Object.entries(c).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    console.log(`audit:     ${audit.seq} events`);
    return 0;
  } finally {
    store.close();
  }
}
