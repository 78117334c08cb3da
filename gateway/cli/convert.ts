// `bankgate convert IN --to FORMAT [--out FILE]`: reads any file a format plugin reads, through the canonical model,
// and writes it in another format (1C KZ → pain.001, camt.053 → kl_to_1c.txt, MT940 → 1C, …). Payment documents are
// validated as by `bankgate validate`; nothing is written unless the whole input is read without an error, and an
// output file appears whole (written beside, then renamed) or not at all. Exit 0 converted, 1 refused, 2 unreadable.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { isGatewayError } from '../core/errors.ts';
import { issueMessage, type Lang } from '../core/error-report.ts';
import type { Issue } from '../core/issue.ts';
import type { CanonicalDocument } from '../core/model/document.ts';
import type { Statement } from '../core/model/statement.ts';
import type { FormatWriter, WriteOptions } from '../core/plugin.ts';
import { createFormatRegistry, type FormatRegistry } from '../core/registry.ts';
import { builtinFormats } from '../formats.ts';
import { buildFileResult, isValid, issueJson } from '../pipeline/file-result.ts';
import { isCalendarDate } from '../validate/dates.ts';
import { createValidationContext } from '../validate/index.ts';
import { checkInput, cliPluginContext, openInput } from './input-file.ts';
import { printJson } from './output.ts';
import { printHuman } from './validate.ts';

export interface ConvertOptions {
  config?: string;
  to: string;
  out?: string;
  json?: boolean;
  lang?: string;
  today?: string;
  /** Character set of a text output format (1C: windows-1251 by default). */
  encoding?: string;
}

/** Short names people type for the formats we write. */
export const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  '1c': '1c.kz',
  kl_to_1c: '1c.kz',
  camt053: 'iso20022.camt.053.001.08',
  'camt.053': 'iso20022.camt.053.001.08',
  pain001: 'iso20022.pain.001.001.09',
  'pain.001': 'iso20022.pain.001.001.09',
  mt940: 'swift.mt940',
  mt100: 'swift.kz.mt100',
  mt102: 'swift.kz.mt102',
};

const W = {
  ru: { refused: 'не преобразован', wrote: 'записан', docs: 'документов', stmts: 'выписок' },
  kk: { refused: 'түрлендірілмеді', wrote: 'жазылды', docs: 'құжат', stmts: 'үзінді-көшірме' },
  en: { refused: 'not converted', wrote: 'written', docs: 'documents', stmts: 'statements' },
} as const;

type Read = { documents: CanonicalDocument[] } | { statements: Statement[] };

function writable(registry: FormatRegistry): string {
  return registry.writers.map((w) => `${w.format} (${w.writes})`).join(', ');
}

