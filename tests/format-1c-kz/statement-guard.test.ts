// A bank statement (kl_to_1c) dropped where payment orders are read: one FMT_STATEMENT_NOT_ORDERS error for the whole file, per signal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../gateway/core/error-codes.ts';
import { checkFile } from '../../gateway/pipeline/check.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { SAMPLES_DIR } from './golden-gen.ts';
import { encode, HEADER, kzDocument, kzFile, lineOf, memoryFile, parseBytes, parseText, testContext, type Parsed } from './helpers.ts';
import { SAMPLE_8_3, crlf } from './kz-samples.ts';

const CODE = 'FMT_STATEMENT_NOT_ORDERS';
const refusals = (r: Parsed) => r.issues.filter((i) => i.code === CODE);

/** The one refusal of a file, checked for what every refusal has: an error, after every document, in three languages. */
function refusal(r: Parsed): Issue {
  const found = refusals(r);
  expect(found).toHaveLength(1);
  const i = found[0]!;
  expect(i.severity).toBe('error');
  expect(r.items.at(-2), 'after every document, just before the meta item').toMatchObject({ type: 'issue', code: CODE });
  expect(i.message).toMatch(/^this file is a bank statement \('kl_to_1c': balances and booked operations\), not payment orders from 1C: nothing in it was sent to the bank\. Statements are loaded into 1C; to send payments, export them from 1C \('1c_to_kl\.txt'\)\./);
  expect(i.message).toContain(`line ${i.line}`);
  expect(i.text!.ru).toMatch(/банковская выписка.*в банк не отправлено.*выгрузите их из 1С \('1c_to_kl\.txt'\)/);
  expect(i.text!.ru).toContain(`строка ${i.line}`);
  expect(i.text!.kk).toMatch(/банк үзінді-көшірмесі.*банкке ештеңе жіберілмеді.*1С-тен түсіріңіз \('1c_to_kl\.txt'\)/);
  expect(i.text!.kk).toContain(`${i.line}-жол`);
  return i;
}

describe('the catalogue entry', () => {
  it('is a user error with the next free FMT_ number and texts in en, ru and kk', () => {
    expect(ERROR_CODES[CODE]).toMatchObject({ kind: 'user', num: 321 });
    expect(ERROR_CODES[CODE].ru).toMatch(/выписка/);
    expect(ERROR_CODES[CODE].kk).toMatch(/үзінді-көшірме/);
  });
});

