// Links employee lists that travel beside a 1C payment file (`<base>.csv`, `<base>.employees.csv`, `<base>.xml`)
// with the payment orders they belong to, whichever arrives first: a payment file parsed after its side-cars
// takes their lists; a side-car parsed after its payment file completes that file's list documents still
// without rows (re-validated, with an audit event). 1C-specific by nature, so kept in this one module.
import type { Issue } from '../core/issue.ts';
import type { CanonicalDocument } from '../core/model/document.ts';
import type { Logger } from '../core/logger.ts';
import { FORMAT_1C_KZ_EMPLOYEES, matchSideCar, parseSideCar, sideCarNames, type EmployeeList } from '../../plugins/format-1c-kz/index.ts';
import type { Store } from '../store/db.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { FileRow } from '../store/files-repo.ts';
import { getFile } from '../store/files-repo.ts';
import { listDocuments, updateDocumentContent } from '../store/documents-repo.ts';
import type { Enrich, Validate } from './check.ts';
import { isValid } from './file-result.ts';

export const PAYMENT_FORMAT = '1c.kz';
const RESOLVED = ['FMT_LIST_MISSING'] as const;

async function readAll(blobs: BlobStore, sha256: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of blobs.open(sha256)) parts.push(c);
  return Buffer.concat(parts);
}

async function listsOf(blobs: BlobStore, file: FileRow): Promise<EmployeeList[]> {
  return parseSideCar(file.name, await readAll(blobs, file.sha256))?.lists ?? [];
}

/** The newest parsed side-car of each name that belongs to this payment file, in the same mailbox. */
export async function sideCarListsFor(store: Store, blobs: BlobStore, payment: FileRow): Promise<EmployeeList[]> {
  const names = sideCarNames(payment.name);
  const rows = await store.sql.all<{ id: string }>(
    `SELECT id FROM files WHERE mailbox = $1 AND format = $2 AND state = 'parsed' AND name IN (${names.map((_, i) => `$${i + 3}`).join(',')}) ORDER BY id DESC`,
    [payment.mailbox, FORMAT_1C_KZ_EMPLOYEES, ...names],
  );
  const seen = new Set<string>();
  const lists: EmployeeList[] = [];
  for (const { id } of rows) {
    const f = (await getFile(store.sql, id))!;
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    lists.push(...(await listsOf(blobs, f)));
  }
  return lists;
}

/** Per-document matcher for one payment file; a list goes to one document at most. */
export function listEnricher(lists: readonly EmployeeList[]): Enrich | undefined {
  if (lists.length === 0) return undefined;
  const free = [...lists];
  return (doc, line) => {
    const m = matchSideCar(free, doc, line);
    if (!m.list) return { document: doc, issues: m.issues };
    free.splice(m.index, 1);
    return { document: m.document, issues: m.issues, resolves: RESOLVED, listRead: true };
  };
}

/** A side-car that arrived after its payment file: fills that file's list documents still without rows. */
export async function attachLateLists(deps: { store: Store; blobs: BlobStore; validate: Validate; logger: Logger }, sideCar: FileRow): Promise<number> {
  const { store } = deps;
  const candidates = await store.sql.all<{ id: string; name: string }>(
    `SELECT id, name FROM files WHERE mailbox = $1 AND format = $2 AND state = 'parsed' ORDER BY id DESC LIMIT 200`,
    [sideCar.mailbox, PAYMENT_FORMAT],
  );
  const owners = candidates.filter((c) => sideCarNames(c.name).includes(sideCar.name));
  if (owners.length === 0) return 0;
  const free = await listsOf(deps.blobs, sideCar);
  let attached = 0;
  for (const owner of owners) {
    for (const d of await listDocuments(store.sql, owner.id)) {
      if (free.length === 0) return attached;
      if (!('rows' in d.document) || d.document.rows.length > 0) continue;
      if (d.state !== 'awaiting-signature' && d.state !== 'invalid') continue;
      const m = matchSideCar(free, d.document as CanonicalDocument, d.line ?? undefined);
      if (!m.list) continue;
      free.splice(m.index, 1);
      // The earlier "list missing / not read" findings no longer hold; everything else is checked again.
      const kept = d.issues.filter((i) => !i.code.startsWith('VAL_') && i.code !== 'FMT_LIST_MISSING');
      const issues: Issue[] = [...kept, ...m.issues, ...deps.validate(m.document, { ...(d.line !== null ? { line: d.line } : {}), listRead: true })];
      const state = isValid(issues) ? 'awaiting-signature' : 'invalid';
      await updateDocumentContent(store.sql, d.id, { document: m.document, state, issues }, { type: 'document.list-attached', data: { sideCarFileId: sideCar.id, sideCar: sideCar.name, rows: m.list.rows.length } });
      deps.logger.info({ documentId: d.id, sideCar: sideCar.name, rows: m.list.rows.length, state }, 'employee list attached');
      attached++;
    }
  }
  return attached;
}
