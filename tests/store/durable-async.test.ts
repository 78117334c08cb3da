// durableAsync: calls of one event-loop turn share a transaction (each in its own savepoint) and resolve
// only after the WAL barrier; a failing call rolls back alone.
import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { sha, tempStore } from './helpers.ts';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, fdatasync: vi.fn(real.fdatasync) };
});

const input = (i: number) => ({ mailbox: 'default', name: `f${i}.txt`, claimId: `claim-${i}`, sha256: sha(String(i)), size: i, format: '1c.kz' });

describe('Db.durableAsync on SQLite', () => {
  it('groups calls of one turn into one commit and one WAL fsync; each resolves with its own row', async () => {
    const store = tempStore();
    const syncs = vi.mocked(fs.fdatasync);
    syncs.mockClear();
    const rows = await Promise.all([1, 2, 3].map((i) => store.sql.durableAsync((tx) => recordReceivedFile(tx, input(i)))));
    expect(rows.map((r) => r.name)).toEqual(['f1.txt', 'f2.txt', 'f3.txt']);
    expect(syncs).toHaveBeenCalledTimes(1);
    expect(await verifyAudit(store.sql)).toMatchObject({ ok: true, count: 3 });
  });

  it('rolls back only the call that throws', async () => {
    const store = tempStore();
    const results = await Promise.allSettled([
      store.sql.durableAsync((tx) => recordReceivedFile(tx, input(1))),
      store.sql.durableAsync(async (tx) => {
        await recordReceivedFile(tx, input(2));
        throw new Error('validation failed after the insert');
      }),
      store.sql.durableAsync((tx) => recordReceivedFile(tx, input(3))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const names = (store.sqlite.prepare('SELECT name FROM files ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['f1.txt', 'f3.txt']);
    // The audit chain has no hole where the rolled-back event would have been.
    expect(await verifyAudit(store.sql)).toMatchObject({ ok: true, count: 2 });
  });

  it('does not resolve before the WAL fsync has finished', async () => {
    const store = tempStore();
    const real = vi.mocked(fs.fdatasync).getMockImplementation()!;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    vi.mocked(fs.fdatasync).mockImplementationOnce(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => void gate.then(() => real(fd, cb))) as typeof fs.fdatasync);
    let done = false;
    const p = store.sql.durableAsync((tx) => recordReceivedFile(tx, input(7))).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    // Committed (visible) but not yet acknowledged.
    expect(store.sqlite.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: 1 });
    release();
    await p;
    expect(done).toBe(true);
  });

  it('a commit made while a sync runs waits for the next sync', async () => {
    const store = tempStore();
    const real = vi.mocked(fs.fdatasync).getMockImplementation()!;
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    vi.mocked(fs.fdatasync).mockImplementationOnce(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => void gate.then(() => real(fd, (e) => (order.push('sync1'), cb(e))))) as typeof fs.fdatasync);
    const a = store.sql.durableAsync((tx) => recordReceivedFile(tx, input(1))).then(() => order.push('a'));
    await new Promise((r) => setTimeout(r, 20)); // sync 1 is now running
    const b = store.sql.durableAsync((tx) => recordReceivedFile(tx, input(2))).then(() => order.push('b'));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(['sync1', 'a', 'b']);
    expect(vi.mocked(fs.fdatasync).mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});
