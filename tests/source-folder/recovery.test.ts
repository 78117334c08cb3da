// Start-up: files in .processing/ (left by a crash) go first with their claimId; files already in in/ are taken.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { newId } from '../../gateway/core/id.ts';
import { cleanup, ls, lsArchive, startSource, tempRoot, waitFor } from './helpers.ts';

afterEach(cleanup);

describe('source-folder start-up', () => {
  it('delivers files that were dropped while the gateway was down', async () => {
    const root = await tempRoot();
    await mkdir(path.join(root, 'in'), { recursive: true });
    for (const n of ['a.txt', 'b.txt', 'c.txt']) await writeFile(path.join(root, 'in', n), n);
    const { src, deliveries } = startSource({ root });
    await src.ready;
    await waitFor(() => deliveries.length === 3);
    expect(deliveries.map((d) => d.file.name).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    await waitFor(async () => (await lsArchive(root)).length === 3);
  });

  it('redelivers .processing/ files first, with their original claimId; foreign ones get a new claim', async () => {
    const root = await tempRoot();
    const proc = path.join(root, 'in', '.processing');
    await mkdir(proc, { recursive: true });
    const older = newId(Date.now() - 60_000);
    const old = newId(Date.now() - 30_000);
    await writeFile(path.join(proc, `${old}__second.txt`), 'second');
    await writeFile(path.join(proc, `${older}__first.txt`), 'first');
    await writeFile(path.join(proc, 'foreign.txt'), 'foreign');
    await writeFile(path.join(root, 'in', 'new.txt'), 'new');

    const { src, deliveries, calls } = startSource({ root });
    await src.ready;
    // `ready` means the recovered claims have been delivered; they were started first, in claim order.
    expect(calls.slice(0, 3).map((f) => f.name)).toEqual(['first.txt', 'second.txt', 'foreign.txt']);
    expect(calls[0]!.claimId).toBe(older);
    expect(calls[1]!.claimId).toBe(old);
    const foreign = calls[2]!;
    expect(foreign.claimId).toMatch(/^[0-9A-Z]{26}$/);
    expect(path.basename(foreign.path)).toBe(`${foreign.claimId}__foreign.txt`);
    await waitFor(() => deliveries.length === 4);
    expect(calls[3]!.name).toBe('new.txt');
    await waitFor(async () => (await lsArchive(root)).length === 4);
    expect(await ls(proc)).toEqual([]);
  });

  it('a recovered claim answered with error goes to error/ like any other', async () => {
    const root = await tempRoot();
    const proc = path.join(root, 'in', '.processing');
    await mkdir(proc, { recursive: true });
    const id = newId();
    await writeFile(path.join(proc, `${id}__dup.txt`), 'dup');
    const { src } = startSource({ root }, () => ({ to: 'error', issues: [{ code: 'SRC_DUPLICATE_FILE', severity: 'error', message: 'seen before' }] }));
    await src.ready;
    expect(await ls(path.join(root, 'error'))).toEqual(['dup.txt', 'dup.txt.err', 'dup.txt.err.json']);
  });
});
