// The inbox queue on the real Redis: another system adds jobs with a plain BullMQ Queue under the gateway's prefix; the
// gateway side (real store, blob store, intake, a parse worker — all on BullMQ) stores the documents and a reply job with
// the result report appears on the reply queue. Bad jobs go dead with a reply saying why; redeliveries import once; JSON
// documents take the path of a 1C file. Skipped with the printed reason when no Redis answers (tests/services/redis.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../gateway/core/logger.ts';
import { queueClaimId } from '../../gateway/inbox/claim-id.ts';
import { awaitQueueName, createQueueInboxHandlers, QUEUE_PARTIALS, restoreOwedReplies, startQueueInbox, type QueueInboxDeps } from '../../gateway/inbox/queue-inbox.ts';
import { owedReplies } from '../../gateway/store/inbox-replies-repo.ts';
import { encodeQueueName } from '../../gateway/queue/bullmq-names.ts';
import type { InboxReply } from '../../gateway/inbox/reply.ts';
import { writeUpload } from '../../gateway/inbox/upload.ts';
import { encodeJobId } from '../../gateway/queue/bullmq-names.ts';
import { createBullmqQueue } from '../../gateway/queue/bullmq-queue.ts';
import type { Job } from '../../gateway/queue/port.ts';
import { createBlobStore } from '../../gateway/store/blob-store.ts';
import { realPipeline } from '../pipeline/real-pipeline.ts';
import { listDocuments } from '../../gateway/store/documents-repo.ts';
import { encodeSingleByte } from '../../plugins/format-1c-kz/charsets.ts';
import { folderLayout } from '../../plugins/source-folder/index.ts';
import { gen1cText, todayKz } from '../fixtures/gen-1c.ts';
import { jsonPayment } from '../fixtures/gen-json.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../services/redis.ts';
import { tempStore } from '../store/helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const INBOX = { enabled: true, queue: 'inbox', reply_queue: 'inbox-replies', mailbox: 'default', concurrency: 2 };

