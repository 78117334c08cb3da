// Reliability: the real gateway process is SIGKILLed at random moments while files arrive; in the end
// every distinct file is recorded exactly once, archived, its bytes stored, duplicates rejected, audit OK.
// `npm run soak` runs the long version (SOAK=1: 200 kills).
import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, hashFiles, listTree, seededRandom, sha256, waitFor } from './kill-harness.ts';

/** Intake crash safety is measured without the demo bank (which would sign and send the documents meanwhile). */
const INTAKE_ONLY = { BANKGATE_DEMO: '0' };

const SOAK = process.env.SOAK === '1';
const KILLS = SOAK ? 200 : 20;
const DISTINCT = 180;
const COPIES = 20;
const SEED = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);

describe('crash safety of intake (kill -9)', () => {
  it(`loses nothing and takes nothing twice across ${KILLS} SIGKILLs (seed ${SEED})`, { timeout: SOAK ? 1_800_000 : 240_000 }, async () => {
    console.log(`kill test: seed ${SEED} (replay with KILL_SEED=${SEED}), ${KILLS} kills`);
    const rnd = seededRandom(SEED);
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-kill-'));
    await writeFile(
      path.join(dir, 'bankgate.toml'),
      ['[http]', 'port = 0', '[log]', 'level = "warn"', '[queue]', 'lease_ms = 2000', 'backoff_ms = 200', '[mailboxes.default]', 'root = "./exchange/default"', 'stable_ms = 50', ''].join('\n'),
    );
    const root = path.join(dir, 'exchange/default');
    const inbox = path.join(root, 'in');
    await mkdir(inbox, { recursive: true });

    // 180 distinct files plus 20 byte-identical copies under other names, in random order.
    const files: { name: string; bytes: Buffer; docs: number }[] = [];
    for (let i = 0; i < DISTINCT; i++) {
      const docs = 1 + Math.floor(rnd() * 3);
      files.push({ name: `1c_to_kl_${i}.txt`, bytes: gen1cBytes({ firstNumber: i * 10 + 1, documents: docs }), docs });
    }
    for (let j = 0; j < COPIES; j++) {
      const orig = files[Math.floor(rnd() * DISTINCT)]!;
      files.push({ name: `copy_${j}.txt`, bytes: orig.bytes, docs: orig.docs });
    }
    for (let i = files.length - 1; i > 0; i--) {
      const k = Math.floor(rnd() * (i + 1));
      [files[i], files[k]] = [files[k]!, files[i]!];
    }
    const distinct = new Map(files.map((f) => [sha256(f.bytes), f.docs]));
    expect(distinct.size).toBe(DISTINCT);

    const api = await apiViewer(dir);
    // Drop the files in chunks across the kill cycles; kill at a random moment, sometimes before the gateway is up.
    const perCycle = Math.ceil(files.length / Math.min(KILLS, files.length));
    let next = 0;
    for (let cycle = 0; cycle < KILLS; cycle++) {
      const gw = spawnGateway(dir, ['start'], INTAKE_ONLY);
      if (rnd() < 0.8) await gw.ready;
      const chunk = files.slice(next, next + perCycle);
      next += chunk.length;
      for (const f of chunk) await dropFile(inbox, f.name, f.bytes);
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 400)));
      await gw.kill('SIGKILL');
    }
    for (const f of files.slice(next)) await dropFile(inbox, f.name, f.bytes);

    // A last, clean run drains everything.
    const gw = spawnGateway(dir, ['start'], INTAKE_ONLY);
    const url = await gw.ready;
    type Item = { state: string; sha256: string };
    await waitFor(
      'all files settled',
      async () => {
        const body = (await api.json(url, `/api/v1/files?limit=500`)) as { items: Item[] };
        const left = (await readdir(inbox)).filter((n) => !n.startsWith('.'));
        const processing = await readdir(path.join(inbox, '.processing'));
        const settled = body.items.length === files.length && body.items.every((i) => i.state === 'parsed' || i.state === 'rejected');
        return settled && left.length === 0 && processing.length === 0;
      },
      60_000,
    );
    await gw.kill('SIGTERM');

    // Every distinct file recorded exactly once, with its bytes in the blob store.
    const db = new Database(path.join(dir, 'data/bankgate.db'), { readonly: true });
    const accepted = db.prepare(`SELECT id, sha256, state FROM files WHERE state <> 'rejected'`).all() as { id: string; sha256: string; state: string }[];
    const rejected = db.prepare(`SELECT sha256, error_code, duplicate_of FROM files WHERE state = 'rejected'`).all() as { sha256: string; error_code: string; duplicate_of: string | null }[];
    const docCount = (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    db.close();
    expect(accepted).toHaveLength(DISTINCT);
    expect(new Set(accepted.map((r) => r.sha256))).toEqual(new Set(distinct.keys()));
    expect(accepted.every((r) => r.state === 'parsed')).toBe(true);
    expect(docCount).toBe([...distinct.values()].reduce((a, b) => a + b, 0));
    for (const r of accepted) {
      const blob = await readFile(path.join(dir, 'data/blobs', r.sha256.slice(0, 2), r.sha256));
      expect(sha256(blob)).toBe(r.sha256);
    }
    expect(rejected).toHaveLength(COPIES);
    expect(rejected.every((r) => r.error_code === 'SRC_DUPLICATE_FILE' && r.duplicate_of)).toBe(true);

    // The archive holds exactly the distinct files; error/ the copies with their reports; nothing is left behind.
    const archiveDir = path.join(root, 'archive');
    const archived = await hashFiles(archiveDir, await listTree(archiveDir));
    expect(archived.size).toBe(DISTINCT);
    expect(new Set(archived.values())).toEqual(new Set(distinct.keys()));
    const errorDir = path.join(root, 'error');
    const errorFiles = (await listTree(errorDir)).filter((n) => !n.endsWith('.err') && !n.endsWith('.err.json'));
    expect(errorFiles).toHaveLength(COPIES);
    for (const f of errorFiles) {
      expect(distinct.has(sha256(await readFile(path.join(errorDir, f))))).toBe(true);
      expect(await readFile(path.join(errorDir, `${f}.err`), 'utf8')).toContain('SRC_DUPLICATE_FILE');
      expect(JSON.parse(await readFile(path.join(errorDir, `${f}.err.json`), 'utf8')).problems[0].code).toBe('SRC_DUPLICATE_FILE');
    }
    expect(await readdir(path.join(inbox, '.processing'))).toEqual([]);
    expect((await readdir(inbox)).filter((n) => n !== '.processing')).toEqual([]);

    const verify = await runCli(dir, ['audit', 'verify']);
    expect(verify.stdout + verify.stderr).toMatch(/OK/);
    expect(verify.code).toBe(0);
  });
});
