// moveWithRetry: transient Windows rename errors are retried with back-off, bounded, never losing the source.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { rename, writeFile, readFile, access } from 'node:fs/promises';
import { moveWithRetry, type RenameFn } from '../../plugins/source-folder/move.ts';
import { cleanup, tempRoot } from './helpers.ts';

afterEach(cleanup);

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

function failing(codes: string[]): { fn: RenameFn; calls: number } {
  const state = { calls: 0, fn: (async (a: string, b: string) => {
    const code = codes[state.calls++];
    if (code) throw errno(code);
    await rename(a, b);
  }) as RenameFn };
  return state;
}

describe('moveWithRetry', () => {
  it('retries EBUSY/EPERM/EACCES and then succeeds', async () => {
    const dir = await tempRoot();
    const from = path.join(dir, 'a.txt');
    const to = path.join(dir, 'b.txt');
    await writeFile(from, 'hello');
    const r = failing(['EBUSY', 'EPERM', 'EACCES']);
    const retries: number[] = [];
    await moveWithRetry(from, to, { rename: r.fn, retries: 5, retryMs: 5, onRetry: (_e, _a, d) => retries.push(d) });
    expect(r.calls).toBe(4);
    expect(retries).toEqual([5, 10, 20]);
    expect(await readFile(to, 'utf8')).toBe('hello');
  });

  it('gives up after the bound and leaves the source where it was', async () => {
    const dir = await tempRoot();
    const from = path.join(dir, 'a.txt');
    await writeFile(from, 'keep me');
    const r = failing(Array(100).fill('EBUSY'));
    await expect(moveWithRetry(from, path.join(dir, 'b.txt'), { rename: r.fn, retries: 4, retryMs: 1 })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(r.calls).toBe(4);
    expect(await readFile(from, 'utf8')).toBe('keep me');
    await expect(access(path.join(dir, 'b.txt'))).rejects.toThrow();
  });

  it('does not retry other errors such as ENOENT', async () => {
    const dir = await tempRoot();
    const r = failing([]);
    await expect(moveWithRetry(path.join(dir, 'missing'), path.join(dir, 'x'), { rename: r.fn, retries: 5, retryMs: 1 })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(r.calls).toBe(1);
  });

  it('stops retrying when aborted', async () => {
    const dir = await tempRoot();
    const from = path.join(dir, 'a.txt');
    await writeFile(from, 'x');
    const r = failing(Array(100).fill('EPERM'));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    await expect(moveWithRetry(from, path.join(dir, 'b.txt'), { rename: r.fn, retries: 100, retryMs: 1000, signal: ac.signal })).rejects.toMatchObject({ code: 'EPERM' });
    expect(Date.now() - t0).toBeLessThan(900);
    expect(await readFile(from, 'utf8')).toBe('x');
  });

  it('caps the back-off at maxDelayMs', async () => {
    const dir = await tempRoot();
    const from = path.join(dir, 'a.txt');
    await writeFile(from, 'x');
    const delays: number[] = [];
    const r = failing(Array(100).fill('EBUSY'));
    await expect(moveWithRetry(from, path.join(dir, 'b.txt'), { rename: r.fn, retries: 6, retryMs: 2, maxDelayMs: 10, onRetry: (_e, _a, d) => delays.push(d) })).rejects.toThrow();
    expect(delays).toEqual([2, 4, 8, 10, 10]);
  });
});
