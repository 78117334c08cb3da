// Adapts store file rows to the API's JSON view (snake_case, ISO times, errors as code + message + line).
import type { Store } from '../store/db.ts';
import { listFiles, type FileRow } from '../store/files-repo.ts';
import type { FilesSource, FileView } from './api/files.ts';

export function toFileView(r: FileRow): FileView {
  const errors = r.issues.filter((i) => i.severity === 'error');
  return {
    id: r.id,
    name: r.name,
    mailbox: r.mailbox,
    sha256: r.sha256,
    size: r.size,
    state: r.state,
    received_at: new Date(r.receivedAt).toISOString(),
    error: errors.length ? errors.map((i) => ({ code: i.code, message: i.message, line: i.line ?? null })) : null,
    duplicate_of: r.duplicateOf,
    format: r.format,
  };
}

export function filesView(store: Store): FilesSource {
  return {
    listFiles(q) {
      const { items, nextCursor } = listFiles(store, q);
      return { items: items.map(toFileView), nextCursor };
    },
  };
}
