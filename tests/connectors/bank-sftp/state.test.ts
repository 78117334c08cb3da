// The SFTP connector's state shared by several processes of one machine (the gateway and its submit workers): updates
// under a lock file never lose another process's write; a crashed holder's lock is taken over, a live one waited for;
// old entries are pruned so the file (rewritten whole on each change) stays small.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openState, pruneState, withLockFile, type SftpStateData } from '../../../connectors/bank-sftp/state.ts';
import type { Statement } from '../../../gateway/core/model/statement.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const FILE = 'bank-sftp-test.json';
const sub = (messageId: string, createdAt = new Date().toISOString()) => ({ messageId, documentId: `doc-${messageId}`, payloadSha256: '0'.repeat(64), createdAt, uploaded: true });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bankgate-sftp-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: one that has just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((r) => child.once('exit', r));
  return pid;
}

describe('bank-sftp state shared by processes', () => {
  it('two processes and this one updating at once: every write is kept', async () => {
    const state = await openState(dir, FILE);
    const writer = (prefix: string) => promisify(execFile)(process.execPath, [join(REPO, 'bin/run-ts.js'), join(REPO, 'tests/connectors/bank-sftp/state-writer.ts'), dir, FILE, prefix, '60'], { cwd: REPO });
    const mine = (async () => {
      for (let i = 0; i < 60; i++) await state.update((d) => void (d.submissions[`p-${i}`] = sub(`p${i}`)));
    })();
    const [a, b] = await Promise.all([writer('a'), writer('b'), mine]);
    expect([a.stdout.trim(), b.stdout.trim()]).toEqual(['done', 'done']);
    const after = await openState(dir, FILE);
    const keys = Object.keys(after.data.submissions);
    expect(keys).toHaveLength(180);
    for (const p of ['a', 'b', 'p']) expect(keys.filter((k) => k.startsWith(`${p}-`))).toHaveLength(60);
    // This process sees the others' writes once it looks again.
    await state.refresh();
    expect(Object.keys(state.data.submissions)).toHaveLength(180);
  }, 60_000);

  it('a change decided under the lock sees what another holder of the same file wrote just before', async () => {
    const [x, y] = [await openState(dir, FILE), await openState(dir, FILE)];
    await x.update((d) => void (d.hashes['h1'] = 'file-1'));
    let seen: string | undefined;
    await y.update((d) => {
      seen = d.hashes['h1'];
      return false; // nothing to write
    });
    expect(seen).toBe('file-1');
  });

  it('takes over the lock of a crashed process, waits for a live one, and takes over one held far too long', async () => {
    const state = await openState(dir, FILE, { waitMs: 300, staleMs: 60_000 });
    const lock = `${state.path}.lock`;
    await writeFile(lock, JSON.stringify({ pid: await deadPid(), host: hostname(), at: new Date().toISOString() }));
    await state.update((d) => void (d.hashes['h'] = 'f'));
    expect(state.data.hashes['h']).toBe('f');

    // The parent of this test process is alive: its lock is waited for, then the update fails as operational.
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: hostname(), at: new Date().toISOString() }));
    await expect(state.update((d) => void (d.hashes['h2'] = 'g'))).rejects.toMatchObject({ code: 'CONN_STATE_BUSY' });
    expect(state.data.hashes['h2']).toBeUndefined();

    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    await state.update((d) => void (d.hashes['h2'] = 'g'));
    expect(state.data.hashes['h2']).toBe('g');
  });

  it('releases the lock when the change throws', async () => {
    const state = await openState(dir, FILE);
    await expect(
      state.update(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await withLockFile(`${state.path}.lock`, { waitMs: 100 }, async () => undefined);
  });
});

describe('pruneState', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
  const stmt = (to: string): Statement => ({ account: 'KZ86125KZT5004100100', currency: 'KZT', from: to, to, openingBalance: { minor: 0n, currency: 'KZT' }, closingBalance: { minor: 0n, currency: 'KZT' }, operations: [] }) as unknown as Statement;

  it('forgets what is old and gone, keeps what is recent, listed or still open', () => {
    const d: SftpStateData = {
      version: 1,
      fetched: {
        'old-gone.xml': { sha256: 'h1', size: 1, modifyTime: 1, kind: 'camt', fetchedAt: days(100) },
        'old-listed.xml': { sha256: 'h2', size: 1, modifyTime: 1, kind: 'camt', fetchedAt: days(100) },
        'new-gone.xml': { sha256: 'h3', size: 1, modifyTime: 1, kind: 'pain.002', fetchedAt: days(5) },
      },
      hashes: { h1: 'old-gone.xml', h2: 'old-listed.xml', h3: 'new-gone.xml' },
      statements: { old: { statement: stmt(days(100).slice(0, 10)), file: 'old-gone.xml', seq: 1 }, recent: { statement: stmt(days(3).slice(0, 10)), file: 'new-gone.xml', seq: 2 } },
      submissions: { done: sub('M1', days(120)), open: sub('M2', days(120)), fresh: sub('M3', days(1)) },
      statuses: {
        M1: { state: 'executed', reason: null, executionDate: null, entryBankId: null, file: 'x' },
        M2: { state: 'received', reason: null, executionDate: null, entryBankId: null, file: 'x' },
        M3: { state: 'rejected', reason: null, executionDate: null, entryBankId: null, file: 'x' },
      },
      nextSeq: 3,
    };
    expect(pruneState(d, new Set(['old-listed.xml']), 90, now)).toBe(true);
    expect(Object.keys(d.fetched).sort()).toEqual(['new-gone.xml', 'old-listed.xml']);
    expect(Object.keys(d.hashes).sort()).toEqual(['h2', 'h3']);
    expect(Object.keys(d.statements)).toEqual(['recent']);
    expect(Object.keys(d.submissions).sort()).toEqual(['fresh', 'open']);
    expect(Object.keys(d.statuses).sort()).toEqual(['M2', 'M3']);
    expect(pruneState(d, new Set(['old-listed.xml']), 90, now)).toBe(false);
  });
});
