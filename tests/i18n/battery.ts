// Issues from every place that builds them in gateway/validate, plugins/format-1c-kz and the 1C side of the pipeline:
// the golden samples (payment reader + side-cars + validation + statement reader), the real corpus when present, the
// test fixtures, and a battery of broken inputs meant to reach each problem the readers and rules report.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../../gateway/core/issue.ts';
import type { CanonicalDocument, FxOrderDocument, FxPaymentDocument, LetterDocument, MedicalDocument, ListRow } from '../../gateway/core/model/document.ts';
import type { FormatPlugin, ParsedDocument } from '../../gateway/core/plugin.ts';
import { checkFile, type Enrich } from '../../gateway/pipeline/check.ts';
import { listEnricher } from '../../gateway/pipeline/employee-lists.ts';
import {
  checkBankPair,
  checkBic,
  checkBinIin,
  checkIban,
  checkIin,
  checkKbk,
  checkKnp,
  checkKodKbe,
  createBankDirectory,
  createKnpDictionary,
  findingsOf,
  toIssue,
  validateDocument,
  type CheckResult,
  type Finding,
  type ValidationContext,
} from '../../gateway/validate/index.ts';
import { attachSideCars, createFormat1cKz, format1cKz, parseSideCar, parseStatement1c, sideCarNames, type EmployeeList } from '../../plugins/format-1c-kz/index.ts';
import { gen1cText } from '../fixtures/gen-1c.ts';
import { encode, HEADER, kzDocument, kzFile, memoryFile, testContext } from '../format-1c-kz/helpers.ts';
import { SAMPLE_8_2, SAMPLE_8_3, crlf } from '../format-1c-kz/kz-samples.ts';
import { budget, checkDigit, ctx, ibanFor, payment, pension, row, withCheck } from '../validate/helpers.ts';
import { corpusDir } from '../fixtures/corpus.ts';

export const SAMPLES_DIR = join(import.meta.dirname, '../../samples/1c-kz');
const CORPUS = process.env.SHARED_CORPUS_1C ?? corpusDir('1c');

export interface Found {
  /** Where the issue came from, for failure messages. */
  source: string;
  issue: Issue;
}

/** Reads a payment file the way the gateway does (plugin → side-car lists → validation), collecting every issue. */
export async function readAndValidate(bytes: Uint8Array, v: ValidationContext, opts: { plugin?: FormatPlugin; enrich?: Enrich | undefined; name?: string } = {}): Promise<{ issues: Issue[]; documents: ParsedDocument[] }> {
  const issues: Issue[] = [];
  const documents: ParsedDocument[] = [];
  const file = memoryFile(bytes, 4096, opts.name ?? 'input.txt');
  for await (const ev of checkFile(file, opts.plugin ?? format1cKz, '1c.kz', testContext(), (doc, where) => validateDocument(doc, v, where), opts.enrich)) {
    if (ev.type === 'file-issue') issues.push(ev.issue);
    else if (ev.type === 'document') {
      issues.push(...ev.issues);
      documents.push({ type: 'document', line: ev.line, document: ev.document });
    }
  }
  return { issues, documents };
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]))
    .sort();
}

/** Validation contexts: the samples' business day, a later one (value dates in the past), an earlier one (dates far ahead). */
const DAYS = ['2026-11-25', '2026-12-31', '2026-06-01'];

async function samples(out: Found[]): Promise<void> {
  if (!existsSync(SAMPLES_DIR)) throw new Error(`${SAMPLES_DIR} is missing`);
  for (const name of readdirSync(SAMPLES_DIR).filter((n) => statSync(join(SAMPLES_DIR, n)).isDirectory()).sort()) {
    const dir = join(SAMPLES_DIR, name);
    const input = new Uint8Array(readFileSync(join(dir, 'input.txt')));
    const lists: EmployeeList[] = [];
    for (const side of sideCarNames('input.txt')) {
      if (!existsSync(join(dir, side))) continue;
      const r = parseSideCar(side, new Uint8Array(readFileSync(join(dir, side))))!;
      lists.push(...r.lists);
      for (const i of r.issues) out.push({ source: `${name}/${side}`, issue: i });
    }
    for (const today of DAYS) {
      const r = await readAndValidate(input, ctx({}, today), { enrich: listEnricher(lists) });
      for (const i of r.issues) out.push({ source: `${name} (today ${today})`, issue: i });
      if (today === DAYS[0] && lists.length > 0) for (const i of attachSideCars(lists, r.documents).issues) out.push({ source: `${name} side-cars`, issue: i });
    }
    for (const i of (await parseStatement1c(input)).issues) out.push({ source: `${name} statement`, issue: i });
  }
}

