// Inside the verification thread: a read-only connection of its own walks the chain, so a million events are hashed
// beside the gateway's event loop, not on it; the answer goes back as one message.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verifyAudit } from '../../store/audit.ts';

const { dbPath } = workerData as { dbPath: string };
let db: Database.Database | undefined;
try {
  db = new Database(dbPath, { readonly: true, fileMustExist: true });
  parentPort!.postMessage({ ok: true, result: verifyAudit(db) });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
} finally {
  db?.close();
}
