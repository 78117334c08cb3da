// The result of reading and validating one file, in the JSON shape of `bankgate validate --json` (issue 3)
// and of `<name>.result.json` in the mailbox's out/ folder. More fields may be added; none renamed.
import { issueMessage, type Lang } from '../core/error-report.ts';
import type { Issue } from '../core/issue.ts';
import type { CanonicalDocument } from '../core/model/document.ts';
import { documentJson, type DocumentJson } from '../core/model/document-json.ts';

export interface IssueJson {
  code: string;
  severity: 'error' | 'warning';
  line: number | null;
  field?: string | null;
  message: string;
}

export interface DocumentResultJson extends DocumentJson {
  index: number;
  line: number | null;
  valid: boolean;
  issues: IssueJson[];
}

export interface FileResultJson {
  file: string;
  format: string | null;
  encoding: string | null;
  issues: IssueJson[];
  documents: DocumentResultJson[];
  summary: { documents: number; valid: number; invalid: number };
}

export interface CheckedDocument {
  index: number;
  line?: number | undefined;
  document: CanonicalDocument;
  /** Format and validation issues of this document. */
  issues: Issue[];
}

export const isValid = (issues: readonly Issue[]) => !issues.some((i) => i.severity === 'error');

export function issueJson(i: Issue, lang: Lang, withField: boolean): IssueJson {
  return { code: i.code, severity: i.severity, line: i.line ?? null, ...(withField ? { field: i.field ?? null } : {}), message: issueMessage(i, lang) };
}

export function documentResultJson(d: CheckedDocument, lang: Lang): DocumentResultJson {
  return { index: d.index, line: d.line ?? null, ...documentJson(d.document), valid: isValid(d.issues), issues: d.issues.map((i) => issueJson(i, lang, true)) };
}

export function buildFileResult(input: { file: string; format: string | null; encoding: string | null; fileIssues: Issue[]; documents: CheckedDocument[]; lang: Lang }): FileResultJson {
  const documents = input.documents.map((d) => documentResultJson(d, input.lang));
  const valid = documents.filter((d) => d.valid).length;
  return {
    file: input.file,
    format: input.format,
    encoding: input.encoding,
    issues: input.fileIssues.map((i) => issueJson(i, input.lang, false)),
    documents,
    summary: { documents: documents.length, valid, invalid: documents.length - valid },
  };
}

/**
 * Splits a format's issues between the documents they fall in (by line range) and the file itself.
 * Issues of documents the format could not produce stay with the file.
 */
export function attributeIssues(docs: readonly { line?: number | undefined; endLine?: number | undefined }[], issues: readonly Issue[]): { perDocument: Issue[][]; file: Issue[] } {
  const perDocument: Issue[][] = docs.map(() => []);
  const file: Issue[] = [];
  // Documents come in line order: binary search for the last one starting at or before the issue's line.
  const starts = docs.map((d) => d.line ?? -1);
  for (const i of issues) {
    const at = i.line;
    let k = -1;
    if (at !== undefined) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= at) (k = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      const d = k >= 0 ? docs[k]! : undefined;
      if (!d || d.line === undefined || d.endLine === undefined || at > d.endLine) k = -1;
    }
    if (k >= 0) perDocument[k]!.push(i);
    else file.push(i);
  }
  return { perDocument, file };
}
