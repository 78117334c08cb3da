// Content-addressed blob store on disk: file bytes kept once under their SHA-256, written crash-safely.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open as openFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewayError } from '../core/errors.ts';
import { fd } from './fd.ts';

/** Big reads: a 40 MB payment file is ~40 read/hash/write rounds instead of ~600 with the 64 KiB default. */
const CHUNK = 1024 * 1024;
const SMALL_CHUNK = 64 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const TMP = '.tmp';

export interface BlobPut {
  sha256: string;
  size: number;
  /** True when identical bytes were already stored (the new copy was discarded). */
  existed: boolean;
}

export interface BlobStore {
  readonly dir: string;
  /**
   * Reads srcPath once, hashing while it writes; the blob is on disk (fsynced) when this resolves.
   * With `headBytes`, the first bytes come back too, so format detection needs no second read.
   */
  putFile(srcPath: string, opts?: { headBytes?: number }): Promise<BlobPut & { head: Uint8Array }>;
  /** Same as putFile for bytes that arrive as a stream (HTTP inbox) or are already in memory. */
  putStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<BlobPut>;
  /** Synchronous so callers can use it in a plain condition; false for anything that is not a SHA-256 hex. */
  has(sha256: string): boolean;
  /** `<dir>/<sha[0..2]>/<sha>`; throws on a name that is not a lowercase SHA-256 hex. */
  path(sha256: string): string;
  /** Streams the blob; a missing blob fails with STO_BLOB_MISSING on first read. */
  open(sha256: string): AsyncIterable<Uint8Array>;
  /** Up to n first bytes (fewer if the blob is shorter). */
  readHead(sha256: string, n: number): Promise<Uint8Array>;
  /** Re-hashes the stored bytes: true when they still match their name; false when changed or missing. */
  verify(sha256: string): Promise<boolean>;
  /** Closes the cached folder descriptors (the store stays usable: they reopen on demand). */
  close(): Promise<void>;
  /** Removes temp files left by a crash mid-put (all of them by default: call at start-up, before any put); returns how many. */
  sweepTemp(olderThanMs?: number): Promise<number>;
}

