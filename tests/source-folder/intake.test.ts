// Taking files: complete-only (stability), ignored names, trigger files, polling, latency, and a burst of 500.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdir, open, writeFile, access, symlink } from 'node:fs/promises';
import { cleanup, ls, lsArchive, sleep, startSource, tempRoot, waitFor } from './helpers.ts';

afterEach(cleanup);

describe('source-folder intake', () => {
  it('creates the folder layout', async () => {
    const root = await tempRoot();
    const { src } = startSource({ root });
    await src.ready;
    for (const d of ['in', 'in/.processing', 'archive', 'error', 'out']) await access(path.join(root, d));
  });

  it('delivers a slowly written file once, complete, only after it stopped growing', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root });
    await src.ready;
    const fh = await open(path.join(root, 'in', 'slow.txt'), 'w');
    const chunks = 7;
    for (let i = 0; i < chunks; i++) {
      await fh.write(`line ${i} ${'x'.repeat(100)}\n`);
      await sleep(100);
    }
    await fh.close();
    const closedAt = Date.now();
    await waitFor(() => deliveries.length === 1, 10_000, 'delivery');
    await sleep(400);
    expect(deliveries).toHaveLength(1);
    const d = deliveries[0]!;
    expect(d.file.name).toBe('slow.txt');
    expect(d.content.toString().split('\n').filter(Boolean)).toHaveLength(chunks);
    expect(d.file.size).toBe(d.content.length);
    // Writes were 100 ms apart (< stableMs 150): nothing may be taken before the writer finished.
    expect(d.at).toBeGreaterThanOrEqual(closedAt - 110);
    await waitFor(async () => (await lsArchive(root)).length === 1, 5000, 'archive');
  });

  it('hands a closed file to the host quickly (target 300 ms)', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root });
    await src.ready;
    const t0 = Date.now();
    await writeFile(path.join(root, 'in', 'fast.txt'), 'payment');
    await waitFor(() => deliveries.length === 1, 5000);
    // Generous bound for loaded CI machines; on an idle box it is ~160-200 ms.
    expect(deliveries[0]!.at - t0).toBeLessThan(1500);
  });

  it('never touches ignored names, sub-folders or symlinks', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root });
    await src.ready;
    const inDir = path.join(root, 'in');
    const ignored = ['a.tmp', '~lock.txt', '.hidden', 'b.part', 'c.filepart', 'd.done', 'E.TMP'];
    for (const n of ignored) await writeFile(path.join(inDir, n), n);
    await mkdir(path.join(inDir, 'sub'));
    await writeFile(path.join(root, 'outside.txt'), 'secret');
    await symlink(path.join(root, 'outside.txt'), path.join(inDir, 'link.txt'));
    await writeFile(path.join(inDir, 'sub', 'nested.txt'), 'nested');
    await writeFile(path.join(inDir, 'ok.txt'), 'ok');
    await waitFor(() => deliveries.length === 1);
    await sleep(600);
    expect(deliveries.map((d) => d.file.name)).toEqual(['ok.txt']);
    expect(await ls(inDir)).toEqual([...ignored, '.processing', 'link.txt', 'sub'].sort());
    expect(await ls(path.join(inDir, 'sub'))).toEqual(['nested.txt']);
  });

  it('doneMarker: takes x.txt only once x.txt.done exists, then deletes the marker', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root, doneMarker: true });
    await src.ready;
    const inDir = path.join(root, 'in');
    await writeFile(path.join(inDir, 'x.txt'), 'payload');
    await sleep(700);
    expect(deliveries).toHaveLength(0);
    await writeFile(path.join(inDir, 'x.txt.done'), '');
    await waitFor(() => deliveries.length === 1);
    expect(deliveries[0]!.file.name).toBe('x.txt');
    expect(deliveries[0]!.content.toString()).toBe('payload');
    await waitFor(async () => (await ls(inDir)).join() === '.processing', 5000, 'marker removal');
    await waitFor(async () => (await lsArchive(root)).length === 1);
    expect((await lsArchive(root))[0]).toMatch(/\/x\.txt$/);
  });

  it('doneMarker: files and markers present at start are taken; files without a marker wait', async () => {
    const root = await tempRoot();
    const inDir = path.join(root, 'in');
    await mkdir(inDir, { recursive: true });
    await writeFile(path.join(inDir, 'a.txt'), 'a');
    await writeFile(path.join(inDir, 'a.txt.done'), '');
    await writeFile(path.join(inDir, 'b.txt'), 'b');
    const { src, deliveries } = startSource({ root, doneMarker: true });
    await src.ready;
    await waitFor(() => deliveries.length === 1);
    await sleep(500);
    expect(deliveries.map((d) => d.file.name)).toEqual(['a.txt']);
    expect(await ls(inDir)).toEqual(['.processing', 'b.txt']);
  });

  it('usePolling mode works', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root, usePolling: true, pollingIntervalMs: 50 });
    await src.ready;
    await writeFile(path.join(root, 'in', 'polled.txt'), 'over SMB');
    await waitFor(() => deliveries.length === 1);
    expect(deliveries[0]!.content.toString()).toBe('over SMB');
    await waitFor(async () => (await lsArchive(root)).length === 1);
  });

  it('500 files dropped at once are each delivered exactly once', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root });
    await src.ready;
    const n = 500;
    const names = Array.from({ length: n }, (_, i) => `pay-${String(i).padStart(4, '0')}.txt`);
    await Promise.all(names.map((name) => writeFile(path.join(root, 'in', name), `content of ${name}`)));
    await waitFor(() => deliveries.length >= n, 60_000, '500 deliveries');
    await waitFor(async () => (await lsArchive(root)).length === n, 30_000, '500 archived');
    await sleep(300);
    expect(deliveries).toHaveLength(n);
    expect(new Set(deliveries.map((d) => d.file.name)).size).toBe(n);
    expect(new Set(deliveries.map((d) => d.file.claimId)).size).toBe(n);
    for (const d of deliveries) expect(d.content.toString()).toBe(`content of ${d.file.name}`);
    expect(await ls(path.join(root, 'in'))).toEqual(['.processing']);
    expect(await ls(path.join(root, 'in', '.processing'))).toEqual([]);
  }, 120_000);
});

describe('source-folder delivery concurrency', () => {
  it('has at most deliveryConcurrency files in the host at once, and uses that many', async () => {
    const root = await tempRoot();
    let inHost = 0;
    let most = 0;
    const { src, deliveries } = startSource({ root, deliveryConcurrency: 3, stableMs: 0 }, async () => {
      inHost++;
      most = Math.max(most, inHost);
      await new Promise((r) => setTimeout(r, 60));
      inHost--;
      return { to: 'archive' };
    });
    await src.ready;
    for (let i = 0; i < 12; i++) await writeFile(path.join(root, 'in', `f${i}.txt`), `file ${i}`);
    await waitFor(() => deliveries.length === 12, 15_000);
    expect(most).toBe(3);
    await waitFor(async () => (await lsArchive(root)).length === 12);
  });
});
