// camt.052 / 053 / 054 (V02, V08, and the other versions by local names) → canonical Statements, streaming:
// `Ntry` elements are records handed out and dropped as they close, so memory holds one statement's operations
// and one entry's subtree, never the document. Bad input becomes issues; the generator never throws on it.
import type { Issue } from '../../../gateway/core/issue.ts';
import type { StatementItem } from '../../../gateway/core/plugin.ts';
import { child, readXmlBatches, XmlStreamError, type XmlElement } from '../xml/stream.ts';
import { DEFAULT_KNP_PATTERN, DEFAULT_KNP_SOURCES, mapEntry, type EntryContext, type KnpOptions } from './entry.ts';
import { MESSAGES, messageOfBody, type CamtMessage } from './formats.ts';
import { StatementBuilder } from './statement.ts';
import { missing, notCamt, xmlIssue } from './texts.ts';
import { forgetInterned } from './values.ts';

export interface CamtReadOptions {
  signal?: AbortSignal;
  /** Where the KNP is read from (default: `Purp/Prtry`, then `KNP`/`КНП` in the remittance text). */
  knp?: KnpOptions;
}

const REPORTS = new Set(['Stmt', 'Rpt', 'Ntfctn']);

/** A report element (`Stmt`/`Rpt`/`Ntfctn` directly under a `BkToCstmr…` body) or an entry directly under one. */
function isRecord(path: readonly string[]): boolean {
  const n = path.length;
  const name = path[n - 1]!;
  if (name.length > 6 || (name !== 'Ntry' && name !== 'Stmt' && name !== 'Rpt' && name !== 'Ntfctn')) return false;
  if (name === 'Ntry') return n >= 3 && REPORTS.has(path[n - 2]!) && messageOfBody(path[n - 3]!) !== null;
  return REPORTS.has(name) && n >= 2 && messageOfBody(path[n - 2]!) !== null;
}

/**
 * Reads a camt.052/053/054 file into one statement per `Rpt` (kind 'intraday'), `Stmt` ('statement') or `Ntfctn`
 * ('notification'), each yielded when its element closes, after the issues found in it.
 */
export async function* readCamt(chunks: AsyncIterable<Uint8Array>, options: CamtReadOptions = {}): AsyncGenerator<StatementItem> {
  const pending: Issue[] = [];
  const report = (i: Issue) => void pending.push(i);
  const knpFrom = options.knp?.from ?? DEFAULT_KNP_SOURCES;
  const knpPattern = options.knp?.pattern ?? DEFAULT_KNP_PATTERN;
  let message: CamtMessage | null = null;
  let rootName = '';
  let current: StatementBuilder | null = null;
  let reports = 0;
  let entryNo = 0;
  let ctx: EntryContext | null = null;
  const flush = function* (): Generator<StatementItem> {
    for (const i of pending.splice(0)) yield { type: 'issue', ...i };
  };
  const builderFor = (el: XmlElement, ancestors: readonly XmlElement[]): StatementBuilder => {
    if (current?.el === el) return current;
    const body = ancestors[ancestors.length - 1];
    message = (body && messageOfBody(body.name)) ?? message;
    const kind = MESSAGES[message ?? '053'].kind;
    const path = [...ancestors.map((a) => a.name), `${el.name}[${++reports}]`].join('/');
    entryNo = 0;
    current = new StatementBuilder(el, path, kind, child(body, 'GrpHdr'), report);
    ctx = { currency: current.currency, path: '', knpFrom, knpPattern, report };
    return current;
  };
  try {
    for await (const batch of readXmlBatches(chunks, { records: isRecord, recordNames: ['Ntry', 'Stmt', 'Rpt', 'Ntfctn'], ...(options.signal ? { signal: options.signal } : {}) })) for (const ev of batch) {
      if (ev.type === 'root') {
        rootName = ev.element.name;
        continue;
      }
      if (ev.type === 'record' && ev.element.name === 'Ntry') {
        const b = builderFor(ev.ancestors[ev.ancestors.length - 1]!, ev.ancestors.slice(0, -1));
        ctx!.currency = b.currency;
        ctx!.path = `${b.path}/Ntry[${++entryNo}]`;
        b.add(mapEntry(ev.element, ctx!));
        if (pending.length) yield* flush();
        continue;
      }
      if (ev.type === 'record') {
        const b = builderFor(ev.element, ev.ancestors);
        const statement = b.finish(ev.element);
        current = null;
        yield* flush();
        yield { type: 'statement', line: ev.element.line, statement };
        continue;
      }
      if (ev.type === 'end' && ev.path.length === 1) {
        if (reports === 0) {
          const body = ev.element.children.find((c) => messageOfBody(c.name)) ?? (messageOfBody(ev.element.name) ? ev.element : undefined);
          if (!body) report(notCamt({ line: ev.element.line, field: ev.element.name }, `<${ev.element.name}${ev.element.ns ? ` xmlns="${ev.element.ns}"` : ''}>`));
          else {
            const m = messageOfBody(body.name)!;
            const path = body === ev.element ? body.name : `${rootName}/${body.name}`;
            report(missing({ line: body.line, field: `${path}/${MESSAGES[m].report}` }));
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof XmlStreamError)) throw e;
    report(xmlIssue(e));
  } finally {
    forgetInterned();
  }
  yield* flush();
}