export function createBlobStore(dir: string): BlobStore {
  const tmpDir = join(dir, TMP);
  mkdirSync(tmpDir, { recursive: true });
  const knownLeaves = new Set<string>();

  function path(sha256: string): string {
    // The name becomes a path: anything but 64 lowercase hex digits could walk out of the store.
    if (!SHA256_HEX.test(sha256)) throw new GatewayError('BUG_UNEXPECTED', `not a SHA-256 hex digest: '${sha256}'`);
    // One level of 256 folders: after the first few hundred files a put never creates a folder (no extra fsyncs),
    // and ext4/NTFS index large folders, so even millions of blobs stay fast to look up.
    return join(dir, sha256.slice(0, 2), sha256);
  }

  /** Writes a stream to a temp file through a libuv thread, hashing meanwhile; fsynced before it returns. */
  async function putStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<BlobPut> {
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const out = await fd.open(tmp, 'wx', 0o640);
      try {
        for await (const chunk of source) {
          // The write runs on a libuv thread while this thread hashes the same (unchanging) bytes.
          const written = fd.writeAll(out, chunk);
          hash.update(chunk);
          size += chunk.byteLength;
          await written;
        }
        // The bytes must be on disk before the rename makes them visible under their final name.
        await fd.fsync(out);
      } finally {
        await fd.close(out);
      }
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return finalize(tmp, hash.digest('hex'), size);
  }

  /**
   * Bytes already in memory (a typical 1C file): the blob store is on a local disk (never a share), so the
   * temp file is opened, written and closed with synchronous calls that take microseconds; only the fsync
   * goes to a libuv thread. Each async call costs a thread hand-off, and intake of small files was bound
   * by those hand-offs, not by the disk.
   */
  async function putBytes(bytes: Uint8Array): Promise<BlobPut> {
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      const out = openSync(tmp, 'wx', 0o640);
      try {
        for (let off = 0; off < bytes.byteLength; ) off += writeSync(out, bytes, off, bytes.byteLength - off);
        await fd.fsync(out);
      } finally {
        closeSync(out);
      }
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    return finalize(tmp, sha256, bytes.byteLength);
  }

  /** Moves a complete, fsynced temp file to its content address and makes the rename durable. */
  async function finalize(tmp: string, sha256: string, size: number): Promise<BlobPut> {
    try {
      const final = path(sha256);
      const leaf = join(dir, sha256.slice(0, 2));
      // 256 leaf folders: once one is known to exist, no mkdir call per put.
      let created = false;
      if (!knownLeaves.has(leaf)) created = mkdirSync(leaf, { recursive: true }) !== undefined;
      knownLeaves.add(leaf);
      // throwIfNoEntry: a missing blob is the common case, and building an ENOENT error costs more than the stat.
      const prior = statSync(final, { throwIfNoEntry: false });
      if (prior && prior.size === size) {
        unlinkSync(tmp);
        return { sha256, size, existed: true };
      }
      // Absent, or a same-named blob of the wrong size (damaged earlier): the new copy replaces it.
      // Two concurrent puts of the same bytes both rename; either result is the same content.
      try {
        renameSync(tmp, final);
      } catch (e) {
        // The leaf folder was removed behind our back: forget it (and its descriptor), recreate it, retry once.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !knownLeaves.delete(leaf)) throw e;
        await forgetDir(leaf);
        mkdirSync(leaf, { recursive: true });
        renameSync(tmp, final);
      }
      await fsyncDir(leaf);
      if (created) await fsyncDir(dir);
      return { sha256, size, existed: false };
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  async function putFile(srcPath: string, opts: { headBytes?: number } = {}): Promise<BlobPut & { head: Uint8Array }> {
    const wanted = Math.max(0, opts.headBytes ?? 0);
    // The source may sit on a network share: it is always read through libuv, never synchronously.
    const src = await fd.open(srcPath, 'r');
    try {
      // 64 KiB first (a typical 1C file fits in one read, with no fstat and no megabyte to collect).
      const first = Buffer.allocUnsafe(SMALL_CHUNK);
      const n1 = await fd.read(src, first, 0, SMALL_CHUNK, null);
      if (n1 < SMALL_CHUNK) {
        const probe = Buffer.allocUnsafe(SMALL_CHUNK);
        const n2 = await fd.read(src, probe, 0, SMALL_CHUNK, null);
        if (n2 === 0) {
          const bytes = first.subarray(0, n1);
          const put = await putBytes(bytes);
          return { ...put, head: Buffer.from(bytes.subarray(0, wanted)) };
        }
        // A short read that was not the end (network shares do that): carry on streaming.
        return await streamRest(src, [first.subarray(0, n1), probe.subarray(0, n2)], wanted);
      }
      return await streamRest(src, [first.subarray(0, n1)], wanted);
    } finally {
      await fd.close(src);
    }
  }

  /**
   * Larger files: the chunks already read, then 1 MiB chunks with two buffers — the next chunk is read
   * while the current one is hashed and written, and a buffer is reused only after its chunk was written.
   */
  async function streamRest(src: number, already: Buffer[], wanted: number): Promise<BlobPut & { head: Uint8Array }> {
    const headParts: Buffer[] = [];
    let headLen = 0;
    const keepHead = (chunk: Uint8Array) => {
      if (headLen >= wanted) return;
      const part = Buffer.from(chunk.subarray(0, wanted - headLen));
      headParts.push(part);
      headLen += part.length;
    };
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (const c of already) {
        keepHead(c);
        yield c;
      }
      let which = 0;
      let next = fd.read(src, bufs[0], 0, CHUNK, null);
      for (;;) {
        const bytesRead = await next;
        if (bytesRead === 0) return;
        const chunk = bufs[which]!.subarray(0, bytesRead);
        which ^= 1;
        next = fd.read(src, bufs[which]!, 0, CHUNK, null);
        keepHead(chunk);
        yield chunk;
      }
    }
    const put = await putStream(chunks());
    return { ...put, head: Buffer.concat(headParts, headLen) };
  }

  /** Leaf folders' descriptors stay open (at most 257) so a put's directory fsync is one call, not three. */
  const dirFds = new Map<string, Promise<number>>();
  async function fsyncDir(dirPath: string): Promise<void> {
    if (process.platform === 'win32') return; // NTFS: directory handles cannot be fsynced from Node; its journal orders the rename
    let d = dirFds.get(dirPath);
    if (!d) {
      d = fd.open(dirPath, 'r');
      dirFds.set(dirPath, d);
      d.catch(() => dirFds.delete(dirPath));
    }
    await fd.fsync(await d);
  }
  async function forgetDir(dirPath: string): Promise<void> {
    const d = dirFds.get(dirPath);
    dirFds.delete(dirPath);
    if (d) await d.then(fd.close, () => undefined).catch(() => undefined);
  }
  async function close(): Promise<void> {
    await Promise.all([...dirFds.keys()].map(forgetDir));
  }

  async function* open(sha256: string): AsyncGenerator<Uint8Array> {
    const stream = createReadStream(path(sha256), { highWaterMark: CHUNK });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (e) {
      throw missingOr(e, sha256);
    } finally {
      stream.destroy();
    }
  }

  async function readHead(sha256: string, n: number): Promise<Uint8Array> {
    const fh = await openFile(path(sha256), 'r').catch((e: unknown) => {
      throw missingOr(e, sha256);
    });
    try {
      const buf = Buffer.alloc(Math.max(0, n));
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  }

  async function verify(sha256: string): Promise<boolean> {
    const hash = createHash('sha256');
    try {
      for await (const chunk of open(sha256)) hash.update(chunk);
    } catch (e) {
      if (e instanceof GatewayError && e.code === 'STO_BLOB_MISSING') return false;
      throw e;
    }
    return hash.digest('hex') === sha256;
  }

  async function sweepTemp(olderThanMs = 0): Promise<number> {
    let removed = 0;
    const cutoff = Date.now() - olderThanMs;
    for (const name of await readdir(tmpDir)) {
      const p = join(tmpDir, name);
      // 0 means every temp file (start-up, before any put): file mtimes may run a little ahead of Date.now().
      if (olderThanMs > 0) {
        const s = await stat(p).catch(() => null);
        if (!s || s.mtimeMs > cutoff) continue;
      }
      if (await unlink(p).then(() => true, () => false)) removed++;
    }
    return removed;
  }

  return {
    dir,
    putFile,
    putStream,
    close,
    has: (sha256) => SHA256_HEX.test(sha256) && existsSync(path(sha256)),
    path,
    open,
    readHead,
    verify,
    sweepTemp,
  };
}

function missingOr(e: unknown, sha256: string): unknown {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? new GatewayError('STO_BLOB_MISSING', `blob ${sha256} is missing`, { sha256 }, { cause: e }) : e;
}

/**
 * A rename is durable only once its directory entry is on disk, so the directory is fsynced too.
 * Windows cannot open a directory for fsync (NTFS journals the metadata itself): skipped there.
 */
