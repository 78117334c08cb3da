// The result report of a received file in API answers (POST /api/v1/inbox, GET /api/v1/files/{id}), described for the
// OpenAPI document: the keys of out/<name>.result.json, and the ids and states of the file's stored documents (built by
// fileOutcome, pipeline/stored-result.ts, which the inbox queue's replies use too).
import { z } from 'zod';
import { DOCUMENT_STATES } from '../../store/schema.ts';
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
