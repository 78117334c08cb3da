// The bank side on a timer: signed documents into the submit queue (the store is the truth: an outbox sweep),
// status polling until a final state, per-document status files and statements for 1C, FX confirmations.
import { Cron } from 'croner';
import type { ConnectorSession } from '../core/connector.ts';
import type { Logger } from '../core/logger.ts';
import type { JobQueue } from '../queue/port.ts';
import type { Store } from '../store/db.ts';
import { getDocument } from '../store/documents-repo.ts';
import { markReported, openSubmissions, recordBankStatus, unreportedSubmissions, type SubmissionRow } from '../store/submissions-repo.ts';
import { formatDecimal } from '../core/model/money.ts';
import { crlfText, writeOutFile } from './out-files.ts';
import { syncStatements, type StatementDeps } from './statements.ts';
import { SUBMIT_QUEUE, submitJobId } from './submit.ts';
import { exportFxConfirmations } from './fx-export.ts';
import { exportLetters } from './letters-export.ts';

/** Submit jobs wait out bank outages with back-off; giving up is a person's decision, not a counter's. */
export const SUBMIT_JOB_OPTIONS = { attempts: 100_000, backoffMs: 1000, maxBackoffMs: 60_000 };

const STATE_TEXT: Record<string, { ru: string; kk: string }> = {
  sent: { ru: 'Получен банком', kk: 'Банк қабылдады' },
  accepted: { ru: 'Принят к исполнению', kk: 'Орындауға қабылданды' },
  executed: { ru: 'Исполнен', kk: 'Орындалды' },
  rejected: { ru: 'Отклонён банком', kk: 'Банк қабылдамады' },
  'unknown-outcome': { ru: 'Ответ банка не получен, статус уточняется', kk: 'Банк жауабы алынбады, мәртебесі нақтылануда' },
  held: { ru: 'Задержан: требуется проверка', kk: 'Тоқтатылды: тексеру қажет' },
};

export interface BankSchedulerDeps {
  store: Store;
  queue: JobQueue;
  connector: ConnectorSession;
  logger: Logger;
  mailboxRoot(mailbox: string): string | undefined;
  statements: Omit<StatementDeps, 'store' | 'connector' | 'logger'>;
  /** Runs first in every round (the embedded sandbox's client registration). */
  beforeRound?: () => unknown;
  /** How often signed documents are picked up and sent ones followed. */
  statusPollMs: number;
  /** This process picks up signed documents and follows sent ones on the timer (default true). */
  poll?: boolean;
  /** This process writes statements, confirmations and status files for 1C (default true). */
  export?: boolean;
  /** Cron expression (in `timeZone`) for statements and FX confirmations; also run once at start. */
  statementSchedule: string;
  timeZone: string;
}

export interface BankScheduler {
  /** Queues signed documents for submission (idempotent by job id); returns how many were new. */
  outbox(): Promise<number>;
  pollStatuses(): Promise<number>;
  writeStatusFiles(): Promise<number>;
  syncStatements(): ReturnType<typeof syncStatements>;
  /** One round of outbox, status polling and status files (what the timer runs). */
  tick(): Promise<void>;
  /** Statements, FX confirmations and status files (what the cron runs). */
  statementsRound(): Promise<void>;
  stop(): Promise<void>;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export function createBankScheduler(d: BankSchedulerDeps): BankScheduler {
  const { store, connector } = d;
  const log = d.logger.child({ part: 'bank' });

  const outbox = async () => {
    const ids = (await store.sql.all<{ id: string }>(`SELECT id FROM documents WHERE state IN ('signed', 'queued', 'unknown-outcome') ORDER BY id LIMIT 10000`)).map((r) => r.id);
    let added = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const r = await d.queue.addBulk(SUBMIT_QUEUE, ids.slice(i, i + 1000).map((documentId) => ({ name: 'submit', data: { documentId }, opts: { jobId: submitJobId(documentId), ...SUBMIT_JOB_OPTIONS } })));
      added += r.filter((x) => x.added).length;
    }
    return added;
  };

  const pollStatuses = async () => {
    let changed = 0;
    for (const s of await openSubmissions(store.sql)) {
      if (!s.bankId) continue; // never answered: the submit job asks the bank by key
      try {
        const st = await connector.status({ bankId: s.bankId, idempotencyKey: s.idempotencyKey });
        if (st && st.state !== s.bankState) {
          await recordBankStatus(store.sql, s.documentId, st, 'status');
          changed++;
        }
      } catch (e) {
        log.warn({ documentId: s.documentId, err: (e as Error).message }, 'status query failed; will ask again');
        break; // the bank is unwell: no point asking for every document now
      }
    }
    return changed;
  };

