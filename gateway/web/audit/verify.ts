// "Verify chain" from the dashboard: the same walk as `bankgate audit verify`, on its own thread with a read connection
// of its own (committed events only), one run at a time; the result is itself recorded in the audit log.
import { Worker } from 'node:worker_threads';
import type { AuditVerifyResult } from '../../store/audit.ts';
import type { Store } from '../../store/db.ts';
import { appendEvent } from '../../store/sql/audit-log.ts';
import type { Db } from '../../store/sql/executor.ts';

const ENTRY = new URL('./verify-boot.mjs', import.meta.url);

/** The result, when it was verified, and the seq of the audit.verified event that records it. */
export type VerifyOutcome = AuditVerifyResult & { verifiedAt: number; seq: number };

/**
 * Where the verification thread opens its own read connection: a connection cannot cross threads, so the thread gets
 * the SQLite file's path or the PostgreSQL url.
 */
export type AuditSource = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** The thread's source for this store: the SQLite file, or the PostgreSQL url. */
export function storeAuditSource(store: Store): AuditSource {
  if ('dbPath' in store && typeof store.dbPath === 'string') return { dialect: 'sqlite', path: store.dbPath };
  if ('url' in store && typeof store.url === 'string') return { dialect: 'postgres', url: store.url };
  throw new Error(`no audit source for a ${store.dialect} store`);
}

function runOnThread(source: AuditSource): Promise<AuditVerifyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { source }, name: 'audit-verify' });
    let answered = false;
    worker.once('message', (m: { ok: true; result: AuditVerifyResult } | { ok: false; error: string }) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`audit verification failed: ${m.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the audit verification thread exited (code ${code}) without an answer`));
    });
  });
}

const running = new WeakMap<Db, Promise<VerifyOutcome>>();

/** Verifies the whole chain of `db` (read by the thread from `source`); a second request while one runs gets the same answer. */
export function verifyChain(db: Db, source: AuditSource, actor: string): Promise<VerifyOutcome> {
  let p = running.get(db);
  if (!p) {
    p = runOnThread(source)
      .then(async (r) => {
        const verifiedAt = db.clock.now();
        const { seq } = await appendEvent(db, {
          entityType: 'system',
          entityId: 'audit',
          type: 'audit.verified',
          actor,
          at: verifiedAt,
          data: r.ok ? { ok: true, count: r.count, lastHash: r.lastHash } : { ok: false, count: r.count, firstBad: r.firstBad },
        });
        return { ...r, verifiedAt, seq };
      })
      .finally(() => running.delete(db));
    running.set(db, p);
  }
  return p;
}

/** A recorded verification (the page shows it after the POST redirects: the result lives in the log, not the URL). */
export async function recordedVerification(db: Db, seq: number): Promise<VerifyOutcome | null> {
  const row = await db.get<{ at: number; dataJson: string }>(`SELECT at, data_json AS "dataJson" FROM events WHERE seq = $1 AND type = 'audit.verified'`, [seq]);
  if (!row) return null;
  return { ...(JSON.parse(row.dataJson) as AuditVerifyResult), verifiedAt: row.at, seq };
}
