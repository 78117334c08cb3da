// Plugin kinds and their identity define* helpers; plugins get a context, never the store or queue.
import type { Logger } from './logger.ts';
import type { Issue } from './issue.ts';
import type { ErrorCode } from './error-codes.ts';
import type { CanonicalDocument } from './model/document.ts';
import type { Statement } from './model/statement.ts';
import type { StatusReport } from './model/status-report.ts';

/** Dotted, versioned format id: '1c.kz', 'iso20022.pain.001.001.09', 'swift.mt940'. */
export type FormatId = string;

export interface PluginContext {
  logger: Logger;
  signal: AbortSignal;
  /** Builds a typed error the host understands (kind comes from the catalogue). */
  fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never;
}

/** A received file as format plugins see it. */
export interface InboundFile {
  name: string;
  mailbox: string;
  size: number;
  sha256: string;
  /** The first bytes (up to 64 KiB): what `detect` looks at. */
  head: Uint8Array;
  /** Streams the whole file from the blob store. */
  open(): AsyncIterable<Uint8Array>;
}

export interface ParsedDocument {
  type: 'document';
  /** 1-based line where the document starts in its file. */
  line?: number;
  /** 1-based line where it ends: issues on lines in [line, endLine] belong to this document. */
  endLine?: number;
  document: CanonicalDocument;
}

/** Facts about the whole file a format found out while reading (e.g. the sniffed encoding). */
export interface ParseMeta {
  type: 'meta';
  /** WHATWG-style label of the encoding actually used: 'utf-8', 'windows-1251', 'ibm866', 'rk1048'. */
  encoding?: string;
}

export type ParseItem = ParsedDocument | ParseMeta | ({ type: 'issue' } & Issue);

/** What the files of a format carry: payment documents (intake reads them), statements, or payment status reports. */
export type FormatContent = 'documents' | 'statements' | 'status-reports';

export interface ParsedStatement {
  type: 'statement';
  /** 1-based line where the statement (camt `Stmt`, MT940 message) starts. */
  line?: number;
  statement: Statement;
}

export interface ParsedStatusReport {
  type: 'status-report';
  line?: number;
  report: StatusReport;
}

export type StatementItem = ParsedStatement | ParseMeta | ({ type: 'issue' } & Issue);
export type StatusReportItem = ParsedStatusReport | ParseMeta | ({ type: 'issue' } & Issue);

/** Settings every writer understands; a writer ignores what its format has no place for. */
export interface WriteOptions {
  /** Message / file id (pain.001 `MsgId`, camt `GrpHdr/MsgId`, MT :20:); the writer makes one when absent. */
  messageId?: string;
  /** Creation time written into the file, ISO date-time; default now. */
  createdAt?: string;
  /** IANA zone local date-times are written in (1C users read Kazakhstan time); default the process's zone. */
  timeZone?: string;
  /** Character set of text formats (1C: windows-1251 by default; MT: the bank's); XML is always UTF-8. */
  encoding?: string;
  /** Bank profile values a format reads (where the Kazakh fields go in pain.001, the sender BIC of an MT block). */
  profile?: Readonly<Record<string, unknown>>;
}

interface WriterBase {
  /** The format id written: one the plugin declares. */
  format: FormatId;
  /** File name extension without the dot: 'xml', 'txt', 'sta'. */
  extension: string;
  /** The format holds one statement (one account) per file: a converter writes one file each. */
  oneStatementPerFile?: boolean;
}

/**
 * Writes canonical data as file bytes. A writer checks its whole input first and throws a user GatewayError (FMT_)
 * listing every problem before it yields a byte, so a half-written file never exists.
 */
export interface DocumentsWriter extends WriterBase {
  writes: 'documents';
  write(documents: readonly CanonicalDocument[], options: WriteOptions): AsyncIterable<Uint8Array>;
}

export interface StatementsWriter extends WriterBase {
  writes: 'statements';
  write(statements: readonly Statement[], options: WriteOptions): AsyncIterable<Uint8Array>;
}

export type FormatWriter = DocumentsWriter | StatementsWriter;

export interface FormatPlugin {
  name: string;
  formats: readonly FormatId[];
  /**
   * Files of this format carry no documents of their own: they complement another file (an employee list
   * beside a payment order). The host records them, reports their problems, and links them itself.
   */
  attachment?: boolean;
  /** First non-null wins; looks at `file.head` only. */
  detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>): FormatId | null;
  /**
   * Streams documents and issues; never throws on bad input (the host treats a throw as a plugin bug). For a format
   * that carries statements or status reports it yields one error saying so (FMT_STATEMENT_NOT_ORDERS): the intake
   * takes payment documents only.
   */
  parse(file: InboundFile, format: FormatId, ctx: PluginContext): AsyncIterable<ParseItem>;
  /** What each declared format carries; formats not listed carry 'documents'. */
  contents?: Readonly<Partial<Record<FormatId, FormatContent>>>;
  /** Reads the formats whose content is 'statements' (for conversion, mailboxes and connectors); never throws on bad input. */
  readStatements?(file: InboundFile, format: FormatId, ctx: PluginContext): AsyncIterable<StatementItem>;
  /** Reads the formats whose content is 'status-reports'; never throws on bad input. */
  readStatusReports?(file: InboundFile, format: FormatId, ctx: PluginContext): AsyncIterable<StatusReportItem>;
  /** The formats this plugin writes. */
  writers?: readonly FormatWriter[];
}

/** A file claimed by a source: moved into `.processing/`, not yet acknowledged. */
export interface ClaimedFile {
  mailbox: string;
  /** The name the producer gave the file. */
  name: string;
  /** Unique per claim; embedded in the processing file's name so a restart recognises its own claims. */
  claimId: string;
  /** Absolute path of the file inside `.processing/`. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Who handed the file over, for its audit event: the user's login for the HTTP inbox; absent (system) for folders. */
  actor?: string;
}

/** What the host decided about a claimed file; the source then moves it accordingly. */
export type Disposition =
  | { to: 'archive' }
  | { to: 'error'; issues: Issue[] };

export interface SourceContext {
  logger: Logger;
  /** Hands a claimed file to the host; the file stays in `.processing/` until this resolves. */
  deliver(file: ClaimedFile): Promise<Disposition>;
}

export interface RunningSource {
  /** Resolves once start-up recovery and the initial scan have been delivered. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface SourcePlugin<C = unknown> {
  name: string;
  start(config: C, ctx: SourceContext): RunningSource;
}

export function defineFormat<const P extends FormatPlugin>(plugin: P): P {
  return plugin;
}

export function defineSource<C, const P extends SourcePlugin<C> = SourcePlugin<C>>(plugin: P): P {
  return plugin;
}
