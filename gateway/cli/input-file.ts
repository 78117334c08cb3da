// A file named on the command line as format plugins see it (`bankgate validate`, `bankgate convert`): its head,
// the detected format, and an InboundFile that streams it; or why it cannot be read.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../core/errors.ts';
import { t, type Text } from '../core/issue.ts';
import { silentLogger } from '../core/logger.ts';
import type { InboundFile, PluginContext } from '../core/plugin.ts';
import type { DetectResult, FormatRegistry } from '../core/registry.ts';
import { HEAD_BYTES } from '../pipeline/intake.ts';
import { checkFile } from '../pipeline/check.ts';
import type { CheckedDocument } from '../pipeline/file-result.ts';
import type { Issue } from '../core/issue.ts';
import { validateDocument, type ValidationContext } from '../validate/index.ts';

export type InputFile = { inbound: InboundFile; detected: DetectResult } | { unreadable: Text };

async function readHead(file: string): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Opens `file` and finds its format, or says (in three languages) why it cannot be read. */
export async function openInput(file: string, registry: FormatRegistry): Promise<InputFile> {
  let size: number;
  let head: Uint8Array;
  try {
    const st = await stat(file);
    if (!st.isFile()) return { unreadable: t({ en: 'not a regular file', ru: 'это не обычный файл', kk: 'бұл кәдімгі файл емес' }) };
    size = st.size;
    head = await readHead(file);
  } catch (e) {
    const why = (e as Error).message;
    return { unreadable: t({ en: `cannot read: ${why}`, ru: `не удаётся прочитать: ${why}`, kk: `оқу мүмкін емес: ${why}` }) };
  }
  const detected = registry.detect({ name: path.basename(file), head, size });
  if (!detected) {
    const known = registry.formats.flatMap((p) => p.formats).join(', ');
    return {
      unreadable: t({
        en: `no format plugin recognises this file (known: ${known})`,
        ru: `ни один модуль форматов не распознал этот файл (известные форматы: ${known})`,
        kk: `бұл файлды пішім модульдерінің ешқайсысы танымады (белгілі пішімдер: ${known})`,
      }),
    };
  }
  const inbound: InboundFile = {
    name: path.basename(file),
    mailbox: '(cli)',
    size,
    sha256: '',
    head,
    open: () => createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Uint8Array>,
  };
  return { inbound, detected };
}

/** The context plugins get when the CLI runs them: no logging, never aborted. */
export function cliPluginContext(): PluginContext {
  return { logger: silentLogger, signal: new AbortController().signal, fail: (code, message) => { throw new GatewayError(code, message); } };
}

/** Reads the whole file through its format plugin and validates each document, as the parse step does. */
export async function checkInput(input: { inbound: InboundFile; detected: DetectResult }, vctx: ValidationContext): Promise<{ documents: CheckedDocument[]; fileIssues: Issue[]; encoding: string | null }> {
  const documents: CheckedDocument[] = [];
  const fileIssues: Issue[] = [];
  let encoding: string | null = null;
  const { inbound, detected } = input;
  for await (const ev of checkFile(inbound, detected.plugin, detected.format, cliPluginContext(), (doc, where) => validateDocument(doc, vctx, where))) {
    if (ev.type === 'meta') encoding = ev.encoding ?? encoding;
    else if (ev.type === 'file-issue') fileIssues.push(ev.issue);
    else documents.push({ index: ev.index, line: ev.line, document: ev.document, issues: ev.issues });
  }
  return { documents, fileIssues, encoding };
}
