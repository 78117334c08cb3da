// `bankgate validate FILE [--json] [--lang ru|kk|en]`: reads and validates a payment file without storing
// anything. Exit 0: every document valid; 1: a document or the file is invalid; 2: the file cannot be read.
import path from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { createFormatRegistry } from '../core/registry.ts';
import { issueMessage, type Lang } from '../core/error-report.ts';
import { issue, type Text } from '../core/issue.ts';
import { builtinFormats } from '../formats.ts';
import { buildFileResult, isValid, issueJson, type FileResultJson } from '../pipeline/file-result.ts';
import { createValidationContext } from '../validate/index.ts';
import { isCalendarDate } from '../validate/dates.ts';
import { printJson } from './output.ts';
import { checkInput, openInput } from './input-file.ts';

export interface ValidateOptions {
  config?: string;
  json?: boolean;
  lang?: string;
  /** Business date the date rules compare with (value date not in the past): checking a file prepared for another day. */
  today?: string;
}

/** The file cannot be read or is not recognised: one SRC_FILE_UNREADABLE issue, in `lang`. */
function unreadable(file: string, text: Text, json: boolean, lang: Lang): number {
  const i = issue('SRC_FILE_UNREADABLE', text);
  if (json) printJson({ file: path.basename(file), format: null, encoding: null, issues: [issueJson(i, lang, false)], documents: [], summary: { documents: 0, valid: 0, invalid: 0 } });
  else console.error(`bankgate: ${file}: ${issueMessage(i, lang)}`);
  return 2;
}

export async function runValidate(file: string, opts: ValidateOptions): Promise<number> {
  const lang: Lang = opts.lang === 'kk' || opts.lang === 'en' ? opts.lang : 'ru';
  if (opts.lang && !['ru', 'kk', 'en'].includes(opts.lang)) {
    console.error(`bankgate: --lang must be ru, kk or en (got '${opts.lang}')`);
    return 2;
  }
  const json = opts.json ?? false;
  if (opts.today !== undefined && !isCalendarDate(opts.today)) {
    console.error(`bankgate: --today must be a date YYYY-MM-DD (got '${opts.today}')`);
    return 2;
  }
  const input = await openInput(file, createFormatRegistry(builtinFormats()));
  if ('unreadable' in input) return unreadable(file, input.unreadable, json, lang);
  const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
  const { inbound, detected } = input;
  const vctx = createValidationContext({ config: loaded.config.validation, ...(opts.today ? { today: opts.today } : {}) });
  const { documents, fileIssues, encoding } = await checkInput(input, vctx);
  const result = buildFileResult({ file: inbound.name, format: detected.format, encoding, fileIssues, documents, lang });
  if (json) printJson(result);
  else printHuman(result, lang);
  const ok = isValid(fileIssues) && result.summary.invalid === 0;
  return ok ? 0 : 1;
}

const WORDS = {
  ru: { valid: 'верен', invalid: 'ОШИБКИ', line: 'строка', docs: 'документов', file: 'файл' },
  kk: { valid: 'дұрыс', invalid: 'ҚАТЕЛЕР', line: 'жол', docs: 'құжат', file: 'файл' },
  en: { valid: 'valid', invalid: 'INVALID', line: 'line', docs: 'documents', file: 'file' },
} as const;

/** The result as a person reads it (also `bankgate convert`'s report of a file it would not convert). */
export function printHuman(r: FileResultJson, lang: Lang): void {
  const w = WORDS[lang];
  console.log(`${r.file}: ${r.format} (${r.encoding ?? '?'})`);
  for (const i of r.issues) console.log(`  ${w.file}, ${w.line} ${i.line ?? 0}: ${i.severity === 'error' ? '✗' : '!'} ${i.code} ${i.message}`);
  for (const d of r.documents) {
    console.log(`  #${d.index} (${w.line} ${d.line ?? '?'}) ${d.kind} №${d.number} ${d.date} ${d.amount ?? ''} ${d.currency ?? ''} → ${d.beneficiary?.name ?? ''}: ${d.valid ? w.valid : w.invalid}`);
    for (const i of d.issues) console.log(`      ${w.line} ${i.line ?? '?'}: ${i.severity === 'error' ? '✗' : '!'} ${i.code} ${i.message}`);
  }
  console.log(`${w.docs}: ${r.summary.documents}, ${w.valid}: ${r.summary.valid}, ${w.invalid}: ${r.summary.invalid}`);
}
