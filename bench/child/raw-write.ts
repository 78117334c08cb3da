// Baseline for the statement writer: write the same number of bytes in 1 MiB chunks, then fsync.
import { open } from 'node:fs/promises';

export async function rawWrite(file: string, bytes: number): Promise<Record<string, number>> {
  const buf = Buffer.alloc(1 << 20, 0x41);
  const t0 = performance.now();
  const fh = await open(file, 'w');
  for (let left = bytes; left > 0; left -= buf.length) await fh.write(buf, 0, Math.min(buf.length, left));
  await fh.sync();
  await fh.close();
  return { seconds: (performance.now() - t0) / 1000, bytes };
}
