// Shared pieces of the crash tests: seeded randomness, dropping files the way a producer should, tree hashing.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export { seededRandom } from '../fixtures/seeded-random.ts';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Writes under a hidden temporary name, then renames: the file appears complete, as 1C should write it. */
export async function dropFile(inbox: string, name: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(inbox, `.${name}.writing`);
  await writeFile(tmp, bytes);
  await rename(tmp, path.join(inbox, name));
}

/** Every regular file below dir (recursively), as paths relative to dir. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(d, e.name), path.join(rel, e.name));
      else if (e.isFile()) out.push(path.join(rel, e.name));
    }
  };
  await walk(dir, '');
  return out.sort();
}

export async function hashFiles(dir: string, rels: string[]): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const r of rels) m.set(r, sha256(await readFile(path.join(dir, r))));
  return m;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
