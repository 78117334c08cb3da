// The 1C reader plus Kazakhstan validation over a file, streaming, keeping nothing: documents/s.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { checkFile } from '../../gateway/pipeline/check.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { createValidationContext, validateDocument } from '../../gateway/validate/index.ts';

export async function readValidate(file: string): Promise<Record<string, number>> {
  const size = (await stat(file)).size;
  const fh = await open(file, 'r');
  const head = Buffer.alloc(64 * 1024);
  await fh.read(head, 0, head.length, 0);
  await fh.close();
  const vctx = createValidationContext({ today: '2026-11-25' });
  const t0 = performance.now();
  let documents = 0;
  let invalid = 0;
  let fileIssues = 0;
  const inbound = { name: 'big.txt', mailbox: 'bench', size, sha256: '', head, open: () => createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Uint8Array> };
  const ctx = { logger: silentLogger, signal: new AbortController().signal, fail: (c: never, m: string): never => { throw new GatewayError(c, m); } };
  for await (const ev of checkFile(inbound, format1cKz, '1c.kz', ctx, (d, w) => validateDocument(d, vctx, w))) {
    if (ev.type === 'document') {
      documents++;
      if (ev.issues.some((i) => i.severity === 'error')) invalid++;
    } else if (ev.type === 'file-issue') fileIssues++;
  }
  return { seconds: (performance.now() - t0) / 1000, documents, invalid, fileIssues };
}
