// Parse step (queue job 'parse'): streams the stored bytes through the file's format plugin and stores
// its documents all-or-nothing; a file with errors stores none and gets an error report in error/.
import type { Job } from '../queue/port.ts';
import type { FormatRegistry } from '../core/registry.ts';
import type { Logger } from '../core/logger.ts';
import type { InboundFile, PluginContext } from '../core/plugin.ts';
import type { CanonicalDocument } from '../core/model/document.ts';
import { GatewayError, errorMessage } from '../core/errors.ts';
import { issue, type Issue } from '../core/issue.ts';
import type { Store } from '../store/db.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { getFile, setFileState } from '../store/files-repo.ts';
import { insertDocuments } from '../store/documents-repo.ts';
import { HEAD_BYTES } from './intake.ts';
import { writeErrorReport } from './error-files.ts';

export interface ParseDeps {
  store: Store;
  blobs: BlobStore;
  registry: FormatRegistry;
  logger: Logger;
  /** Mailbox name → its root folder (for error reports of invalid files). */
  mailboxRoot(mailbox: string): string | undefined;
}

export interface ParseJobData {
  fileId: string;
}

function pluginContext(logger: Logger, signal: AbortSignal): PluginContext {
  return {
    logger,
    signal,
    fail(code, message, details) {
      throw new GatewayError(code, message, details);
    },
  };
}

export function createParseHandler(deps: ParseDeps) {
  const { store, blobs, registry, logger } = deps;
  return async function parseFile(job: Job<ParseJobData>, signal: AbortSignal): Promise<void> {
    const row = getFile(store, job.data.fileId);
    // Idempotent: a redelivered job for a file already past 'received' does nothing.
    if (!row || row.state !== 'received') return;
    const plugin = row.format ? registry.byFormat(row.format) : undefined;
    const log = logger.child({ fileId: row.id, plugin: plugin?.name });
    if (!plugin || !row.format) {
      throw new GatewayError('FMT_UNKNOWN', `no plugin provides format '${row.format}' of file ${row.id}`, undefined);
    }
    if (!blobs.has(row.sha256)) throw new GatewayError('STO_BLOB_MISSING', `bytes of file ${row.id} (${row.sha256}) are missing from the blob store`);

    const head = await blobs.readHead(row.sha256, HEAD_BYTES);
    const inbound: InboundFile = { name: row.name, mailbox: row.mailbox, size: row.size, sha256: row.sha256, head, open: () => blobs.open(row.sha256) };
    const docs: { seq: number; line?: number; document: CanonicalDocument }[] = [];
    const issues: Issue[] = [];
    try {
      for await (const item of plugin.parse(inbound, row.format, pluginContext(log, signal))) {
        if (item.type === 'document') docs.push({ seq: docs.length + 1, ...(item.line !== undefined ? { line: item.line } : {}), document: item.document });
        else if (item.type === 'meta') continue;
        else {
          const { type: _t, ...rest } = item;
          issues.push(rest);
        }
      }
    } catch (e) {
      // The contract says parse never throws on bad input, so a throw is a plugin bug; the file is kept.
      if (signal.aborted) throw e;
      log.error({ err: e }, 'format plugin threw');
      issues.push(issue('FMT_PLUGIN_FAILED', `the ${plugin.name} plugin failed: ${errorMessage(e)}`));
    }
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0 || docs.length === 0) {
      if (docs.length === 0 && errors.length === 0) issues.push(issue('FMT_SYNTAX', 'the file contains no documents'));
      setFileState(store, row.id, 'invalid', { issues });
      const root = deps.mailboxRoot(row.mailbox);
      if (root) await writeErrorReport({ root, name: row.name, fileId: row.id, sha256: row.sha256, mailbox: row.mailbox, issues, bytes: () => blobs.open(row.sha256) });
      log.warn({ problems: issues.length }, 'file invalid: no document stored');
      return;
    }
    insertDocuments(store, row.id, docs, { fileState: 'parsed', issues });
    log.info({ documents: docs.length, warnings: issues.length }, 'file parsed');
  };
}
