// The out/ result report for a file known all at once (refused at intake): the streaming writer, fed in one go.
import type { Issue } from '../core/issue.ts';
import type { CheckedDocument } from './file-result.ts';
import { createResultWriter } from './result-writer.ts';

export interface ResultReportInput {
  file: string;
  fileId: string;
  format: string | null;
  encoding: string | null;
  fileIssues: Issue[];
  documents: CheckedDocument[];
  /** False when none of the file's documents was stored. */
  accepted: boolean;
}

export async function writeResultReport(root: string, r: ResultReportInput): Promise<void> {
  const w = await createResultWriter(root, { file: r.file, fileId: r.fileId, format: r.format });
  try {
    for (const d of r.documents) await w.document(d);
    await w.finish({ encoding: r.encoding, fileIssues: r.fileIssues, accepted: r.accepted });
  } catch (e) {
    await w.abort();
    throw e;
  }
}
