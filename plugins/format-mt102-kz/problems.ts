// Collects the broken rules of one document as issues whose field is the MT tag (tags.ts) and whose text says the row.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import type { ErrorCode } from '../../gateway/core/error-codes.ts';
import type { Finding } from '../../gateway/validate/findings.ts';
import { toIssue } from '../../gateway/validate/rules.ts';
import { rowOf, tagOf } from './tags.ts';
import { prefixed, rowPrefix } from './texts.ts';

/** One broken rule: the issue (field = MT tag, no line yet) and the canonical path it is about. */
export interface RuleProblem {
  issue: Issue;
  path: string;
  /** 0-based row index for row problems. */
  row?: number;
}

export const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
export const same = (v: string): Text => ({ en: v, ru: v, kk: v });

export class Problems {
  readonly out: RuleProblem[] = [];
  constructor(private readonly skip: ReadonlySet<string> | undefined) {}

  add(code: ErrorCode, text: Text, path: string, expected?: Text, severity?: 'error' | 'warning'): void {
    if (this.skip?.has(path)) return;
    const row = rowOf(path);
    const i = issue(code, prefixed(rowPrefix(row), text), { field: tagOf(path), expected, severity });
    this.out.push(row === undefined ? { issue: i, path } : { issue: i, path, row });
  }

  finding(f: Finding, path: string): void {
    const p = f.field ?? path;
    if (this.skip?.has(p)) return;
    const row = rowOf(p);
    const i = toIssue(f, undefined);
    const pre = rowPrefix(row);
    i.message = pre.en + i.message;
    if (i.text) i.text = { ru: pre.ru + i.text.ru, kk: pre.kk + i.text.kk };
    i.field = tagOf(p);
    this.out.push(row === undefined ? { issue: i, path: p } : { issue: i, path: p, row });
  }

  findings(fs: readonly Finding[], path: string): void {
    for (const f of fs) this.finding(f, path);
  }

  required(v: unknown, path: string, what: Text): boolean {
    if (str(v)) return true;
    this.add('VAL_REQUIRED', t({ en: `${what.en} is empty`, ru: `не заполнено: ${what.ru}`, kk: `толтырылмаған: ${what.kk}` }), path);
    return false;
  }
}

/** A text of one line (MT lines cannot hold a line break). */
export function oneLine(p: Problems, v: unknown, path: string): void {
  if (typeof v === 'string' && /[\r\n]/.test(v)) {
    p.add('FMT_BAD_VALUE', t({ en: 'the text holds a line break', ru: 'текст содержит перевод строки', kk: 'мәтінде жол ауыстыру бар' }), path, t({ en: 'one line of text', ru: 'одна строка текста', kk: 'бір жол мәтін' }));
  }
}

export function tooLong(p: Problems, v: string, max: number, path: string): void {
  if (v.length <= max) return;
  p.add(
    'FMT_MT_TOO_LONG',
    t({ en: `${v.length} characters, at most ${max} fit`, ru: `${v.length} символов, допускается не более ${max}`, kk: `${v.length} таңба, ең көбі ${max} рұқсат етіледі` }),
    path,
    t({ en: `at most ${max} characters`, ru: `не более ${max} символов`, kk: `ең көбі ${max} таңба` }),
  );
}

