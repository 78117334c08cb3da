// The inbox queue (issue 7, queue sources): another system adds a job with a file to a Redis queue; the intake process
// takes it through the JobQueue port (retries, dead letters), hands the file to the same receiver as the HTTP inbox
// (claim in .processing/, deliver, archive/ or error/), and its result goes back as a job on the reply queue.
//
// Waiting for the parse is a job of its own (`<queue>:await`, added by us with our retry budget), not a retry of the
// inbox job: the inbox job's attempts are whatever its producer set (BullMQ's default is one), so "not parsed yet, try
// again" must not spend them, and a slow parse never holds an inbox worker. A dead inbox job therefore always means
// "refused or not taken", and its sender is told so on the reply queue.
import type { ErrorCode } from '../core/error-codes.ts';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { ClaimedFile, Disposition } from '../core/plugin.ts';
import type { Lang } from '../core/error-report.ts';
import type { Job, JobHandler, JobQueue, QueueWorker } from '../queue/port.ts';
import type { Store } from '../store/db.ts';
import { getFile } from '../store/files-repo.ts';
import { markReplied, owedReplies, recordOwedReply } from '../store/inbox-replies-repo.ts';
import { folderLayout } from '../../plugins/source-folder/index.ts';
import { queueClaimId } from './claim-id.ts';
import type { InboxQueueConfig } from './config.ts';
import { inboxJobSchema, jobBytes, jobProblems, replyHints } from './job.ts';
import { createReceiver } from './receive.ts';
import { failureReply, failureReplyJobId, replyJobId, resultReply, sendReply } from './reply.ts';
import { sweepUploads } from './upload.ts';
import { waitForParse } from './wait.ts';

export interface QueueInboxDeps {
  queue: JobQueue;
  store: Store;
  logger: Logger;
  /** The host's intake, as the folder sources and the HTTP inbox get it. */
  deliver(file: ClaimedFile): Promise<Disposition>;
  config: InboxQueueConfig;
  mailboxes: Readonly<Record<string, { root: string; max_bytes: number }>>;
  /** Tests shorten the wait of one await attempt. */
  awaitWaitMs?: number;
}

/** A received file's reply, pending its parse: ids only (architecture.md 1). */
export interface AwaitJobData {
  inboxJobId: string;
  fileId: string;
  replyTo: string | null;
  lang: Lang;
}

/** One await attempt watches the store this long; then the job is retried with back-off. */
const AWAIT_WAIT_MS = 10_000;
/**
 * About half an hour of waiting (30 attempts, 2 s doubling to at most a minute, plus 10 s watching each): a parse not
 * finished by then means the parse workers are down or stuck; the job goes dead on the Queues page, and retrying it
 * there once they run again sends the reply.
 */
const AWAIT_JOB = { attempts: 30, backoffMs: 2_000, maxBackoffMs: 60_000 } as const;

export const awaitQueueName = (inboxQueue: string) => `${inboxQueue}:await`;

/** Partial files of this source in .processing/ (the HTTP inbox has its own, upload.ts). */
export const QUEUE_PARTIALS = '.inbox-queue';

export interface QueueInboxHandlers {
  inbox: JobHandler<unknown>;
  await: JobHandler<AwaitJobData>;
}

