// The whole gateway on a temp folder: a big 1C file dropped → detected → parsed, validated, stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../config/load.ts';
import { startGateway } from '../../gateway/main.ts';
import { silentLogger } from '../../gateway/core/logger.ts';

export async function ingest(file: string, expected: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-ingest-'));
  try {
    // The benchmark file (~90 MB) is above the default 50 MiB limit for one file.
    const env = { BANKGATE_HTTP_PORT: '0', BANKGATE_MAILBOXES_DEFAULT_MAX_BYTES: String(512 * 2 ** 20) };
    // Intake and parse only: the demo bank would sign and send the documents meanwhile.
    const gw = await startGateway(loadConfig({ cwd: dir, env }), { logger: silentLogger, env: { ...process.env, BANKGATE_DEMO: '0' } });
    const inbox = gw.mailboxes[0]!.inbox;
    await copyFile(file, path.join(dir, 'staged.txt'));
    const db = new Database(path.join(dir, 'data/bankgate.db'), { readonly: true });
    const t0 = performance.now();
    await rename(path.join(dir, 'staged.txt'), path.join(inbox, '1c_to_kl.txt'));
    for (;;) {
      const row = db.prepare(`SELECT state FROM files LIMIT 1`).get() as { state: string } | undefined;
      if (row && row.state !== 'received') break;
      if (performance.now() - t0 > 300_000) throw new Error('the file was not processed within 5 minutes');
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    const documents = (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    db.close();
    await gw.stop();
    if (documents !== expected) throw new Error(`stored ${documents} documents, expected ${expected}`);
    return { seconds, documents };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
