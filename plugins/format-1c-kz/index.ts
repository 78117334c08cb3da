// The 1C Kazakhstan format plugin: detects 1CClientBankExchange files and parses them as a stream into canonical documents.
import { defineFormat, type FormatId, type InboundFile, type ParseItem, type PluginContext } from '../../gateway/core/plugin.ts';
import { issue, type Issue } from '../../gateway/core/issue.ts';
import { detect, FORMAT_1C_KZ } from './detect.ts';
import { CHARSET_LABEL, declaredCharset, LineDecoder, sniffEncoding } from './encoding.ts';
import { ExchangeGrammar, type GrammarEvent } from './grammar.ts';
import { HEADER_KEYS, KEYWORDS, keyId } from './keys.ts';
import { LineSplitter, MAX_LINE_BYTES, type RawLine } from './lines.ts';
import { mapDocument, type HeaderInfo } from './map-document.ts';

export { detect, FORMAT_1C_KZ } from './detect.ts';
export { sniffEncoding, declaredCharset, type Sniffed, type Charset } from './encoding.ts';

/** Header `Документ=` values kept (a bare `СекцияДокумент` takes its kind from them); more are ignored. */
const MAX_HEADER_KINDS = 32;
const ENCODING_KEY = keyId(HEADER_KEYS.encoding);
const KIND_KEY = keyId(HEADER_KEYS.documentKind);

/**
 * Streams documents and issues from a 1C file. Reads `file.open()` chunk by chunk, splits lines on bytes and
 * decodes each line in the charset sniffed from `file.head`; holds at most one chunk's items and one document.
 */
export async function* parse1cKz(file: InboundFile, _format: FormatId, ctx: PluginContext): AsyncGenerator<ParseItem> {
  const sniffed = sniffEncoding(file.head);
  const decoder = new LineDecoder(sniffed);
  const header: HeaderInfo = { documentKinds: [] };
  const out: ParseItem[] = [];
  let encodingReported = false;
  let documents = 0;
  let issues = 0;

  const report = (i: Issue): void => {
    issues++;
    out.push({ type: 'issue', ...i });
  };

  /** RK1048 without a `Кодировка` line to compare with: say so once, before the first section. */
  const reportRk1048 = (line: number): void => {
    if (encodingReported || decoder.charset !== 'rk1048') return;
    encodingReported = true;
    report(issue('FMT_ENCODING_MISMATCH', `Kazakh letters found: the file is read as ${CHARSET_LABEL.rk1048}, not cp1251`, { line, field: HEADER_KEYS.encoding, severity: 'warning' }));
  };

  const onHeader = (key: string, value: string, line: number): void => {
    const k = keyId(key);
    if (k === KIND_KEY) {
      if (header.documentKinds.length < MAX_HEADER_KINDS) header.documentKinds.push(value);
      return;
    }
    if (k !== ENCODING_KEY) return;
    encodingReported = true;
    const declared = declaredCharset(value);
    const actual = CHARSET_LABEL[decoder.charset];
    if (declared === null) {
      report(issue('FMT_BAD_VALUE', `unknown '${key}' value '${value}'; the file is read as ${actual}`, { line, field: key, severity: 'warning', expected: 'Windows or DOS' }));
    } else if (declared !== decoder.charset) {
      report(issue('FMT_ENCODING_MISMATCH', `the file is ${actual} but '${key}' says '${value}' (${CHARSET_LABEL[declared]}); it is read as ${actual}`, { line, field: key, severity: 'warning' }));
    }
  };

  const onEvent = (e: GrammarEvent): void => {
    switch (e.type) {
      case 'issue':
        report(e.issue);
        return;
      case 'header':
        onHeader(e.key, e.value, e.line);
        return;
      case 'account-section':
        reportRk1048(e.line);
        report(issue('FMT_SECTION_SKIPPED', `'${KEYWORDS.accountStart}' (statement balances) is skipped: it is imported in the bank-to-1C direction later`, { line: e.line, field: KEYWORDS.accountStart, severity: 'warning' }));
        return;
      case 'document': {
        reportRk1048(e.doc.line);
        const r = mapDocument(e.doc, header);
        for (const i of r.issues) report(i);
        // A block with a syntax error (reported by the grammar) is checked but never handed on.
        if (r.document && e.doc.syntaxErrors === 0) {
          documents++;
          out.push({ type: 'document', line: e.doc.line, document: r.document });
        }
        return;
      }
    }
  };

  const grammar = new ExchangeGrammar(onEvent);
  const feed = (raw: RawLine): void => {
    const d = decoder.decode(raw.bytes);
    if (d.badBytes) grammar.flaw(issue('FMT_BAD_BYTES', `the line is not valid ${CHARSET_LABEL['utf-8']}; bad bytes are shown as U+FFFD`, { line: raw.no }));
    if (d.switchedToRk1048) {
      encodingReported = true;
      report(issue('FMT_ENCODING_MISMATCH', `Kazakh letters found at this line: from here on the file is read as ${CHARSET_LABEL.rk1048}, not cp1251`, { line: raw.no, severity: 'warning' }));
    }
    if (raw.truncated) grammar.flaw(issue('FMT_SYNTAX', `the line is longer than ${MAX_LINE_BYTES} bytes and was cut`, { line: raw.no, expected: 'one Key=Value per line' }));
    grammar.line(raw.no, d.text);
  };

  const splitter = new LineSplitter();
  for await (const chunk of file.open()) {
    ctx.signal.throwIfAborted();
    for (const raw of splitter.push(chunk)) feed(raw);
    if (out.length > 0) yield* out.splice(0);
  }
  for (const raw of splitter.end()) feed(raw);
  grammar.end();
  reportRk1048(Math.max(splitter.lineCount, 1));
  yield* out.splice(0);
  ctx.logger.info({ file: file.name, encoding: decoder.charset, sniffed: sniffed.reason, lines: splitter.lineCount, documents, issues }, '1c.kz file parsed');
}

export const format1cKz = defineFormat({
  name: 'format-1c-kz',
  formats: [FORMAT_1C_KZ],
  detect,
  parse: parse1cKz,
});
