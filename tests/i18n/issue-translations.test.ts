// Every Issue the 1C readers, the side-car readers and the validation rules build carries its details in Russian and
// Kazakh (Cyrillic, no English prose), and the reports accountants read (`.err`, `--lang ru|kk`) use them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../gateway/core/error-codes.ts';
import { errLine, issueMessage, renderErrJson } from '../../gateway/core/error-report.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { VALIDATION_SEVERITY } from '../../gateway/validate/index.ts';
import { ctx } from '../validate/helpers.ts';
import { collectIssues, readAndValidate, SAMPLES_DIR, type Found } from './battery.ts';

const CYRILLIC = /[А-Яа-яЁёӘәІіҢңҒғҮүҰұҚқӨөҺһ]/;
/** Words that may stay Latin in a Russian or Kazakh detail (a 1C `Кодировка` value). */
const ALLOWED = new Set(['Windows']);

/**
 * English words left in a Russian or Kazakh text: Latin words of 4+ letters with a lower-case letter, outside what is
 * quoted from the file or the configuration ('…', "…", «…», <element>, [config.section], file names). All-capital
 * tokens are codes (IBAN, BIC, KZT, MMYYYY, HSBKKZKX, KZ12009NPS0413609816), not words.
 */
export function englishWords(s: string): string[] {
  const bare = s
    .replace(/'[^']*'/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/«[^»]*»/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\S+\.(csv|xml|txt)\b/gi, ' ');
  return (bare.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => /[A-Za-z]{4,}/.test(w) && /[a-z]/.test(w) && !ALLOWED.has(w));
}

