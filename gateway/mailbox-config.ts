// Maps a validated [mailboxes.<name>] config table onto the folder source's settings.
import type { MailboxConfig } from '../config/schema.ts';
import type { FolderSourceConfig } from '../plugins/source-folder/index.ts';

export function mailboxSourceConfig(name: string, m: MailboxConfig): FolderSourceConfig {
  return {
    mailbox: name,
    root: m.root,
    usePolling: m.use_polling,
    pollingIntervalMs: m.polling_interval_ms,
    doneMarker: m.done_marker,
    ignore: [...m.ignore],
    stableMs: m.stable_ms,
    maxBytes: m.max_bytes,
  };
}
