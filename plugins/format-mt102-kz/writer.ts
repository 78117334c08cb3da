// The MT100 / MT102 DocumentsWriters: every document is checked (rules.ts, line width, charset) before a byte is written;
// any error becomes one GatewayError listing each problem with document number, row and tag. One message per document.
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import type { DocumentsWriter, WriteOptions } from '../../gateway/core/plugin.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { ErrorCode } from '../../gateway/core/error-codes.ts';
import { todayIn } from '../../gateway/validate/dates.ts';
import { composeMessage, type MtLine } from './compose.ts';
import { encodeText, findUnencodable, mtCharset, type MtCharset } from './charset.ts';
import { FORMAT_OF, type MtType } from './ids.ts';
import { resolveOptions, withProfile, type Mt102KzOptions, type ResolvedOptions } from './options.ts';
import { mtRules } from './rules.ts';
import { yyyymmdd } from './values.ts';

/** One reason a file cannot be written. */
export interface WriteProblem {
  /** 0-based index of the document in the input, and its number. */
  index: number;
  document: string;
  /** 1-based row (`:21:`) of an MT102 person. */
  row?: number;
  /** The MT tag. */
  field: string;
  code: ErrorCode;
  message: string;
  expected?: string;
}

export interface RenderResult {
  text: string;
  bytes: Uint8Array;
  charset: MtCharset;
}

type Payment = Extract<CanonicalDocument, { payer: Party }>;

/** The business date of the write: createdAt's date in the configured zone (2.3: :32A: must be that day). */
function writeDay(createdAt: string | undefined, o: ResolvedOptions): string {
  if (createdAt === undefined) return todayIn(o.timeZone);
  const t = Date.parse(createdAt);
  if (Number.isNaN(t)) throw new GatewayError('FMT_BAD_VALUE', `createdAt ${JSON.stringify(createdAt)} is not an ISO date-time`, { field: 'createdAt' });
  return todayIn(o.timeZone, t);
}

function referenceOf(doc: Payment, index: number, count: number, wo: WriteOptions, o: ResolvedOptions): string {
  if (o.reference) return o.reference(doc, index);
  if (wo.messageId) return count === 1 ? wo.messageId : `${wo.messageId}-${index + 1}`;
  return `PL${doc.number}-${typeof doc.date === 'string' ? yyyymmdd(doc.date) : ''}`;
}

/** Line width, the `:20:` form and the charset, per written line. */
function lineProblems(lines: readonly MtLine[], o: ResolvedOptions, cs: MtCharset, push: (p: Omit<WriteProblem, 'index' | 'document'>) => void): void {
  const seen = new Set<string>();
  for (const l of lines) {
    const key = `${l.field}|${l.row ?? ''}`;
    if (seen.has(key)) continue;
    const at = l.row === undefined ? {} : { row: l.row + 1 };
    if (l.field === ':20:') {
      const ref = l.text.slice(4);
      if (ref.length > o.referenceMax || !/^[A-Za-z0-9\-?().,'+ ]+(?:\/[A-Za-z0-9\-?().,'+ ]+)*$/.test(ref)) {
        seen.add(key);
        push({ ...at, field: l.field, code: 'FMT_MT_TOO_LONG', message: `:20: '${ref}' must be 1–${o.referenceMax} SWIFT characters without a leading, trailing or double '/'`, expected: `at most ${o.referenceMax} characters` });
        continue;
      }
    }
    if (!l.envelope && l.text.length > o.lineMax) {
      seen.add(key);
      push({ ...at, field: l.field, code: 'FMT_MT_TOO_LONG', message: `the line of ${l.field} has ${l.text.length} characters, at most ${o.lineMax} fit`, expected: `at most ${o.lineMax} characters a line` });
      continue;
    }
    const u = findUnencodable(l.text, cs);
    if (u) {
      seen.add(key);
      push({ ...at, field: l.field, code: 'FMT_UNENCODABLE', message: `'${u.char}' (${u.code}) in ${l.field} has no byte in ${cs}; choose rk1048 (Kazakh letters) or utf-8 if the bank accepts it`, expected: `text in ${cs}` });
    }
  }
}

