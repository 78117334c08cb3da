// Reads one file through its format plugin and validates each document as it streams by: the shared core
// of `bankgate validate` and the parse step. Memory stays bounded: callers decide what to keep.
import type { Issue } from '../core/issue.ts';
import type { CanonicalDocument } from '../core/model/document.ts';
import type { FormatId, FormatPlugin, InboundFile, PluginContext } from '../core/plugin.ts';

export type Validate = (doc: CanonicalDocument, where: { line?: number; listMissingReported?: boolean; listRead?: boolean }) => Issue[];

/** Completes a document before validation (e.g. attaches an employee list from a side-car file). */
export type Enrich = (doc: CanonicalDocument, line: number | undefined) => {
  document: CanonicalDocument;
  issues: Issue[];
  /** Codes of the format's own issues that the enrichment resolved (dropped). */
  resolves?: readonly string[];
  /** True when a list was attached: an empty list is then an error, not "not read". */
  listRead?: boolean;
};

export type CheckEvent =
  | { type: 'meta'; encoding?: string | undefined }
  | { type: 'document'; index: number; line?: number | undefined; document: CanonicalDocument; issues: Issue[] }
  /** A problem of the file itself, or of a document the format could not produce. */
  | { type: 'file-issue'; issue: Issue };

/**
 * A document's own format issues arrive before it (the reader sees its lines first): they are held until
 * the document comes and then attached when their line lies in its [line, endLine]; the rest belong to the file.
 */
export async function* checkFile(file: InboundFile, plugin: FormatPlugin, format: FormatId, ctx: PluginContext, validate: Validate, enrich?: Enrich): AsyncGenerator<CheckEvent> {
  let pending: Issue[] = [];
  let index = 0;
  for await (const item of plugin.parse(file, format, ctx)) {
    if (item.type === 'meta') {
      yield { type: 'meta', encoding: item.encoding };
      continue;
    }
    if (item.type === 'issue') {
      const { type: _t, ...issue } = item;
      pending.push(issue);
      continue;
    }
    let own: Issue[] = [];
    const rest: Issue[] = [];
    for (const i of pending) {
      const inside = i.line !== undefined && item.line !== undefined && item.endLine !== undefined && i.line >= item.line && i.line <= item.endLine;
      (inside ? own : rest).push(i);
    }
    pending = [];
    for (const i of rest) yield { type: 'file-issue', issue: i };
    index++;
    let document = item.document;
    let listRead = false;
    if (enrich) {
      const e = enrich(document, item.line);
      document = e.document;
      listRead = e.listRead ?? false;
      if (e.resolves?.length) own = own.filter((i) => !e.resolves!.includes(i.code));
      own.push(...e.issues);
    }
    const where = { ...(item.line !== undefined ? { line: item.line } : {}), listRead, listMissingReported: own.some((i) => i.code === 'FMT_LIST_MISSING') };
    const issues = [...own, ...validate(document, where)];
    yield { type: 'document', index, line: item.line, document, issues };
  }
  for (const i of pending) yield { type: 'file-issue', issue: i };
}
