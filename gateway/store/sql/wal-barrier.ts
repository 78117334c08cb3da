// The WAL barrier of the SQLite store: fdatasync of the -wal file on a libuv thread, one sync serving every commit made
// before it started (reliability-security.md 4: "NORMAL plus an explicit durability barrier before we acknowledge").
import { fdatasync } from 'node:fs';
import * as fsp from 'node:fs/promises';

export interface WalBarrier {
  /** Resolves once everything committed so far is on disk. */
  barrier(): Promise<void>;
  close(): Promise<void>;
}

/*
 * Syncing the WAL makes every commit already written to it durable (SQLite forum, "Switching pragma synchronous to
 * upgrade durability"). fsync flushes the file, whichever descriptor asks; the descriptor is ours, not SQLite's, so
 * closing it never touches SQLite's locks. A checkpoint in between is harmless: in WAL mode it syncs the WAL and the
 * database itself. Commits made while a sync runs wait for the next one.
 */
export function walBarrier(dbPath: string): WalBarrier {
  let handle: Promise<fsp.FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let waiting: Promise<void> | undefined;
  const opened: fsp.FileHandle[] = [];

  function syncWal(): Promise<void> {
    handle ??= fsp.open(`${dbPath}-wal`, 'r+').then((h) => (opened.push(h), h));
    const p: Promise<void> = handle
      .then((h) => new Promise<void>((resolve, reject) => fdatasync(h.fd, (e) => (e ? reject(e) : resolve()))))
      .catch((e: unknown) => {
        handle = undefined; // reopen next time (e.g. the WAL was recreated)
        throw e;
      })
      .finally(() => {
        if (running === p) running = undefined;
      });
    running = p;
    return p;
  }

  return {
    barrier() {
      if (!running) return syncWal();
      // The sync in flight may have started before the caller's commit: queue exactly one more after it.
      waiting ??= running
        .catch(() => undefined)
        .then(() => {
          waiting = undefined;
          return syncWal();
        });
      return waiting;
    },
    async close() {
      for (const h of opened.splice(0)) await h.close().catch(() => undefined);
    },
  };
}