/** English prose (a lower-case word of 4+ letters) that a translation must render in Cyrillic. */
const hasProse = (en: string) => /\b[a-z]{4,}\b/.test(en.replace(/'[^']*'|"[^"]*"|<[^>]*>|\[[^\]]*\]/g, ' '));

function problems(f: Found): string[] {
  const { issue: i, source } = f;
  const at = `${source}: ${i.code} "${i.message}"`;
  const out: string[] = [];
  if (!i.text || typeof i.text.ru !== 'string' || typeof i.text.kk !== 'string' || !i.text.ru.trim() || !i.text.kk.trim()) return [`${at}: no ru/kk text`];
  const pairs: [string, string | undefined, { ru: string; kk: string } | undefined][] = [['text', i.message, i.text]];
  if (i.expected !== undefined) {
    if (!i.expectedText) return [`${at}: expected without ru/kk (${i.expected})`];
    pairs.push(['expected', i.expected, i.expectedText]);
  }
  for (const [what, en, loc] of pairs) {
    for (const lang of ['ru', 'kk'] as const) {
      const s = loc![lang];
      if (hasProse(en!) && !CYRILLIC.test(s)) out.push(`${at}: ${what}.${lang} has no Cyrillic: ${s}`);
      const words = englishWords(s);
      if (words.length > 0) out.push(`${at}: ${what}.${lang} has English words ${words.join(', ')}: ${s}`);
    }
    if (what === 'text' && hasProse(en!) && loc!.ru === loc!.kk) out.push(`${at}: ru and kk are the same: ${loc!.ru}`);
  }
  return out;
}

describe('issue details in Russian and Kazakh', () => {
  let found: Found[] = [];
  beforeAll(async () => {
    found = await collectIssues();
  }, 120_000);

  it('the battery reaches every validation code and the 1C reader codes', () => {
    const codes = new Set(found.map((f) => f.issue.code));
    for (const code of Object.keys(VALIDATION_SEVERITY)) expect(codes, code).toContain(code);
    const fmt = ['FMT_SYNTAX', 'FMT_REQUIRED_KEY', 'FMT_BAD_VALUE', 'FMT_UNEXPECTED_EOF', 'FMT_BAD_DATE', 'FMT_TOO_MANY_DECIMALS', 'FMT_ENCODING_MISMATCH', 'FMT_BAD_BYTES', 'FMT_SECTION_SKIPPED', 'FMT_DUPLICATE_KEY', 'FMT_NOT_SUPPORTED', 'FMT_LIST_MISSING', 'FMT_KIND_CONFLICT', 'FMT_SIDECAR_MISMATCH', 'FMT_SIDECAR_AMBIGUOUS', 'FMT_SIDECAR_UNUSED', 'FMT_TOTALS_MISMATCH', 'FMT_STATEMENT_NOT_ORDERS'];
    for (const code of fmt) expect(codes, code).toContain(code);
    // Distinct details (values masked): how many of the call sites the battery reaches.
    const shapes = new Set(found.map((f) => `${f.issue.code} ${f.issue.message.replace(/'[^']*'|"[^"]*"|<[^>]*>|[\d.,]+/g, '_')}`));
    console.log(`[i18n] ${found.length} issues, ${codes.size} codes, ${shapes.size} distinct details`);
    expect(shapes.size).toBeGreaterThan(150);
  });

  it('every issue has ru and kk details (and expectations) in Cyrillic, without English words', () => {
    const bad = found.flatMap(problems);
    expect([...new Set(bad)].slice(0, 40)).toEqual([]);
  });

  it('Kazakh details use Kazakh letters and the Kazakh terms', () => {
    const kk = found.map((f) => f.issue.text?.kk ?? '').join('\n');
    for (const letter of 'әіңғүұқө') expect(kk, letter).toContain(letter);
    for (const term of ['ЖСК', 'БСК', 'БСН', 'ЖСН', 'ТМК', 'БСЖ', 'ЖТК', 'БеК', 'төлемнің мақсаты', 'алушы', 'төлеуші', 'валюталау күні', 'сома', 'қызметкерлер тізімі', 'кезең']) expect(kk, term).toContain(term);
    const ru = found.map((f) => f.issue.text?.ru ?? '').join('\n');
    for (const term of ['ИИК', 'БИК', 'БИН', 'ИИН', 'КНП', 'КБК', 'КОд', 'КБе', 'назначение платежа', 'получател', 'плательщик', 'дата валютирования', 'сумм', 'списка сотрудников', 'период']) expect(ru, term).toContain(term);
  });

  it('reports in ru and kk show the translated details, not the English ones', () => {
    for (const { issue: i } of found) {
      for (const lang of ['ru', 'kk'] as const) {
        const m = issueMessage(i, lang);
        expect(m).toContain(i.text![lang]);
        if (i.expected !== undefined) expect(m).toContain(i.expectedText![lang]);
        if (i.message !== i.text![lang]) expect(m).not.toContain(i.message);
      }
    }
  });
});

describe('.err lines', () => {
  async function sampleIssues(): Promise<Issue[]> {
    const input = new Uint8Array(readFileSync(join(SAMPLES_DIR, '08-problems-cp1251/input.txt')));
    return (await readAndValidate(input, ctx({}, '2026-11-26'))).issues;
  }

  it('keep `<num>, Строка <line>, <ru> / <kk> (<code>: …)` and carry no English detail', async () => {
    const issues = await sampleIssues();
    expect(issues.length).toBeGreaterThan(10);
    for (const i of issues) {
      const line = errLine(i);
      const c = ERROR_CODES[i.code];
      expect(line.startsWith(`${c.num}, Строка ${i.line ?? 0}, ${c.ru} / ${c.kk} (${i.code}: `), line).toBe(true);
      expect(line.endsWith(')\r\n')).toBe(true);
      expect(line.slice(0, -2)).not.toMatch(/[\r\n]/);
      // The details after the code and field: Russian, then Kazakh.
      const details = line.slice(line.indexOf(`(${i.code}: `) + i.code.length + 3, -3).replace(i.field ? `${i.field}: ` : '', '');
      expect(englishWords(details), line).toEqual([]);
      expect(details).toContain(i.text!.ru);
      expect(details).toContain(i.text!.kk);
      expect(details).not.toContain(i.message);
      if (i.expected !== undefined) expect(details).toContain(`ожидается: ${i.expectedText!.ru}`);
    }
  });

  it('an issue stored before translations existed still renders (English details once)', () => {
    const old: Issue = { code: 'FMT_SYNTAX', severity: 'error', line: 3, field: 'Сумма', message: 'line without =', expected: 'Key=Value' };
    expect(errLine(old)).toBe('302, Строка 3, Ошибка синтаксиса файла / Файл синтаксисінің қатесі (FMT_SYNTAX: Сумма: line without =; ожидается: Key=Value)\r\n');
    expect(issueMessage(old, 'kk')).toBe('Файл синтаксисінің қатесі [Сумма]: line without = (күтілетін: Key=Value)');
  });

  it('the .err.json keeps the English fields and adds the details in ru and kk', async () => {
    const issues = await sampleIssues();
    const json = JSON.parse(renderErrJson({ file: 'input.txt', mailbox: 'm', at: '2026-11-26T00:00:00Z' }, issues)) as { problems: Record<string, unknown>[] };
    expect(json.problems).toHaveLength(issues.length);
    json.problems.forEach((p, n) => {
      const i = issues[n]!;
      expect(p).toMatchObject({ code: i.code, message: i.message, message_ru: i.text!.ru, message_kk: i.text!.kk, expected: i.expected ?? null, expected_ru: i.expectedText?.ru ?? null, expected_kk: i.expectedText?.kk ?? null });
    });
  });
});
