// The download folder poller: lists it, fetches each new or changed file once (name + size + time, then SHA-256),
// reads pain.002 reports and camt statements, and records effects and "fetched" in one durable state write — so a
// restart neither loses a file nor processes one twice; the same bytes under any name count once.
import { createHash } from 'node:crypto';
import { errorMessage, isGatewayError } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import type { Statement } from '../../gateway/core/model/statement.ts';
import type { StatusReport } from '../../gateway/core/model/status-report.ts';
import { readCamt } from '../../plugins/format-iso20022/camt/index.ts';
import { readPain002 } from '../../plugins/format-iso20022/pain/index.ts';
import { isInFlightName, remotePath } from './naming.ts';
import type { Retried } from './retry.ts';
import { pruneState, type FetchedRecord, type SftpState } from './state.ts';
import { executionsIn, ourMessageIds, storeStatement } from './statement.ts';
import { applyStatus, statusChangesOf } from './statuses.ts';
import type { SftpTransport } from './transport.ts';

export interface PollerOptions {
  transport: SftpTransport;
  retried: Retried;
  state: SftpState;
  dir: string;
  intervalMs: number;
  maxFileBytes: number;
  /** Download files gone from the folder, old statements and final submissions are forgotten after this many days. */
  retentionDays: number;
  logger: Logger;
}

export interface Poller {
  /** One poll that starts after this call (joined with others waiting); rejects when the folder cannot be read. */
  sync(): Promise<void>;
  /** Starts background polling every intervalMs (errors are logged, the next round tries again). */
  start(): void;
  stop(): Promise<void>;
}

interface Fetched {
  name: string;
  size: number;
  modifyTime: number;
  bytes?: Buffer;
  tooLarge?: boolean;
}

type Kind = FetchedRecord['kind'];

/** What an ISO 20022 file is, from its first bytes (namespace or message element). */
export function kindOf(head: string): Kind {
  if (/pain\.002\.|CstmrPmtStsRpt/.test(head)) return 'pain.002';
  if (/camt\.05[234]\.|BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)/.test(head)) return 'camt';
  return 'unknown';
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

interface Read {
  reports: StatusReport[];
  statements: Statement[];
  issues: string[];
}

async function readContent(kind: Kind, bytes: Uint8Array): Promise<Read> {
  const out: Read = { reports: [], statements: [], issues: [] };
  if (kind === 'pain.002') {
    for await (const item of readPain002(once(bytes))) {
      if (item.type === 'status-report') out.reports.push(item.report);
      else if (item.type === 'issue') out.issues.push(`${item.code}: ${item.message}`);
    }
  } else if (kind === 'camt') {
    for await (const item of readCamt(once(bytes))) {
      if (item.type === 'statement') out.statements.push(item.statement);
      else if (item.type === 'issue') out.issues.push(`${item.code}: ${item.message}`);
    }
  }
  return out;
}

export function createPoller(o: PollerOptions): Poller {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  /** Lists and downloads what is new, holding the connection only for that. */
  const fetchNew = (): Promise<{ files: Fetched[]; listed: Set<string> }> =>
    o.retried('poll', () =>
      o.transport.use(`list ${o.dir}`, async (sftp) => {
        // Another process sharing this connection may have fetched files since: look at what it recorded first.
        await o.state.refresh();
        const known = o.state.data.fetched;
        const listing = (await sftp.list(o.dir)).filter((f) => f.type === '-' && !isInFlightName(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const listed = new Set(listing.map((f) => f.name));
        const out: Fetched[] = [];
        for (const f of listing) {
          const seen = known[f.name];
          if (seen && seen.size === f.size && seen.modifyTime === f.modifyTime) continue;
          if (f.size > o.maxFileBytes) {
            if (seen?.kind !== 'too-large') out.push({ name: f.name, size: f.size, modifyTime: f.modifyTime, tooLarge: true });
            continue;
          }
          const bytes = (await sftp.get(remotePath(o.dir, f.name))) as Buffer;
          out.push({ name: f.name, size: f.size, modifyTime: f.modifyTime, bytes });
        }
        return { files: out, listed };
      }),
    );

  const processOne = async (f: Fetched): Promise<void> => {
    const fetchedAt = new Date().toISOString();
    if (f.tooLarge || !f.bytes) {
      o.logger.warn({ file: f.name, size: f.size, max: o.maxFileBytes }, 'bank-sftp: download file larger than max_file_bytes is not fetched');
      await o.state.update((d) => void (d.fetched[f.name] = { sha256: '', size: f.size, modifyTime: f.modifyTime, kind: 'too-large', fetchedAt }));
      return;
    }
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    const kind = kindOf(f.bytes.subarray(0, 4096).toString('utf8'));
    const record: FetchedRecord = { sha256, size: f.size, modifyTime: f.modifyTime, kind, fetchedAt };
    const prior = o.state.data.hashes[sha256];
    if (prior !== undefined) {
      // Touched or copied again without change: remember the new size/time so it is not downloaded again.
      o.logger.debug({ file: f.name, sameAs: prior }, 'bank-sftp: download file already processed (same SHA-256)');
      await o.state.update((d) => void (d.fetched[f.name] = record));
      return;
    }
    const read = await readContent(kind, f.bytes);
    if (kind === 'unknown') o.logger.warn({ file: f.name }, 'bank-sftp: download file is neither a pain.002 nor a camt.05x; skipped');
    if (read.issues.length) o.logger.warn({ file: f.name, kind, issues: read.issues.slice(0, 20) }, 'bank-sftp: problems reading a download file');
    let processed = true;
    await o.state.update((d) => {
      // Decided again under the lock: another process sharing the connection may have processed these bytes meanwhile.
      if (d.hashes[sha256] !== undefined) {
        processed = false;
        d.fetched[f.name] = record;
        return;
      }
      const ours = ourMessageIds(d);
      for (const r of read.reports) for (const c of statusChangesOf(r, f.name)) applyStatus(d, c);
      for (const s of read.statements) {
        storeStatement(d, s, f.name);
        for (const c of executionsIn(s, ours, f.name)) applyStatus(d, c);
      }
      d.fetched[f.name] = record;
      d.hashes[sha256] = f.name;
    });
    if (processed) o.logger.info({ file: f.name, kind, reports: read.reports.length, statements: read.statements.length }, 'bank-sftp: download file processed');
    else o.logger.debug({ file: f.name }, 'bank-sftp: download file processed by another process meanwhile');
  };

  let lastPrune = 0;
  const pollOnce = async (): Promise<void> => {
    const { files, listed } = await fetchNew();
    for (const f of files) await processOne(f);
    // At most hourly: the whole file is rewritten on every change, so it must not keep growing with old entries.
    if (Date.now() - lastPrune >= 3_600_000) {
      lastPrune = Date.now();
      await o.state.update((d) => pruneState(d, listed, o.retentionDays));
    }
  };

  const sync = (): Promise<void> => {
    if (!running) {
      running = pollOnce().finally(() => {
        running = null;
      });
      return running;
    }
    // A poll already under way may have listed the folder before the caller's reason to look: wait for one more.
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return sync();
      });
    return queued;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sync()
        .catch((e) => o.logger.warn({ code: isGatewayError(e) ? e.code : null, cause: errorMessage(e) }, 'bank-sftp: polling the download folder failed; trying again next round'))
        .finally(schedule);
    }, o.intervalMs);
    timer.unref();
  };

  return {
    sync,
    start() {
      stopped = false;
      if (!timer) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.allSettled([running, queued]);
    },
  };
}
