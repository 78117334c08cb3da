// Parse step (queue job 'parse'): streams the stored bytes through the file's format plugin, validates each
// document, and publishes them all at once — valid ones 'awaiting-signature', invalid ones 'invalid' with
// their issues. A file whose structure is broken keeps none and gets an error report in error/.
// Every file gets its result report in the mailbox's out/ folder.
import type { Job } from '../queue/port.ts';
import type { FormatRegistry } from '../core/registry.ts';
import type { Logger } from '../core/logger.ts';
import type { InboundFile, PluginContext } from '../core/plugin.ts';
import { GatewayError, errorMessage } from '../core/errors.ts';
import { issue, t, type Issue } from '../core/issue.ts';
import type { Store } from '../store/db.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { getFile } from '../store/files-repo.ts';
import { clearStaged, createStager, discardStaged, publishStaged } from '../store/document-staging.ts';
import { HEAD_BYTES } from './intake.ts';
import { writeErrorReport } from './error-files.ts';
import { checkFile, type Validate } from './check.ts';
import { isValid } from './file-result.ts';
import { createResultWriter } from './result-writer.ts';
import { attachLateLists, listEnricher, sideCarListsFor } from './employee-lists.ts';

export interface ParseDeps {
  store: Store;
  blobs: BlobStore;
  registry: FormatRegistry;
  logger: Logger;
  /** Validation of one document (the KZ rules, with the configured directories). */
  validate: Validate;
  /** Mailbox name → its root folder (for error and result reports). */
  mailboxRoot(mailbox: string): string | undefined;
  /** Called after a file's documents were published (automatic signing picks them up at once). */
  onParsed?: (fileId: string) => void;
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
    const row = await getFile(store.sql, job.data.fileId);
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
    const root = deps.mailboxRoot(row.mailbox);
    // Documents stream into staging rows and the report into out/: memory stays bounded for any file size.
    await clearStaged(store.sql, row.id);
    const stager = createStager(store.sql, row.id);
    // Employee lists that arrived first, as side-car files of this payment file.
    const enrich = plugin.attachment ? undefined : listEnricher(await sideCarListsFor(store, blobs, row));
    const report = root ? await createResultWriter(root, { file: row.name, fileId: row.id, format: row.format }) : undefined;
    const fileIssues: Issue[] = [];
    /** Errors of documents, kept for the error/ report if the whole file turns out broken. */
    const documentErrors: Issue[] = [];
    let encoding: string | null = null;
    let invalidDocuments = 0;
    /** A failure of ours while storing (database, disk, another run of this job): retried, never blamed on the file. */
    let hostFailure: { error: unknown } | null = null;
    try {
      try {
        for await (const ev of checkFile(inbound, plugin, row.format, pluginContext(log, signal), deps.validate, enrich)) {
          if (ev.type === 'meta') encoding = ev.encoding ?? encoding;
          else if (ev.type === 'file-issue') fileIssues.push(ev.issue);
          else {
            const valid = isValid(ev.issues);
            if (!valid) {
              invalidDocuments++;
              documentErrors.push(...ev.issues.filter((i) => i.severity === 'error'));
            }
            try {
              await stager.add({ seq: ev.index, line: ev.line, document: ev.document, state: valid ? 'awaiting-signature' : 'invalid', issues: ev.issues });
              await report?.document({ index: ev.index, line: ev.line, document: ev.document, issues: ev.issues });
            } catch (e) {
              hostFailure = { error: e };
              break;
            }
          }
        }
      } catch (e) {
        // The contract says parse never throws on bad input, so a throw is a plugin bug; the file is kept.
        if (signal.aborted) throw e;
        log.error({ err: e }, 'format plugin threw');
        const [name, why] = [plugin.name, errorMessage(e)];
        fileIssues.push(issue('FMT_PLUGIN_FAILED', t({ en: `the ${name} plugin failed: ${why}`, ru: `сбой модуля ${name}: ${why}`, kk: `${name} модулінің ақауы: ${why}` })));
      }
      if (hostFailure) throw hostFailure.error;
      await stager.flush();
      // An attachment (employee list) carries no documents of its own; any other file must.
      if (!plugin.attachment && stager.count === 0 && isValid(fileIssues)) {
        fileIssues.push(issue('FMT_SYNTAX', t({ en: 'the file contains no documents', ru: 'в файле нет документов', kk: 'файлда құжаттар жоқ' })));
      }
      const accepted = isValid(fileIssues);
      // Reports go into place before the state commits: once the API says 'parsed' or 'invalid', 1C can
      // already read them; a crash in between re-runs this job, which rewrites them (temp + rename).
      await report?.finish({ encoding, fileIssues, accepted });
      if (!accepted) {
        if (root) await writeErrorReport({ root, name: row.name, fileId: row.id, sha256: row.sha256, mailbox: row.mailbox, issues: [...fileIssues, ...documentErrors], bytes: () => blobs.open(row.sha256) });
        // The file's structure is broken: none of its documents is kept (never half-imported).
        await discardStaged(store.sql, row.id, fileIssues);
      } else {
        await publishStaged(store.sql, row.id, { fileState: 'parsed', issues: fileIssues });
      }
      if (accepted && plugin.attachment) {
        const attached = await attachLateLists({ store, blobs, validate: deps.validate, logger: log }, (await getFile(store.sql, row.id))!);
        if (attached) log.info({ attached }, 'employee lists completed documents received earlier');
      }
      if (accepted) log.info({ documents: stager.count, invalid: invalidDocuments, warnings: fileIssues.length }, 'file parsed');
      if (accepted) deps.onParsed?.(row.id);
      else log.warn({ problems: fileIssues.length }, 'file invalid: no document stored');
    } catch (e) {
      await report?.abort();
      throw e;
    }
  };
}
