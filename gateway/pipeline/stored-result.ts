// A received file's result report rebuilt from the store in the reader's language: the keys of out/<name>.result.json,
// made by the same builders (file-result.ts), for the HTTP inbox's answer, GET /api/v1/files/{id} and the inbox queue's
// replies.
import type { Lang } from '../core/error-report.ts';
import type { Store } from '../store/db.ts';
import { listDocuments, type DocumentRow } from '../store/documents-repo.ts';
import type { FileRow } from '../store/files-repo.ts';
import type { DocumentState } from '../store/schema.ts';
import { buildFileResult, type FileResultJson } from './file-result.ts';

export interface StoredFileResult {
  file: string;
  file_id: string;
  format: string | null;
  documents: FileResultJson['documents'];
  /**
   * The store does not keep the encoding the format sniffed (only out/ has it): null here. More fields may be added
   * to the result shape; none renamed (file-result.ts), so a reader of out/ reads this too.
   */
  encoding: string | null;
  issues: FileResultJson['issues'];
  summary: FileResultJson['summary'];
  /** False when none of the file's documents was stored (refused at intake, or its structure broken). */
  accepted: boolean;
}

/**
 * null while the file waits for its parse ('received'). A file whose structure was broken ('invalid') kept none of
 * its documents, so its report here carries the file's issues only; out/ and error/ list what was read of it.
 */
export async function storedFileResult(store: Store, row: FileRow, lang: Lang, given?: readonly DocumentRow[]): Promise<StoredFileResult | null> {
  if (row.state === 'received') return null;
  const docs = given ?? (await listDocuments(store.sql, row.id));
  const r = buildFileResult({
    file: row.name,
    format: row.format,
    encoding: null,
    fileIssues: row.issues,
    documents: docs.map((d) => ({ index: d.seq, line: d.line ?? undefined, document: d.document, issues: d.issues })),
    lang,
  });
  // The key order of out/<name>.result.json (result-writer.ts).
  return { file: r.file, file_id: row.id, format: r.format, documents: r.documents, encoding: r.encoding, issues: r.issues, summary: r.summary, accepted: row.state === 'parsed' };
}

export interface FileOutcome {
  /** null while the file waits for its parse. */
  report: StoredFileResult | null;
  /** The stored documents (to follow with GET /api/v1/documents/{id}); none for a refused or broken file. */
  documents: { index: number; id: string; state: DocumentState }[];
}

export async function fileOutcome(store: Store, row: FileRow, lang: Lang): Promise<FileOutcome> {
  const docs = row.state === 'received' ? [] : await listDocuments(store.sql, row.id);
  return { report: await storedFileResult(store, row, lang, docs), documents: docs.map((x) => ({ index: x.seq, id: x.id, state: x.state })) };
}
