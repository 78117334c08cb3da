// Test helper: the gateway's intake and a parse worker as production wires them (real formats, Kazakhstan validation)
// on a given store, blob store and queue; `slow` holds every parse until release() (for "not parsed yet" cases).
import type { Logger } from '../../gateway/core/logger.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { builtinFormats } from '../../gateway/formats.ts';
import type { Validate } from '../../gateway/pipeline/check.ts';
import { createIntake } from '../../gateway/pipeline/intake.ts';
import { createParseHandler, type ParseJobData } from '../../gateway/pipeline/parse.ts';
import { QUEUES } from '../../gateway/pipeline/states.ts';
import type { Job, JobQueue, ProcessOptions } from '../../gateway/queue/port.ts';
import type { BlobStore } from '../../gateway/store/blob-store.ts';
import type { Store } from '../../gateway/store/db.ts';
import { createValidationContext, todayIn, validateDocument } from '../../gateway/validate/index.ts';

export function realPipeline(o: { store: Store; blobs: BlobStore; queue: JobQueue; roots: ReadonlyMap<string, string>; slow?: boolean; logger?: Logger; parseOptions?: ProcessOptions }) {
  const logger = o.logger ?? silentLogger;
  const registry = createFormatRegistry(builtinFormats());
  const mailboxRoot = (m: string) => o.roots.get(m);
  const deliver = createIntake({ store: o.store, blobs: o.blobs, registry, queue: o.queue, logger, mailboxRoot });
  const vctx = createValidationContext({});
  const validate: Validate = (doc, where) => validateDocument(doc, { ...vctx, today: todayIn(vctx.timeZone) }, where);
  const parse = createParseHandler({ store: o.store, blobs: o.blobs, registry, logger, validate, mailboxRoot });
  let release: () => void = () => undefined;
  const gate = o.slow ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  const parser = o.queue.process(QUEUES.parse, async (job: Job<ParseJobData>, signal) => (await gate, parse(job, signal)), { concurrency: 1, ...o.parseOptions });
  return { deliver, parser, release: () => release() };
}
