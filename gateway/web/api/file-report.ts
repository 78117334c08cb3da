// The result report of a received file in API answers (POST /api/v1/inbox, GET /api/v1/files/{id}): the keys of
// out/<name>.result.json in the language of the request, and the ids and states of the file's stored documents.
import { z } from 'zod';
import type { Lang } from '../../core/error-report.ts';
import { storedFileResult, type StoredFileResult } from '../../pipeline/stored-result.ts';
import type { Store } from '../../store/db.ts';
import { listDocuments } from '../../store/documents-repo.ts';
import type { FileRow } from '../../store/files-repo.ts';
import { DOCUMENT_STATES, type DocumentState } from '../../store/schema.ts';
import { requisitesShape } from './documents.ts';

const reportIssueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    line: z.number().nullable(),
    field: z.string().nullable().optional().describe('Issues of a document only'),
    message: z.string().describe('Catalogue text, field and specifics in the language of the request'),
  })
  .meta({ id: 'ReportIssue' });

const reportDocumentSchema = z
  .object({
    index: z.number().describe('1-based position of the document in the file'),
    line: z.number().nullable(),
    ...requisitesShape,
    valid: z.boolean(),
    issues: z.array(reportIssueSchema),
  })
  .meta({ id: 'ReportDocument' });

export const fileReportSchema = z
  .object({
    file: z.string(),
    file_id: z.string(),
    format: z.string().nullable(),
    documents: z.array(reportDocumentSchema),
    encoding: z.string().nullable().describe('Known in out/ only: null here'),
    issues: z.array(reportIssueSchema).describe('Issues of the file itself'),
    summary: z.object({ documents: z.number(), valid: z.number(), invalid: z.number() }),
    accepted: z.boolean().describe('False when none of its documents was stored'),
  })
  .meta({ id: 'FileReport', description: 'The result report written to the mailbox as out/<name>.result.json' });

export const documentRefSchema = z.object({ index: z.number(), id: z.string(), state: z.enum(DOCUMENT_STATES) }).meta({ id: 'FileDocumentRef' });

export interface FileOutcome {
  /** null while the file waits for its parse. */
  report: StoredFileResult | null;
  /** The stored documents (to follow with GET /api/v1/documents/{id}); none for a refused or broken file. */
  documents: { index: number; id: string; state: DocumentState }[];
}

export function fileOutcome(store: Store, row: FileRow, lang: Lang): FileOutcome {
  const docs = row.state === 'received' ? [] : listDocuments(store, row.id);
  return { report: storedFileResult(store, row, lang, docs), documents: docs.map((x) => ({ index: x.seq, id: x.id, state: x.state })) };
}
