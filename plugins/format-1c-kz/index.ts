// The 1C Kazakhstan format plugin: detects 1CClientBankExchange files and parses them as a stream into canonical
// documents (a bank statement dropped here gets one FMT_STATEMENT_NOT_ORDERS error for the whole file); also exports the
// employee side-car readers, the statement reader and the statement writer.
import { defineFormat, type FormatId, type FormatPlugin, type InboundFile, type ParseItem, type PluginContext } from '../../gateway/core/plugin.ts';
import { issue, t, type Issue } from '../../gateway/core/issue.ts';
import { detect, FORMAT_1C_KZ } from './detect.ts';
import { KEYWORDS } from './keys.ts';
import { mapDocument, type MapContext } from './map-document.ts';
import { resolveOptions, type Format1cKzOptions } from './options.ts';
import { ExchangeReader, type ReaderEvent } from './reader.ts';
import { StatementGuard } from './statement-guard.ts';
import { readStatements1c, statementWriter1c } from './statement-io.ts';

export { detect, FORMAT_1C_KZ } from './detect.ts';
export { sniffEncoding, declaredCharset, type Sniffed, type Charset } from './encoding.ts';
export { resolveOptions, type Format1cKzOptions } from './options.ts';
export {
  DEFAULT_KNP_KINDS,
  STATUTORY_BENEFICIARIES,
  KnpKinds,
  resolveKind,
  isListKind,
  type KindRule,
  type KnpKindOverrides,
  type BeneficiaryRule,
  type KindDecision,
} from './kinds.ts';
export { DEFAULT_LIST_GRAMMAR, listGrammar, type ListGrammar, type ListGrammarOptions, type RowFieldName } from './rows.ts';
export { parseEmployeeCsv, type CsvOptions } from './sidecar/csv.ts';
export { parseSalaryXml, type SalaryXmlOptions } from './sidecar/salary-xml.ts';
export { matchSideCar, attachSideCars, sideCarNames, parseSideCar, type EmployeeList, type SideCarParse, type SideCarMatch, type AttachResult } from './sidecar/match.ts';
export { parseStatement1c, type StatementParse, type StatementReadOptions } from './statement/read.ts';
export { writeStatement1c, checkStatement, type StatementInput, type StatementWriteOptions, type OperationSource, type WriteCharset } from './writer/statement.ts';

/** How much of a chunk the reader takes at a time (see the read loop). */
const PIECE_BYTES = 32 * 1024;

/**
 * Hands out the items of batches (arrays) from an async source one by one. An async generator would `await` every
 * item it yields (a promise turn each); here only a new batch costs one — a batch is a piece of a chunk's items.
 */
class BatchIterator<T> implements AsyncIterableIterator<T> {
  private batch: readonly T[] = [];
  private at = 0;

  constructor(private readonly source: AsyncGenerator<readonly T[]>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.at < this.batch.length) return Promise.resolve({ value: this.batch[this.at++]!, done: false });
    return this.source.next().then((r) => {
      if (r.done) return { value: undefined, done: true };
      this.batch = r.value;
      this.at = 0;
      return this.next();
    });
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    this.batch = [];
    await this.source.return(undefined);
    return { value, done: true } as IteratorResult<T>;
  }

  async throw(e?: unknown): Promise<IteratorResult<T>> {
    this.batch = [];
    await this.source.throw(e);
    return { value: undefined, done: true };
  }
}

/**
 * A parse function bound to resolved options. Reads `file.open()` chunk by chunk, splits lines on bytes and decodes
 * lines in the charset sniffed from `file.head`; holds at most one piece of a chunk's items and one document.
 */
export function createParser(ctxMap: MapContext): FormatPlugin['parse'] {
  return function parse1cKz(file: InboundFile, _format: FormatId, ctx: PluginContext): AsyncIterable<ParseItem> {
    return new BatchIterator(batches(file, ctx, ctxMap));
  };
}

