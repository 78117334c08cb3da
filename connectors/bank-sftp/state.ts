// The connector's own small durable state, one JSON file per bank connection under `state_dir`: submissions by
// idempotency key, statuses by message id, statements received, and every download file already fetched (name, size,
// time, SHA-256). Connectors get no store (architecture.md 3), so this is where "fetched once" survives a restart.
// Several processes may hold a session on one connection (the gateway and its submit workers): every update takes a
// lock file, reads the file again when another process wrote it, applies the change and writes it back, so no
// process's write is lost and a download file is processed once across all of them.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { BankReasonText, BankState } from '../../gateway/core/connector.ts';
import { GatewayError, errorMessage } from '../../gateway/core/errors.ts';
import { fromJson, toJson } from '../../gateway/core/model/json.ts';
import type { Statement } from '../../gateway/core/model/statement.ts';

export interface SubmissionRecord {
  messageId: string;
  documentId: string;
  /** SHA-256 of the signed payload: a key reused for other content is refused, never sent. */
  payloadSha256: string;
  /** pain.001 CreDtTm, fixed at the first try so every re-render is the same file. */
  createdAt: string;
  /** True once the pain.001 is in place under its final name (or the bank has answered about it). */
  uploaded: boolean;
}

export interface StatusRecord {
  state: BankState;
  reason: BankReasonText | null;
  executionDate: string | null;
  entryBankId: string | null;
  /** The download file that said so last. */
  file: string;
}

export interface FetchedRecord {
  sha256: string;
  size: number;
  modifyTime: number;
  kind: 'pain.002' | 'camt' | 'unknown' | 'too-large';
  fetchedAt: string;
}

export interface StoredStatement {
  statement: Statement;
  file: string;
  /** Order of arrival: among equal periods the later statement replaces the earlier. */
  seq: number;
}

export interface SftpStateData {
  version: 1;
  submissions: Record<string, SubmissionRecord>;
  /** By pain.001 MsgId (= the document's bank id). */
  statuses: Record<string, StatusRecord>;
  /** By download file name. */
  fetched: Record<string, FetchedRecord>;
  /** SHA-256 of every processed download file → its name: the same bytes under any name are processed once. */
  hashes: Record<string, string>;
  /** By `account|from|to|kind`. */
  statements: Record<string, StoredStatement>;
  nextSeq: number;
}

export interface SftpState {
  readonly data: Readonly<SftpStateData>;
  readonly path: string;
  /**
   * Under the lock file: reads the file again if another process wrote it, applies `change` to a copy, writes it
   * durably (temp file, fsync, rename) and makes it current. `change` returning false means "nothing to write".
   */
  update(change: (draft: SftpStateData) => void | boolean): Promise<void>;
  /** Reads the file again when another process has written it since (a stat when it has not). */
  refresh(): Promise<void>;
}

const empty = (): SftpStateData => ({ version: 1, submissions: {}, statuses: {}, fetched: {}, hashes: {}, statements: {}, nextSeq: 1 });

/** One file per connection (host, port, user, download folder), so two banks sharing a state_dir cannot mix. */
export function stateFileName(o: { host: string; port: number; username: string; download_dir: string }): string {
  const id = createHash('sha256').update(`${o.username}@${o.host}:${o.port}${o.download_dir}`).digest('hex').slice(0, 16);
  return `bank-sftp-${id}.json`;
}

export interface StateLockOptions {
  /** How long an update waits for another process's lock before it fails (operational: retried later). */
  waitMs?: number;
  /** A lock older than this is a crashed holder's and is taken over (an update holds it for milliseconds). */
  staleMs?: number;
}

/** What identifies one version of the file: a write by any process changes it (rename gives a new inode). */
type Version = string;
const versionOf = async (path: string): Promise<Version> => {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return 'none';
    throw e;
  }
};

async function readData(path: string): Promise<SftpStateData> {
  try {
    const parsed = fromJson<SftpStateData>(await readFile(path, 'utf8'));
    if (parsed?.version !== 1) throw new Error(`unknown state version ${String(parsed?.version)}`);
    return { ...empty(), ...parsed };
  } catch (e) {
    // A missing file is a first start; a damaged one must not be silently replaced (it guards against double payment).
    if ((e as { code?: unknown }).code === 'ENOENT') return empty();
    throw new GatewayError('CONN_CONFIG', `bank-sftp state ${path} cannot be read: ${errorMessage(e)}; restore it from a backup or move it away deliberately`, { path });
  }
}

