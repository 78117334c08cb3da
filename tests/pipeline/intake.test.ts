// Intake: durable record before acknowledgement, duplicate refusal, unknown formats, crash-recovered claims.
import { describe, expect, it } from 'vitest';
import { findFileByClaimId, getFile, countFilesByState } from '../../gateway/store/files-repo.ts';
import { verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { enqueueUnparsed } from '../../gateway/pipeline/sweep.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { GOOD, pipelineBench } from './helpers.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('intake', () => {
  it('records a recognised file with its bytes before answering archive, and queues its parse job', async () => {
    const b = pipelineBench();
    const c = b.claim('pay.txt', GOOD);
    expect(await b.deliver(c)).toEqual({ to: 'archive' });
    const row = (await findFileByClaimId(b.store.sql, c.claimId))!;
    expect(row).toMatchObject({ name: 'pay.txt', mailbox: 'default', state: 'received', format: 'test.lines', size: Buffer.byteLength(GOOD) });
    expect(b.blobs.has(row.sha256)).toBe(true);
    expect(await b.blobs.verify(row.sha256)).toBe(true);
    const job = await b.queue.getJob('parse', `parse:${row.id}`);
    expect(job).toMatchObject({ state: 'waiting', data: { fileId: row.id } });
    expect(await verifyAudit(b.store.sql)).toMatchObject({ ok: true, count: 1 });
  });

  it('answers the same for a claim it already recorded (restart after a crash before the move)', async () => {
    const b = pipelineBench();
    const c = b.claim('pay.txt', GOOD);
    await b.deliver(c);
    expect(await b.deliver(c)).toEqual({ to: 'archive' });
    expect((await countFilesByState(b.store.sql))).toMatchObject({ received: 1, rejected: 0 });
  });

  it('refuses the same bytes under another name as a duplicate, pointing at the first file', async () => {
    const b = pipelineBench();
    const first = b.claim('a.txt', GOOD);
    await b.deliver(first);
    const d = await b.deliver(b.claim('b.txt', GOOD));
    expect(d.to).toBe('error');
    const issues = d.to === 'error' ? d.issues : [];
    expect(issues[0]).toMatchObject({ code: 'SRC_DUPLICATE_FILE' });
    expect(issues[0]!.message).toContain("'a.txt'");
    const firstId = (await findFileByClaimId(b.store.sql, first.claimId))!.id;
    expect((await countFilesByState(b.store.sql))).toMatchObject({ received: 1, rejected: 1 });
    const dupRow = b.store.sqlite.prepare(`SELECT duplicate_of FROM files WHERE state = 'rejected'`).get() as { duplicate_of: string };
    expect(dupRow.duplicate_of).toBe(firstId);
    // A rejected duplicate, redelivered after a crash, gets the same answer with the same report.
    const again = b.claim('c.txt', GOOD);
    const r1 = await b.deliver(again);
    expect(await b.deliver(again)).toEqual(r1);
  });

  it('rejects a file no plugin recognises, and an empty file, and keeps their records', async () => {
    const b = pipelineBench();
    const unknown = await b.deliver(b.claim('notes.txt', 'hello'));
    expect(unknown).toMatchObject({ to: 'error', issues: [{ code: 'FMT_UNKNOWN' }] });
    const empty = await b.deliver(b.claim('empty.txt', ''));
    expect(empty).toMatchObject({ to: 'error', issues: [{ code: 'SRC_FILE_EMPTY' }] });
    expect((await countFilesByState(b.store.sql))).toMatchObject({ rejected: 2, received: 0 });
    // Refused files get their result in out/ too.
    const result = JSON.parse(readFileSync(path.join(b.root, 'out/notes.txt.result.json'), 'utf8'));
    expect(result).toMatchObject({ file: 'notes.txt', accepted: false, format: null, issues: [{ code: 'FMT_UNKNOWN', severity: 'error' }], documents: [] });
    expect(readFileSync(path.join(b.root, 'out/empty.txt.err'), 'utf8')).toMatch(/^\uFEFF204, Строка 0, Файл пустой/);
    expect(await verifyAudit(b.store.sql)).toMatchObject({ ok: true, count: 2 });
  });

  it('the start-up sweep re-adds parse jobs lost between the commit and the queue add', async () => {
    const b = pipelineBench();
    const put = await b.blobs.putFile(b.claim('x.txt', GOOD).path);
    const row = (await recordReceivedFile(b.store.sql, { mailbox: 'default', name: 'x.txt', claimId: 'CLAIM-LOST-JOB', sha256: put.sha256, size: put.size, format: 'test.lines' }));
    expect(await b.queue.getJob('parse', `parse:${row.id}`)).toBeNull();
    expect(await enqueueUnparsed(b.store, b.queue)).toBe(1);
    expect(await enqueueUnparsed(b.store, b.queue)).toBe(0);
    expect((await getFile(b.store.sql, row.id))!.state).toBe('received');
  });
});