/** The gateway side on BullMQ, and the other system's view of the same Redis (plain BullMQ queues under the prefix). */
async function bench(opts: { slow?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-qinbox-'));
  const root = path.join(dir, 'default');
  const roots = new Map([['default', root]]);
  const store = tempStore(path.join(dir, 'data'));
  const blobs = createBlobStore(path.join(dir, 'data/blobs'));
  const prefix = testPrefix('inbox');
  const queue = createBullmqQueue({ redisUrl: REDIS_URL, prefix, defaults: { attempts: 3, backoffMs: 50 } });
  const { deliver, parser, release } = realPipeline({ store, blobs, queue, roots, slow: opts.slow ?? false });
  // 'broken': its root is a plain file, as when a share is not mounted where a folder should be.
  const broken = path.join(dir, 'not-a-folder');
  writeFileSync(broken, '');
  const mailboxes = { default: { root, max_bytes: 200_000 }, broken: { root: broken, max_bytes: 200_000 } };
  const deps: QueueInboxDeps = { queue, store, logger: silentLogger, deliver, config: INBOX, mailboxes, awaitWaitMs: 100 };
  const inbox = await startQueueInbox(deps);

  // The other system: its own connection, plain BullMQ, the gateway's prefix.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const producer = new Queue('inbox', { connection, prefix });
  const replies = new Queue('inbox-replies', { connection, prefix });
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => blobs.close(),
    () => dropPrefix(prefix),
    () => connection.quit(),
    () => producer.close(),
    () => replies.close(),
    () => queue.close(),
    () => parser.close(),
    () => inbox.close(),
  );

  /** The reply job with this id (the port's: encoded as BullMQ shows it to the other system), once it is there. */
  async function reply(id: string, timeoutMs = 20_000): Promise<InboxReply> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await replies.getJob(encodeJobId(id));
      if (j) return j.data as InboxReply;
      if (Date.now() > until) throw new Error(`no reply ${id} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function settled(id: string): Promise<string> {
    const until = Date.now() + 20_000;
    for (;;) {
      const state = await (await producer.getJob(id))?.getState();
      if (state === 'completed' || state === 'failed') return state;
      if (Date.now() > until) throw new Error(`job ${id} still ${state}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const files = () => store.sqlite.prepare('SELECT id, name, state, format FROM files ORDER BY rowid').all() as { id: string; name: string; state: string; format: string | null }[];
  const events = (type: string) => store.sqlite.prepare('SELECT actor FROM events WHERE type = ? ORDER BY seq').all(type) as { actor: string }[];
  const processing = () => readdirSync(path.join(root, 'in/.processing'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  return { root, prefix, store, queue, deps, producer, replies, reply, settled, files, events, processing, release: () => release() };
}

const IBAN_OK = 'ПолучательИИК=KZ258562203100012345';
const onec = (first: number, n: number, edit = (t: string) => t) => Buffer.from(encodeSingleByte(edit(gen1cText({ firstNumber: first, documents: n })), 'windows-1251'));
type Json = Record<string, any>;

describe.runIf(redisAvailable)('the inbox queue (BullMQ)', () => {
  it('takes a 1C file sent as base64: documents stored, file archived, the reply carries the out/ report', async () => {
    const b = await bench();
    const bytes = onec(101, 3);
    await b.producer.add('file', { name: '1c_to_kl.txt', content_base64: bytes.toString('base64'), reply_to: 'erp-42' }, { jobId: 'erp-batch-1' });
    const r = await b.reply('erp-batch-1');
    expect(r).toMatchObject({ reply_to: 'erp-42', inbox_job_id: 'erp-batch-1', state: 'parsed', accepted: true, error: null });
    expect(r.report).toMatchObject({ file: '1c_to_kl.txt', format: '1c.kz', accepted: true, summary: { documents: 3, valid: 3, invalid: 0 } });
    expect(r.documents.map((d) => d.state)).toEqual(['awaiting-signature', 'awaiting-signature', 'awaiting-signature']);
    // The report is out/<name>.result.json, word for word, but for the encoding only out/ knows.
    const out = JSON.parse(readFileSync(path.join(b.root, 'out/1c_to_kl.txt.result.json'), 'utf8')) as Json;
    expect({ ...r.report, encoding: out['encoding'] }).toEqual(out);
    expect(r.file_id).toBe(out['file_id']);
    // Kept like a dropped file; the job is done; the queue is the actor of the audit event.
    const day = readdirSync(path.join(b.root, 'archive'))[0]!;
    expect(readFileSync(path.join(b.root, 'archive', day, '1c_to_kl.txt')).equals(bytes)).toBe(true);
    expect(b.processing()).toEqual([]);
    expect(await b.settled('erp-batch-1')).toBe('completed');
    expect(b.events('file.received').map((e) => e.actor)).toEqual(['queue:inbox']);

    // The same bytes again, in another job: refused at intake as a duplicate, and said so.
    await b.producer.add('file', { name: 'again.txt', content_base64: bytes.toString('base64'), lang: 'en' }, { jobId: 'erp-batch-2' });
    const dup = await b.reply('erp-batch-2');
    expect(dup).toMatchObject({ reply_to: null, state: 'rejected', accepted: false, error: { code: 'SRC_DUPLICATE_FILE' }, report: { accepted: false, issues: [{ code: 'SRC_DUPLICATE_FILE' }] } });
    expect(dup.error!.message).toMatch(/^The same file/);
    expect(existsSync(path.join(b.root, 'error/again.txt.err'))).toBe(true);
  });

  it("replies with a bad document's issues (text content, generated job id); the good document is kept", async () => {
    const b = await bench();
    const text = gen1cText({ firstNumber: 7, documents: 2 }).replace(IBAN_OK, 'ПолучательИИК=KZ258562203100012346').replace('Кодировка=Windows', 'Кодировка=UTF8');
    const job = await b.producer.add('file', { name: 'pay.txt', text, reply_to: 'r-7', lang: 'en' });
    // BullMQ's own ids are digits: the reply's BullMQ id is '#<id>' (bullmq-names.ts), its inbox_job_id the id as is.
    const r = await b.reply(job.id!);
    expect(await b.replies.getJob(`#${job.id}`)).toBeDefined();
    expect(r).toMatchObject({ inbox_job_id: job.id, reply_to: 'r-7', state: 'parsed', accepted: true, report: { summary: { documents: 2, valid: 1, invalid: 1 } } });
    const [bad, good] = r.report!.documents;
    expect(good).toMatchObject({ number: '8', valid: true });
    expect(bad!.issues.find((i) => i.severity === 'error')).toMatchObject({ code: 'VAL_IBAN_CHECKSUM', field: expect.any(String), line: expect.any(Number) });
    expect(r.documents.map((d) => d.state)).toEqual(['invalid', 'awaiting-signature']);
  });

  it('sends a bad job straight to dead (no retries) and replies why; nothing is imported', async () => {
    const b = await bench();
    await b.producer.add('file', { name: 'empty.txt', reply_to: 'no-content', lang: 'en' }, { jobId: 'bad-1', attempts: 5 });
    await b.producer.add('file', { name: '../x.txt', text: 'x', document: {}, contents: 'typo' }, { jobId: 'bad-2', attempts: 5 });
    await b.producer.add('file', 'just a string', { jobId: 'bad-3' });
    const r1 = await b.reply('bad-1:failed');
    expect(r1).toMatchObject({ reply_to: 'no-content', inbox_job_id: 'bad-1', file_id: null, state: 'failed', accepted: false, report: null, error: { code: 'SRC_BAD_JOB' } });
    expect(r1.error!.message).toBe('Inbox queue job has a wrong form: (job): the content is missing: give exactly one of content_base64, text, document');
    const r2 = await b.reply('bad-2:failed');
    expect(r2.error!.message).toContain('name: a plain file name');
    expect(r2.error!.message).toContain('contents');
    expect(r2.error!.message).toContain('give exactly one of content_base64, text, document (got text, document)');
    expect((await b.reply('bad-3:failed')).error!.code).toBe('SRC_BAD_JOB');
    for (const id of ['bad-1', 'bad-2', 'bad-3']) expect(await b.settled(id)).toBe('failed');
    // Dead after its first attempt although five were allowed: a user error is never retried.
    const dead = await b.queue.getJob('inbox', 'bad-1');
    expect(dead).toMatchObject({ state: 'dead', attempt: 1, maxAttempts: 5, lastError: expect.stringMatching(/^SRC_BAD_JOB: \(job\): the content is missing/) });
    expect(b.files()).toEqual([]);
    expect(await b.replies.getJob('bad-1')).toBeUndefined();
  });

  it('retries a job it could not take (mailbox folder unavailable) and replies once the attempts are spent', async () => {
    const b = await bench();
    await b.producer.add('file', { name: 'a.txt', text: gen1cText({ firstNumber: 1, documents: 1 }), mailbox: 'broken', lang: 'en' }, { jobId: 'busy-1', attempts: 2 });
    await b.producer.add('file', { name: 'a.txt', text: 'x', mailbox: 'nowhere' }, { jobId: 'nowhere-1', attempts: 2 });
    const r = await b.reply('busy-1:failed');
    expect(r).toMatchObject({ state: 'failed', file_id: null, error: { code: 'SRC_FOLDER_UNAVAILABLE' } });
    expect(r.error!.message).toBe("Drop folder is not reachable: mailbox 'broken' cannot be written (ENOTDIR); nothing was taken, send the file again");
    expect(await b.settled('busy-1')).toBe('failed');
    expect(await b.queue.getJob('inbox', 'busy-1')).toMatchObject({ state: 'dead', attempt: 2, maxAttempts: 2, lastError: expect.stringMatching(/^SRC_FOLDER_UNAVAILABLE: /) });
    // An unknown mailbox is the sender's mistake: dead at once, however many attempts it had.
    expect((await b.reply('nowhere-1:failed')).error).toMatchObject({ code: 'SRC_UNKNOWN_MAILBOX', message: expect.stringContaining("'nowhere'; configured: default, broken") });
    expect(await b.queue.getJob('inbox', 'nowhere-1')).toMatchObject({ state: 'dead', attempt: 1 });
    expect(b.files()).toEqual([]);
  });

  it('imports a redelivered job once: a second run, or a run after a crash that left its claim, meets the first claim', async () => {
    const b = await bench();
    // A handler of its own beside the running one: the same job handled twice (a lost lock, a crash before the ack).
    const h = createQueueInboxHandlers(b.deps);
    const job: Job<unknown> = { id: 'dup-1', queue: 'inbox', name: 'file', data: { name: 'dup.txt', content_base64: onec(40, 2).toString('base64') }, attempt: 1, maxAttempts: 3, createdAt: 1_700_000_000_000 };
    const signal = new AbortController().signal;
    await h.inbox(job, signal);
    await h.inbox({ ...job, attempt: 2 }, signal);
    expect(b.files()).toHaveLength(1);
    expect(readdirSync(path.join(b.root, 'archive', readdirSync(path.join(b.root, 'archive'))[0]!))).toEqual(['dup.txt']);
    // One await job for both runs, and so one reply.
    const r = await b.reply('dup-1');
    expect(r).toMatchObject({ state: 'parsed', report: { summary: { documents: 2, valid: 2 } } });
    const waits = await b.queue.counts(awaitQueueName('inbox'));
    expect(Object.values(waits).reduce((a, n) => a + n, 0)).toBe(1);
    expect(await b.replies.getJobCounts('wait', 'completed')).toEqual({ wait: 1, completed: 0 });

    // A crash after the bytes were claimed but before intake recorded them: the next run takes that claim over.
    const crashed: Job<unknown> = { ...job, id: 'dup-2', data: { name: 'late.txt', content_base64: onec(50, 1).toString('base64') } };
    const claimId = queueClaimId('inbox', 'dup-2', job.createdAt);
    await writeUpload(new Response(onec(50, 1)).body, { layout: folderLayout(b.root), mailbox: 'default', name: 'late.txt', claimId, maxBytes: 200_000, actor: 'queue:inbox', partials: QUEUE_PARTIALS });
    expect(b.processing()).toEqual([`${claimId}__late.txt`]);
    await h.inbox(crashed, signal);
    expect(b.files().map((f) => f.name)).toEqual(['dup.txt', 'late.txt']);
    expect(b.processing()).toEqual([]);
    expect(await b.reply('dup-2')).toMatchObject({ state: 'parsed' });

    // The same job id created anew (BullMQ's ids restart when Redis is emptied) is another hand-over: another claim.
    expect(queueClaimId('inbox', 'dup-1', job.createdAt + 1)).not.toBe(queueClaimId('inbox', 'dup-1', job.createdAt));
  });

  it('takes a JSON document through the same validation and storage as a 1C file', async () => {
    const b = await bench();
    const date = todayKz();
    const purpose = (n: number) => `Оплата за товар по счету № ${n} от ${date}, в т.ч. НДС`;
    await b.producer.add('file', { name: '1c.txt', content_base64: onec(601, 1).toString('base64') }, { jobId: 'onec-601' });
    await b.producer.add('file', { name: 'order-602.json', document: { ...jsonPayment(602), purpose: purpose(602) }, reply_to: 'json-602' }, { jobId: 'json-602' });
    const [c, j] = [await b.reply('onec-601'), await b.reply('json-602')];
    expect(j).toMatchObject({ reply_to: 'json-602', state: 'parsed', accepted: true, report: { format: 'bankgate.document.v1', summary: { documents: 1, valid: 1, invalid: 0 } } });
    expect(j.documents).toEqual([{ index: 1, id: expect.any(String), state: 'awaiting-signature' }]);
    // Stored as the 1C reader stores the same payment order (number, amount and purpose text differ by construction).
    const [fromC, fromJ] = [(await listDocuments(b.store.sql, c.file_id!))[0]!, (await listDocuments(b.store.sql, j.file_id!))[0]!];
    const strip = (d: Json) => ({ ...d, number: null, amount: null, purpose: null });
    expect(strip(fromJ!.document)).toEqual(strip(fromC!.document));
    expect(fromJ!.issues).toEqual(fromC!.issues);
    expect(fromJ!.document).toMatchObject({ number: '602', amount: { currency: 'KZT', minor: expect.any(BigInt) } });
  });

  it("answers a JSON document with a wrong field with the FMT_ issue naming the field; the file is kept in error/", async () => {
    const b = await bench();
    await b.producer.add('file', { name: 'bad.json', document: { ...jsonPayment(9), amount: 1500.5, payer: { name: 'ТОО', iban: 'KZ90601A861000012345', swift: 'HSBKKZKX' } }, lang: 'en' }, { jobId: 'json-bad' });
    const r = await b.reply('json-bad');
    expect(r).toMatchObject({ state: 'invalid', accepted: false, documents: [], error: { code: 'FMT_BAD_VALUE' } });
    // The document as the job's JSON file holds it, one key a line: "amount" is on line 9.
    const issues = r.report!.issues.map((i) => [i.code, i.line, i.message]);
    expect(issues).toEqual([
      ['FMT_BAD_VALUE', 9, expect.stringContaining('[documents[0].amount]')],
      ['FMT_UNKNOWN_KEY', 14, expect.stringContaining('[documents[0].payer.swift]')],
    ]);
    expect(r.error!.message).toContain('amounts are written as strings');
    expect(readFileSync(path.join(b.root, 'error/bad.json.err'), 'utf8')).toContain('FMT_BAD_VALUE');
    expect(await b.settled('json-bad')).toBe('completed');
  });

  it('replies once the parse is done when it outlasts a wait: the await job retries, the inbox job is finished', async () => {
    const b = await bench({ slow: true });
    await b.producer.add('file', { name: 'slow.txt', content_base64: onec(5, 2).toString('base64') }, { jobId: 'slow-1' });
    expect(await b.settled('slow-1')).toBe('completed');
    const until = Date.now() + 10_000;
    let waiting = await b.queue.getJob(awaitQueueName('inbox'), 'slow-1');
    while (!waiting?.lastError && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      waiting = await b.queue.getJob(awaitQueueName('inbox'), 'slow-1');
    }
    expect(waiting!.lastError).toMatch(/^SRC_PARSE_PENDING: file \w+ is not parsed yet/);
    expect(await b.replies.getJob('slow-1')).toBeUndefined();
    b.release();
    expect(await b.reply('slow-1')).toMatchObject({ state: 'parsed', report: { summary: { documents: 2, valid: 2 } } });
  });

  it('still replies when Redis lost the waiting reply: the store owes it and the reconciler adds its await job again', async () => {
    const b = await bench({ slow: true });
    await b.producer.add('file', { name: 'lost.txt', content_base64: onec(7, 2).toString('base64'), reply_to: 'erp-7' }, { jobId: 'lost-1' });
    expect(await b.settled('lost-1')).toBe('completed');
    expect((await owedReplies(b.store.sql)).map((r) => [r.inboxJobId, r.replyTo])).toEqual([['lost-1', 'erp-7']]);
    expect(await restoreOwedReplies(b.store, b.queue)).toBe(0); // its await job is still there
    // Redis loses the await queue (a restart without persistence, an eviction): every key of it.
    await dropPrefix(`${b.prefix}:${encodeQueueName(awaitQueueName('inbox'))}`);
    expect(await b.queue.getJob(awaitQueueName('inbox'), 'lost-1')).toBeNull();
    expect(await restoreOwedReplies(b.store, b.queue)).toBe(1);
    b.release();
    expect(await b.reply('lost-1')).toMatchObject({ reply_to: 'erp-7', state: 'parsed', accepted: true });
    for (let i = 0; i < 100 && (await owedReplies(b.store.sql)).length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await owedReplies(b.store.sql)).toEqual([]);
    expect(await restoreOwedReplies(b.store, b.queue)).toBe(0);
  });
});
