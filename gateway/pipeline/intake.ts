// Intake step: a claimed file is hashed into the blob store, checked for duplicates, its format detected,
// and its `files` row plus audit event committed durably BEFORE the source moves it out of `.processing/`.
import type { ClaimedFile, Disposition } from '../core/plugin.ts';
import type { FormatRegistry } from '../core/registry.ts';
import type { Logger } from '../core/logger.ts';
import type { JobQueue } from '../queue/port.ts';
import { issue, t, type Issue } from '../core/issue.ts';
import { isUniqueViolation, type Store } from '../store/db.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { findFileByClaimId, findAcceptedFileBySha, recordReceivedFile, recordRejectedFile, type FileRow } from '../store/files-repo.ts';
import { QUEUES, parseJobId } from './states.ts';
import { writeResultReport } from './result-report.ts';

export const HEAD_BYTES = 64 * 1024;

export interface IntakeDeps {
  store: Store;
  blobs: BlobStore;
  registry: FormatRegistry;
  queue: JobQueue;
  logger: Logger;
  /** Mailbox name → its root folder, for the out/ result report of a refused file. */
  mailboxRoot?(mailbox: string): string | undefined;
}

/** A claim recorded before a crash gets the same answer again: the source then finishes the move. */
function dispositionOf(row: FileRow): Disposition {
  return row.state === 'rejected' ? { to: 'error', issues: row.issues ?? [] } : { to: 'archive' };
}

/** Every input file gets its result in out/, refused ones too (rewritten identically after a crash). */
async function reportRefused(deps: IntakeDeps, row: FileRow): Promise<void> {
  const root = deps.mailboxRoot?.(row.mailbox);
  if (!root) return;
  await writeResultReport(root, { file: row.name, fileId: row.id, format: null, encoding: null, fileIssues: row.issues, documents: [], accepted: false });
}

export function createIntake(deps: IntakeDeps): (file: ClaimedFile) => Promise<Disposition> {
  const { store, blobs, registry, queue, logger } = deps;

  const reject = async (file: ClaimedFile, sha256: string, size: number, issues: Issue[], duplicateOf?: string): Promise<Disposition> => {
    const row = await store.sql.durableAsync((tx) => recordRejectedFile(tx, { mailbox: file.mailbox, name: file.name, claimId: file.claimId, sha256, size, issues, duplicateOf, actor: file.actor }));
    await reportRefused(deps, row);
    logger.warn({ fileId: row.id, file: file.name, mailbox: file.mailbox, code: issues[0]?.code }, 'file rejected');
    return { to: 'error', issues };
  };

  return async function deliver(file) {
    const known = await findFileByClaimId(store.sql, file.claimId);
    if (known) {
      // Its commit may not have reached the disk before a failed sync or a crash: sync before answering.
      await store.sql.walBarrier();
      if (known.state === 'rejected') await reportRefused(deps, known);
      return dispositionOf(known);
    }

    let put: { sha256: string; size: number; head: Uint8Array };
    try {
      put = await blobs.putFile(file.path, { headBytes: HEAD_BYTES });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // EACCES/EISDIR/EIO on the file itself: the producer's problem, reported; anything else is retried by the source.
      if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EISDIR' || err.code === 'EIO') {
        const why = `${err.code} ${err.message}`;
        return reject(file, '', file.size, [issue('SRC_FILE_UNREADABLE', t({ en: `cannot read the file: ${why}`, ru: `не удаётся прочитать файл: ${why}`, kk: `файлды оқу мүмкін емес: ${why}` }))]);
      }
      throw e;
    }
    const { sha256, size, head } = put;
    if (size === 0) return reject(file, sha256, size, [issue('SRC_FILE_EMPTY', t({ en: 'the file has no content', ru: 'в файле нет данных', kk: 'файлда деректер жоқ' }))]);

    const dup = await findAcceptedFileBySha(store.sql, sha256);
    if (dup) return reject(file, sha256, size, [duplicateIssue(dup)], dup.id);

    const detected = registry.detect({ name: file.name, head, size }, (plugin, e) => logger.error({ plugin, err: e }, 'format plugin detect failed'));
    if (!detected) {
      const known = registry.formats.flatMap((p) => p.formats).join(', ');
      const text = t({
        en: `no format plugin recognises this file (known: ${known || 'none'})`,
        ru: `ни один модуль форматов не распознал этот файл (известные форматы: ${known || 'нет'})`,
        kk: `бұл файлды пішім модульдерінің ешқайсысы танымады (белгілі пішімдер: ${known || 'жоқ'})`,
      });
      return reject(file, sha256, size, [issue('FMT_UNKNOWN', text)]);
    }

    let row: FileRow;
    try {
      // Committed, then acknowledged only after the WAL fsync (shared with files finishing at the same time).
      row = await store.sql.durableAsync((tx) => recordReceivedFile(tx, { mailbox: file.mailbox, name: file.name, claimId: file.claimId, sha256, size, format: detected.format, actor: file.actor }));
    } catch (e) {
      // Two mailboxes received the same bytes at once: the partial unique index let only one in.
      const winner = isUniqueViolation(e) ? await findAcceptedFileBySha(store.sql, sha256) : undefined;
      if (winner) return reject(file, sha256, size, [duplicateIssue(winner)], winner.id);
      throw e;
    }
    logger.info({ fileId: row.id, file: file.name, mailbox: file.mailbox, sha256, size, format: detected.format }, 'file received');
    // If this add is lost (crash right here), the start-up sweep re-adds it: the id makes it idempotent.
    await queue.add(QUEUES.parse, 'parse-file', { fileId: row.id }, { jobId: parseJobId(row.id) });
    return { to: 'archive' };
  };
}

function duplicateIssue(dup: FileRow): Issue {
  const [name, at, box, id, sha] = [dup.name, new Date(dup.receivedAt).toISOString(), dup.mailbox, dup.id, dup.sha256];
  return issue(
    'SRC_DUPLICATE_FILE',
    t({
      en: `identical to '${name}' received ${at} in mailbox '${box}' (file id ${id}, SHA-256 ${sha})`,
      ru: `совпадает с файлом '${name}', принятым ${at} в ящик обмена '${box}' (идентификатор файла ${id}, SHA-256 ${sha})`,
      kk: `${at} уақытта '${box}' алмасу жәшігіне қабылданған '${name}' файлымен бірдей (файл идентификаторы ${id}, SHA-256 ${sha})`,
    }),
  );
}
