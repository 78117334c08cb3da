// What the queues page and API show: every known queue with its counts and pause flag, and jobs described from the
// store by the ids they carry (file name, document number) — only known, harmless fields; never the raw job data.
import type { Money } from '../../core/model/money.ts';
import type { JobCounts, JobQueue, JobRecord, JobState } from '../../queue/port.ts';
import type { Store } from '../../store/db.ts';
import { listKeys } from '../../store/keys-repo.ts';
import { listUsers } from '../../store/users-repo.ts';
import { QUEUES } from '../../pipeline/states.ts';
import { SUBMIT_QUEUE } from '../../pipeline/submit.ts';

export type QueueKind = 'parse' | 'submit' | 'sign' | 'other';

export interface QueueSummary {
  name: string;
  kind: QueueKind;
  /** For sign queues: the key's label and the login of the user it is bound to. */
  key: { id: string; label: string; user: string | null } | null;
  paused: boolean;
  counts: JobCounts;
}

export type JobSubject =
  | { kind: 'file'; fileId: string; name: string | null; mailbox: string | null }
  | { kind: 'document'; documentId: string; number: string | null; date: string | null; amount: Money | null }
  | { kind: 'sign'; user: string | null; documents: number; numbers: string[]; automatic: boolean }
  | { kind: 'unknown' };

export interface JobView {
  queue: string;
  id: string;
  name: string;
  state: JobState;
  attempt: number;
  maxAttempts: number;
  createdAt: number;
  runAt: number;
  finishedAt: number | null;
  lastError: string | null;
  subject: JobSubject;
}

const SIGN_PREFIX = 'sign:';

export function queueKind(name: string): QueueKind {
  if (name === QUEUES.parse) return 'parse';
  if (name === SUBMIT_QUEUE) return 'submit';
  return name.startsWith(SIGN_PREFIX) ? 'sign' : 'other';
}

/** The pipeline's queues are listed even while empty; sign queues of every recorded key too. */
export async function queueSummaries(store: Store, queue: JobQueue): Promise<QueueSummary[]> {
  const keys = await listKeys(store.sql);
  const logins = new Map((await listUsers(store.sql)).map((u) => [u.id, u.login]));
  const names = new Set([QUEUES.parse, SUBMIT_QUEUE, ...keys.map((k) => `${SIGN_PREFIX}${k.id}`), ...(await queue.queues())]);
  const order: Record<QueueKind, number> = { parse: 0, sign: 1, submit: 2, other: 3 };
  const sorted = [...names].sort((a, b) => order[queueKind(a)] - order[queueKind(b)] || a.localeCompare(b));
  const out: QueueSummary[] = [];
  for (const name of sorted) {
    const kind = queueKind(name);
    const k = kind === 'sign' ? keys.find((x) => `${SIGN_PREFIX}${x.id}` === name) : undefined;
    out.push({ name, kind, key: k ? { id: k.id, label: k.label, user: k.userId ? (logins.get(k.userId) ?? null) : null } : null, paused: await queue.isPaused(name), counts: await queue.counts(name) });
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Describes a job by the ids in its data, looked up in the store; anything else in the data is never shown. */
export async function describeJob(store: Store, j: JobRecord, logins?: ReadonlyMap<string, string>): Promise<JobView> {
  const db = store.sql;
  const data = j.data;
  let subject: JobSubject = { kind: 'unknown' };
  if (isObj(data) && typeof data['fileId'] === 'string') {
    const f = await db.get<{ name: string; mailbox: string }>('SELECT name, mailbox FROM files WHERE id = $1', [data['fileId']]);
    subject = { kind: 'file', fileId: data['fileId'], name: f?.name ?? null, mailbox: f?.mailbox ?? null };
  } else if (isObj(data) && typeof data['documentId'] === 'string') {
    const doc = await db.get<{ number: string; date: string; minor: string | null; currency: string | null }>('SELECT number, doc_date AS date, amount_minor AS minor, currency FROM documents WHERE id = $1', [data['documentId']]);
    subject = { kind: 'document', documentId: data['documentId'], number: doc?.number ?? null, date: doc?.date ?? null, amount: doc?.minor != null && doc.currency ? { minor: BigInt(doc.minor), currency: doc.currency } : null };
  } else if (isObj(data) && Array.isArray(data['items']) && typeof data['userId'] === 'string') {
    const ids = data['items'].flatMap((it) => (isObj(it) && typeof it['documentId'] === 'string' ? [it['documentId']] : []));
    const numbers: string[] = [];
    for (const id of ids.slice(0, 5)) numbers.push((await db.get<{ number: string }>('SELECT number FROM documents WHERE id = $1', [id]))?.number ?? id);
    const user = logins?.get(data['userId']) ?? (await db.get<{ login: string }>('SELECT login FROM users WHERE id = $1', [data['userId']]))?.login ?? null;
    subject = { kind: 'sign', user, documents: ids.length, numbers, automatic: data['automatic'] === true };
  }
  return {
    queue: j.queue,
    id: j.id,
    name: j.name,
    state: j.state,
    attempt: j.attempt,
    maxAttempts: j.maxAttempts,
    createdAt: j.createdAt,
    runAt: j.runAt,
    finishedAt: j.finishedAt,
    lastError: j.lastError === null ? null : j.lastError.slice(0, 500),
    subject,
  };
}

export async function jobsIn(store: Store, queue: JobQueue, name: string, state: JobState, limit = 100): Promise<JobView[]> {
  const logins = new Map((await listUsers(store.sql)).map((u) => [u.id, u.login]));
  const views: JobView[] = [];
  for (const j of await queue.list(name, state, limit)) views.push(await describeJob(store, j, logins));
  return views;
}
