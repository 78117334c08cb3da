// The connector's own small durable state, one JSON file per bank connection under `state_dir`: submissions by
// idempotency key, statuses by message id, statements received, and every download file already fetched (name, size,
// time, SHA-256). Connectors get no store (architecture.md 3), so this is where "fetched once" survives a restart.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
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
  /** Applies `change` to a copy, writes it durably (temp file, fsync, rename), then makes it current. One at a time. */
  update(change: (draft: SftpStateData) => void): Promise<void>;
}

const empty = (): SftpStateData => ({ version: 1, submissions: {}, statuses: {}, fetched: {}, hashes: {}, statements: {}, nextSeq: 1 });

/** One file per connection (host, port, user, download folder), so two banks sharing a state_dir cannot mix. */
export function stateFileName(o: { host: string; port: number; username: string; download_dir: string }): string {
  const id = createHash('sha256').update(`${o.username}@${o.host}:${o.port}${o.download_dir}`).digest('hex').slice(0, 16);
  return `bank-sftp-${id}.json`;
}

export async function openState(dir: string, fileName: string): Promise<SftpState> {
  const path = join(dir, fileName);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new GatewayError('CONN_CONFIG', `state_dir ${dir} cannot be created: ${errorMessage(e)}`, { state_dir: dir });
  }
  let data = empty();
  try {
    const parsed = fromJson<SftpStateData>(await readFile(path, 'utf8'));
    if (parsed?.version !== 1) throw new Error(`unknown state version ${String(parsed?.version)}`);
    data = { ...empty(), ...parsed };
  } catch (e) {
    // A missing file is a first start; a damaged one must not be silently replaced (it guards against double payment).
    if ((e as { code?: unknown }).code !== 'ENOENT') {
      throw new GatewayError('CONN_CONFIG', `bank-sftp state ${path} cannot be read: ${errorMessage(e)}; restore it from a backup or move it away deliberately`, { path });
    }
  }
  let chain: Promise<unknown> = Promise.resolve();

  const write = async (next: SftpStateData): Promise<void> => {
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(toJson(next), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  };

  return {
    get data() {
      return data;
    },
    path,
    update(change) {
      const run = chain.then(async () => {
        const draft = structuredClone(data);
        change(draft);
        await write(draft);
        data = draft;
      });
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
