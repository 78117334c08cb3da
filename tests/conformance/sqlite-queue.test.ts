// Runs the JobQueue conformance suite against the embedded SQLite queue on a temp file, plus SQLite-only checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteQueue } from '../../gateway/queue/sqlite-queue.ts';
import type { LocalJobQueue } from '../../gateway/queue/store-queue.ts';
import { describeQueueConformance } from './queue.conformance.ts';

describeQueueConformance('sqlite', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-queue-'));
  const file = path.join(dir, 'queue.db');
  return {
    open: async () => createSqliteQueue({ path: file }),
    // abandon() closes the connection without touching rows; committed WAL data stays, as after kill -9.
    crash: async (q) => (q as LocalJobQueue).abandon(),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// Beyond the port: what only the embedded SQLite queue promises (real processes, kill -9, pruning, defaults).
describe('sqlite queue specifics', () => {
  let dir: string;
  let file: string;
  const children: ChildProcess[] = [];
  const spawnChild = (mode: 'hang' | 'drain') => {
    const c = spawn(process.execPath, ['bin/run-ts.js', 'tests/conformance/sqlite-queue-child.ts', mode, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    return c;
  };
  const firstLine = (c: ChildProcess) =>
    new Promise<string>((resolve, reject) => {
      let buf = '';
      c.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve(buf.slice(0, nl));
      });
      c.on('exit', (code) => reject(new Error(`child exited (${code}) before printing`)));
    });
  /** Resolves with every stdout line once the child exits cleanly. */
  const allLines = (c: ChildProcess) =>
    new Promise<string[]>((resolve, reject) => {
      let buf = '';
      c.stdout!.on('data', (d: Buffer) => (buf += d.toString()));
      c.on('exit', (code) => (code === 0 ? resolve(buf.trim().split('\n')) : reject(new Error(`child exited ${code}`))));
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-queue-'));
    file = path.join(dir, 'queue.db');
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps committed work across kill -9 of a real process and reruns the job it died in', async () => {
    const child = spawnChild('hang');
    expect(await firstLine(child)).toBe('HANG');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const q = createSqliteQueue({ path: file });
    try {
      expect(await q.counts('k')).toEqual({ waiting: 4, delayed: 0, active: 1, completed: 5, dead: 0 });
      expect((await q.add('k', 'n', null, { jobId: 'j0' })).added).toBe(false);
      const ran: string[] = [];
      q.process('k', async (job) => void ran.push(`${job.id}#${job.attempt}`), { pollMs: 10 });
      const until = Date.now() + 5000;
      while ((await q.counts('k')).completed < 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(ran.sort()).toEqual(['j5#2', 'j6#1', 'j7#1', 'j8#1', 'j9#1']);
    } finally {
      await q.close();
    }
  });

  it('never hands one job to two processes', async () => {
    const q = createSqliteQueue({ path: file });
    await q.addBulk('race', Array.from({ length: 3000 }, (_, i) => ({ name: 'n', data: null, opts: { jobId: `r${i}` } })));
    await q.close();
    const kids = [spawnChild('drain'), spawnChild('drain')];
    const outputs = kids.map(allLines);
    const ready = Promise.all(kids.map((k) => new Promise<void>((r) => k.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && r()))));
    await ready;
    writeFileSync(`${file}.go`, '');
    const perChild = (await Promise.all(outputs)).map((lines) => JSON.parse(lines.at(-1)!) as string[]);
    const ran = perChild.flat();
    expect(perChild.every((ids) => ids.length > 0)).toBe(true); // both really took part
    expect(ran).toHaveLength(3000);
    expect(new Set(ran).size).toBe(3000);
  });

  it('prunes old completed jobs only, after which their ids can be added again', async () => {
    let now = 1_000_000;
    const q = createSqliteQueue({ path: file, now: () => now });
    try {
      q.process('p', async () => {}, { pollMs: 5 });
      await q.add('p', 'n', null, { jobId: 'old' });
      const until = Date.now() + 3000;
      while ((await q.counts('p')).completed < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      await q.pause('p');
      now += 60_000;
      await q.add('p', 'n', null, { jobId: 'pending' });
      expect(await q.removeCompletedOlderThan(30_000)).toBe(1);
      expect(await q.getJob('p', 'old')).toBeNull();
      expect(await q.getJob('p', 'pending')).not.toBeNull();
      expect((await q.add('p', 'n', null, { jobId: 'old' })).added).toBe(true);
    } finally {
      await q.close();
    }
  });

  it('applies per-instance job defaults and reopens an already migrated file', async () => {
    const q1 = createSqliteQueue({ path: file, defaults: { attempts: 2, backoffMs: 7 } });
    await q1.add('d', 'n', null, { jobId: 'a' });
    await q1.add('d', 'n', null, { jobId: 'b', attempts: 9 });
    expect((await q1.getJob('d', 'a'))?.maxAttempts).toBe(2);
    expect((await q1.getJob('d', 'b'))?.maxAttempts).toBe(9);
    await q1.close();
    const q2 = createSqliteQueue({ path: file });
    expect((await q2.counts('d')).waiting).toBe(2);
    await q2.close();
  });
});