export function createQueueInboxHandlers(deps: QueueInboxDeps): QueueInboxHandlers {
  const { queue, store, config } = deps;
  const logger = deps.logger.child({ source: 'queue-inbox', queue: config.queue });
  const receive = createReceiver({ store, logger, deliver: deps.deliver, label: 'queue inbox' });
  const awaitQueue = awaitQueueName(config.queue);
  const actor = `queue:${config.queue}`;

  /** Tells the sender why, then fails the job for good (a user error goes straight to dead). */
  async function refuse(job: Job<unknown>, code: ErrorCode, detail: string): Promise<never> {
    const hints = replyHints(job.data);
    await sendReply(queue, config.reply_queue, failureReplyJobId(job.id), failureReply({ inboxJobId: job.id, ...hints, code, detail }));
    logger.warn({ jobId: job.id, code, detail }, 'queue inbox: job refused');
    throw new GatewayError(code, detail);
  }

  /** Not taken this time (folder or database busy): retried; the sender hears of it only when no attempt is left. */
  async function notTaken(job: Job<unknown>, code: ErrorCode, detail: string): Promise<never> {
    if (job.attempt >= job.maxAttempts) {
      const hints = replyHints(job.data);
      await sendReply(queue, config.reply_queue, failureReplyJobId(job.id), failureReply({ inboxJobId: job.id, ...hints, code, detail: `${detail}; nothing was taken, send the file again` }));
    }
    throw new GatewayError(code, detail);
  }

  const inbox: JobHandler<unknown> = async (job) => {
    const parsed = inboxJobSchema.safeParse(job.data);
    if (!parsed.success) return refuse(job, 'SRC_BAD_JOB', jobProblems(parsed.error));
    const j = parsed.data;
    const mailbox = j.mailbox ?? config.mailbox;
    const box = deps.mailboxes[mailbox];
    if (!box) return refuse(job, 'SRC_UNKNOWN_MAILBOX', `'${mailbox}'; configured: ${Object.keys(deps.mailboxes).join(', ')}`);
    const bytes = jobBytes(j);
    const tooLarge = () => refuse(job, 'SRC_FILE_TOO_LARGE', `${bytes.length} bytes; mailbox '${mailbox}' takes at most ${box.max_bytes} bytes`);
    if (bytes.length > box.max_bytes) return tooLarge();
    const claimId = queueClaimId(config.queue, job.id, job.createdAt);
    const got = await receive({ mailbox, root: box.root, maxBytes: box.max_bytes, name: j.name, claimId, actor, body: new Response(bytes).body, partials: QUEUE_PARTIALS });
    switch (got.kind) {
      case 'too-large':
        return tooLarge();
      case 'conflict':
        // Only a reused job id with another file gets here (claim ids include the job's creation time).
        return refuse(job, 'SRC_IDEMPOTENCY_CONFLICT', `job ${job.id} was first taken as '${got.row.name}' (file id ${got.row.id}) with other content`);
      case 'folder-failed':
        return notTaken(job, 'SRC_FOLDER_UNAVAILABLE', `mailbox '${mailbox}' cannot be written (${got.code})`);
      case 'not-taken':
        return notTaken(job, 'SRC_DELIVERY_FAILED', 'intake is busy');
      case 'recorded': {
        const { replyTo, lang } = replyHints(j);
        const data: AwaitJobData = { inboxJobId: job.id, fileId: got.row.id, replyTo, lang };
        // The store owes the reply from now on: if Redis loses the await job, the reconciler adds it again.
        await recordOwedReply(store.sql, { fileId: got.row.id, inboxJobId: job.id, queue: config.queue, replyTo, lang });
        // Idempotent by id: a redelivered inbox job meets its claim (receive.ts) and adds nothing here.
        await queue.add(awaitQueue, 'inbox-await', data, { jobId: job.id, ...AWAIT_JOB });
        logger.info({ jobId: job.id, fileId: got.row.id, file: j.name, mailbox, size: bytes.length, state: got.row.state }, 'queue inbox: file taken');
        return;
      }
    }
  };

  const awaitParse: JobHandler<AwaitJobData> = async (job, signal) => {
    const { inboxJobId, fileId, replyTo, lang } = job.data;
    if (!(await getFile(store.sql, fileId))) throw new GatewayError('BUG_UNEXPECTED', `file ${fileId} of inbox job ${inboxJobId} is not in the store`);
    const row = await waitForParse(store, fileId, deps.awaitWaitMs ?? AWAIT_WAIT_MS, signal);
    if (row.state === 'received') throw new GatewayError('SRC_PARSE_PENDING', `file ${fileId} is not parsed yet (attempt ${job.attempt} of ${job.maxAttempts})`);
    const added = await sendReply(queue, config.reply_queue, replyJobId(inboxJobId), await resultReply(store, row, { inboxJobId, replyTo, lang }));
    await markReplied(store.sql, fileId);
    logger.info({ jobId: inboxJobId, fileId, state: row.state, replied: added }, added ? 'queue inbox: result replied' : 'queue inbox: result was replied before');
  };

  return { inbox, await: awaitParse };
}

/**
 * The replies the store still owes, their await jobs added again (idempotent by the inbox job's id): after Redis came
 * back empty, a sender still gets the result of a file the gateway took. Returns how many were added.
 */
export async function restoreOwedReplies(store: Store, queue: JobQueue): Promise<number> {
  let added = 0;
  for (const r of await owedReplies(store.sql)) {
    const data: AwaitJobData = { inboxJobId: r.inboxJobId, fileId: r.fileId, replyTo: r.replyTo, lang: r.lang };
    if ((await queue.add(awaitQueueName(r.queue), 'inbox-await', data, { jobId: r.inboxJobId, ...AWAIT_JOB })).added) added++;
  }
  return added;
}

export interface RunningQueueInbox {
  close(): Promise<void>;
}

/**
 * Removes partial files a crash left, then starts both workers; close() stops taking jobs and lets running ones finish
 * (or hands them back). Start it after the folder sources' recovery: a claim it left in .processing/ is delivered there
 * first, and the job's redelivery then meets the recorded claim.
 */
export async function startQueueInbox(deps: QueueInboxDeps & { leaseMs?: number }): Promise<RunningQueueInbox> {
  for (const [mailbox, m] of Object.entries(deps.mailboxes)) {
    const swept = await sweepUploads(folderLayout(m.root), QUEUE_PARTIALS);
    if (swept) deps.logger.info({ mailbox, swept }, 'inbox queue: removed partial files left by a stop');
  }
  const h = createQueueInboxHandlers(deps);
  const lease = deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs };
  const workers: QueueWorker[] = [
    deps.queue.process(deps.config.queue, h.inbox, { concurrency: deps.config.concurrency, ...lease }),
    // Waiters mostly sleep between two looks at the store: several at once cost next to nothing.
    deps.queue.process(awaitQueueName(deps.config.queue), h.await, { concurrency: 8, ...lease }),
  ];
  deps.logger.info({ queue: deps.config.queue, replyQueue: deps.config.reply_queue, mailbox: deps.config.mailbox }, 'inbox queue: taking jobs');
  return { close: async () => void (await Promise.all(workers.map((w) => w.close()))) };
}
