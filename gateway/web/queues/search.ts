// Finds jobs by what people know: a 1C document number, a file name or an amount. The store is searched first and
// the jobs are found by the ids they carry (parse:<fileId>, submit:<documentId>, sign jobs listing the document).
import { parseDecimal } from '../../core/model/money.ts';
import type { JobQueue, JobRecord, JobState } from '../../queue/port.ts';
import { parseJobId, QUEUES } from '../../pipeline/states.ts';
import { SUBMIT_QUEUE, submitJobId } from '../../pipeline/submit.ts';
import type { Store } from '../../store/db.ts';
import type { Db } from '../../store/sql/executor.ts';
import { listUsers } from '../../store/users-repo.ts';
import { describeJob, queueKind, type JobView } from './view.ts';

/** Matches looked at per kind: a search is for finding a few jobs, not for listing thousands. */
const MATCHES = 50;
/** Unfinished and dead jobs of each sign queue scanned for a document (completed sign jobs are not searched). */
const SIGN_STATES: JobState[] = ['waiting', 'delayed', 'active', 'dead'];
const SIGN_SCAN = 1000;

/** '1 500 000,50' or '1500000.5' → minor units as text; null when the text is not an amount. */
export function amountQuery(q: string): string | null {
  const plain = q.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(plain)) return null;
  return parseDecimal(plain, 'KZT')?.toString() ?? null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/*
 * SQLite's LIKE ignores the case of ASCII letters only; PostgreSQL's LIKE minds case. Folding A-Z (and nothing else)
 * on both sides there finds the same files: 'отчёт' still does not find 'Отчёт', as in SQLite.
 */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const asciiLower = (x: string) => `translate(${x}, '${UPPER}', '${UPPER.toLowerCase()}')`;
const fileNameLike = (dialect: Db['dialect']) =>
  dialect === 'sqlite'
    ? `SELECT id FROM files WHERE name LIKE $1 ESCAPE '\\' ORDER BY id DESC LIMIT $2`
    : `SELECT id FROM files WHERE ${asciiLower('name')} LIKE ${asciiLower('$1')} ESCAPE '\\' ORDER BY id DESC LIMIT $2`;

export async function searchJobs(store: Store, queue: JobQueue, query: string): Promise<JobView[]> {
  const q = query.trim().slice(0, 200);
  if (!q) return [];
  const files = (await store.sql.all<{ id: string }>(fileNameLike(store.sql.dialect), [`%${likeEscape(q)}%`, MATCHES])).map((r) => r.id);
  const docs = await store.sql.all<{ id: string; fileId: string }>(
    `SELECT id, file_id AS "fileId" FROM documents WHERE (number = $1 OR amount_minor = $2) AND state NOT LIKE 'staging:%' ORDER BY id DESC LIMIT $3`,
    [q, amountQuery(q), MATCHES],
  );
  const found = new Map<string, JobRecord>();
  const add = (r: JobRecord | null) => {
    if (r) found.set(`${r.queue}\n${r.id}`, r);
  };
  for (const fileId of new Set([...files, ...docs.map((d) => d.fileId)])) add(await queue.getJob(QUEUES.parse, parseJobId(fileId)));
  for (const d of docs) add(await queue.getJob(SUBMIT_QUEUE, submitJobId(d.id)));
  if (docs.length > 0) {
    const wanted = new Set(docs.map((d) => d.id));
    for (const name of (await queue.queues()).filter((n) => queueKind(n) === 'sign')) {
      for (const state of SIGN_STATES) {
        for (const j of await queue.list<{ items?: unknown } | null>(name, state, SIGN_SCAN)) {
          const items = j.data?.items;
          if (Array.isArray(items) && items.some((it: { documentId?: unknown } | null) => typeof it?.documentId === 'string' && wanted.has(it.documentId))) add(j);
        }
      }
    }
  }
  const logins = new Map((await listUsers(store.sql)).map((u) => [u.id, u.login]));
  const views: JobView[] = [];
  for (const j of [...found.values()].sort((a, b) => b.createdAt - a.createdAt)) views.push(await describeJob(store, j, logins));
  return views;
}
