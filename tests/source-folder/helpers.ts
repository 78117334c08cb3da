// Test helpers for the folder source: temp mailboxes, a controllable fake host, polling waits.
import { mkdtemp, rm, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClaimedFile, Disposition, RunningSource } from '../../gateway/core/plugin.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { startFolderSource, type FolderSourceDeps } from '../../plugins/source-folder/source.ts';
import type { FolderSourceConfig } from '../../plugins/source-folder/config.ts';

export interface Delivery {
  file: ClaimedFile;
  /** The bytes as the host would have read them at delivery time. */
  content: Buffer;
  at: number;
}

export type Decide = (file: ClaimedFile, attempt: number) => Disposition | Promise<Disposition>;

const cleanups: (() => Promise<void>)[] = [];

export async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bankgate-src-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function startSource(config: Partial<FolderSourceConfig> & { root: string }, decide: Decide = () => ({ to: 'archive' }), deps: FolderSourceDeps = {}) {
  const deliveries: Delivery[] = [];
  /** Files in the order deliver() was called (deliveries run several at once; `deliveries` is in finishing order). */
  const calls: ClaimedFile[] = [];
  const attempts = new Map<string, number>();
  const src: RunningSource = startFolderSource(
    { mailbox: 'test', ...config },
    {
      logger: silentLogger,
      async deliver(file) {
        const n = (attempts.get(file.claimId) ?? 0) + 1;
        attempts.set(file.claimId, n);
        calls.push(file);
        deliveries.push({ file, content: await readFile(file.path), at: Date.now() });
        return decide(file, n);
      },
    },
    deps,
  );
  cleanups.unshift(() => src.stop());
  return { src, deliveries, calls };
}

/** Stops sources first (unshifted), then removes temp dirs. */
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0)) await c().catch(() => {});
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function ls(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

/** Recursively lists files under archive/ as relative paths. */
export async function lsArchive(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const day of await ls(path.join(root, 'archive'))) {
    for (const f of await ls(path.join(root, 'archive', day))) out.push(`${day}/${f}`);
  }
  return out.sort();
}
