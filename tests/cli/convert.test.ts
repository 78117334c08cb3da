// `bankgate convert IN --to FORMAT`: 1C → pain.001 (schema-valid) → MT100, camt.053 → 1C (one file per account),
// MT940 → camt.053 → MT940, refusals that write nothing, and exit codes 0 / 1 / 2.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gen1cText } from '../fixtures/gen-1c.ts';
import { runCli } from '../e2e/gateway-process.ts';
import { xmllintAvailable, xmllintMissing, xsdValidate } from '../format-iso20022/xmllint.ts';
import { CORPUS_ROOT } from '../fixtures/corpus.ts';

const CORPUS = CORPUS_ROOT;
const corpus = existsSync(CORPUS);
if (!corpus) console.warn(`[convert] ${CORPUS} is absent: the corpus conversions are skipped`);
if (!xmllintAvailable) console.warn(`[convert] schema checks skipped: ${xmllintMissing}`);

const tmp = () => mkdtemp(path.join(tmpdir(), 'bankgate-convert-'));
const convert = (dir: string, args: string[]) => runCli(dir, ['convert', ...args, '--lang', 'en']);

describe('bankgate convert', () => {
  it('1C payment orders → pain.001.001.09 that validates against the official schema → MT100', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, '1c_to_kl.txt'), gen1cText({ firstNumber: 7, documents: 3 }));
    const r = await convert(dir, ['1c_to_kl.txt', '--to', 'pain.001', '--out', 'out.xml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1c\.kz\) → iso20022\.pain\.001\.001\.09: 3 documents, written out\.xml/);
    const xml = await readFile(path.join(dir, 'out.xml'));
    expect(xml.toString().match(/<CdtTrfTxInf>/g)).toHaveLength(3);
    if (xmllintAvailable) expect(xsdValidate(xml, 'pain.001.001.09.xsd')).toEqual({ ok: true, errors: [] });
    // And on: the pain.001 read back converts to the Kazakh MT100, one message per document, on standard output.
    const mt = await convert(dir, ['out.xml', '--to', 'mt100', '--encoding', 'utf-8']);
    expect(mt.code, mt.stderr).toBe(0);
    expect(mt.stdout.match(/\{2:I100/g)).toHaveLength(3);
    expect(mt.stdout).toContain(':20:PL7');
    expect(mt.stdout).toContain('/KNP/710');
  });

  it('refuses a file with an invalid document: issues as in validate, exit 1, nothing written', async () => {
    const dir = await tmp();
    const text = gen1cText({ firstNumber: 1, documents: 2 }).replace('ПолучательИИК=KZ258562203100012345', 'ПолучательИИК=KZ258562203100012346');
    await writeFile(path.join(dir, 'bad.txt'), text);
    const r = await convert(dir, ['bad.txt', '--to', 'pain.001', '--out', 'out.xml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/VAL_IBAN_CHECKSUM/);
    expect(r.stderr).toMatch(/not converted \(1c\.kz → iso20022\.pain\.001\.001\.09\)/);
    expect(readdirSync(dir)).toEqual(['bad.txt']);
  });

  it('payment orders are not a statement: converting them to a 1C statement is refused, nothing on standard output', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, '1c_to_kl.txt'), gen1cText({ firstNumber: 1, documents: 1 }));
    const r = await convert(dir, ['1c_to_kl.txt', '--to', '1c']);
    // 1C is written for statements only: payment orders are not a statement.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/СекцияРасчСчет/);
    expect(r.stdout).toBe('');
  });

  it('exit 2 for an unknown target format and for an unreadable file', async () => {
    const dir = await tmp();
    const unknown = await convert(dir, ['x.txt', '--to', 'mt999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no format plugin writes 'mt999'; --to takes one of: .*iso20022\.camt\.053\.001\.08 \(statements\)/);
    const missing = await convert(dir, ['nope.txt', '--to', 'camt.053']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });

  it.skipIf(!corpus)('camt.053 with two statements → one 1C file per account; MT940 → camt.053 → MT940 keeps the entries', async () => {
    const dir = await tmp();
    const camt = path.join(CORPUS, 'iso20022/camt053/genkgo_camt053.v2.multi.statement.xml');
    const r = await convert(dir, [camt, '--to', '1c', '--out', 'kl_to_1c.txt', '--encoding', 'utf-8']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['kl_to_1c-2.txt', 'kl_to_1c.txt']);
    for (const f of ['kl_to_1c.txt', 'kl_to_1c-2.txt']) {
      const text = await readFile(path.join(dir, f), 'utf8');
      expect(text.startsWith('1CClientBankExchange')).toBe(true);
      expect(text).toMatch(/СекцияРасчСчет[\s\S]*КонецРасчСчет[\s\S]*СекцияДокумент=Выписка/);
    }

    const mt940 = path.join(CORPUS, 'mt940/php-mt940/spk_sample.txt');
    const toCamt = await convert(dir, [mt940, '--to', 'camt.053', '--out', 'spk.xml']);
    expect(toCamt.code, toCamt.stderr).toBe(0);
    if (xmllintAvailable) expect(xsdValidate(await readFile(path.join(dir, 'spk.xml')), 'camt.053.001.08.xsd').ok).toBe(true);
    const back = await convert(dir, ['spk.xml', '--to', 'mt940', '--out', 'spk.sta']);
    expect(back.code, back.stderr).toBe(0);
    const amounts = (s: string) => [...s.matchAll(/^:61:\d{6}(?:\d{4})?R?[CD][A-Z]?(\d+,\d*)/gm)].map((m) => m[1]!.replace(/,?0*$/, ''));
    const original = await readFile(mt940, 'latin1');
    expect(amounts(await readFile(path.join(dir, 'spk.sta'), 'latin1'))).toEqual(amounts(original));
  });
});