export async function runConvert(file: string, opts: ConvertOptions): Promise<number> {
  const lang: Lang = opts.lang === 'kk' || opts.lang === 'en' ? opts.lang : 'ru';
  if (opts.lang && !['ru', 'kk', 'en'].includes(opts.lang)) return usage(`--lang must be ru, kk or en (got '${opts.lang}')`);
  if (opts.today !== undefined && !isCalendarDate(opts.today)) return usage(`--today must be a date YYYY-MM-DD (got '${opts.today}')`);
  const registry = createFormatRegistry(builtinFormats());
  const to = FORMAT_ALIASES[opts.to.toLowerCase()] ?? opts.to;
  const writer = registry.writer(to);
  if (!writer) return usage(`no format plugin writes '${opts.to}'; --to takes one of: ${writable(registry)} (or ${Object.keys(FORMAT_ALIASES).join(', ')})`);
  const input = await openInput(file, registry);
  if ('unreadable' in input) return usage(`${file}: ${input.unreadable[lang]}`);
  const { inbound, detected } = input;
  const json = opts.json ?? false;
  const ctx = cliPluginContext();
  const report = (issues: Issue[], extra: Record<string, unknown>) => {
    if (json) printJson({ file: inbound.name, from: detected.format, to, converted: false, issues: issues.map((i) => issueJson(i, lang, true)), ...extra });
  };

  let read: Read;
  if (writer.writes === 'documents') {
    // Payment documents go through the same checks as `bankgate validate`: a document that would be refused at
    // intake is not converted either.
    const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
    const vctx = createValidationContext({ config: loaded.config.validation, ...(opts.today ? { today: opts.today } : {}) });
    const { documents, fileIssues, encoding } = await checkInput(input, vctx);
    const result = buildFileResult({ file: inbound.name, format: detected.format, encoding, fileIssues, documents, lang });
    if (!isValid(fileIssues) || result.summary.invalid > 0 || documents.length === 0) {
      if (json) printJson({ ...result, to, converted: false });
      else {
        printHuman(result, lang);
        console.error(`bankgate: ${inbound.name}: ${W[lang].refused} (${detected.format} → ${to})`);
      }
      return 1;
    }
    read = { documents: documents.map((d) => d.document) };
  } else {
    if (!detected.plugin.readStatements) return usage(`${inbound.name} is ${detected.format}, which carries no statements; ${to} writes statements`);
    const issues: Issue[] = [];
    const statements: Statement[] = [];
    for await (const item of detected.plugin.readStatements(inbound, detected.format, ctx)) {
      if (item.type === 'statement') statements.push(item.statement);
      else if (item.type === 'issue') {
        const { type: _t, ...i } = item;
        issues.push(i);
      }
    }
    if (!isValid(issues) || statements.length === 0) {
      if (json) report(issues, { statements: statements.length });
      else {
        for (const i of issues) console.error(`  ${inbound.name}:${i.line ?? 0}: ${i.severity === 'error' ? '✗' : '!'} ${i.code} ${issueMessage(i, lang)}`);
        if (statements.length === 0 && isValid(issues)) console.error(`  ${inbound.name}: no statement in the file`);
        console.error(`bankgate: ${inbound.name}: ${W[lang].refused} (${detected.format} → ${to})`);
      }
      return 1;
    }
    for (const i of issues) if (!json) console.error(`  ${inbound.name}:${i.line ?? 0}: ! ${i.code} ${issueMessage(i, lang)}`);
    read = { statements };
  }

  const options: WriteOptions = { ...(opts.encoding ? { encoding: opts.encoding } : {}) };
  const outputs = plan(read, writer, opts.out);
  try {
    for (const o of outputs) await emit(writer, o.input, options, o.path);
  } catch (e) {
    if (!isGatewayError(e) || e.kind !== 'user') throw e;
    if (json) printJson({ file: inbound.name, from: detected.format, to, converted: false, error: { code: e.code, message: e.message, details: e.details ?? null } });
    else console.error(`bankgate: ${inbound.name}: ${W[lang].refused} (${detected.format} → ${to}): ${e.code}: ${e.message}`);
    return 1;
  }
  const count = 'documents' in read ? `${read.documents.length} ${W[lang].docs}` : `${read.statements.length} ${W[lang].stmts}`;
  const written = outputs.map((o) => o.path ?? '-');
  if (json && opts.out) printJson({ file: inbound.name, from: detected.format, to, converted: true, outputs: written, ...('documents' in read ? { documents: read.documents.length } : { statements: read.statements.length }) });
  else console.error(`bankgate: ${inbound.name} (${detected.format}) → ${to}: ${count}, ${W[lang].wrote} ${written.join(', ')}`);
  return 0;
}

function usage(message: string): number {
  console.error(`bankgate: ${message}`);
  return 2;
}

interface Output {
  input: Read;
  /** Undefined: standard output. */
  path?: string;
}

/** One output, or one per statement when the format holds one account per file (FILE, FILE-2.ext, …). */
function plan(read: Read, writer: FormatWriter, out: string | undefined): Output[] {
  if (!('statements' in read) || !writer.oneStatementPerFile || read.statements.length === 1) return [{ input: read, ...(out ? { path: out } : {}) }];
  return read.statements.map((s, i) => {
    if (!out) return { input: { statements: [s] } };
    const ext = path.extname(out);
    return { input: { statements: [s] }, path: i === 0 ? out : `${out.slice(0, out.length - ext.length)}-${i + 1}${ext}` };
  });
}

/** Writes beside the target and renames, so the file exists whole or not at all; standard output without a path. */
async function emit(writer: FormatWriter, input: Read, options: WriteOptions, target: string | undefined): Promise<void> {
  const chunks = writer.writes === 'documents' ? writer.write('documents' in input ? input.documents : [], options) : writer.write('statements' in input ? input.statements : [], options);
  if (!target) {
    // A refusal comes before the first byte (writers check everything first), so nothing half-written reaches stdout.
    for await (const c of chunks) if (!process.stdout.write(c)) await once(process.stdout, 'drain');
    return;
  }
  const tmp = `${target}.${process.pid}.part`;
  const ws = createWriteStream(tmp);
  try {
    for await (const c of chunks) if (!ws.write(c)) await once(ws, 'drain');
    await new Promise<void>((resolve, reject) => ws.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await rename(tmp, target);
  } catch (e) {
    ws.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
