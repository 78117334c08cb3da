// Files for 1C in a mailbox's out/: written to a temp name and renamed (never partial), recorded in `exports` so a
// re-run writes nothing twice; a changed content under the same key (a day's statement that grew) replaces the file.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../plugins/source-folder/index.ts';
import type { Db } from '../store/sql/executor.ts';

const MOVE = { retries: 10, retryMs: 50 };

export interface OutFile {
  /** What this file is ('statement:<account>:<day>', 'status:<documentId>:<state>', …). */
  key: string;
  mailbox: string;
  root: string;
  /** Path below out/. */
  rel: string;
  bytes: Uint8Array;
  /** What decides "the same content" when the bytes carry a creation time (statements): default the bytes. */
  identity?: string;
}

/** Writes the file unless the same key was written with the same bytes; returns the path when it wrote. */
export async function writeOutFile(db: Db, f: OutFile): Promise<string | null> {
  const sha = createHash('sha256').update(f.identity ?? f.bytes).digest('hex');
  const prev = (await db.get<{ sha256: string }>('SELECT sha256 FROM exports WHERE key = $1', [f.key]))?.sha256;
  if (prev === sha) return null;
  const target = path.join(f.root, 'out', f.rel);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, (async function* () { yield f.bytes; })(), sha.slice(0, 12), MOVE);
  await db.run(
    'INSERT INTO exports (key, mailbox, path, sha256, written_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT(key) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, written_at = excluded.written_at',
    [f.key, f.mailbox, target, sha, db.clock.now()],
  );
  return target;
}

/** UTF-8 with BOM and CRLF, like the .err files: Windows tools show Kazakh letters. */
export function crlfText(lines: string[]): Uint8Array {
  return Buffer.from('\uFEFF' + lines.map((l) => `${l}\r\n`).join(''), 'utf8');
}
