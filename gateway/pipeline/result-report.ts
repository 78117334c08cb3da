// Writes the result of a received file into its mailbox's out/ folder for 1C and for people:
// `<name>.result.json` always, `<name>.err` (1C client-bank style, ru + kk) only when there are errors.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { renderErrText } from '../core/error-report.ts';
import type { Issue } from '../core/issue.ts';
import { writeFileAtomic } from '../../plugins/source-folder/index.ts';
import { buildFileResult, type CheckedDocument } from './file-result.ts';

export interface ResultReportInput {
  file: string;
  fileId: string;
  format: string | null;
  encoding: string | null;
  fileIssues: Issue[];
  documents: CheckedDocument[];
  /** False when the file's structure was broken and none of its documents was stored. */
  accepted: boolean;
}

const MOVE = { retries: 10, retryMs: 50 };

export async function writeResultReport(root: string, r: ResultReportInput): Promise<void> {
  const out = path.join(root, 'out');
  await mkdir(out, { recursive: true });
  const result = { ...buildFileResult({ ...r, lang: 'ru' }), file_id: r.fileId, accepted: r.accepted };
  const errors = [...r.fileIssues, ...r.documents.flatMap((d) => d.issues)].filter((i) => i.severity === 'error');
  const target = path.join(out, r.file);
  if (errors.length > 0) await writeFileAtomic(`${target}.err`, renderErrText(errors), r.fileId, MOVE);
  // A clean file of the same name replaces an earlier one's result: a stale .err must not stay beside it.
  else await rm(`${target}.err`, { force: true });
  await writeFileAtomic(`${target}.result.json`, JSON.stringify(result, null, 2) + '\n', r.fileId, MOVE);
}
