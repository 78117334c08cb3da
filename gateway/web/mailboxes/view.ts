// One view per configured mailbox: its folders on disk and what the store recorded for it (page and API).
import type { Store } from '../../store/db.ts';
import type { WebDeps } from '../deps.ts';
import { folderCounts, waitingFiles, type FolderCount, type WaitingFile } from './folders.ts';
import { lastExports, lastReceived, latestErrors, type ExportedFile, type FailedFile, type ReceivedFile } from './records.ts';

export interface MailboxView {
  name: string;
  root: string;
  folders: FolderCount[];
  waiting: WaitingFile[];
  waitingMore: boolean;
  received: ReceivedFile[];
  exported: ExportedFile[];
  errors: FailedFile[];
}

export async function mailboxView(store: Store, name: string, root: string): Promise<MailboxView> {
  const [folders, waiting, errors, received, exported] = await Promise.all([folderCounts(root), waitingFiles(root), latestErrors(store.sql, name, root), lastReceived(store.sql, name), lastExports(store.sql, name, root)]);
  return { name, root, folders, waiting: waiting.items, waitingMore: waiting.more, received, exported, errors };
}

export function mailboxViews(d: Pick<WebDeps, 'store' | 'config' | 'mailboxRoots'>): Promise<MailboxView[]> {
  // The running gateway's roots (resolved against the config file) win over the raw config text.
  return Promise.all(Object.entries(d.config.mailboxes).map(([name, m]) => mailboxView(d.store, name, d.mailboxRoots?.get(name) ?? m.root)));
}
