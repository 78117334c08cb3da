// The per-file result: issues split between documents and file by line range; JSON in the documented shape.
import { describe, expect, it } from 'vitest';
import { attributeIssues, buildFileResult } from '../../gateway/pipeline/file-result.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { payment } from '../store/helpers.ts';

describe('file result', () => {
  it('attributes issues to the document whose lines contain them, others to the file', () => {
    const docs = [{ line: 10, endLine: 20 }, { line: 21, endLine: 30 }, { line: 40 }];
    const x = (s: string) => t({ en: s, ru: s, kk: s });
    const issues = [issue('FMT_SYNTAX', x('a'), { line: 3 }), issue('FMT_BAD_VALUE', x('b'), { line: 15 }), issue('FMT_BAD_VALUE', x('c'), { line: 21 }), issue('FMT_SYNTAX', x('d'), { line: 35 }), issue('FMT_SYNTAX', x('e'), { line: 41 }), issue('FMT_SYNTAX', x('f'))];
    const r = attributeIssues(docs, issues);
    expect(r.perDocument.map((l) => l.map((i) => i.message))).toEqual([['b'], ['c'], []]);
    expect(r.file.map((i) => i.message)).toEqual(['a', 'd', 'e', 'f']);
  });

  it('builds the documented JSON with messages in the requested language', () => {
    const bad = issue('VAL_AMOUNT', t({ en: 'must be above zero', ru: 'сумма должна быть больше нуля', kk: 'сома нөлден үлкен болуы керек' }), {
      line: 14,
      field: 'amount',
      expected: t({ en: 'an amount > 0', ru: 'сумма больше 0', kk: '0-ден үлкен сома' }),
    });
    const r = buildFileResult({
      file: '1c_to_kl.txt',
      format: '1c.kz',
      encoding: 'windows-1251',
      fileIssues: [issue('FMT_SYNTAX', t({ en: 'no КонецФайла', ru: 'нет КонецФайла', kk: 'КонецФайла жоқ' }), { line: 99, severity: 'warning' })],
      documents: [
        { index: 1, line: 12, document: payment('15', 1234567n), issues: [] },
        { index: 2, line: 13, document: payment('16', 0n), issues: [bad] },
      ],
      lang: 'ru',
    });
    expect(r).toMatchObject({
      file: '1c_to_kl.txt',
      format: '1c.kz',
      encoding: 'windows-1251',
      issues: [{ code: 'FMT_SYNTAX', severity: 'warning', line: 99, message: 'Ошибка синтаксиса файла: нет КонецФайла' }],
      documents: [
        { index: 1, line: 12, kind: 'payment', number: '15', date: '2025-01-15', amount: '12345.67', currency: 'KZT', knp: '710', kbk: null, rows: null, valid: true, issues: [] },
        { index: 2, valid: false, issues: [{ code: 'VAL_AMOUNT', severity: 'error', line: 14, field: 'amount', message: 'Неверная сумма [amount]: сумма должна быть больше нуля (ожидается: сумма больше 0)' }] },
      ],
      summary: { documents: 2, valid: 1, invalid: 1 },
    });
    expect(r.documents[0]!.payer).toEqual({ name: 'ТОО «Ромашка»', bin: '123456789012', iban: 'KZ86125KZT5004100100', bic: null, code: null });
  });
});
