// `bankgate audit verify`: walks the hash chain; prints OK with the count, or the first bad row (exit 1).
import { verifyAudit } from '../store/sql/audit-log.ts';
import { openConfiguredStore } from './open-data.ts';
import { printJson, reportError } from './output.ts';

export async function runAuditVerify(opts: { config?: string; json?: boolean }): Promise<number> {
  let store;
  try {
    ({ store } = (await openConfiguredStore(opts)));
  } catch (e) {
    return reportError(e);
  }
  try {
    const r = await verifyAudit(store.sql);
    if (opts.json) printJson(r);
    else if (r.ok) console.log(`audit OK: ${r.count} events, chain head ${r.lastHash.slice(0, 16)}…`);
    else console.log(`audit BROKEN at seq ${r.firstBad.seq} (${r.firstBad.reason}): ${r.firstBad.message}; ${r.count} events verified before it`);
    return r.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
