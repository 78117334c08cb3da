// Watches the top level of in/ with chokidar and reports names; readdir-based scans cover what events miss.
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { PROCESSING_DIR } from './layout.ts';

export interface InboxEvents {
  /** A file appeared or changed (a name, not a path: only the top level of in/ is watched). */
  seen(name: string): void;
  gone(name: string): void;
  error(err: unknown): void;
}

export interface InboxWatcher {
  /** Resolves once chokidar is watching: anything created after this produces an event. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  usePolling: boolean;
  pollingIntervalMs: number;
  /** Names chokidar need not watch at all (saves a poller per file in polling mode). */
  skip(name: string): boolean;
}

export function watchInbox(inDir: string, opts: WatchOptions, on: InboxEvents): InboxWatcher {
  const dir = path.resolve(inDir);
  const w: FSWatcher = watch(dir, {
    // The explicit scan after `ready` covers existing files, so every name has one code path.
    ignoreInitial: true,
    depth: 0,
    persistent: true,
    followSymlinks: false,
    usePolling: opts.usePolling,
    interval: opts.pollingIntervalMs,
    binaryInterval: opts.pollingIntervalMs,
    // Stability is ours (stat-based, fast); chokidar's awaitWriteFinish defaults to 2 s.
    awaitWriteFinish: false,
    ignored: (p: string, stats?: Stats) => {
      if (p === dir) return false;
      // Sub-folders (including .processing/) are not ours to take.
      if (path.dirname(p) !== dir || stats?.isDirectory() || path.basename(p) === PROCESSING_DIR) return true;
      return opts.skip(path.basename(p));
    },
  });
  const top = (p: string) => path.dirname(path.resolve(p)) === dir;
  w.on('add', (p) => top(p) && on.seen(path.basename(p)));
  w.on('change', (p) => top(p) && on.seen(path.basename(p)));
  w.on('unlink', (p) => top(p) && on.gone(path.basename(p)));
  w.on('error', (e) => on.error(e));
  const ready = new Promise<void>((resolve) => w.once('ready', () => resolve()));
  return { ready, close: () => w.close() };
}

/** Names of the regular files directly in `dir`. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((d) => d.isFile()).map((d) => d.name);
}
