// Blob store: put hashes while writing, dedupes identical bytes, verifies, streams, and never leaves temp files.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import { createBlobStore } from '../../gateway/store/blob-store.ts';
import { tempDir } from './helpers.ts';

const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function setup() {
  const root = tempDir();
  const blobs = createBlobStore(join(root, 'blobs'));
  const src = (name: string, bytes: Uint8Array) => {
    const p = join(root, name);
    writeFileSync(p, bytes);
    return p;
  };
  const temps = () => readdirSync(join(root, 'blobs', '.tmp'));
  return { root, blobs, src, temps };
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

describe('blob store', () => {
  it('stores a file under its SHA-256 and reports existed on the second copy', async () => {
    const { blobs, src, temps } = setup();
    const bytes = Buffer.from('#TESTPAY\n1;2025-01-15;100.00;KZT\n');
    const first = await blobs.putFile(src('a.txt', bytes));
    expect(first).toEqual({ sha256: hex(bytes), size: bytes.length, existed: false, head: Buffer.alloc(0) });
    expect(blobs.path(first.sha256)).toBe(join(blobs.dir, first.sha256.slice(0, 2), first.sha256));
    expect(readFileSync(blobs.path(first.sha256))).toEqual(bytes);
    expect(blobs.has(first.sha256)).toBe(true);

    const copy = await blobs.putFile(src('copy-of-a.txt', bytes));
    expect(copy).toEqual({ ...first, existed: true });
    expect(temps()).toEqual([]);
    // With headBytes the first bytes come back from the same single read.
    expect((await blobs.putFile(src('b.txt', bytes), { headBytes: 8 })).head).toEqual(bytes.subarray(0, 8));
    expect((await blobs.putFile(src('c.txt', bytes), { headBytes: 1000 })).head).toEqual(bytes);
  });

  it('hashes a multi-chunk file exactly (5 MiB + 7 bytes) and streams it back', async () => {
    const { blobs, src } = setup();
    const bytes = randomBytes(5 * 1024 * 1024 + 7);
    const put = await blobs.putFile(src('big.bin', bytes));
    expect(put.sha256).toBe(hex(bytes));
    expect(put.size).toBe(bytes.length);
    expect((await collect(blobs.open(put.sha256))).equals(bytes)).toBe(true);
    expect(await blobs.verify(put.sha256)).toBe(true);
  });

  it('readHead returns at most n bytes', async () => {
    const { blobs } = setup();
    const put = await blobs.putStream([Buffer.from('hello '), Buffer.from('world')]);
    expect(Buffer.from(await blobs.readHead(put.sha256, 5)).toString()).toBe('hello');
    expect(Buffer.from(await blobs.readHead(put.sha256, 1000)).toString()).toBe('hello world');
  });

  it('verify detects changed bytes; a missing blob is false / STO_BLOB_MISSING', async () => {
    const { blobs, src } = setup();
    const put = await blobs.putFile(src('a', Buffer.from('original')));
    writeFileSync(blobs.path(put.sha256), 'tampered');
    expect(await blobs.verify(put.sha256)).toBe(false);

    const absent = hex(Buffer.from('never stored'));
    expect(blobs.has(absent)).toBe(false);
    expect(await blobs.verify(absent)).toBe(false);
    await expect(blobs.readHead(absent, 10)).rejects.toMatchObject({ code: 'STO_BLOB_MISSING' });
    await expect(collect(blobs.open(absent))).rejects.toBeInstanceOf(GatewayError);
  });

  it('replaces a damaged (wrong-size) blob on the next put of the same bytes', async () => {
    const { blobs, src } = setup();
    const bytes = Buffer.from('0123456789');
    const put = await blobs.putFile(src('a', bytes));
    truncateSync(blobs.path(put.sha256), 3);
    expect(await blobs.putFile(src('b', bytes))).toMatchObject({ existed: false });
    expect(await blobs.verify(put.sha256)).toBe(true);
  });

  it('a source that cannot be read fails with its errno and leaves no temp file', async () => {
    const { root, blobs, temps } = setup();
    await expect(blobs.putFile(join(root, 'no-such-file'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(temps()).toEqual([]);
  });

  it('refuses names that are not a SHA-256 hex (no path traversal)', () => {
    const { blobs } = setup();
    expect(() => blobs.path('../../etc/passwd')).toThrow(GatewayError);
    expect(() => blobs.path('A'.repeat(64))).toThrow(GatewayError);
    expect(blobs.has('../x')).toBe(false);
  });

  it('sweepTemp removes leftovers of a crash mid-put', async () => {
    const { root, blobs, temps } = setup();
    writeFileSync(join(root, 'blobs', '.tmp', 'dead.part'), 'partial');
    expect(await blobs.sweepTemp(60 * 60 * 1000)).toBe(0); // too recent: may belong to a put in progress
    expect(await blobs.sweepTemp()).toBe(1);
    expect(temps()).toEqual([]);
  });
});

describe('blob store leaf folders', () => {
  it('recreates a leaf folder removed while the store is open', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { createBlobStore } = await import('../../gateway/store/blob-store.ts');
    const root = mkdtempSync(join(tmpdir(), 'bankgate-leaf-'));
    const blobs = createBlobStore(join(root, 'blobs'));
    const a = join(root, 'a.txt');
    writeFileSync(a, 'same bytes');
    const first = await blobs.putFile(a);
    rmSync(join(blobs.dir, first.sha256.slice(0, 2)), { recursive: true });
    const again = await blobs.putFile(a);
    expect(again).toMatchObject({ sha256: first.sha256, existed: false });
    expect(await blobs.verify(first.sha256)).toBe(true);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('blob store sizes around the 64 KiB first read', () => {
  it.each([0, 1, 65535, 65536, 65537, 2 * 65536, 1024 * 1024 + 3])('stores %i bytes exactly, with the right head', async (n) => {
    const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { createHash } = await import('node:crypto');
    const { createBlobStore } = await import('../../gateway/store/blob-store.ts');
    const root = mkdtempSync(join(tmpdir(), 'bankgate-size-'));
    const blobs = createBlobStore(join(root, 'blobs'));
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = (i * 7 + 3) & 0xff;
    writeFileSync(join(root, 'src'), bytes);
    const put = await blobs.putFile(join(root, 'src'), { headBytes: 1000 });
    expect(put.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(put.size).toBe(n);
    expect(Buffer.from(put.head)).toEqual(bytes.subarray(0, 1000));
    expect(readFileSync(blobs.path(put.sha256))).toEqual(bytes);
    await blobs.close();
    rmSync(root, { recursive: true, force: true });
  });
});
