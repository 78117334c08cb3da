// `bankgate status`: files and documents by state, queue counts per queue, audit length — from the data folder.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { countFilesByState } from '../store/files-repo.ts';
import { countDocumentsByState } from '../store/documents-repo.ts';
import { auditHead } from '../store/sql/audit-log.ts';
import { openQueue, redisUrlOf } from '../queue/open-queue.ts';
import type { GatewayConfig } from '../../config/schema.ts';
import { silentLogger } from '../core/logger.ts';
import type { JobCounts } from '../queue/port.ts';
import { QUEUES } from '../pipeline/states.ts';
import { openConfiguredStore } from './open-data.ts';
import { printJson, reportError } from './output.ts';

export async function runStatus(opts: { config?: string; json?: boolean }): Promise<number> {
  let opened;
  try {
    opened = (await openConfiguredStore(opts));
  } catch (e) {
    return reportError(e);
  }
  const { loaded, store } = opened;
  try {
    const files = (await countFilesByState(store.sql));
    const documents = (await countDocumentsByState(store.sql));
    const audit = await auditHead(store.sql);
    const queues: Record<string, JobCounts> = {};
    let queueProblem: string | null = null;
    const backend = describeQueues(loaded.config.queue);
    // The embedded queue's file is not created just to count it; Redis is asked (and a failure to reach it reported).
    if (loaded.config.queue.backend !== 'sqlite' || existsSync(path.join(loaded.config.data.dir, 'queue.db'))) {
      try {
        const { queue: q } = await openQueue(loaded.config, process.env, silentLogger);
        try {
          for (const name of Object.values(QUEUES)) queues[name] = await q.counts(name);
        } finally {
          await q.close();
        }
      } catch (e) {
        queueProblem = e instanceof Error ? e.message : String(e);
      }
    }
    const mailboxes = Object.entries(loaded.config.mailboxes).map(([name, m]) => ({ name, root: m.root }));
    if (opts.json) {
      printJson({ dataDir: loaded.config.data.dir, database: { dialect: store.dialect, location: store.location }, queueBackend: backend, files, documents, queues, ...(queueProblem ? { queueProblem } : {}), audit: { events: audit.seq, head: audit.hash }, mailboxes });
      return 0;
    }
    console.log(`data:      ${loaded.config.data.dir}`);
    console.log(`database:  ${store.dialect === 'postgres' ? `PostgreSQL ${store.location}` : `SQLite ${store.location}`}`);
    console.log(`queues:    ${backend}`);
    for (const m of mailboxes) console.log(`mailbox:   ${m.name} → ${m.root}`);
    console.log(`files:     ${Object.entries(files).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    console.log(`documents: ${Object.entries(documents).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`);
    if (queueProblem) console.log(`queues:    not reachable: ${queueProblem}`);
    for (const [name, c] of Object.entries(queues)) console.log(`queue ${name.padEnd(5)}: ${Object.entries(c).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    console.log(`audit:     ${audit.seq} events`);
    return 0;
  } finally {
    await store.close();
  }
}

/** Where the queues are: the embedded file, or Redis (password masked) under its key prefix. */
function describeQueues(q: GatewayConfig['queue']): string {
  if (q.backend === 'sqlite') return 'embedded (SQLite)';
  let where: string;
  try {
    where = redisUrlOf(q, process.env).shown;
  } catch (e) {
    where = `Redis (${e instanceof Error ? e.message : String(e)})`;
  }
  return `BullMQ on ${where}, prefix ${q.prefix}`;
}