export async function openState(dir: string, fileName: string, lock: StateLockOptions = {}): Promise<SftpState> {
  const path = join(dir, fileName);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new GatewayError('CONN_CONFIG', `state_dir ${dir} cannot be created: ${errorMessage(e)}`, { state_dir: dir });
  }
  let version = await versionOf(path);
  let data = await readData(path);
  let chain: Promise<unknown> = Promise.resolve();
  const lockPath = `${path}.lock`;

  const write = async (next: SftpStateData): Promise<void> => {
    const tmp = `${path}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(toJson(next), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  };

  const refresh = async (): Promise<void> => {
    const now = await versionOf(path);
    if (now === version) return;
    data = await readData(path);
    version = now;
  };

  return {
    get data() {
      return data;
    },
    path,
    refresh,
    update(change) {
      const run = chain.then(() =>
        withLockFile(lockPath, lock, async () => {
          await refresh();
          const draft = structuredClone(data);
          if (change(draft) === false) return;
          await write(draft);
          data = draft;
          version = await versionOf(path);
        }),
      );
      chain = run.catch(() => undefined);
      return run;
    },
  };
}

interface LockInfo {
  pid: number;
  host: string;
  at: string;
}

/** A holder that crashed: its process is gone from this host, or it has held the lock far longer than any update takes. */
async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  let info: Partial<LockInfo> = {};
  let mtimeMs: number;
  try {
    [info, mtimeMs] = await Promise.all([readFile(lockPath, 'utf8').then((t) => JSON.parse(t) as Partial<LockInfo>).catch(() => ({})), stat(lockPath).then((s) => s.mtimeMs)]);
  } catch {
    return false; // gone already: the next try takes it
  }
  if (Date.now() - mtimeMs > staleMs) return true;
  if (info.host !== hostname() || typeof info.pid !== 'number' || info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (e) {
    return (e as { code?: unknown }).code === 'ESRCH';
  }
}

/** Runs `fn` holding `lockPath` (created exclusively, removed after), waiting for another holder up to `waitMs`. */
export async function withLockFile<T>(lockPath: string, options: StateLockOptions, fn: () => Promise<T>): Promise<T> {
  const waitMs = options.waitMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      const fh = await open(lockPath, 'wx', 0o600);
      try {
        await fh.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() } satisfies LockInfo));
      } finally {
        await fh.close();
      }
      break;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
    }
    if (await isStale(lockPath, staleMs)) {
      // Another process may judge it stale at the same moment; the exclusive create above still lets one of them in.
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new GatewayError('CONN_STATE_BUSY', `the bank-sftp state lock ${lockPath} has been held by another process for more than ${waitMs} ms`, { lock: lockPath, waitedMs: waitMs });
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/**
 * Forgets what can no longer matter, so the file (rewritten whole on every change) stays small: download files the
 * bank has removed from the folder and that were fetched more than `retentionDays` ago (with their hashes), statements
 * whose period ended that long ago, and submissions of that age whose status is final (with their statuses).
 * Returns false when nothing was old enough.
 */
export function pruneState(d: SftpStateData, listed: ReadonlySet<string>, retentionDays: number, now = new Date()): boolean {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const cutoffDate = cutoff.slice(0, 10);
  let changed = false;
  for (const [name, f] of Object.entries(d.fetched)) {
    if (listed.has(name) || f.fetchedAt >= cutoff) continue;
    delete d.fetched[name];
    changed = true;
  }
  for (const [sha, name] of Object.entries(d.hashes)) {
    if (d.fetched[name]) continue;
    delete d.hashes[sha];
    changed = true;
  }
  for (const [key, s] of Object.entries(d.statements)) {
    if (s.statement.to >= cutoffDate) continue;
    delete d.statements[key];
    changed = true;
  }
  for (const [key, sub] of Object.entries(d.submissions)) {
    const st = d.statuses[sub.messageId]?.state;
    if (sub.createdAt >= cutoff || (st !== 'executed' && st !== 'rejected')) continue;
    delete d.submissions[key];
    delete d.statuses[sub.messageId];
    changed = true;
  }
  return changed;
}
