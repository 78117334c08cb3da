// `bankgate validate FILE`: the documented JSON shape, languages, and exit codes 0 / 1 / 2.
import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gen1cText } from '../fixtures/gen-1c.ts';
import { runCli } from '../e2e/gateway-process.ts';

const tmp = () => mkdtemp(path.join(tmpdir(), 'bankgate-validate-'));

describe('bankgate validate', () => {
  it('prints the documented JSON and exits 0 when every document is valid', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, '1c_to_kl.txt'), gen1cText({ firstNumber: 15, documents: 2 }));
    const r = await runCli(dir, ['validate', '1c_to_kl.txt', '--json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['file', 'format', 'encoding', 'issues', 'documents', 'summary']));
    expect(out).toMatchObject({ file: '1c_to_kl.txt', format: '1c.kz', encoding: 'utf-8', summary: { documents: 2, valid: 2, invalid: 0 } });
    const d = out.documents[0];
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['index', 'line', 'kind', 'number', 'date', 'amount', 'currency', 'payer', 'beneficiary', 'knp', 'kbk', 'purpose', 'rows', 'valid', 'issues']));
    expect(d).toMatchObject({ index: 1, line: 11, kind: 'payment', number: '15', currency: 'KZT', knp: '710', kbk: null, valid: true, issues: [] });
    expect(d.amount).toMatch(/^\d+\.\d{2}$/);
    expect(d.payer).toEqual({ name: 'ТОО "Пример Логистик"', bin: '150140001239', iban: 'KZ90601A861000012345', bic: 'HSBKKZKX', code: '17' });
    // The header says Windows but the bytes are UTF-8: a warning about the file, not an error.
    expect(out.issues).toEqual([expect.objectContaining({ code: 'FMT_ENCODING_MISMATCH', severity: 'warning', line: 3 })]);
  });

  it('exits 1 with located, translated issues when a document is invalid', async () => {
    const dir = await tmp();
    const text = gen1cText({ firstNumber: 1, documents: 2 }).replace('ПолучательИИК=KZ258562203100012345', 'ПолучательИИК=KZ258562203100012346');
    await writeFile(path.join(dir, 'bad.txt'), text);
    const json = await runCli(dir, ['validate', 'bad.txt', '--json', '--lang', 'kk']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.summary).toEqual({ documents: 2, valid: 1, invalid: 1 });
    expect(out.documents[0].issues).toEqual([expect.objectContaining({ code: 'VAL_IBAN_CHECKSUM', severity: 'error', line: 11, field: 'beneficiary.iban' })]);
    // The message is Kazakh through and through: the catalogue text, then the rule's own details.
    expect(out.documents[0].issues[0].message).toMatch(/^ЖСК \(IBAN\) бақылау сандары .*\[beneficiary\.iban\]: ЖСК "KZ258562203100012346" бақылау цифрларының тексерісінен өтпейді/);
    expect(out.documents[0].issues[0].message).not.toMatch(/account|fails/);
    const human = await runCli(dir, ['validate', 'bad.txt', '--lang', 'ru']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/VAL_IBAN_CHECKSUM/);
    expect(human.stdout).toMatch(/документов: 2, верен: 1, ОШИБКИ: 1/);
  });

  it('--today checks dates as on another business date: a sample prepared for 2026-11-25 is valid that day and late a week after', async () => {
    const sample = path.resolve(import.meta.dirname, '../../samples/1c-kz/01-kz-export-8.2-cp1251/input.txt');
    const dir = await tmp();
    const onTime = JSON.parse((await runCli(dir, ['validate', sample, '--json', '--today', '2026-11-25'])).stdout);
    const late = await runCli(dir, ['validate', sample, '--json', '--today', '2026-12-02']);
    expect(late.code).toBe(1);
    const lateOut = JSON.parse(late.stdout);
    for (const d of lateOut.documents) expect(d.issues.map((i: { code: string }) => i.code)).toContain('VAL_VALUE_DATE_PAST');
    for (const d of onTime.documents) expect(d.issues.map((i: { code: string }) => i.code)).not.toContain('VAL_VALUE_DATE_PAST');
    expect((await runCli(dir, ['validate', sample, '--today', '2026-02-30'])).code).toBe(2);
  });

  it('exits 1 for a bank statement and names FMT_STATEMENT_NOT_ORDERS for the file, even when every operation is a valid order', async () => {
    const sample = path.resolve(import.meta.dirname, '../../samples/1c-kz/05-bcc-2.0-statement-utf8/input.txt');
    const dir = await tmp();
    const json = await runCli(dir, ['validate', sample, '--json', '--lang', 'en', '--today', '2024-10-01']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([expect.objectContaining({ code: 'FMT_STATEMENT_NOT_ORDERS', line: 9 })]);
    expect(out.issues.find((i: { code: string }) => i.code === 'FMT_STATEMENT_NOT_ORDERS').message).toMatch(
      /^File is a bank statement.*\[СекцияРасчСчет\]: this file is a bank statement .*nothing in it was sent to the bank\. Statements are loaded into 1C; to send payments, export them from 1C \('1c_to_kl\.txt'\)\. Shown by line 9/,
    );
    expect(out.summary).toEqual({ documents: 1, valid: 1, invalid: 0 });
    const human = await runCli(dir, ['validate', sample, '--lang', 'ru', '--today', '2024-10-01']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/файл, строка 9: ✗ FMT_STATEMENT_NOT_ORDERS Файл — банковская выписка, а не платёжные поручения/);
    expect(human.stdout).toContain("выгрузите их из 1С ('1c_to_kl.txt')");
  });

  it('exits 2 for a file it cannot read or does not recognise, and for a bad --lang', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'notes.txt'), 'hello');
    for (const args of [['validate', 'missing.txt'], ['validate', 'notes.txt'], ['validate', 'notes.txt', '--lang', 'de']]) {
      const r = await runCli(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const json = await runCli(dir, ['validate', 'missing.txt', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ issues: [{ code: 'SRC_FILE_UNREADABLE' }], documents: [] });
  });
});