describe('signals of a statement', () => {
  it('a СекцияРасчСчет (statement balances): evidence is its line; the payment order beside it is still read', async () => {
    const text = [...HEADER, 'СекцияРасчСчет', 'НачальныйОстаток=10.00', 'КонечныйОстаток=10.00', 'КонецРасчСчет', ...kzDocument(), 'КонецФайла'].join('\r\n');
    const r = await parseText(text);
    expect(refusal(r)).toMatchObject({ line: lineOf(text, 'СекцияРасчСчет'), field: 'СекцияРасчСчет' });
    expect(refusal(r).message).toMatch(/section 'СекцияРасчСчет' \(statement balances\)$/);
    expect(r.docs).toHaveLength(1);
    expect(r.warnings.map((w) => w.code)).toEqual(['FMT_SECTION_SKIPPED']);
  });

  it.each(['Выписка', 'выписка', 'ВЫПИСКА', '"Выписка"', "'выписка'", ' «Выписка» '])('СекцияДокумент=%s (any case, quoted or not)', async (value) => {
    const text = kzFile([kzDocument({ ВидДокумента: 'ПлатежноеПоручение' }, `СекцияДокумент=${value}`)]);
    const r = await parseText(text);
    const i = refusal(r);
    expect(i).toMatchObject({ line: 11, field: 'СекцияДокумент' });
    expect(i.message).toMatch(/'СекцияДокумент=(Выписка|выписка|ВЫПИСКА)' \(a statement line\)$/);
    expect(r.docs).toHaveLength(1); // still read (and recorded), the file is refused as a whole
  });

  it('upper-case section keyword (Jusan): СЕКЦИЯДОКУМЕНТ=Выписка', async () => {
    const text = kzFile([kzDocument({ ВидДокумента: 'ПлатежноеПоручение' }, 'СЕКЦИЯДОКУМЕНТ=Выписка')]);
    expect(refusal(await parseText(text))).toMatchObject({ line: 11, field: 'СекцияДокумент' });
  });

  it.each(['ДатаСписано', 'ДатаПоступило'])('an ordinary payment order with %s only', async (key) => {
    const text = kzFile([kzDocument({ [key]: '25.11.2026' })]);
    const r = await parseText(text);
    expect(refusal(r)).toMatchObject({ line: lineOf(text, `${key}=`), field: key });
    expect(refusal(r).message).toMatch(new RegExp(`key '${key}', which only the bank writes when it has booked an operation$`));
  });

  it.each(['СуммаРасход', 'СуммаПриход', 'суммарасход', 'СуммаПрихОд'])('amount under the booking key %s (any case)', async (key) => {
    const text = kzFile([kzDocument({ Сумма: null, [key]: '5.00' })]);
    const r = await parseText(text);
    expect(refusal(r)).toMatchObject({ line: lineOf(text, `${key}=`), field: key });
  });

  it('a booking key without a value says nothing was booked: no refusal', async () => {
    const r = await parseText(kzFile([kzDocument({ ДатаСписано: '', ДатаПоступило: '' })]));
    expect(refusals(r)).toEqual([]);
    expect(r.issues).toEqual([]);
  });

  it('the evidence in a later document: only that one names it, once for the file', async () => {
    const text = kzFile([kzDocument(), kzDocument({ НомерДокумента: '119', ДатаСписано: '25.11.2026' }), kzDocument({ НомерДокумента: '120', ДатаПоступило: '25.11.2026' })]);
    const r = await parseText(text);
    expect(refusal(r)).toMatchObject({ line: lineOf(text, 'ДатаСписано='), field: 'ДатаСписано' });
    expect(r.docs).toHaveLength(3);
  });

  it('many signals, one error naming the first of them (kz-formats.md 8.3)', async () => {
    const text = crlf(SAMPLE_8_3);
    const r = await parseText(text);
    expect(refusal(r)).toMatchObject({ line: 11, field: 'СекцияРасчСчет' });
    expect(r.docs).toHaveLength(4);
  });

  it('any chunking and encoding gives the same refusal', async () => {
    const text = kzFile([kzDocument(), kzDocument({ НомерДокумента: '119' }, 'СекцияДокумент="выписка"')]);
    const want = { line: lineOf(text, 'СекцияДокумент="выписка"'), field: 'СекцияДокумент' };
    for (const charset of ['windows-1251', 'utf-8', 'ibm866'] as const) {
      for (const chunk of [1, 7, 4096]) expect(refusal(await parseBytes(encode(text, charset), chunk))).toMatchObject(want);
    }
  });

  it('a payment export has none: the documents of kzFile, with every kind of section value', async () => {
    for (const section of ['СекцияДокумент=ПлатежноеПоручение', 'СекцияДокумент=Платежное поручение', 'СекцияДокумент', 'СекцияДокумент=Мемориальный ордер']) {
      expect(refusals(await parseText(kzFile([kzDocument({}, section)])))).toEqual([]);
    }
  });
});

describe('the refusal belongs to the file, not to a document (pipeline/check.ts)', () => {
  it('checkFile gives it as a file issue even when its line lies inside a document; the documents stay as they were', async () => {
    const text = kzFile([kzDocument(), kzDocument({ НомерДокумента: '119', ДатаСписано: '25.11.2026' })]);
    const fileIssues: Issue[] = [];
    const docIssues: Issue[][] = [];
    for await (const ev of checkFile(memoryFile(encode(text, 'windows-1251'), 64), format1cKz, '1c.kz', testContext(), () => [])) {
      if (ev.type === 'file-issue') fileIssues.push(ev.issue);
      else if (ev.type === 'document') docIssues.push(ev.issues);
    }
    expect(fileIssues).toEqual([expect.objectContaining({ code: CODE, severity: 'error', line: lineOf(text, 'ДатаСписано='), field: 'ДатаСписано' })]);
    expect(docIssues).toEqual([[], []]);
  });
});

describe('golden cases', () => {
  const STATEMENTS = ['04-kaspi-1.01-statement-cp866', '05-bcc-2.0-statement-utf8', '06-jusan-2.00-upper-rk1048', '11-kz-statement-8.3-cp1251'];
  const cases = readdirSync(SAMPLES_DIR).filter((n) => statSync(join(SAMPLES_DIR, n)).isDirectory()).sort();

  it('the statement dialects are the cases 04, 05, 06 and 11', () => {
    for (const name of STATEMENTS) expect(cases).toContain(name);
  });

  it.each(cases)('%s', async (name) => {
    const r = await parseBytes(new Uint8Array(readFileSync(join(SAMPLES_DIR, name, 'input.txt'))));
    if (STATEMENTS.includes(name)) expect(refusal(r).field).toBe('СекцияРасчСчет');
    else expect(refusals(r), 'a 1C export (01, 02, 03, 07 …) is no statement').toEqual([]);
  });
});