async function corpus(out: Found[]): Promise<void> {
  if (!existsSync(CORPUS)) return;
  for (const f of files(CORPUS)) {
    const bytes = new Uint8Array(readFileSync(f));
    for (const i of (await readAndValidate(bytes, ctx())).issues) out.push({ source: `corpus ${f}`, issue: i });
    for (const i of (await parseStatement1c(bytes)).issues) out.push({ source: `corpus ${f} statement`, issue: i });
  }
}

/** Broken 1C payment files: one or more problems of the grammar, the reader and the mapper each. */
function broken1c(): { name: string; bytes: Uint8Array; plugin?: FormatPlugin }[] {
  const cp = (name: string, text: string) => ({ name, bytes: encode(text, 'windows-1251') });
  const doc = kzDocument;
  const file = (...docs: string[][]) => kzFile(docs);
  const employee = (f: Record<string, string>) => ['СекцияСотрудник', ...Object.entries(f).map(([k, v]) => `${k}=${v}`), 'КонецСотрудник'];
  const GOOD_ROW = { Фамилия: 'Ахметов', Имя: 'Нурлан', ИИН: '850315300128', Сумма: '100.00', ПериодПлатежа: '102026' };
  const listDoc = (rows: Record<string, string>[], over: Record<string, string | null> = {}) => {
    const d = doc({ КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ12009NPS0413609816', ПолучательБанкБИК: 'GCVPKZ2A', Сумма: '100.00', ...over });
    d.splice(-1, 0, ...rows.flatMap(employee));
    return d;
  };
  const noKindHeader = HEADER.filter((l) => !l.startsWith('Документ='));
  const badUtf8 = (() => {
    const text = new TextEncoder().encode(kzFile([doc({ НазначениеПлатежа: 'Оплата за товар XX' })]));
    const at = text.indexOf(0x58); // the first 'X'
    text[at] = 0xff;
    return text;
  })();
  return [
    cp('empty', ''),
    cp('no marker', ['НеТотФайл', ...HEADER.slice(1), ...doc(), 'КонецФайла'].join('\r\n')),
    cp(
      'grammar',
      [
        '1CClientBankExchange',
        'Кодировка=KOI8',
        'СтрокаБезРавенства',
        '=значение без ключа',
        'КонецРасчСчет',
        'СекцияСотрудник',
        'КонецСотрудник',
        'КонецДокумента',
        ...doc({ НомерДокумента: '1' }).slice(0, -1),
        'НомерДокумента=1a',
        'СекцияСотрудник',
        'Фамилия=А',
        'Фамилия=Б',
        'СекцияСотрудник',
        'КонецДокумента',
        'СекцияРасчСчет',
        'РасчСчет=KZ90601A861000012345',
        ...doc({ НомерДокумента: '2' }).slice(0, -1),
        'СекцияСотрудник',
        'КонецФайла',
        'текст после конца файла',
      ].join('\r\n'),
    ),
    cp('declared DOS', kzFile([doc()], '\r\n', HEADER.map((l) => (l.startsWith('Кодировка=') ? 'Кодировка=DOS' : l)))),
    cp('no end', [...HEADER, ...doc()].join('\r\n')),
    cp('open document at the end', [...HEADER, ...doc().slice(0, -1)].join('\r\n')),
    cp('open list at the end', [...HEADER, ...listDoc([GOOD_ROW]).slice(0, -2)].join('\r\n')),
    cp('long line', kzFile([doc({ НазначениеПлатежа: 'x'.repeat(70_000) })])),
    { name: 'bad UTF-8', bytes: badUtf8 },
    cp('no kind', kzFile([doc({}, 'СекцияДокумент')], '\r\n', noKindHeader)),
    cp('not a payment order', file(doc({}, 'СекцияДокумент=Банковский ордер'))),
    cp('required keys', file(doc({ НомерДокумента: null, ДатаДокумента: null, Сумма: null, ПлательщикИИК: null, ПолучательИИК: null }))),
    cp('bad values', file(doc({ ДатаДокумента: '31.02.2026', ДатаВалютирования: 'завтра', Валюта: 'тенге' }))),
    cp('decimals', file(doc({ Сумма: '10.555' }), doc({ Сумма: '-5.00' }), doc({ Сумма: '5 000,00' }))),
    cp(
      'kinds',
      file(
        doc({ КодНазначенияПлатежа: '911' }),
        doc({ КодНазначенияПлатежа: null, ПолучательБанкБИК: 'KKMFKZ2A' }),
        doc({ КодНазначенияПлатежа: '710', КБК: '101201' }),
        doc({ КодНазначенияПлатежа: '012', КБК: '101201', ПолучательИИК: 'KZ67009SS00368609110' }),
        doc({ КодНазначенияПлатежа: null, КБК: '101201', ПолучательИИК: 'KZ12009NPS0413609816' }),
        doc({ КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ67009SS00368609110' }),
        doc({ КодНазначенияПлатежа: '710', ПолучательИИК: 'KZ12009NPS0413609816' }),
        doc({ КодНазначенияПлатежа: null, ПолучательИИК: 'KZ12009NPS0413609816' }),
        doc({ КодНазначенияПлатежа: '710', ПолучательБанкБИК: 'KKMFKZ2A' }),
        [...doc({ КодНазначенияПлатежа: '911', КБК: '101201' }).slice(0, -1), ...employee(GOOD_ROW), 'КонецДокумента'],
        listDoc([]),
      ),
    ),
    cp(
      'rows',
      file(
        listDoc([{ Сумма: '1.00' }, { ...GOOD_ROW, Сумма: '1.234' }, { ...GOOD_ROW, Сумма: '0' }, { ...GOOD_ROW, Сумма: 'сто' }, { ...GOOD_ROW, ДатаРождения: '32.13.1990' }, { ...GOOD_ROW, ПериодПлатежа: '132026' }]),
      ),
    ),
    {
      name: 'a beneficiary rule without Russian and Kazakh labels',
      bytes: encode(file(doc({ КодНазначенияПлатежа: '710' })), 'windows-1251'),
      plugin: createFormat1cKz({ beneficiaries: [{ bic: 'KCJBKZKX', kind: 'budget', label: 'a test treasury' }, { iban: 'KZ258562203100012345', kind: 'pension', label: 'a test pension account' }] }),
    },
  ];
}

/** Canonical documents with problems each rule reports; checks called directly for what a document cannot reach. */
function validation(out: Found[]): void {
  const v = ctx();
  const push = (source: string, issues: readonly Issue[]) => {
    for (const i of issues) out.push({ source, issue: i });
  };
  const of = (source: string, r: CheckResult) => push(source, findingsOf(r, 'x').map((f: Finding) => toIssue(f, undefined)));
  const blankParty = { name: '', iban: '', bic: '', binIin: '', code: '' };
  const docs: [string, CanonicalDocument][] = [
    ['blank', payment({ number: '', date: '', purpose: '', knp: '', payer: { ...blankParty }, beneficiary: { ...blankParty } })],
    ['no amount', payment({ amount: undefined as never })],
    ['zero amount', payment({ amount: { minor: 0n, currency: 'KZT' } })],
    ['negative amount', payment({ amount: { minor: -5n, currency: 'kzt' } })],
    ['fractional amount', payment({ amount: { minor: 5 as never, currency: 'KZT' } })],
    ['USD pension', pension({ amount: { minor: 10_550_050n, currency: 'USD' } })],
    ['dates', payment({ date: '2026-02-30', valueDate: '2026-11-01' })],
    ['far dates', payment({ date: '2027-06-01', valueDate: '2027-06-01' })],
    ['long texts', payment({ purpose: 'Оплата '.repeat(80), payer: { ...payment().payer, name: 'ТОО '.repeat(30) } })],
    ['ibans', payment({ payer: { ...payment().payer, iban: 'KZ90 601A 8610 0001 2345' }, beneficiary: { ...payment().beneficiary, iban: 'kz258562203100012345' } })],
    ['ibans 2', payment({ payer: { ...payment().payer, iban: 'DE89370400440532013000' }, beneficiary: { ...payment().beneficiary, iban: 'KZ25856220310001234' } })],
    ['ibans 3', payment({ payer: { ...payment().payer, iban: 'KZ9O601A861000012345' }, beneficiary: { ...payment().beneficiary, iban: 'KZ258562203100012346' } })],
    ['ibans 4', payment({ payer: { ...payment().payer, iban: 'KZ90601A86100001234!' } })],
    ['bics', payment({ payer: { ...payment().payer, bic: 'HSBKKZK' }, beneficiary: { ...payment().beneficiary, bic: 'kcjbkzkx' } })],
    ['bics 2', payment({ payer: { ...payment().payer, bic: '1SBKKZKX' }, beneficiary: { ...payment().beneficiary, bic: 'DEUTDEFF' } })],
    ['bank pairs', payment({ payer: { ...payment().payer, bic: 'KCJBKZKX' }, beneficiary: { ...payment().beneficiary, iban: ibanFor('5511234567890123'), bic: 'HSBKKZKX' } })],
    ['bank pairs 2', payment({ payer: { ...payment().payer, iban: ibanFor('9991234567890123') }, beneficiary: { ...payment().beneficiary, bic: 'ABCDKZKA' } })],
    ['bank pairs 3', payment({ payer: { ...payment().payer, iban: ibanFor('8321234567890123'), bic: 'HSBKKZKX' }, beneficiary: { ...payment().beneficiary, iban: ibanFor('8321234567890123'), bic: 'ABCDKZKA' } })],
    ['bank pairs 4', payment({ payer: { ...payment().payer, iban: ibanFor('9991234567890123'), bic: 'ABCDKZKA' } })],
    ['codes', payment({ payer: { ...payment().payer, code: '1', binIin: '12345' }, beneficiary: { ...payment().beneficiary, code: '37', binIin: '18054000777A' } })],
    ['codes 2', payment({ payer: { ...payment().payer, code: '10' } })],
    ['knp', payment({ knp: '71' })],
    ['knp 2', payment({ knp: '555' })],
    ['knp 3', payment({ knp: '999' })],
    ['budget knp', budget({ knp: '710' })],
    ['budget kbk', budget({ kbk: '' })],
    ['budget kbk 2', budget({ kbk: '12', beneficiary: { ...budget().beneficiary, bic: 'HSBKKZKX', iban: 'KZ90601A861000012345' } })],
    ['tax knp on a payment', payment({ knp: '911' })],
    ['list kind', pension({ knp: '012' })],
    ['list kind with a note', pension({ knp: '332' })],
    ['scheme', pension({ scheme: 'OPVR' })],
    ['recipient', pension({ beneficiary: { name: 'ТОО', iban: 'KZ258562203100012345', bic: 'KCJBKZKX', binIin: '180540007773', code: '17' } })],
    ['recipient unconfirmed', { ...pension(), kind: 'medical', scheme: 'OOSMS', knp: '121' } as MedicalDocument],
    ['obsolete', pension({ beneficiary: { ...pension().beneficiary, binIin: '970740001013', iban: '600400073391' } })],
    ['list missing', pension({ rows: [] })],
    ['fx payment', { ...payment(), kind: 'fx-payment', amount: { minor: 100n, currency: 'USD' }, intermediaryBic: 'bad' } as unknown as FxPaymentDocument],
    ['fx order', { kind: 'fx-order', number: '', date: '', fromIban: 'KZ1', toIban: ' ', purpose: '', amount: { minor: 0n, currency: 'USD' } } as unknown as FxOrderDocument],
    ['letter', { kind: 'letter', number: '', date: '2026-13-01', subject: '' } as unknown as LetterDocument],
  ];
  for (const [name, d] of docs) push(name, validateDocument(d, v, { line: 1 }));
  push('empty document', validateDocument(null as never, v));
  push('empty list', validateDocument(pension({ rows: [] }), v, { listRead: true }));
  const rows: ListRow[] = [
    null as never,
    row({ iin: '' }),
    row({ birthDate: '1985-03-16' }),
    row({ birthDate: '1985-02-30' }),
    { ...row(), account: 'KZ00601A861000012345' },
    row({ lastName: '', firstName: '' }),
    row({ lastName: 'Ахметова-Сагинтаева'.repeat(5) }),
    row({ amount: undefined as never }),
    row({ amount: { minor: 0n, currency: 'KZT' } }),
    row({ amount: { minor: 100n, currency: 'USD' } }),
    row({ period: '2026-13' }),
    row({ period: '1990-01' }),
    row({ period: '2030-01' }),
    row({ period: undefined as never }),
    row(),
    row({ iin: withCheck('85031570012') }),
  ];
  push('rows', validateDocument(pension({ rows }), v, { listRead: true }));
  push('rows sum', validateDocument(pension({ rows: [row()] }), v, { listRead: true }));

  // What a document cannot reach (or reaches only with other findings in front).
  of('empty account', checkIban(''));
  const nullCheck = (() => {
    for (let n = 10_000_000_000; ; n++) if (checkDigit(String(n)) === null) return String(n) + '0';
  })();
  for (const value of ['1234567890123', '12345678901A', nullCheck, '850315300129', withCheck('85031570012'), withCheck('85031500012'), withCheck('85023130012'), withCheck('99031530012'), withCheck('15134000123'), withCheck('15017000123')]) {
    of(`BIN/IIN ${value}`, checkBinIin(value, { today: '2026-11-25' }));
  }
  of('century 0 as an error', checkBinIin(withCheck('85031500012'), { centuryZero: 'error' }));
  of('IIN expected', checkIin('150140001239'));
  of('KOd', checkKodKbe('2x', 'KOd'));
  of('KBe', checkKodKbe('30', 'KBe'));
  of('KOd/KBe', checkKodKbe('19'.slice(0, 1)));
  of('KBK', checkKbk('1012'));
  of('KNP', checkKnp('7100', createKnpDictionary()));
  of('BIC any country', checkBic('ab', { country: null }));
  of('BIC any country 2', checkBic('1BCDDEFF', { country: null }));
  const dir = createBankDirectory();
  for (const [code, bic] of [['601', 'KCJBKZKX'], ['551', 'HSBKKZKX'], ['999', 'HSBKKZKX'], ['601', 'ABCDKZKA'], ['832', 'ABCDKZKA'], ['999', 'ABCDKZKA'], ['832', 'HSBKKZKX']] as const) {
    push(`bank pair ${code} ${bic}`, checkBankPair(code, bic, dir).map((f) => toIssue(f, undefined)));
  }
}

/** Employee lists beside a payment file: CSV and 1C standard-109 XML with every problem the readers report. */
function sideCars(out: Found[]): EmployeeList[] {
  const lists: EmployeeList[] = [];
  const read = (name: string, bytes: Uint8Array) => {
    const r = parseSideCar(name, bytes)!;
    for (const i of r.issues) out.push({ source: name, issue: i });
    lists.push(...r.lists);
  };
  const utf8 = (s: string) => new TextEncoder().encode(s);
  read('empty.csv', utf8(''));
  read('columns.csv', utf8('Фамилия;Имя;Сумма\nА;Б;1.00\n'));
  read('duplicate.csv', utf8('Фамилия;Имя;ИИН;Сумма;Фамилия\nАхметов;Нурлан;850315300128;100.00;Ахметов\n'));
  read('cells.csv', utf8('Фамилия;Имя;ИИН;Сумма\nАхметов;Нурлан;850315300128;100;00\nКим\tДенис;Ким;881120300552;1.00\n'));
  read('tabs.csv', utf8('Фамилия\tИмя\tИИН\tСумма\nАхметов\tНурлан\t850315300128\t100\t00\n'));
  read('quote.csv', utf8('Фамилия;Имя;ИИН;Сумма\n"Ахметов;Нурлан;850315300128;100.00\n'));
  read('header.csv', utf8('Фамилия;Имя;ИИН;Сумма\n'));
  read('rows.csv', utf8('Фамилия;Имя;ИИН;Сумма;ДатаРождения;ПериодПлатежа\n;;;;;\nАхметов;Нурлан;850315300128;1.234;32.01.1990;13.2026\nКим;Денис;881120300552;-1;;\n'));
  read('lists.csv', utf8('Фамилия;Имя;ИИН;Сумма;НомерДокумента;ПлательщикИИК\nАхметов;Нурлан;850315300128;100.00;7;KZ00000\nКим;Денис;881120300552;100.00;;\nЛи;Ирина;920712450678;100.00;;\n'));
  read('twins.csv', utf8('Фамилия;Имя;ИИН;Сумма\nАхметов;Нурлан;850315300128;35000.00\n'));
  read('twins.employees.csv', utf8('Фамилия;Имя;ИИН;Сумма\nАхметов;Нурлан;850315300128;35000.00\n'));
  const xml = (s: string) => utf8(s);
  for (const [i, text] of [
    '<?xml version="1.0" encoding="koi8-r"?>\n<СчетаПК/>',
    '<?xml version="1.0" encoding="windows-1251"?>\n<СчетаПК><Я/></СчетаПК>',
    '<СчетаПК>&amp</СчетаПК>',
    '<СчетаПК>&#0;</СчетаПК>',
    '<СчетаПК>&nbsp;</СчетаПК>',
    'текст<СчетаПК/>',
    '<СчетаПК/>текст',
    '<СчетаПК><!-- ',
    '<СчетаПК><![CDATA[ ',
    '<![CDATA[x]]><СчетаПК/>',
    '<СчетаПК><?pi ',
    '<!DOCTYPE x><СчетаПК/>',
    '<СчетаПК></СчетаПК',
    '</СчетаПК>',
    '<СчетаПК></Другой>',
    '<"СчетаПК"/>',
    '<СчетаПК',
    '<СчетаПК "a"="1"/>',
    '<СчетаПК a/>',
    '<СчетаПК a=1/>',
    '<СчетаПК a="1/>',
    '<СчетаПК a="1" a="2"/>',
    '<СчетаПК/><Второй/>',
    `${'<a>'.repeat(70)}`,
    '<СчетаПК>',
    '  ',
    '<Другой/>',
    '<СчетаПК><Прочее/></СчетаПК>',
    '<СчетаПК><ЗачислениеЗарплаты><Сотрудник Нпп="2"><Фамилия>А</Фамилия><Имя>Б</Имя><Сумма>1.234</Сумма></Сотрудник><Сотрудник><Сумма>x</Сумма></Сотрудник></ЗачислениеЗарплаты><КонтрольныеСуммы><КоличествоЗаписей>x</КоличествоЗаписей><СуммаИтого>y</СуммаИтого></КонтрольныеСуммы></СчетаПК>',
    '<СчетаПК><ЗачислениеЗарплаты><Сотрудник><Фамилия>А</Фамилия><Имя>Б</Имя><Сумма>1.00</Сумма></Сотрудник></ЗачислениеЗарплаты><КонтрольныеСуммы><КоличествоЗаписей>2</КоличествоЗаписей><СуммаИтого>2.00</СуммаИтого></КонтрольныеСуммы></СчетаПК>',
    '<СчетаПК><ЗачислениеЗарплаты><Сотрудник><Фамилия>А</Фамилия><Имя>Б</Имя><Сумма>1.00</Сумма></Сотрудник></ЗачислениеЗарплаты></СчетаПК>',
  ].entries()) {
    read(`list${i}.xml`, xml(text));
  }
  return lists;
}

/** Statements with each problem the statement reader reports. */
async function statements(out: Found[]): Promise<void> {
  const base = [...SAMPLE_8_3];
  const without = (...keys: string[]) => base.filter((l) => !keys.some((k) => l.startsWith(`${k}=`)));
  const replace = (from: string, to: string, lines = base) => lines.map((l) => (l === from ? to : l));
  const texts: [string, string[]][] = [
    ['not a statement', [...HEADER, ...kzDocument(), 'КонецФайла'].filter((l) => !l.startsWith('РасчСчет='))],
    ['no period', without('ДатаНачала')],
    ['bad period', replace('ДатаКонца=24.11.2026', 'ДатаКонца=32.11.2026')],
    ['bad balance', replace('НачальныйОстаток=5000000.00', 'НачальныйОстаток=пять')],
    ['decimals balance', replace('НачальныйОстаток=5000000.00', 'НачальныйОстаток=5000000.001')],
    ['no totals', without('ВсегоПоступило', 'ВсегоСписано')],
    ['no opening', without('НачальныйОстаток')],
    ['no closing', without('КонечныйОстаток')],
    ['two missing', without('НачальныйОстаток', 'КонечныйОстаток')],
    ['not reconciled', replace('КонечныйОстаток=4343075.00', 'КонечныйОстаток=4343076.00')],
    ['totals', replace('ВсегоПоступило=1730000.00', 'ВсегоПоступило=1730001.00', replace('ВсегоСписано=2386925.00', 'ВсегоСписано=2386926.00'))],
    ['operations', replace('ДатаОперации=03.11.2026', 'ДатаОперации=3 ноября', replace('Валюта=KZT', 'Валюта=доллар', replace('СуммаРасход=36925.00', 'СуммаРасход=0.001')))],
    ['operations 2', replace('СуммаПриход=1250000.00', 'СуммаПриход=много', replace('СуммаРасход=2350000.00', 'СуммаРасход=-5.00'))],
    ['operations 3', replace('СуммаПриход=480000.00', 'Сумма=480000.00', replace('ПлательщикИИК=KZ1396503F0001234567', 'ПлательщикИИК=KZ00000', replace('ПолучательИИК=KZ90601A861000012345', 'ПолучательИИК=KZ00001')))],
    ['operations 4', base.map((l) => (l === 'СуммаРасход=2350000.00' ? 'СуммаРасход=2350000.00\r\nСуммаПриход=1.00' : l === 'Валюта=KZT' ? 'Валюта=USD' : l)).filter((l) => !l.startsWith('ДатаОперации=') && !l.startsWith('ДатаДокумента=5'))],
    ['operations 5', base.filter((l) => !l.startsWith('СуммаПриход=480000.00') && !l.startsWith('ДатаОперации=10') && !l.startsWith('ДатаДокумента=10'))],
    ['second account', [...base.slice(0, -1), 'СекцияРасчСчет', 'РасчСчет=KZ258562203100012345', 'КонецРасчСчет', ...kzDocument({ ПлательщикИИК: 'KZ258562203100012345', ПолучательИИК: 'KZ000', СуммаРасход: '1.00' }), 'КонецФайла']],
  ];
  for (const [name, lines] of texts) {
    for (const i of (await parseStatement1c(encode(crlf(lines), 'windows-1251'))).issues) out.push({ source: `statement: ${name}`, issue: i });
  }
}

/** Every issue the battery finds (a few thousand). */
export async function collectIssues(): Promise<Found[]> {
  const out: Found[] = [];
  await samples(out);
  await corpus(out);
  const v = ctx();
  for (const [name, text] of [
    ['gen-1c', gen1cText({ firstNumber: 1, documents: 3, date: '25.11.2026' })],
    ['8.2', crlf(SAMPLE_8_2)],
    ['8.3', crlf(SAMPLE_8_3)],
  ] as const) {
    for (const i of (await readAndValidate(encode(text, 'windows-1251'), v)).issues) out.push({ source: name, issue: i });
  }
  for (const f of broken1c()) {
    for (const i of (await readAndValidate(f.bytes, v, { plugin: f.plugin })).issues) out.push({ source: f.name, issue: i });
  }
  validation(out);
  const lists = sideCars(out);
  // Side-car lists against the list documents of a file: mismatches, ties and unused lists.
  const listFile = encode(
    kzFile([
      kzDocument({ НомерДокумента: '7', КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ12009NPS0413609816', Сумма: '35000.00' }),
      kzDocument({ НомерДокумента: '8', КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ12009NPS0413609816', Сумма: '35000.00' }),
      kzDocument({ НомерДокумента: '9', КодНазначенияПлатежа: '012', ПолучательИИК: 'KZ67009SS00368609110', Сумма: '1.00' }),
      kzDocument({ НомерДокумента: '10', КодНазначенияПлатежа: '010', ПолучательИИК: 'KZ12009NPS0413609816', Сумма: '999.99' }),
    ]),
    'windows-1251',
  );
  const parsed = await readAndValidate(listFile, v);
  for (const i of attachSideCars(lists, parsed.documents).issues) out.push({ source: 'attach side-cars', issue: i });
  const enriched = await readAndValidate(listFile, v, { enrich: listEnricher(lists) });
  for (const i of enriched.issues) out.push({ source: 'enrich side-cars', issue: i });
  await statements(out);
  return out;
}
