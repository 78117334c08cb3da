// "Verify chain" from the dashboard: the same walk as `bankgate audit verify`, on its own thread with a read-only
// connection (committed events only), one run at a time; the result is itself recorded in the audit log.
import { Worker } from 'node:worker_threads';
import { appendEvent, type AuditVerifyResult } from '../../store/audit.ts';
import type { Store } from '../../store/db.ts';

const ENTRY = new URL('./verify-boot.mjs', import.meta.url);

/** The result, when it was verified, and the seq of the audit.verified event that records it. */
export type VerifyOutcome = AuditVerifyResult & { verifiedAt: number; seq: number };

function runOnThread(dbPath: string): Promise<AuditVerifyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { dbPath }, name: 'audit-verify' });
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

const running = new WeakMap<Store, Promise<VerifyOutcome>>();

/** Verifies the whole chain; a second request while one runs gets the same answer. */
export function verifyChain(store: Store, actor: string): Promise<VerifyOutcome> {
  let p = running.get(store);
  if (!p) {
    p = runOnThread(store.dbPath)
      .then((r) => {
        const verifiedAt = store.clock.now();
        const { seq } = appendEvent(store.sqlite, {
          entityType: 'system',
          entityId: 'audit',
          type: 'audit.verified',
          actor,
          at: verifiedAt,
          data: r.ok ? { ok: true, count: r.count, lastHash: r.lastHash } : { ok: false, count: r.count, firstBad: r.firstBad },
        });
        return { ...r, verifiedAt, seq };
      })
      .finally(() => running.delete(store));
    running.set(store, p);
  }
  return p;
}

/** A recorded verification (the page shows it after the POST redirects: the result lives in the log, not the URL). */
export function recordedVerification(store: Store, seq: number): VerifyOutcome | null {
  const row = store.sqlite.prepare(`SELECT at, data_json FROM events WHERE seq = ? AND type = 'audit.verified'`).get(seq) as { at: number; data_json: string } | undefined;
  if (!row) return null;
  return { ...(JSON.parse(row.data_json) as AuditVerifyResult), verifiedAt: row.at, seq };
}
