// Pipeline test bench: a real store and blob store in a temp folder, the in-memory queue, the test-only format.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { newId } from '../../gateway/core/id.ts';
import type { ClaimedFile, FormatPlugin } from '../../gateway/core/plugin.ts';
import { openStore } from '../../gateway/store/db.ts';
import { createBlobStore } from '../../gateway/store/blob-store.ts';
import { createMemoryQueue } from '../../gateway/queue/memory-queue.ts';
import { createIntake } from '../../gateway/pipeline/intake.ts';
import { createParseHandler } from '../../gateway/pipeline/parse.ts';
import type { Validate } from '../../gateway/pipeline/check.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { testLinesFormat } from '../fixtures/format-test-lines.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `formats`: the format plugins of the registry (default: the test-only format). */
export function pipelineBench(options: { formats?: FormatPlugin[] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-pipe-'));
  const root = path.join(dir, 'mailbox');
  mkdirSync(path.join(root, 'in/.processing'), { recursive: true });
  const store = openStore({ dataDir: path.join(dir, 'data') });
  const blobs = createBlobStore(path.join(dir, 'data/blobs'));
  const queue = createMemoryQueue();
  const registry = createFormatRegistry(options.formats ?? [testLinesFormat]);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close(), () => queue.close());
  const mailboxRoot = (m: string) => (m === 'default' ? root : undefined);
  const deliver = createIntake({ store, blobs, registry, queue, logger: silentLogger, mailboxRoot });
  // The test format's documents are not KZ documents: validation here only rejects a zero amount.
  const validate: Validate = (doc, where) => ('amount' in doc && doc.amount.minor === 0n ? [issue('VAL_AMOUNT', t({ en: 'amount must be above zero', ru: 'сумма должна быть больше нуля', kk: 'сома нөлден үлкен болуы керек' }), { ...where, field: 'amount' })] : []);
  const parse = createParseHandler({ store, blobs, registry, logger: silentLogger, validate, mailboxRoot: (m) => (m === 'default' ? root : undefined) });

  /** Places bytes in .processing/ the way the folder source does and returns the claim. */
  function claim(name: string, content: string | Buffer, claimId = newId()): ClaimedFile {
    const p = path.join(root, 'in/.processing', `${claimId}__${name}`);
    writeFileSync(p, content);
    return { mailbox: 'default', name, claimId, path: p, size: Buffer.byteLength(content), mtimeMs: Date.now() };
  }

  const runParse = (fileId: string) => parse({ id: `parse:${fileId}`, queue: 'parse', name: 'parse-file', data: { fileId }, attempt: 1, maxAttempts: 1, createdAt: Date.now() }, new AbortController().signal);

  return { dir, root, store, blobs, queue, registry, deliver, claim, runParse };
}

export const GOOD = '#TESTPAY\n1;2026-11-25;1500.50;KZT;ТОО Ромашка;ТОО Қазақ;Оплата\n2;2026-11-25;90071992547409.93;KZT;ТОО Ромашка;ИП Әлия;Аванс\n';
export const BAD_LINE_3 = '#TESTPAY\n1;2026-11-25;10.00;KZT;A;B;C\n2;2026-11-25;10.005;KZT;A;B;C\nbroken line\n';
