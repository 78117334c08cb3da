// One handed-over file (an HTTP upload, an inbox queue job) through the host's intake, the way the folder source takes a
// dropped file: claim in .processing/, deliver, then settle to archive/ or error/ (with .err side-cars). Hand-overs with
// the same claim id run one at a time. Shared by the HTTP inbox (web/api/inbox.ts) and the queue inbox (queue-inbox.ts).
import { unlink } from 'node:fs/promises';
import type { ClaimedFile, Disposition } from '../core/plugin.ts';
import type { Logger } from '../core/logger.ts';
import { errorMessage } from '../core/errors.ts';
import type { Store } from '../store/db.ts';
import { findFileByClaimId, type FileRow } from '../store/files-repo.ts';
import { archiveClaimed, errorClaimed, folderLayout, type MoveOptions } from '../../plugins/source-folder/index.ts';
import { readBody, writeUpload } from './upload.ts';

export interface ReceiverDeps {
  store: Store;
  logger: Logger;
  /** Names the source in logs: 'HTTP inbox', 'queue inbox'. */
  label?: string;
  deliver(file: ClaimedFile): Promise<Disposition>;
}

export interface Upload {
  mailbox: string;
  root: string;
  maxBytes: number;
  name: string;
  claimId: string;
  actor: string;
  body: ReadableStream<Uint8Array> | null;
  /** Sub-folder of .processing/ for partial files (upload.ts; default `.upload`, the HTTP inbox's). */
  partials?: string;
}

export type Received =
  /** Recorded: 'received' (parse queued) or 'rejected' (refused at intake, kept in error/). */
  | { kind: 'recorded'; row: FileRow }
  | { kind: 'too-large'; size: number }
  /** The claim id's first file (same idempotency key or job) had another name, mailbox or content. */
  | { kind: 'conflict'; row: FileRow }
  /** Intake failed before recording anything (a busy database): nothing was taken, the sender may retry. */
  | { kind: 'not-taken'; error: unknown }
  /** The mailbox folder could not take the bytes (share down, disk full), or the body broke off: nothing was taken. */
  | { kind: 'folder-failed'; code: string };

const MOVE: MoveOptions = { retries: 10, retryMs: 50 };

export function createReceiver(deps: ReceiverDeps): (u: Upload) => Promise<Received> {
  const { store, logger } = deps;
  const label = deps.label ?? 'HTTP inbox';
  const running = new Map<string, Promise<unknown>>();

  async function settle(u: Upload, file: ClaimedFile, d: Disposition): Promise<void> {
    const layout = folderLayout(u.root);
    const at = new Date(store.clock.now());
    try {
      if (d.to === 'archive') await archiveClaimed(layout, file, at, MOVE);
      else await errorClaimed(layout, file, { issues: d.issues, at, hashUpTo: u.maxBytes }, MOVE);
    } catch (e) {
      // The record is durable; the folder source's start-up recovery redelivers the claim and moves it then.
      logger.warn({ err: errorMessage(e), file: file.name, claimId: file.claimId, to: d.to }, `${label}: cannot move the file yet; it is finished at the next start`);
    }
  }

  async function receive(u: Upload): Promise<Received> {
    const known = await findFileByClaimId(store.sql, u.claimId);
    if (known) {
      // A retry (or a redelivered job): the body is read to compare, never stored again (one file, one archive copy).
      const read = await readBody(u.body, u.maxBytes);
      if (!read.ok) return { kind: 'too-large', size: read.size };
      const same = known.mailbox === u.mailbox && known.name === u.name && (known.sha256 === '' || known.sha256 === read.sha256);
      return same ? { kind: 'recorded', row: known } : { kind: 'conflict', row: known };
    }
    let up: Awaited<ReturnType<typeof writeUpload>>;
    try {
      up = await writeUpload(u.body, { layout: folderLayout(u.root), mailbox: u.mailbox, name: u.name, claimId: u.claimId, maxBytes: u.maxBytes, actor: u.actor, partials: u.partials });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      logger.warn({ err: errorMessage(e), file: u.name, mailbox: u.mailbox }, `${label}: cannot write the file into the mailbox; nothing taken`);
      return { kind: 'folder-failed', code };
    }
    if ('tooLarge' in up) return { kind: 'too-large', size: up.tooLarge };
    let disposition: Disposition;
    try {
      disposition = await deps.deliver(up.file);
    } catch (e) {
      const row = await findFileByClaimId(store.sql, u.claimId);
      if (!row) {
        // The sender still holds the bytes and hears "not taken": a copy in error/ would only mislead.
        await unlink(up.file.path).catch(() => undefined);
        logger.warn({ err: errorMessage(e), file: u.name, mailbox: u.mailbox, claimId: u.claimId }, `${label}: intake failed; nothing taken`);
        return { kind: 'not-taken', error: e };
      }
      // Recorded, then failed (e.g. queuing the parse job): the start-up sweep queues it again; the file is ours.
      disposition = row.state === 'rejected' ? { to: 'error', issues: row.issues } : { to: 'archive' };
    }
    await settle(u, up.file, disposition);
    logger.info({ file: u.name, mailbox: u.mailbox, claimId: u.claimId, actor: u.actor, size: up.file.size, to: disposition.to }, `${label}: file taken`);
    return { kind: 'recorded', row: (await findFileByClaimId(store.sql, u.claimId))! };
  }

  return async (u) => {
    // Same claim twice at once (a client retrying while its first request still runs): the second waits for the first.
    for (let prev = running.get(u.claimId); prev; prev = running.get(u.claimId)) await prev.catch(() => undefined);
    const p = receive(u);
    running.set(u.claimId, p);
    try {
      return await p;
    } finally {
      if (running.get(u.claimId) === p) running.delete(u.claimId);
    }
  };
}