/**
 * Checks and renders the documents as one file of MT`mt` messages. Throws one GatewayError (the first problem's code,
 * `details.problems` with every one) when any document breaks a rule of kz-formats.md 2.3 or cannot be encoded.
 */
export function renderMt(mt: MtType, documents: readonly CanonicalDocument[], wo: WriteOptions = {}, options: Mt102KzOptions = {}): RenderResult {
  const base = withProfile(options, wo.profile);
  let o: ResolvedOptions;
  try {
    o = resolveOptions(base);
  } catch (e) {
    throw new GatewayError('FMT_BAD_VALUE', `MT${mt} writer settings are invalid: ${(e as Error).message}`, { field: 'options' }, { cause: e });
  }
  const label = wo.encoding ?? o.encoding;
  const cs = mtCharset(label);
  if (!cs) throw new GatewayError('FMT_BAD_VALUE', `MT${mt} cannot be written in ${JSON.stringify(label)}: use windows-1251, rk1048, ibm866 or utf-8`, { field: 'encoding' });
  const today = writeDay(wo.createdAt, o);
  const problems: WriteProblem[] = [];
  const messages: string[] = [];
  if (documents.length === 0) throw new GatewayError('FMT_REQUIRED_KEY', `MT${mt} file cannot be written: no documents`, { problems: [] });
  documents.forEach((doc, index) => {
    const number = typeof (doc as { number?: unknown })?.number === 'string' ? (doc as Payment).number : '?';
    const push = (p: Omit<WriteProblem, 'index' | 'document'>) => problems.push({ index, document: number, ...p });
    const found = mtRules(doc, mt, o, { today, routing: o.routing });
    let blocking = false;
    for (const f of found) {
      if (f.issue.severity !== 'error') continue;
      blocking = true;
      const p: Omit<WriteProblem, 'index' | 'document'> = { field: f.issue.field ?? '', code: f.issue.code, message: f.issue.message };
      if (f.row !== undefined) p.row = f.row + 1;
      if (f.issue.expected !== undefined) p.expected = f.issue.expected;
      push(p);
    }
    if (blocking) return;
    const d = doc as Payment;
    const lines = composeMessage(d, mt, referenceOf(d, index, documents.length, wo, o), o);
    lineProblems(lines, o, cs, push);
    messages.push(lines.map((l) => l.text).join(o.eol) + o.eol);
  });
  if (problems.length > 0) {
    const list = problems.map((p) => `  - document ${p.document}${p.row !== undefined ? `, row ${p.row}` : ''}, ${p.field}: ${p.code}: ${p.message}`).join('\n');
    throw new GatewayError(problems[0]!.code, `MT${mt} file cannot be written (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${list}`, { format: FORMAT_OF[mt], problems });
  }
  const text = messages.join(o.separator);
  return { text, bytes: encodeText(text, cs), charset: cs };
}

/** A DocumentsWriter for MT100 (payment, budget) or MT102 (pension, social, medical, salary), extension 'txt'. */
export function createMtWriter(mt: MtType, options: Mt102KzOptions = {}): DocumentsWriter {
  // Settings are checked now (RangeError at start-up), and again with each write's bank profile.
  resolveOptions(options);
  return {
    format: FORMAT_OF[mt],
    extension: 'txt',
    writes: 'documents',
    write(documents, wo) {
      return (async function* () {
        yield renderMt(mt, documents, wo, options).bytes;
      })();
    },
  };
}

/** Writes MT100 messages (payment and budget documents, one message each). */
export function writeMt100(documents: readonly CanonicalDocument[], wo: WriteOptions = {}, options: Mt102KzOptions = {}): AsyncIterable<Uint8Array> {
  return createMtWriter('100', options).write(documents, wo);
}

/** Writes MT102 messages (pension, social, medical and salary documents with their rows, one message each). */
export function writeMt102(documents: readonly CanonicalDocument[], wo: WriteOptions = {}, options: Mt102KzOptions = {}): AsyncIterable<Uint8Array> {
  return createMtWriter('102', options).write(documents, wo);
}
