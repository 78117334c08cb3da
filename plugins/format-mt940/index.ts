// The SWIFT MT940 / MT942 format plugin: detects and reads statements (any dialect in the corpus) and writes MT940.
// The payment intake refuses these files as a whole (FMT_STATEMENT_NOT_ORDERS): they carry booked statements.
import { defineFormat, type FormatId, type InboundFile, type ParseItem, type PluginContext, type StatementItem } from '../../gateway/core/plugin.ts';
import type { MtKind } from './build.ts';
import { isKnownCharset } from './decode.ts';
import { detect, FORMAT_MT940, FORMAT_MT942 } from './detect.ts';
import { readMt940 } from './read.ts';
import { statementNotOrders } from './texts.ts';
import { mt940Writer } from './writer/write.ts';

export { detect, FORMAT_MT940, FORMAT_MT942 } from './detect.ts';
export { readMt940, parseMt940, mt940Items, type Mt940ReadOptions, type Mt940Parse } from './read.ts';
export { decodeMt, type Decoded } from './decode.ts';
export { readDetails, type Details } from './details.ts';
export { splitStatementLine, type RawStatementLine } from './statement-line.ts';
export { buildStatement, type MtKind } from './build.ts';
export { writeMt940, mt940Writer, type Mt940Profile } from './writer/write.ts';
export { checkStatements, type WriteProblem } from './writer/check.ts';
export { toSwiftX, CYRILLIC, SIGNS, SWIFT_X } from './writer/swift-x.ts';

export interface FormatMt940Options {
  /** Charset of files that are not valid UTF-8 (an iconv-lite name); default 'latin1'. CP852 for Central European banks. */
  charset?: string;
}

/** The plugin with options. Throws RangeError on an unknown charset. */
export function createFormatMt940(options: FormatMt940Options = {}) {
  const charset = options.charset ?? 'latin1';
  if (!isKnownCharset(charset)) throw new RangeError(`format-mt940: unknown charset '${charset}'`);
  return defineFormat({
    name: 'format-mt940',
    formats: [FORMAT_MT940, FORMAT_MT942],
    contents: { [FORMAT_MT940]: 'statements', [FORMAT_MT942]: 'statements' },
    detect,
    async *parse(_file: InboundFile, format: FormatId, _ctx: PluginContext): AsyncGenerator<ParseItem> {
      yield { type: 'issue', ...statementNotOrders(format === FORMAT_MT942 ? 'MT942' : 'MT940') };
    },
    readStatements(file: InboundFile, format: FormatId, ctx: PluginContext): AsyncIterable<StatementItem> {
      const kind: MtKind = format === FORMAT_MT942 ? FORMAT_MT942 : FORMAT_MT940;
      return readMt940(file.open(), { charset, format: kind, signal: ctx.signal });
    },
    writers: [mt940Writer],
  });
}

/** The plugin with default options (latin1 for files that are not UTF-8). */
export const formatMt940 = createFormatMt940();