/** The items of a file, a batch at a time (a new array each time: the consumer may still hold the last one). */
async function* batches(file: InboundFile, ctx: PluginContext, ctxMap: MapContext): AsyncGenerator<readonly ParseItem[]> {
  let out: ParseItem[] = [];
  let documents = 0;
  let issues = 0;
  const report = (i: Issue): void => {
    issues++;
    out.push({ type: 'issue', ...i });
  };
  // A bank statement (kl_to_1c) is read as usual but refused as a whole: its operations are already booked.
  const statement = new StatementGuard();
  const reader: ExchangeReader = new ExchangeReader(
    file.head,
    (e: ReaderEvent) => {
      switch (e.type) {
        case 'account-section': {
          statement.account(e.line);
          const as = KEYWORDS.accountStart;
          const text = t({
            en: `'${as}' (statement balances) is skipped: payment files are read here, statements with parseStatement1c`,
            ru: `секция '${as}' (остатки выписки) пропущена: здесь читаются платёжные документы, выписки загружаются отдельно`,
            kk: `'${as}' секциясы (үзінді-көшірме қалдықтары) өткізіліп жіберілді: мұнда төлем құжаттары оқылады, үзінді-көшірмелер бөлек жүктеледі`,
          });
          report(issue('FMT_SECTION_SKIPPED', text, { line: e.line, field: as, severity: 'warning' }));
          return;
        }
        case 'document': {
          statement.document(e.doc);
          const r = mapDocument(e.doc, reader.header, ctxMap);
          for (const i of r.issues) report(i);
          // A block with a syntax error (reported by the grammar) is checked but never handed on.
          if (r.document && e.doc.syntaxErrors === 0) {
            documents++;
            out.push({ type: 'document', line: e.doc.line, endLine: e.doc.endLine, document: r.document });
          }
          return;
        }
        default:
          return;
      }
    },
    report,
    { list: ctxMap.list },
  );
  for await (const chunk of file.open()) {
    ctx.signal.throwIfAborted();
    // Large chunks are read a piece at a time and their items handed on in between: documents then die young
    // (cheap for the garbage collector) instead of a whole chunk's worth waiting together.
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      reader.push(chunk.length <= PIECE_BYTES ? chunk : chunk.subarray(at, at + PIECE_BYTES));
      if (out.length > 0) {
        yield out;
        out = [];
      }
    }
  }
  reader.end();
  // After every document, so that the file keeps it (see StatementGuard): one error for the whole file.
  const refused = statement.issue();
  if (refused) report(refused);
  // The charset actually used (a cp1251 file may have switched to RK1048 at its first Kazakh letter).
  out.push({ type: 'meta', encoding: reader.charset });
  yield out;
  ctx.logger.info({ file: file.name, encoding: reader.charset, sniffed: reader.sniffed.reason, lines: reader.lineCount, documents, issues, statement: refused !== null }, '1c.kz file parsed');
}

/** The plugin with options: employee sub-section grammar, KNP kind overrides, statutory beneficiaries. Throws RangeError on bad options. */
export function createFormat1cKz(options: Format1cKzOptions = {}) {
  return defineFormat({
    name: 'format-1c-kz',
    formats: [FORMAT_1C_KZ],
    detect,
    parse: createParser(resolveOptions(options)),
    // kl_to_1c.txt shares the format id with 1c_to_kl.txt: `parse` takes payment orders and refuses a statement,
    // `readStatements` takes the statement (and reports a file of payment orders as having no account section).
    readStatements: readStatements1c,
    writers: [statementWriter1c],
  });
}

/** The plugin with default options. */
export const format1cKz = createFormat1cKz();

/** Parses with default options (kept for callers of the first slice). */
export const parse1cKz = format1cKz.parse;
export { format1cKzLists, FORMAT_1C_KZ_EMPLOYEES } from './lists-plugin.ts';
export { readStatements1c, statementWriter1c } from './statement-io.ts';