  const statusFile = async (s: SubmissionRow): Promise<boolean> => {
    const doc = (await getDocument(store.sql, s.documentId));
    if (!doc || !s.bankState) return false;
    const mailbox = (await store.sql.get<{ mailbox: string }>('SELECT mailbox FROM files WHERE id = $1', [doc.fileId]))?.mailbox;
    const root = mailbox ? d.mailboxRoot(mailbox) : undefined;
    if (!mailbox || !root) return false;
    const t = STATE_TEXT[doc.state] ?? { ru: doc.state, kk: doc.state };
    const reason = s.reasonJson ? (JSON.parse(s.reasonJson) as { code: string; ru: string; kk: string }) : null;
    const lines = [
      `Документ=${doc.number}`,
      `Дата=${dmy(doc.docDate)}`,
      ...(doc.amount ? [`Сумма=${formatDecimal(doc.amount.minor, doc.amount.currency)}`, `Валюта=${doc.amount.currency}`] : []),
      `Состояние=${doc.state}`,
      `СостояниеТекст=${t.ru} / ${t.kk}`,
      ...(reason ? [`ПричинаКод=${reason.code}`, `Причина=${reason.ru} / ${reason.kk}`] : []),
      `БанкID=${s.bankId ?? ''}`,
      ...(s.executionDate ? [`ДатаИсполнения=${dmy(s.executionDate)}`] : []),
      `ДокументШлюза=${doc.id}`,
    ];
    await writeOutFile(store.sql, { key: `status:${doc.id}:${doc.state}`, mailbox, root, rel: `status/${doc.docDate.replaceAll('-', '')}_${doc.number.replace(/[^\p{L}\p{N}_-]/gu, '_')}_${doc.id}.txt`, bytes: crlfText(lines) });
    await markReported(store.sql, s.documentId, s.bankState);
    return true;
  };

  // One writer at a time: two overlapping runs could rename an older state's file over a newer one.
  let statusChain: Promise<unknown> = Promise.resolve();
  const writeStatusFiles = (): Promise<number> => {
    const run = async () => {
      let n = 0;
      for (const s of await unreportedSubmissions(store.sql)) if (await statusFile(s)) n++;
      return n;
    };
    const p = statusChain.then(run, run);
    statusChain = p.catch(() => undefined);
    return p;
  };

  const sync = () => syncStatements({ store, connector, logger: log, ...d.statements });

  let running: Promise<void> | null = null;
  let again = false;
  let lastPoll = 0;
  const polls = d.poll ?? true;
  const exports = d.export ?? true;
  const round = async () => {
    try {
      await d.beforeRound?.();
      if (polls) {
        await outbox();
        // Status questions go out on the timer's pace, not on every nudge (a large file nudges hundreds of times).
        if (Date.now() - lastPoll >= d.statusPollMs / 2) {
          lastPoll = Date.now();
          await pollStatuses();
        }
      }
      if (exports) await writeStatusFiles();
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'bank round failed; next round retries');
    }
  };
  // A call during a round asks for one more round right after it (documents signed meanwhile go out at once).
  const tick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again);
    })().finally(() => (running = null));
    return running;
  };

  let statementsRunning: Promise<void> | null = null;
  const statementsRound = () =>
    (statementsRunning ??= (async () => {
      try {
        await sync();
        await exportFxConfirmations({ store, connector, logger: log, mailbox: d.statements.mailbox });
        await exportLetters({ store, connector, logger: log, mailbox: d.statements.mailbox });
        await writeStatusFiles();
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'statement round failed; the next scheduled round fills the gap');
      }
    })().finally(() => (statementsRunning = null)));

  const timer = polls || exports ? setInterval(() => void tick(), d.statusPollMs) : null;
  timer?.unref();
  const cron = exports ? new Cron(d.statementSchedule, { timezone: d.timeZone, protect: true }, () => void statementsRound()) : null;
  if (exports) void statementsRound();
  return {
    outbox,
    pollStatuses,
    writeStatusFiles,
    syncStatements: sync,
    tick,
    statementsRound,
    async stop() {
      if (timer) clearInterval(timer);
      cron?.stop();
      await running;
      await statementsRunning;
    },
  };
}
