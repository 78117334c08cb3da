// The ISO 20022 format plugin: pain.001 payment orders in (intake, conversion) and out (to banks), pain.002 status
// reports in, camt.052/053/054 statements in and camt.053.001.08 out. Streaming readers (xml/stream.ts) keep memory
// bounded; detection looks at the root element of the head only.
import { issue, t } from '../../gateway/core/issue.ts';
import { defineFormat, type FormatContent, type FormatId, type InboundFile, type ParseItem, type PluginContext } from '../../gateway/core/plugin.ts';
import { CAMT_FORMATS, camt053Writer, readCamt } from './camt/index.ts';
import { PAIN_002_03, PAIN_002_10, PAIN_FORMATS, pain001Writer, readPain001, readPain002, type Pain001KzProfile } from './pain/index.ts';
import { detect } from './detect.ts';

export { detect, sniffRoot } from './detect.ts';
export * from './camt/index.ts';
export * from './pain/index.ts';

const FORMATS: readonly FormatId[] = [...PAIN_FORMATS, ...CAMT_FORMATS];
const isStatus = (f: FormatId) => f === PAIN_002_03 || f === PAIN_002_10;
const isCamt = (f: FormatId) => (CAMT_FORMATS as readonly string[]).includes(f);

const CONTENTS: Record<FormatId, FormatContent> = Object.fromEntries([
  ...CAMT_FORMATS.map((f) => [f, 'statements'] as const),
  [PAIN_002_03, 'status-reports'] as const,
  [PAIN_002_10, 'status-reports'] as const,
]);

export interface Iso20022Options {
  /** Where the Kazakh fields sit in pain.001 (the national usage guide is not public: see pain/profile.ts). */
  pain001?: Partial<Pain001KzProfile>;
}

export function createFormatIso20022(options: Iso20022Options = {}) {
  async function* parse(file: InboundFile, format: FormatId, ctx: PluginContext): AsyncGenerator<ParseItem> {
    if (isCamt(format) || isStatus(format)) {
      // The intake takes payment orders; statements and status reports come from the bank (connectors, convert).
      const code = isCamt(format) ? 'FMT_STATEMENT_NOT_ORDERS' : 'FMT_REPORT_NOT_ORDERS';
      const what = t({ en: `${format}: read it with \`bankgate convert\`, not as payments`, ru: `${format}: его читает \`bankgate convert\`, это не платежи`, kk: `${format}: оны \`bankgate convert\` оқиды, бұл төлемдер емес` });
      yield { type: 'issue', ...issue(code, what, { line: 1 }) };
      return;
    }
    yield* readPain001(file.open(), { signal: ctx.signal, ...(options.pain001 ? { profile: options.pain001 } : {}) });
  }
  return defineFormat({
    name: 'format-iso20022',
    formats: FORMATS,
    contents: CONTENTS,
    detect,
    parse,
    readStatements: (file, _format, ctx) => readCamt(file.open(), { signal: ctx.signal }),
    readStatusReports: (file, _format, ctx) => readPain002(file.open(), { signal: ctx.signal }),
    writers: [pain001Writer, camt053Writer],
  });
}

export const formatIso20022 = createFormatIso20022();
