// Failure paths: host rejections are retried then given up to error/, locked files are retried, stop() is clean.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { rename, readFile, rm, writeFile } from 'node:fs/promises';
import type { RenameFn } from '../../plugins/source-folder/move.ts';
import { cleanup, ls, lsArchive, sleep, startSource, tempRoot, waitFor } from './helpers.ts';

afterEach(cleanup);

describe('source-folder failures', () => {
  it('a rejected delivery stays in .processing/ and is redelivered with the same claimId', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root, deliveryRetryMs: 50 }, (_f, attempt) => {
      if (attempt < 3) throw new Error('database is busy');
      return { to: 'archive' };
    });
    await src.ready;
    await writeFile(path.join(root, 'in', 'p.txt'), 'p');
    await waitFor(() => deliveries.length === 1);
    expect(await ls(path.join(root, 'in', '.processing'))).toEqual([`${deliveries[0]!.file.claimId}__p.txt`]);
    await waitFor(async () => (await lsArchive(root)).length === 1);
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.file.claimId)).size).toBe(1);
  });

  it('after maxDeliveryAttempts the file goes to error/ with an .err saying why', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root, deliveryRetryMs: 20, maxDeliveryAttempts: 3 }, () => {
      throw new Error('database is busy');
    });
    await src.ready;
    await writeFile(path.join(root, 'in', 'p.txt'), 'payload');
    const err = path.join(root, 'error');
    await waitFor(async () => (await ls(err)).length === 3);
    expect(deliveries).toHaveLength(3);
    expect(await ls(err)).toEqual(['p.txt', 'p.txt.err', 'p.txt.err.json']);
    expect(await readFile(path.join(err, 'p.txt'), 'utf8')).toBe('payload');
    const json = JSON.parse(await readFile(path.join(err, 'p.txt.err.json'), 'utf8'));
    expect(json.problems[0].code).toBe('SRC_DELIVERY_FAILED');
    expect(json.problems[0].message).toContain('database is busy');
    expect(json.problems[0].message).toContain('3 attempts');
  });

  it('a failing file does not hold up the files behind it', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root, deliveryRetryMs: 2000 }, (f, attempt) => {
      if (f.name === 'a.txt' && attempt === 1) throw new Error('busy');
      return { to: 'archive' };
    });
    await src.ready;
    await writeFile(path.join(root, 'in', 'a.txt'), 'a');
    await waitFor(() => deliveries.length === 1);
    await writeFile(path.join(root, 'in', 'b.txt'), 'b');
    await waitFor(async () => (await lsArchive(root)).length === 2);
    expect(deliveries.map((d) => d.file.name)).toEqual(['a.txt', 'b.txt', 'a.txt']);
  });

  it('a locked file (EBUSY on claim) is left in in/ and taken on a later scan', async () => {
    const root = await tempRoot();
    let busyClaims = 0;
    const lockedRename: RenameFn = async (from, to) => {
      // The first 6 claim attempts hit a sharing violation: more than one claim's retry budget (4).
      if (path.basename(from) === 'locked.txt' && busyClaims < 6) {
        busyClaims++;
        throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
      }
      await rename(from, to);
    };
    const { src, deliveries } = startSource({ root, renameRetries: 4, renameRetryMs: 5, rescanIntervalMs: 200 }, () => ({ to: 'archive' }), { rename: lockedRename });
    await src.ready;
    await writeFile(path.join(root, 'in', 'locked.txt'), 'locked');
    await waitFor(() => busyClaims >= 4);
    // First claim gave up: the file must still be where the producer put it.
    await waitFor(async () => busyClaims === 4 && (await ls(path.join(root, 'in'))).includes('locked.txt'), 5000, 'file left in in/');
    await waitFor(() => deliveries.length === 1, 10_000);
    expect(busyClaims).toBe(6);
    expect(deliveries[0]!.content.toString()).toBe('locked');
    await waitFor(async () => (await lsArchive(root)).length === 1);
  });

  it('stop() waits for the delivery in flight and its move, and leaves unclaimed files in in/', async () => {
    const root = await tempRoot();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { src, deliveries } = startSource({ root, doneMarker: true }, async () => {
      await gate;
      return { to: 'archive' };
    });
    await src.ready;
    await writeFile(path.join(root, 'in', 'busy.txt'), 'busy');
    await writeFile(path.join(root, 'in', 'busy.txt.done'), '');
    await waitFor(() => deliveries.length === 1);
    await writeFile(path.join(root, 'in', 'waiting.txt'), 'no marker yet');
    let stopped = false;
    const stopping = src.stop().then(() => (stopped = true));
    await sleep(200);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await lsArchive(root)).toHaveLength(1);
    expect(await ls(path.join(root, 'in'))).toEqual(['.processing', 'waiting.txt']);
    expect(await ls(path.join(root, 'in', '.processing'))).toEqual([]);
  });

  it('recreates a deleted .processing/ instead of silently skipping files', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root });
    await src.ready;
    await rm(path.join(root, 'in', '.processing'), { recursive: true });
    await writeFile(path.join(root, 'in', 'p.txt'), 'p');
    await waitFor(() => deliveries.length === 1);
    await waitFor(async () => (await lsArchive(root)).length === 1);
  });
});
