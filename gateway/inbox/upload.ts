// A handed-over file's bytes (an HTTP request body, an inbox queue job's content) as a claimed file in a mailbox's
// in/.processing/: streamed to a partial file in .processing/.upload/, fsynced, then renamed to `<claimId>__<name>`. Only
// complete bytes ever carry a claim name, so the folder source's start-up recovery (which redelivers every file in
// .processing/) never imports a truncated one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ClaimedFile } from '../core/plugin.ts';
import { processingName, type FolderLayout } from '../../plugins/source-folder/index.ts';

/**
 * Partial uploads: a sub-folder, which recovery and the dashboard's folder counts skip (they list files only). Each source
 * has its own (the queue inbox: `.inbox-queue`), so a process sweeping its leftovers at start never cuts another's short.
 */
export const UPLOAD_DIR = '.upload';

export type BodyRead = { ok: true; size: number; sha256: string } | { ok: false; size: number };

/** Reads the body through `sink`, stopping as soon as it passes `maxBytes` (nothing more is read). */
export async function readBody(body: ReadableStream<Uint8Array> | null, maxBytes: number, sink?: (chunk: Uint8Array) => Promise<unknown>): Promise<BodyRead> {
  const hash = createHash('sha256');
  let size = 0;
  if (!body) return { ok: true, size, sha256: hash.digest('hex') };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, size };
      }
      hash.update(value);
      if (sink) await sink(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { ok: true, size, sha256: hash.digest('hex') };
}

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // NTFS: no directory fsync from Node; its journal orders the rename
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export interface UploadTarget {
  layout: FolderLayout;
  mailbox: string;
  name: string;
  claimId: string;
  maxBytes: number;
  actor: string;
  /** Sub-folder of .processing/ for the partial file (default UPLOAD_DIR). */
  partials?: string;
}

/** The claimed file, or `too-large` with nothing left on disk. */
export async function writeUpload(body: ReadableStream<Uint8Array> | null, t: UploadTarget): Promise<{ file: ClaimedFile; sha256: string } | { tooLarge: number }> {
  const dir = path.join(t.layout.processing, t.partials ?? UPLOAD_DIR);
  await mkdir(dir, { recursive: true });
  // A random part of its own: two requests with the same key never share a partial file.
  const partial = path.join(dir, `${t.claimId}.${randomBytes(6).toString('hex')}.part`);
  const fh = await open(partial, 'wx');
  let read: BodyRead;
  try {
    read = await readBody(body, t.maxBytes, (chunk) => fh.write(chunk));
    if (read.ok) await fh.sync();
  } catch (e) {
    // The client went away mid-body, or the disk failed: nothing was taken.
    await fh.close().catch(() => undefined);
    await unlink(partial).catch(() => undefined);
    throw e;
  }
  await fh.close();
  if (!read.ok) {
    await unlink(partial).catch(() => undefined);
    return { tooLarge: read.size };
  }
  const claimed = path.join(t.layout.processing, processingName(t.claimId, t.name));
  try {
    await rename(partial, claimed);
    // The claim's name must survive a power cut like the folder source's claim rename does.
    await fsyncDir(t.layout.processing);
  } catch (e) {
    await unlink(partial).catch(() => undefined);
    throw e;
  }
  const file: ClaimedFile = { mailbox: t.mailbox, name: t.name, claimId: t.claimId, path: claimed, size: read.size, mtimeMs: Date.now(), actor: t.actor };
  return { file, sha256: read.sha256 };
}

/** Partial uploads cut short by a crash: run at start, before the source takes files (none of them is anyone's then). */
export async function sweepUploads(layout: FolderLayout, partials = UPLOAD_DIR): Promise<number> {
  const dir = path.join(layout.processing, partials);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) await rm(path.join(dir, n), { force: true });
  return names.length;
}
