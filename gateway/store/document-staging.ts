// Streaming import of a file's documents that stays all-or-nothing: rows are written in batches as
// 'staging:<final state>' (never listed), then ONE transaction publishes them with their audit events and
// the file's new state — or discards them. A crash in between leaves only staging rows, cleared on retry.
import { newId } from '../core/id.ts';
import { toJson } from '../core/model/json.ts';
import type { Issue } from '../core/issue.ts';
import type { Db } from './sql/executor.ts';
import { GatewayError } from '../core/errors.ts';
import { setFileState } from './files-repo.ts';
import { amountToText, appendDocumentCreated, insertDocumentRow, type NewDocument } from './documents-repo.ts';
import type { DocumentState } from './schema.ts';

export const STAGING_PREFIX = 'staging:';

export interface DocumentStager {
  /** Buffers a document; every `batchSize` documents are written in one (ordinary) commit. */
  add(doc: NewDocument & { state: DocumentState }): Promise<void>;
  /** Writes what is buffered. */
  flush(): Promise<void>;
  readonly count: number;
}

/**
 * A second run of the same parse job (its queue lock lost to a frozen process, reliability-security.md 3) may have
 * finished first: then this run's outcome is not written. Operational: the retry finds the file past 'received'.
 */
async function stillReceived(tx: Db, fileId: string): Promise<void> {
  const state = (await tx.get<{ state: string }>('SELECT state FROM files WHERE id = $1', [fileId]))?.state;
  if (state !== 'received') throw new GatewayError('QUE_LEASE_LOST', `file ${fileId} is ${String(state)}: another run of its parse finished first`);
}

/** Removes staging rows left by an interrupted run of the same file. */
export async function clearStaged(db: Db, fileId: string): Promise<number> {
  return (await db.transaction((tx) => tx.run(`DELETE FROM documents WHERE file_id = $1 AND state LIKE 'staging:%'`, [fileId]))).changes;
}

export function createStager(db: Db, fileId: string, batchSize = 1000): DocumentStager {
  let buffer: (NewDocument & { state: DocumentState })[] = [];
  let count = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    const at = db.clock.now();
    await db.transaction(async (tx) => {
      for (const d of batch) {
        const amount = 'amount' in d.document ? d.document.amount : null;
        await insertDocumentRow(tx, {
          id: newId(at),
          fileId,
          seq: d.seq,
          line: d.line ?? null,
          kind: d.document.kind,
          number: d.document.number,
          docDate: d.document.date,
          amountMinor: amount ? amountToText(amount.minor) : null,
          currency: amount ? amount.currency : null,
          bodyJson: toJson(d.document),
          state: STAGING_PREFIX + d.state,
          issuesJson: d.issues && d.issues.length > 0 ? JSON.stringify(d.issues) : null,
          createdAt: at,
        });
      }
    });
  };
  return {
    async add(doc) {
      buffer.push(doc);
      count++;
      if (buffer.length >= batchSize) await flush();
    },
    flush,
    get count() {
      return count;
    },
  };
}

type StagedRow = { id: string; seq: number; line: number | null; kind: string; number: string; doc_date: string; amount_minor: string | null; currency: string | null; state: string; body_json: string };

/**
 * One transaction: every staged row gets its final state and a 'document.created' event (the document's
 * timeline starts here), and the file moves to `fileState`. Rows are read in pages (bounded memory; better-sqlite3
 * cannot write while a query iterates).
 */
export function publishStaged(db: Db, fileId: string, opts: { fileState: 'parsed'; issues?: Issue[]; actor?: string }): Promise<number> {
  const actor = opts.actor ?? 'system';
  return db.transaction(async (tx) => {
    await stillReceived(tx, fileId);
    const at = tx.clock.now();
    let last = -1;
    let n = 0;
    for (;;) {
      const rows = await tx.all<StagedRow>(
        `SELECT id, seq, line, kind, number, doc_date, amount_minor, currency, state, body_json FROM documents
         WHERE file_id = $1 AND state LIKE 'staging:%' AND seq > $2 ORDER BY seq LIMIT 1000`,
        [fileId, last],
      );
      if (rows.length === 0) break;
      // One UPDATE per page of rows, not one per row: the dashboard's counter triggers (migration 0008) make every
      // statement journal the pages it touches, so a statement per 1,000 documents journals each page once.
      await tx.run(`UPDATE documents SET state = substr(state, ${STAGING_PREFIX.length + 1}) WHERE file_id = $1 AND seq >= $2 AND seq <= $3 AND state LIKE 'staging:%'`, [
        fileId,
        rows[0]!.seq,
        rows[rows.length - 1]!.seq,
      ]);
      for (const r of rows) {
        const state = r.state.slice(STAGING_PREFIX.length);
        await appendDocumentCreated(
          tx,
          { id: r.id, fileId, seq: r.seq, line: r.line, kind: r.kind, number: r.number, docDate: r.doc_date, amountMinor: r.amount_minor, currency: r.currency, bodyJson: r.body_json },
          state,
          actor,
          at,
        );
        n++;
      }
      last = rows[rows.length - 1]!.seq;
    }
    await setFileState(tx, fileId, opts.fileState, { ...(opts.issues ? { issues: opts.issues } : {}), actor });
    return n;
  });
}

/** One transaction: staged rows removed, the file marked invalid with its problems. */
export async function discardStaged(db: Db, fileId: string, issues: Issue[]): Promise<void> {
  await db.transaction(async (tx) => {
    await stillReceived(tx, fileId);
    await tx.run(`DELETE FROM documents WHERE file_id = $1 AND state LIKE 'staging:%'`, [fileId]);
    await setFileState(tx, fileId, 'invalid', { issues });
  });
}
