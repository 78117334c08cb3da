// The JobQueue conformance suite: every implementation (memory, SQLite, later BullMQ) must pass it unchanged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { Job, JobQueue, JobState, ProcessOptions } from '../../gateway/queue/port.ts';

/** One backend (a database, a Redis) that several JobQueue instances can open, like processes sharing it. */
export interface QueueHarness {
  /** Opens an instance on the backend; data and pauses from earlier instances must be visible. */
  open(): Promise<JobQueue>;
  /** Stops an instance the way kill -9 would: no leases released, no outcomes saved, no further writes. */
  crash(q: JobQueue): Promise<void>;
  /** Removes the backend (temp files, keys). Instances are already closed or crashed. */
  cleanup(): Promise<void>;
}

export type QueueHarnessFactory = () => Promise<QueueHarness> | QueueHarness;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/** Short polls so cross-instance tests stay fast; leases long unless a test is about leases. */
const FAST: ProcessOptions = { pollMs: 10 };

export function describeQueueConformance(name: string, factory: QueueHarnessFactory): void {
  describe(`JobQueue conformance: ${name}`, () => {
    let h: QueueHarness;
    let instances: JobQueue[];
    let crashed: Set<JobQueue>;
    /** Gates opened at teardown so no handler is left hanging. */
    let gates: { open(): void }[];

    const open = async (): Promise<JobQueue> => {
      const q = await h.open();
      instances.push(q);
      return q;
    };
    const crash = async (q: JobQueue): Promise<void> => {
      crashed.add(q);
      await h.crash(q);
    };
    const newGate = () => {
      const g = gate();
      gates.push(g);
      return g;
    };
    const stateOf = async (q: JobQueue, queue: string, id: string): Promise<JobState | undefined> => (await q.getJob(queue, id))?.state;

    beforeEach(async () => {
      h = await factory();
      instances = [];
      crashed = new Set();
      gates = [];
    });

    afterEach(async () => {
      for (const g of gates) g.open();
      for (const q of instances) if (!crashed.has(q)) await q.close();
      await h.cleanup();
    });

    describe('add idempotency', () => {
      it('a second add with the same jobId adds nothing while the first waits', async () => {
        const q = await open();
        expect(await q.add('q', 'n', { v: 1 }, { jobId: 'a' })).toEqual({ id: 'a', added: true });
        expect(await q.add('q', 'n', { v: 2 }, { jobId: 'a' })).toEqual({ id: 'a', added: false });
        expect((await q.counts('q')).waiting).toBe(1);
        expect((await q.getJob('q', 'a'))?.data).toEqual({ v: 1 });
      });

      it('does not run a completed job again when re-added', async () => {
        const q = await open();
        let runs = 0;
        q.process('q', async () => void runs++, FAST);
        await q.add('q', 'n', null, { jobId: 'done' });
        await waitFor('completion', async () => (await stateOf(q, 'q', 'done')) === 'completed');
        expect(await q.add('q', 'n', null, { jobId: 'done' })).toEqual({ id: 'done', added: false });
        expect(await q.addBulk('q', [{ name: 'n', data: null, opts: { jobId: 'done' } }])).toEqual([{ id: 'done', added: false }]);
        await sleep(100);
        expect(runs).toBe(1);
        expect(await stateOf(q, 'q', 'done')).toBe('completed');
      });

      it('does not revive a dead job when re-added', async () => {
        const q = await open();
        let runs = 0;
        q.process(
          'q',
          async () => {
            runs++;
            throw new Error('boom');
          },
          FAST,
        );
        await q.add('q', 'n', null, { jobId: 'd', attempts: 1 });
        await waitFor('dead', async () => (await stateOf(q, 'q', 'd')) === 'dead');
        expect((await q.add('q', 'n', null, { jobId: 'd' })).added).toBe(false);
        await sleep(100);
        expect(runs).toBe(1);
        expect(await stateOf(q, 'q', 'd')).toBe('dead');
      });

      it('addBulk dedupes against stored jobs and within the batch; generated ids are distinct', async () => {
        const q = await open();
        await q.add('q', 'n', 0, { jobId: 'x' });
        const res = await q.addBulk('q', [
          { name: 'n', data: 1, opts: { jobId: 'y' } },
          { name: 'n', data: 2, opts: { jobId: 'y' } },
          { name: 'n', data: 3, opts: { jobId: 'x' } },
          { name: 'n', data: 4 },
          { name: 'n', data: 5 },
        ]);
        expect(res.slice(0, 3)).toEqual([
          { id: 'y', added: true },
          { id: 'y', added: false },
          { id: 'x', added: false },
        ]);
        expect(res[3]?.added && res[4]?.added).toBe(true);
        expect(res[3]?.id).not.toBe(res[4]?.id);
        expect((await q.getJob('q', 'y'))?.data).toBe(1);
        expect((await q.counts('q')).waiting).toBe(4);
      });

      it('scopes job ids to their queue', async () => {
        const q = await open();
        expect((await q.add('q1', 'n', null, { jobId: 'same' })).added).toBe(true);
        expect((await q.add('q2', 'n', null, { jobId: 'same' })).added).toBe(true);
        expect((await q.counts('q1')).waiting).toBe(1);
        expect((await q.counts('q2')).waiting).toBe(1);
      });

      it('rejects invalid options', async () => {
        const q = await open();
        await expect(q.add('q', 'n', null, { attempts: 0 })).rejects.toThrow();
        await expect(q.add('q', 'n', null, { backoffMs: -1 })).rejects.toThrow();
      });
    });

    describe('process', () => {
      it('hands the handler the job as added', async () => {
        const q = await open();
        const seen: Job[] = [];
        q.process('q', async (job) => void seen.push(job), FAST);
        const before = Date.now();
        await q.add('q', 'parse-file', { fileId: 'F1' }, { jobId: 'j', attempts: 3 });
        await waitFor('run', () => seen.length === 1);
        expect(seen[0]).toMatchObject({ id: 'j', queue: 'q', name: 'parse-file', data: { fileId: 'F1' }, attempt: 1, maxAttempts: 3 });
        expect(seen[0]!.createdAt).toBeGreaterThanOrEqual(before - 1000);
      });

      it('runs at most N handlers at once with concurrency N, and N in parallel when there is work', async () => {
        const q = await open();
        const g = newGate();
        let now = 0;
        let max = 0;
        let done = 0;
        q.process(
          'q',
          async () => {
            max = Math.max(max, ++now);
            await g.promise;
            now--;
            done++;
          },
          { ...FAST, concurrency: 3 },
        );
        await q.addBulk('q', Array.from({ length: 10 }, (_, i) => ({ name: 'n', data: i })));
        await waitFor('3 running', () => now === 3);
        await sleep(100);
        expect(now).toBe(3);
        expect((await q.counts('q')).active).toBe(3);
        g.open();
        await waitFor('all done', () => done === 10);
        expect(max).toBe(3);
        expect((await q.counts('q')).completed).toBe(10);
      });

      it('respects concurrency with batched claims', async () => {
        const q = await open();
        let now = 0;
        let max = 0;
        let done = 0;
        q.process(
          'q',
          async () => {
            max = Math.max(max, ++now);
            await sleep(5);
            now--;
            done++;
          },
          { ...FAST, concurrency: 4, batchSize: 3 },
        );
        await q.addBulk('q', Array.from({ length: 40 }, (_, i) => ({ name: 'n', data: i })));
        await waitFor('all done', () => done === 40);
        expect(max).toBe(4);
      });

      it('only runs jobs of its own queue', async () => {
        const q = await open();
        const ran: string[] = [];
        q.process('a', async (job) => void ran.push(job.id), FAST);
        await q.add('b', 'n', null, { jobId: 'in-b' });
        await q.add('a', 'n', null, { jobId: 'in-a' });
        await waitFor('a done', async () => (await stateOf(q, 'a', 'in-a')) === 'completed');
        await sleep(50);
        expect(ran).toEqual(['in-a']);
        expect(await stateOf(q, 'b', 'in-b')).toBe('waiting');
      });

      it('holds a delayed job until delayMs has passed', async () => {
        const q = await open();
        let startedAt = 0;
        q.process('q', async () => void (startedAt = Date.now()), FAST);
        const addedAt = Date.now();
        await q.add('q', 'n', null, { jobId: 'later', delayMs: 200 });
        expect(await stateOf(q, 'q', 'later')).toBe('delayed');
        await waitFor('run', () => startedAt > 0);
        expect(startedAt - addedAt).toBeGreaterThanOrEqual(195);
      });
    });

    describe('retries', () => {
      it('retries with exponential back-off capped by maxBackoffMs, then dead-letters with the last error', async () => {
        const q = await open();
        const starts: number[] = [];
        const attempts: number[] = [];
        q.process(
          'q',
          async (job) => {
            starts.push(Date.now());
            attempts.push(job.attempt);
            throw new Error(`fail ${job.attempt}`);
          },
          FAST,
        );
        // Delays 40, 80, then capped at 100 instead of 160, 320 and 640.
        await q.add('q', 'n', null, { jobId: 'r', attempts: 6, backoffMs: 40, maxBackoffMs: 100 });
        await waitFor('dead', async () => (await stateOf(q, 'q', 'r')) === 'dead');
        expect(attempts).toEqual([1, 2, 3, 4, 5, 6]);
        const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
        expect(gaps[0]).toBeGreaterThanOrEqual(40);
        expect(gaps[1]).toBeGreaterThanOrEqual(80);
        expect(gaps[2]).toBeGreaterThanOrEqual(100);
        expect(gaps[3]).toBeGreaterThanOrEqual(100);
        expect(gaps[4]).toBeGreaterThanOrEqual(100);
        expect(gaps[4]).toBeLessThan(600); // uncapped it would be >= 640
        const rec = await q.getJob('q', 'r');
        expect(rec).toMatchObject({ state: 'dead', attempt: 6, maxAttempts: 6 });
        expect(rec?.lastError).toContain('fail 6');
        expect(rec?.finishedAt).toEqual(expect.any(Number));
      });

      it('keeps a failed job delayed with its error until the back-off has passed', async () => {
        const q = await open();
        let runs = 0;
        q.process(
          'q',
          async () => {
            runs++;
            throw new Error('bank unreachable');
          },
          FAST,
        );
        const t0 = Date.now();
        await q.add('q', 'n', null, { jobId: 'b', attempts: 3, backoffMs: 60_000 });
        await waitFor('first failure', async () => (await q.getJob('q', 'b'))?.lastError != null);
        const rec = await q.getJob('q', 'b');
        expect(rec).toMatchObject({ state: 'delayed', attempt: 1 });
        expect(rec?.lastError).toContain('bank unreachable');
        expect(rec!.runAt - t0).toBeGreaterThanOrEqual(60_000);
        expect(rec!.runAt - Date.now()).toBeLessThanOrEqual(66_000 + 1000); // at most +10 % jitter
        expect(await q.counts('q')).toMatchObject({ delayed: 1, waiting: 0, active: 0 });
        expect((await q.list('q', 'delayed')).map((j) => j.id)).toEqual(['b']);
        await sleep(50);
        expect(runs).toBe(1);
      });

      it('dead-letters unrecoverable errors and user-kind GatewayErrors without retrying', async () => {
        const q = await open();
        const runs = new Map<string, number>();
        q.process(
          'q',
          async (job) => {
            runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
            if (job.id === 'marked') throw Object.assign(new Error('bad input'), { unrecoverable: true });
            throw new GatewayError('FMT_SYNTAX', 'line 3: syntax error');
          },
          FAST,
        );
        await q.add('q', 'n', null, { jobId: 'marked', attempts: 5, backoffMs: 10 });
        await q.add('q', 'n', null, { jobId: 'user', attempts: 5, backoffMs: 10 });
        await waitFor('both dead', async () => (await q.counts('q')).dead === 2);
        await sleep(50);
        expect(runs.get('marked')).toBe(1);
        expect(runs.get('user')).toBe(1);
        expect((await q.getJob('q', 'marked'))?.lastError).toContain('bad input');
        expect((await q.getJob('q', 'user'))?.lastError).toContain('syntax error');
      });

      it('retryDead moves a dead job back to waiting with a fresh attempt budget', async () => {
        const q = await open();
        let fail = true;
        const attempts: number[] = [];
        q.process(
          'q',
          async (job) => {
            attempts.push(job.attempt);
            if (fail) throw new Error('down');
          },
          FAST,
        );
        await q.add('q', 'n', null, { jobId: 'z', attempts: 2, backoffMs: 10 });
        await waitFor('dead', async () => (await stateOf(q, 'q', 'z')) === 'dead');
        expect(await q.retryDead('q', 'missing')).toBe(false);
        fail = false;
        expect(await q.retryDead('q', 'z')).toBe(true);
        await waitFor('completed', async () => (await stateOf(q, 'q', 'z')) === 'completed');
        expect(attempts).toEqual([1, 2, 1]);
        expect(await q.retryDead('q', 'z')).toBe(false); // not dead any more
        expect((await q.getJob('q', 'z'))?.lastError).toContain('down'); // history kept
      });

      it('discardDead deletes only a dead job; its id can then be added again', async () => {
        const q = await open();
        q.process('q', async (job) => {
          if (job.id === 'bad') throw new Error('broken');
        }, FAST);
        await q.add('q', 'n', null, { jobId: 'bad', attempts: 1 });
        await q.add('q', 'n', null, { jobId: 'fine' });
        await waitFor('settled', async () => (await stateOf(q, 'q', 'bad')) === 'dead' && (await stateOf(q, 'q', 'fine')) === 'completed');
        expect(await q.discardDead('q', 'missing')).toBe(false);
        expect(await q.discardDead('q', 'fine')).toBe(false); // completed, not dead: kept
        expect(await q.discardDead('other', 'bad')).toBe(false); // ids are per queue
        expect(await q.discardDead('q', 'bad')).toBe(true);
        expect(await q.getJob('q', 'bad')).toBeNull();
        expect(await q.discardDead('q', 'bad')).toBe(false);
        expect((await q.counts('q')).dead).toBe(0);
        expect((await q.getJob('q', 'fine'))?.state).toBe('completed');
        expect(await q.add('q', 'n', null, { jobId: 'bad' })).toEqual({ id: 'bad', added: true });
      });
    });

    describe('leases', () => {
      it('another instance takes a crashed worker’s job after the lease expires, counting the attempt', async () => {
        const a = await open();
        let aStart = 0;
        a.process('q', async () => {
          aStart = Date.now();
          await new Promise(() => {}); // never finishes: the process "dies" mid-job
        }, { ...FAST, leaseMs: 300 });
        await a.add('q', 'n', { k: 1 }, { jobId: 'c' });
        await waitFor('A running', () => aStart > 0);
        await crash(a);

        const b = await open();
        let bJob: Job | undefined;
        let bStart = 0;
        b.process('q', async (job) => {
          bStart = Date.now();
          bJob = job;
        }, FAST);
        expect(await stateOf(b, 'q', 'c')).toBe('active');
        await waitFor('B ran it', async () => (await stateOf(b, 'q', 'c')) === 'completed');
        expect(bJob).toMatchObject({ id: 'c', attempt: 2, data: { k: 1 } });
        expect(bStart - aStart).toBeGreaterThanOrEqual(300 - 20);
        expect((await b.getJob('q', 'c'))?.attempt).toBe(2);
      });

      it('dead-letters a job whose lease expires on its last attempt', async () => {
        const a = await open();
        let started = false;
        a.process('q', async () => {
          started = true;
          await new Promise(() => {});
        }, { ...FAST, leaseMs: 100 });
        await a.add('q', 'n', null, { jobId: 'poison', attempts: 1 });
        await waitFor('A running', () => started);
        await crash(a);
        const b = await open();
        let bRuns = 0;
        b.process('q', async () => void bRuns++, FAST);
        await waitFor('dead', async () => (await stateOf(b, 'q', 'poison')) === 'dead');
        expect(bRuns).toBe(0);
        expect((await b.getJob('q', 'poison'))?.lastError).toBeTruthy();
      });

      it('renews the lease while the handler runs, so no one else takes the job', async () => {
        const a = await open();
        const b = await open();
        const runs: string[] = [];
        a.process('q', async () => {
          runs.push('a');
          await sleep(1200); // three leases long
        }, { ...FAST, leaseMs: 400 });
        await a.add('q', 'n', null, { jobId: 'long' });
        await waitFor('A running', () => runs.length === 1);
        b.process('q', async () => void runs.push('b'), FAST);
        await waitFor('completed', async () => (await stateOf(a, 'q', 'long')) === 'completed');
        expect(runs).toEqual(['a']);
        expect((await a.getJob('q', 'long'))?.attempt).toBe(1);
      });

      // A lease past its expiry counts as lost even before another worker takes the job (as a Redis lock key expires).
      it('aborts the signal of a handler whose lease was lost; its late completion does not overwrite the new owner', async () => {
        const a = await open();
        const gateA = newGate();
        let aSignal: AbortSignal | undefined;
        a.process('q', async (_job, signal) => {
          aSignal = signal;
          // Block the event loop past the lease: no renewal can run, as in a long GC pause or a frozen VM.
          const until = Date.now() + 450;
          while (Date.now() < until) {
            /* busy */
          }
          await gateA.promise;
        }, { ...FAST, leaseMs: 150 });
        await a.add('q', 'n', null, { jobId: 'stolen' });
        await waitFor('A ran', () => aSignal !== undefined);

        const b = await open();
        const gateB = newGate();
        let bAttempt = 0;
        b.process('q', async (job) => {
          bAttempt = job.attempt;
          await gateB.promise;
        }, { ...FAST, leaseMs: 5000 });
        await waitFor('A aborted and B running', () => aSignal!.aborted && bAttempt > 0);
        expect(bAttempt).toBe(2);

        gateA.open(); // A finishes late and tries to complete
        await sleep(150);
        expect(await stateOf(b, 'q', 'stolen')).toBe('active');

        gateB.open();
        await waitFor('B completed', async () => (await stateOf(b, 'q', 'stolen')) === 'completed');
        expect((await b.getJob('q', 'stolen'))?.attempt).toBe(2);
      });
    });

    describe('pause / resume', () => {
      it('claims nothing from a paused queue, leaves other queues alone, and resumes', async () => {
        const q = await open();
        const ran: string[] = [];
        await q.pause('p');
        expect(await q.isPaused('p')).toBe(true);
        expect(await q.isPaused('other')).toBe(false);
        q.process('p', async (job) => void ran.push(job.id), FAST);
        q.process('other', async (job) => void ran.push(job.id), FAST);
        await q.add('p', 'n', null, { jobId: 'p1' });
        await q.add('other', 'n', null, { jobId: 'o1' });
        await waitFor('other ran', () => ran.includes('o1'));
        await sleep(100);
        expect(ran).toEqual(['o1']);
        expect((await q.counts('p')).waiting).toBe(1);
        await q.resume('p');
        expect(await q.isPaused('p')).toBe(false);
        await waitFor('p ran', () => ran.includes('p1'));
      });

      it('lets running jobs finish when paused', async () => {
        const q = await open();
        const g = newGate();
        const ran: string[] = [];
        q.process('p', async (job) => {
          ran.push(job.id);
          if (job.id === 'first') await g.promise;
        }, FAST);
        await q.add('p', 'n', null, { jobId: 'first' });
        await waitFor('first running', () => ran.length === 1);
        await q.pause('p');
        await q.add('p', 'n', null, { jobId: 'second' });
        g.open();
        await waitFor('first completed', async () => (await stateOf(q, 'p', 'first')) === 'completed');
        await sleep(100);
        expect(ran).toEqual(['first']);
        expect(await stateOf(q, 'p', 'second')).toBe('waiting');
      });

      it('keeps the pause across close and reopen', async () => {
        const q1 = await open();
        await q1.pause('p');
        await q1.close();
        const q2 = await open();
        expect(await q2.isPaused('p')).toBe(true);
        await q2.resume('p');
        await q2.close();
        const q3 = await open();
        expect(await q3.isPaused('p')).toBe(false);
      });
    });

    describe('inspection', () => {
      it('counts and lists every state', async () => {
        const q = await open();
        const g = newGate();
        q.process('c', async (job) => {
          if (job.id === 'bad') throw new Error('nope');
          if (job.id === 'hold') await g.promise;
        }, { ...FAST, concurrency: 3 });
        await q.addBulk('c', [
          { name: 'n', data: null, opts: { jobId: 'ok' } },
          { name: 'n', data: null, opts: { jobId: 'bad', attempts: 1 } },
          { name: 'n', data: null, opts: { jobId: 'hold' } },
        ]);
        await waitFor('settled', async () => {
          const c = await q.counts('c');
          return c.completed === 1 && c.dead === 1 && c.active === 1;
        });
        await q.pause('c');
        await q.add('c', 'n', null, { jobId: 'w1' });
        await q.add('c', 'n', null, { jobId: 'w2' });
        await q.add('c', 'n', null, { jobId: 'later', delayMs: 60_000 });
        expect(await q.counts('c')).toEqual({ waiting: 2, delayed: 1, active: 1, completed: 1, dead: 1 });
        expect(await q.counts('empty')).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 0, dead: 0 });
        const ids = async (s: JobState, limit?: number) => (await q.list('c', s, limit)).map((j) => j.id);
        expect(await ids('waiting')).toEqual(['w1', 'w2']);
        expect(await ids('waiting', 1)).toEqual(['w1']);
        expect(await ids('delayed')).toEqual(['later']);
        expect(await ids('active')).toEqual(['hold']);
        expect(await ids('completed')).toEqual(['ok']);
        expect(await ids('dead')).toEqual(['bad']);
        for (const s of ['waiting', 'delayed', 'active', 'completed', 'dead'] as const) {
          for (const j of await q.list('c', s)) expect(j.state).toBe(s);
        }
      });

      it('getJob returns the full record, or null', async () => {
        const q = await open();
        expect(await q.getJob('q', 'nope')).toBeNull();
        const t0 = Date.now();
        await q.add('q', 'send', { docs: ['D1', 'D2'] }, { jobId: 'g', attempts: 7 });
        const rec = await q.getJob<{ docs: string[] }>('q', 'g');
        expect(rec).toMatchObject({ id: 'g', queue: 'q', name: 'send', data: { docs: ['D1', 'D2'] }, state: 'waiting', attempt: 0, maxAttempts: 7, lastError: null, finishedAt: null });
        expect(rec!.createdAt).toBeGreaterThanOrEqual(t0 - 1000);
        expect(rec!.runAt).toBeGreaterThanOrEqual(rec!.createdAt);
        expect(await q.getJob('other', 'g')).toBeNull();
      });

      it('queues() names every queue holding jobs or paused, sorted, also across instances', async () => {
        const a = await open();
        expect(await a.queues()).toEqual([]);
        await a.add('sign:key-2', 'n', null);
        await a.add('parse', 'n', null);
        await a.addBulk('sign:key-1', [{ name: 'n', data: null }, { name: 'n', data: null }]);
        await a.pause('submit');
        expect(await a.queues()).toEqual(['parse', 'sign:key-1', 'sign:key-2', 'submit']);
        const b = await open();
        expect(await b.queues()).toEqual(['parse', 'sign:key-1', 'sign:key-2', 'submit']);
        await b.resume('submit');
        expect(await a.queues()).toEqual(['parse', 'sign:key-1', 'sign:key-2']);
      });
    });

    describe('durability and shutdown', () => {
      it('sees jobs, states and ids after close and reopen', async () => {
        const q1 = await open();
        const w = q1.process('q', async () => {}, FAST);
        await q1.add('q', 'n', { n: 1 }, { jobId: 'done' });
        await waitFor('done', async () => (await stateOf(q1, 'q', 'done')) === 'completed');
        await w.close();
        await q1.add('q', 'n', { n: 2 }, { jobId: 'pending' });
        await q1.close();

        const q2 = await open();
        expect(await q2.counts('q')).toMatchObject({ completed: 1, waiting: 1 });
        expect((await q2.getJob('q', 'pending'))?.data).toEqual({ n: 2 });
        expect((await q2.add('q', 'n', null, { jobId: 'done' })).added).toBe(false);
        const ran: string[] = [];
        q2.process('q', async (job) => void ran.push(job.id), FAST);
        await waitFor('pending ran', () => ran.length === 1);
        await sleep(50);
        expect(ran).toEqual(['pending']);
      });

      it('close() aborts the signal, waits for running handlers, then stops claiming', async () => {
        const q = await open();
        const g = newGate();
        let signal: AbortSignal | undefined;
        const ran: string[] = [];
        const w = q.process('q', async (job, s) => {
          ran.push(job.id);
          signal = s;
          await g.promise; // ignores the signal: close must still wait
        }, FAST);
        await q.add('q', 'n', null, { jobId: 'busy' });
        await waitFor('running', () => signal !== undefined);
        let closed = false;
        const closing = w.close().then(() => (closed = true));
        await sleep(100);
        expect(closed).toBe(false);
        expect(signal!.aborted).toBe(true);
        g.open();
        await closing;
        expect(await stateOf(q, 'q', 'busy')).toBe('completed');
        await q.add('q', 'n', null, { jobId: 'after' });
        await sleep(100);
        expect(ran).toEqual(['busy']);
        expect(await stateOf(q, 'q', 'after')).toBe('waiting');
      });

      it('a handler that stops on the close signal does not spend an attempt', async () => {
        const q1 = await open();
        let started = false;
        q1.process('q', async (_job, signal) => {
          started = true;
          await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        }, FAST);
        await q1.add('q', 'n', null, { jobId: 'cut', attempts: 1 });
        await waitFor('running', () => started);
        await q1.close();
        expect(await q1.getJob('q', 'cut').catch(() => 'closed')).toBe('closed');

        const q2 = await open();
        expect(await stateOf(q2, 'q', 'cut')).toBe('waiting');
        const attempts: number[] = [];
        q2.process('q', async (job) => void attempts.push(job.attempt), FAST);
        await waitFor('rerun', async () => (await stateOf(q2, 'q', 'cut')) === 'completed');
        expect(attempts).toEqual([1]);
      });

      it('queue close() waits for handlers of every worker and rejects later use', async () => {
        const q = await open();
        const g = newGate();
        let done = false;
        q.process('q', async () => {
          await g.promise;
          done = true;
        }, FAST);
        await q.add('q', 'n', null, { jobId: 'x' });
        await waitFor('running', async () => (await q.counts('q')).active === 1);
        const closing = q.close();
        setTimeout(g.open, 50);
        await closing;
        expect(done).toBe(true);
        await expect(q.add('q', 'n', null)).rejects.toThrow();
        const q2 = await open();
        expect(await stateOf(q2, 'q', 'x')).toBe('completed');
      });
    });

    describe('pickup', () => {
      it('wakes an idle worker at once for a job added in-process (not at the next poll)', async () => {
        const q = await open();
        let startedAt = 0;
        q.process('q', async () => void (startedAt = Date.now()), { pollMs: 10_000 });
        await sleep(100); // the worker has polled, found nothing and gone idle
        const addedAt = Date.now();
        await q.add('q', 'n', null);
        await waitFor('picked up', () => startedAt > 0, 3000);
        expect(startedAt - addedAt).toBeLessThan(1000);
      });

      it('finds jobs added by another instance by polling', async () => {
        const worker = await open();
        const producer = await open();
        let startedAt = 0;
        worker.process('q', async () => void (startedAt = Date.now()), { pollMs: 50 });
        await sleep(100);
        const addedAt = Date.now();
        await producer.add('q', 'n', null);
        await waitFor('picked up', () => startedAt > 0, 3000);
        expect(startedAt - addedAt).toBeLessThan(1000);
      });
    });
  });
}
