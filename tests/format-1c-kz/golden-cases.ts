// Golden cases for samples/1c-kz/: synthetic files in the dialects of kz-formats.md 1.2 (Kaspi 1.01, BCC 2.0,
// Jusan 2.00, the KZ ERP export 2.00), every document kind, every encoding. `golden-gen.ts` writes them as bytes;
// identifiers are the made-up ones of kz-formats.md 8.1 (valid checksums) and the public statutory requisites.
import type { Charset } from '../../plugins/format-1c-kz/charsets.ts';
import type { ValidationCode } from '../../gateway/validate/findings.ts';
import { ibanFor, withCheck } from '../validate/helpers.ts';
import { SAMPLE_8_2, SAMPLE_8_3 } from './kz-samples.ts';

/** Business date the samples are dated: the golden runner validates with "today" pinned to it. */
export const GOLDEN_TODAY = '2026-11-25';

export interface GoldenFile {
  /** File name inside the case folder: input.txt, input.csv, input.xml. */
  name: string;
  charset: Charset;
  bom?: boolean;
  eol: '\r\n' | '\n';
  lines: readonly string[];
}

export interface GoldenCase {
  name: string;
  description: string;
  files: GoldenFile[];
}

interface PartyReq {
  name: string;
  bin: string;
  kbe: string;
  iik: string;
  bank: string;
  bic: string;
}

const PAYER: PartyReq = { name: 'ТОО "Пример Логистик"', bin: '150140001239', kbe: '17', iik: 'KZ90601A861000012345', bank: 'АО "Народный Банк Казахстана"', bic: 'HSBKKZKX' };
const ALFA: PartyReq = { name: 'ТОО "Альфа Снаб"', bin: '180540007773', kbe: '17', iik: 'KZ258562203100012345', bank: 'АО "Банк ЦентрКредит"', bic: 'KCJBKZKX' };
const BETA: PartyReq = { name: 'ТОО "Бета Трейд"', bin: '190840009811', kbe: '17', iik: 'KZ18722S000009876543', bank: 'АО "Kaspi Bank"', bic: 'CASPKZKA' };
const IP: PartyReq = { name: 'ИП Оразбаев', bin: '010421500340', kbe: '19', iik: 'KZ1396503F0001234567', bank: 'АО "ForteBank"', bic: 'IRTYKZKA' };
const GK = 'НАО "Государственная корпорация "Правительство для граждан"';
const PENSION: PartyReq = { name: GK, bin: '160440007161', kbe: '11', iik: 'KZ12009NPS0413609816', bank: GK, bic: 'GCVPKZ2A' };
const SOCIAL: PartyReq = { ...PENSION, iik: 'KZ67009SS00368609110' };
const MEDICAL: PartyReq = { ...PENSION, iik: 'KZ92009MEDS368609103' };
const TAX: PartyReq = { name: 'РГУ "Управление государственных доходов по Алмалинскому району"', bin: '080340004562', kbe: '11', iik: 'KZ24070105KSN0000000', bank: 'ГУ "Комитет казначейства Министерства финансов РК"', bic: 'KKMFKZ2A' };
/** Salary-project transit account (synthetic: spare test BIN of 8.1, a made-up Kaspi account with a valid check). */
const SALARY_BANK: PartyReq = { name: 'АО "Kaspi Bank" (зарплатный проект)', bin: '200240003151', kbe: '14', iik: 'KZ18722Z000000000332', bank: 'АО "Kaspi Bank"', bic: 'CASPKZKA' };

const party = (prefix: 'Плательщик' | 'Получатель', p: PartyReq) => [
  `${prefix}Наименование=${p.name}`,
  `${prefix}БИН_ИИН=${p.bin}`,
  `${prefix}КБЕ=${p.kbe}`,
  `${prefix}ИИК=${p.iik}`,
  `${prefix}БанкНаименование=${p.bank}`,
  `${prefix}БанкБИК=${p.bic}`,
];

interface Employee {
  last: string;
  first: string;
  middle?: string;
  iin: string;
  birth: string;
  amount: string;
  /** This row's ПериодПлатежа instead of the list's; null: no ПериодПлатежа line. */
  period?: string | null;
}

const AHMETOV: Employee = { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович', iin: '850315300128', birth: '15.03.1985', amount: '' };
const SAGINTAEVA: Employee = { last: 'Сагинтаева', first: 'Айгерим', middle: 'Болатовна', iin: '920712450678', birth: '12.07.1992', amount: '' };
const KIM: Employee = { last: 'Ким', first: 'Денис', middle: 'Викторович', iin: '881120300552', birth: '20.11.1988', amount: '' };
const with$ = (e: Employee, amount: string, over: Partial<Employee> = {}): Employee => ({ ...e, ...over, amount });

function employees(list: Employee[], period = '102026'): string[] {
  return list.flatMap((e) => {
    const p = e.period === undefined ? period : e.period;
    return [
      'СекцияСотрудник',
      `Фамилия=${e.last}`,
      `Имя=${e.first}`,
      ...(e.middle ? [`Отчество=${e.middle}`] : []),
      `ИИН=${e.iin}`,
      `ДатаРождения=${e.birth}`,
      `Сумма=${e.amount}`,
      ...(p === null ? [] : [`ПериодПлатежа=${p}`]),
      'КонецСотрудник',
    ];
  });
}

interface Order {
  number: string;
  amount: string;
  to: PartyReq;
  purpose: string;
  knp?: string;
  kbk?: string;
  rows?: string[];
  date?: string;
  /** ДатаВалютирования when it differs from the document date; null: no such line. */
  valueDate?: string | null;
  /** Валюта (default KZT). */
  currency?: string;
}

/** A payment order of the KZ ERP export (kz-formats.md 1.2 / 8.2 key order). */
function order(o: Order): string[] {
  const date = o.date ?? '25.11.2026';
  const valueDate = o.valueDate === undefined ? date : o.valueDate;
  return [
    'СекцияДокумент=ПлатежноеПоручение',
    `НомерДокумента=${o.number}`,
    `ДатаДокумента=${date}`,
    `Сумма=${o.amount}`,
    `Валюта=${o.currency ?? 'KZT'}`,
    ...party('Плательщик', PAYER),
    ...party('Получатель', o.to),
    `НазначениеПлатежа=${o.purpose}`,
    ...(o.knp ? [`КодНазначенияПлатежа=${o.knp}`] : []),
    ...(o.kbk ? [`КодБК=${o.kbk}`] : []),
    ...(valueDate === null ? [] : [`ДатаВалютирования=${valueDate}`]),
    ...(o.rows ?? []),
    'КонецДокумента',
  ];
}

function exportHeader(encoding: string | null, version = '2.00'): string[] {
  return [
    '1CClientBankExchange',
    `ВерсияФормата=${version}`,
    ...(encoding === null ? [] : [`Кодировка=${encoding}`]),
    'Отправитель=Бухгалтерия для Казахстана, редакция 3.0',
    'Получатель=',
    'ДатаСоздания=25.11.2026',
    'ВремяСоздания=10:15:00',
    'ДатаНачала=25.11.2026',
    'ДатаКонца=25.11.2026',
    `РасчСчет=${PAYER.iik}`,
    'Документ=ПлатежноеПоручение',
  ];
}

interface StatementLine {
  section: string;
  kind: string;
  number: string;
  date: string;
  credit?: string;
  debit?: string;
  from: PartyReq;
  to: PartyReq;
  purpose: string;
  knp: string;
  keys?: (k: string) => string;
  extra?: string[];
}

function statementLine(s: StatementLine): string[] {
  const k = s.keys ?? ((x: string) => x);
  return [
    `${k('СекцияДокумент')}=${s.section}`,
    `НомерДокумента=${s.number}`,
    `ДатаДокумента=${s.date}`,
    `ВидДокумента=${s.kind}`,
    `ДатаОперации=${s.date}`,
    s.credit ? `СуммаПриход=${s.credit}` : `СуммаРасход=${s.debit}`,
    ...(s.extra ?? []),
    ...party('Плательщик', s.from),
    ...party('Получатель', s.to),
    `НазначениеПлатежа=${s.purpose}`,
    `КодНазначенияПлатежа=${s.knp}`,
    'КонецДокумента',
  ];
}

// ---- the cases ----

const allKinds: string[] = [
  ...exportHeader('UTF8'),
  ...order({ number: '201', amount: '1180000.00', to: ALFA, knp: '710', purpose: 'Оплата за товар по счету на оплату № 2041 от 18.11.2026, в т.ч. НДС' }),
  ...order({ number: '202', amount: '77000.00', to: PENSION, knp: '010', purpose: 'Обязательные пенсионные взносы за октябрь 2026 г.', rows: employees([with$(AHMETOV, '35000.00'), with$(SAGINTAEVA, '42000.00')]) }),
  ...order({ number: '203', amount: '38500.00', to: PENSION, knp: '089', purpose: 'Обязательные пенсионные взносы работодателя за октябрь 2026 г.', rows: employees([with$(AHMETOV, '17500.00'), with$(SAGINTAEVA, '21000.00')]) }),
  ...order({ number: '204', amount: '17500.00', to: PENSION, knp: '015', purpose: 'Обязательные профессиональные пенсионные взносы за октябрь 2026 г.', rows: employees([with$(KIM, '17500.00')]) }),
  ...order({ number: '205', amount: '1250.35', to: PENSION, knp: '019', purpose: 'Пеня по обязательным пенсионным взносам', rows: employees([with$(KIM, '1250.35')], '092026') }),
  ...order({ number: '206', amount: '36925.00', to: SOCIAL, knp: '012', purpose: 'Социальные отчисления за октябрь 2026 г.', rows: employees([with$(AHMETOV, '12250.00'), with$(SAGINTAEVA, '14700.00'), with$(KIM, '9975.00')]) }),
  ...order({ number: '207', amount: '31650.00', to: MEDICAL, knp: '121', purpose: 'Отчисления на ОСМС за октябрь 2026 г.', rows: employees([with$(AHMETOV, '10500.00'), with$(SAGINTAEVA, '12600.00'), with$(KIM, '8550.00')]) }),
  ...order({ number: '208', amount: '21100.00', to: MEDICAL, knp: '122', purpose: 'Взносы на ОСМС за октябрь 2026 г.', rows: employees([with$(AHMETOV, '7000.00'), with$(SAGINTAEVA, '8400.00'), with$(KIM, '5700.00')]) }),
  ...order({ number: '209', amount: '903000.00', to: SALARY_BANK, knp: '332', purpose: 'Заработная плата за октябрь 2026 г.', rows: employees([with$(AHMETOV, '315000.00'), with$(SAGINTAEVA, '378000.00'), with$(KIM, '210000.00')]) }),
  ...order({ number: '210', amount: '58400.00', to: TAX, knp: '911', kbk: '101201', purpose: 'Индивидуальный подоходный налог за октябрь 2026 г.' }),
  ...order({ number: '211', amount: '1520.40', to: TAX, knp: '912', kbk: '101201', purpose: 'Пеня по индивидуальному подоходному налогу' }),
  ...order({ number: '212', amount: '120000.00', to: TAX, kbk: '103101', purpose: 'Социальный налог за октябрь 2026 г. (КНП не указан: бюджет по банку получателя и КБК)' }),
  'КонецФайла',
];

const kazakhLists: string[] = [
  ...exportHeader('UTF8'),
  ...order({ number: '301', amount: '14000.00', to: SOCIAL, knp: '012', purpose: 'Әлеуметтік аударымдар, қазан 2026 ж.', rows: employees([with$(AHMETOV, '7000.00', { last: 'Әбілқасымов', first: 'Нұрлан', middle: 'Серікұлы' }), with$(SAGINTAEVA, '7000.00', { last: 'Сағынтаева', first: 'Әйгерім', middle: 'Болатқызы' })]) }),
  ...order({ number: '302', amount: '9000.00', to: MEDICAL, knp: '124', purpose: 'ӘМСҚ жарналары бойынша өсімпұл', rows: employees([with$(KIM, '9000.00', { middle: undefined })], '10.2026') }),
  ...order({ number: '303', amount: '1000.00', to: MEDICAL, knp: '123', purpose: 'ӘМСҚ аударымдары бойынша өсімпұл', rows: employees([with$(KIM, '1000.00')], '2026-10') }),
  'КонецФайла',
];

const errors: string[] = [
  ...exportHeader('Windows'),
  // 401: budget KNP without a KBK → refused.
  ...order({ number: '401', amount: '58400.00', to: TAX, knp: '911', purpose: 'ИПН за октябрь 2026 г. (нет КодБК)' }),
  // 402: goods KNP paid to the pension account → kind conflict warning, read as a payment.
  ...order({ number: '402', amount: '1000.00', to: PENSION, knp: '710', purpose: 'КНП не соответствует получателю' }),
  // 403: pension without rows → list missing warning.
  ...order({ number: '403', amount: '35000.00', to: PENSION, knp: '010', purpose: 'ОПВ, список отдельным файлом' }),
  // 404: pension with a row without IIN and a row with a bad period → errors, not used.
  ...order({ number: '404', amount: '77000.00', to: PENSION, knp: '010', purpose: 'ОПВ с ошибками в списке', rows: [...employees([with$(AHMETOV, '35000.00', { iin: '' })]), ...employees([with$(SAGINTAEVA, '42000.00')], '132026')] }),
  // 405: an employee sub-section that is never closed → syntax error, not used.
  ...order({ number: '405', amount: '35000.00', to: SOCIAL, knp: '012', purpose: 'СО, незакрытая секция', rows: employees([with$(AHMETOV, '35000.00')]).filter((l) => l !== 'КонецСотрудник') }),
  // 406: rows in an ordinary payment → skipped with a warning.
  ...order({ number: '406', amount: '5000.00', to: ALFA, knp: '710', purpose: 'Оплата услуг', rows: employees([with$(KIM, '5000.00')]) }),
  // 407: bad amount.
  ...order({ number: '407', amount: '5 000,00', to: ALFA, knp: '710', purpose: 'Сумма с пробелом' }),
  // 408: a social KNP with a pension-account beneficiary → conflict, kind by KNP.
  ...order({ number: '408', amount: '35000.00', to: PENSION, knp: '012', purpose: 'СО на счет ОПВ', rows: employees([with$(AHMETOV, '35000.00')]) }),
  'КонецФайла',
];

const sidecarOrders: string[] = [
  ...exportHeader('Windows'),
  ...order({ number: '501', amount: '1180000.00', to: ALFA, knp: '710', purpose: 'Оплата за товар' }),
  ...order({ number: '502', amount: '105500.50', to: PENSION, knp: '010', purpose: 'Обязательные пенсионные взносы за октябрь 2026 г.' }),
  ...order({ number: '503', amount: '36925.00', to: SOCIAL, knp: '012', purpose: 'Социальные отчисления за октябрь 2026 г.' }),
  'КонецФайла',
];
const sidecarCsv: string[] = [
  'НомерДокумента;ПлательщикИИК;Фамилия;Имя;Отчество;ИИН;ДатаРождения;Сумма;ПериодПлатежа',
  '502;KZ90601A861000012345;Ахметов;Нурлан;Серикович;850315300128;15.03.1985;35000,00;102026',
  '502;KZ90601A861000012345;Сагинтаева;Айгерим;Болатовна;920712450678;12.07.1992;42000,00;102026',
  '502;KZ90601A861000012345;Ким;Денис;Викторович;881120300552;20.11.1988;28500,50;102026',
  '503;KZ90601A861000012345;Ахметов;Нурлан;Серикович;850315300128;15.03.1985;12250,00;102026',
  '503;KZ90601A861000012345;Сагинтаева;Айгерим;Болатовна;920712450678;12.07.1992;14700,00;102026',
  '503;KZ90601A861000012345;Ким;Денис;Викторович;881120300552;20.11.1988;9975,00;102026',
];

const salaryOrders: string[] = [
  ...exportHeader('Windows'),
  ...order({ number: '601', amount: '693000.00', to: SALARY_BANK, knp: '332', purpose: 'Заработная плата за октябрь 2026 г. по реестру № 7' }),
  'КонецФайла',
];
const salaryXml: string[] = [
  '<?xml version="1.0" encoding="windows-1251"?>',
  '<СчетаПК xmlns="http://v8.1c.ru/edi/edi_stnd/109" ДатаФормирования="2026-11-25" НомерДоговора="ЗП-12/2020" ДатаДоговора="2020-12-01" НаименованиеОрганизации="ТОО &quot;Пример Логистик&quot;" БИН="150140001239" РасчетныйСчетОрганизации="KZ90601A861000012345" БИК="HSBKKZKX" НомерРеестра="7" ДатаРеестра="2026-11-25">',
  '  <ЗачислениеЗарплаты>',
  '    <Сотрудник Нпп="1">',
  '      <Фамилия>Ахметов</Фамилия>',
  '      <Имя>Нурлан</Имя>',
  '      <Отчество>Серикович</Отчество>',
  '      <ИИН>850315300128</ИИН>',
  '      <ЛицевойСчет>KZ86125KZT5004100100</ЛицевойСчет>',
  '      <Сумма>315000.00</Сумма>',
  '    </Сотрудник>',
  '    <Сотрудник Нпп="2">',
  '      <Фамилия>Сагинтаева</Фамилия>',
  '      <Имя>Айгерим</Имя>',
  '      <Отчество>Болатовна</Отчество>',
  '      <ИИН>920712450678</ИИН>',
  '      <ЛицевойСчет>KZ476010131000179714</ЛицевойСчет>',
  '      <Сумма>378000.00</Сумма>',
  '    </Сотрудник>',
  '  </ЗачислениеЗарплаты>',
  '  <КонтрольныеСуммы>',
  '    <КоличествоЗаписей>2</КоличествоЗаписей>',
  '    <СуммаИтого>693000.00</СуммаИтого>',
  '  </КонтрольныеСуммы>',
  '</СчетаПК>',
];

// Own accounts and BINs of the statement cases are made up here (valid checksums), never taken from the corpus.
const OWN_KASPI: PartyReq = { name: 'ОСИ "ЖК "Солнечный', bin: '210340004561', kbe: '18', iik: 'KZ18722S000012345678', bank: 'АО "Kaspi Bank"', bic: 'CASPKZKA' };
const kaspi: string[] = [
  '1CClientBankExchange',
  'ВерсияФормата=1.01',
  'Кодировка=DOS',
  'Получатель=1C',
  'ДатаНачала=01.06.2024',
  'ДатаКонца=30.06.2024',
  `РасчСчет=${OWN_KASPI.iik}`,
  'СекцияРасчСчет',
  'ДатаНачала=01.06.2024',
  'ДатаКонца=30.06.2024',
  `РасчСчет=${OWN_KASPI.iik}`,
  'НачальныйОстаток=84310.27',
  'ВсегоПоступило=160000',
  'ВсегоСписано=4000',
  'КонечныйОстаток=240310.27',
  'КонецРасчСчет',
  ...statementLine({ section: 'выписка', kind: 'Платежное поручение', number: '51208811', date: '28.06.2024', debit: '4000.00', from: OWN_KASPI, to: { ...IP, kbe: '1', bic: '' }, purpose: 'Перевод на карту Kaspi Gold', knp: '119' }),
  ...statementLine({ section: 'выписка', kind: 'Платежное поручение', number: '1502', date: '28.06.2024', credit: '160000', from: BETA, to: OWN_KASPI, purpose: 'Взносы собственников за июнь 2024', knp: '710' }),
  'КонецФайла',
];

const OWN_BCC: PartyReq = { name: 'ТОО "Пример Логистик"', bin: '150140001239', kbe: '17', iik: 'KZ258562203100012345', bank: 'АО "Банк ЦентрКредит"', bic: 'KCJBKZKX' };
const bcc: string[] = [
  '1CClientBankExchange',
  'ВерсияФормата=2.0',
  'Отправитель=АО "Банк ЦентрКредит"',
  'Получатель=1C Предприятие, Бухгалтерия для Казахстана',
  'ДатаСоздания=08.10.2024',
  'ДатаНачала=07.10.2024',
  'ДатаКонца=07.10.2024',
  `РасчСчет=${OWN_BCC.iik}`,
  'СекцияРасчСчет',
  'ДатаНачала=07.10.2024',
  'ДатаКонца=07.10.2024',
  `РасчСчет=${OWN_BCC.iik}`,
  'НачальныйОстаток=318250.4',
  'ВсегоПоступило=0',
  'ВсегоСписано=160000',
  'КонечныйОстаток=158250.4',
  'КонецРасчСчет',
  ...statementLine({ section: '"Выписка"', kind: 'ПлатежноеПоручение', number: 'NT-108842', date: '07.10.2024', debit: '160000', extra: ['Валюта=KZT', 'ДатаВалютирования=07.10.2024'], from: OWN_BCC, to: { ...OWN_BCC, name: 'Снятие наличных в банкомате, карта 4400-43**-****-1234' }, purpose: 'Снятие наличных денег через банкомат', knp: '341' }),
  'КонецФайла',
];

const OWN_JUSAN: PartyReq = { name: 'ЖШС "Қазақ Әлемі"', bin: '210740007898', kbe: '17', iik: 'KZ42998T000076543210', bank: 'АО "First Heartland Jusan Bank"', bic: 'TSESKZKA' };
const upper = (k: string) => k.toUpperCase();
const jusan: string[] = [
  '1CClientBankExchange',
  'ВерсияФормата=2.00',
  'Кодировка=windows-1251',
  'ДатаНачала=15.01.2024',
  'ДатаКонца=15.01.2024',
  `РасчСчет=${OWN_JUSAN.iik}`,
  'СЕКЦИЯРАСЧСЧЕТ',
  'ДатаНачала=15.01.2024',
  'ДатаКонца=15.01.2024',
  `РасчСчет=${OWN_JUSAN.iik}`,
  'НачальныйОстаток=1000000.00',
  'ВсегоПоступило=8120.5',
  'ВсегоСписано=35000.00',
  'КонечныйОстаток=973120.50',
  'КОНЕЦРАСЧСЧЕТ',
  ...statementLine({ section: 'Выписка', keys: upper, kind: 'ПлатежноеПоручение', number: '40117', date: '15.01.2024', credit: '8120.5', from: { ...BETA, name: 'ЖК "Ұлы Дала"' }, to: OWN_JUSAN, purpose: 'Тауар үшін төлем, ҚҚС-пен', knp: '710' }),
  ...statementLine({ section: 'Выписка', keys: upper, kind: 'ПлатежноеПоручение', number: '40118', date: '15.01.2024', debit: '35000.00', from: OWN_JUSAN, to: PENSION, purpose: 'Міндетті зейнетақы жарналары, желтоқсан 2023', knp: '010' }),
  'КОНЕЦФАЙЛА',
];

const rk1048Payments: string[] = [
  ...exportHeader('Windows'),
  ...order({ number: '701', amount: '250000.00', to: { ...ALFA, name: 'ЖШС "Ұлы Дала Үйі"' }, knp: '710', purpose: 'Тауар үшін төлем, ҚҚС-пен' }),
  ...order({ number: '702', amount: '21000.00', to: PENSION, knp: '010', purpose: 'Міндетті зейнетақы жарналары, қазан 2026', rows: employees([with$(AHMETOV, '10500.00', { last: 'Әбілқасымов', first: 'Нұрлан' }), with$(SAGINTAEVA, '10500.00', { last: 'Сағынтаева', first: 'Әйгерім', middle: 'Болатқызы' })]) }),
  'КонецФайла',
];

// ---- 12: validation rules ----
// One document per VAL_ code a 1C file can produce, failing that rule alone (or with the companions listed), and one
// document per kind passing every rule. Identifiers that must be valid are the ones above; the deliberately broken
// ones are derived from them, and those that must pass their checksum while failing another rule get their check
// digits from tests/validate/helpers.ts (ibanFor: BigInt mod 97; withCheck: the kz-formats.md 3.3 mod 11).

/** The budget beneficiary with a name within the 60-character limit (TAX's draws VAL_NAME_TOO_LONG). */
const TAX_SHORT: PartyReq = { ...TAX, name: 'РГУ "УГД по Алмалинскому району"' };
const PURPOSE_LONG = `Оплата по договору поставки № 17/2026: ${'товары согласно спецификации, '.repeat(13)}в т.ч. НДС`;

/** The passing side: one document per kind, no validation finding at all. */
export const VALID_KIND_DOCS: readonly { number: string; kind: string }[] = [
  { number: '1201', kind: 'payment' },
  { number: '1202', kind: 'budget' },
  { number: '1203', kind: 'pension' },
  { number: '1204', kind: 'social' },
  { number: '1205', kind: 'medical' },
  { number: '1206', kind: 'salary' },
];

/** The failing side: document number → the rule it fails; `also`: codes the same input cannot help raising too. */
export const VALIDATION_RULE_DOCS: readonly { number: string; code: ValidationCode; also?: readonly ValidationCode[]; why?: string }[] = [
  { number: '1211', code: 'VAL_REQUIRED' },
  { number: '1212', code: 'VAL_PURPOSE_TOO_LONG' },
  { number: '1213', code: 'VAL_NAME_TOO_LONG' },
  { number: '1214', code: 'VAL_VALUE_DATE_PAST' },
  { number: '1215', code: 'VAL_DATE_FUTURE' },
  { number: '1216', code: 'VAL_CURRENCY' },
  { number: '1217', code: 'VAL_IBAN_LENGTH' },
  { number: '1218', code: 'VAL_IBAN_COUNTRY' },
  { number: '1219', code: 'VAL_IBAN_CHARS' },
  { number: '1220', code: 'VAL_IBAN_CHECKSUM' },
  { number: '1221', code: 'VAL_BIC_FORMAT' },
  { number: '1222', code: 'VAL_BIC_COUNTRY' },
  { number: '1223', code: 'VAL_BIC_UNKNOWN' },
  { number: '1224', code: 'VAL_IBAN_BANK_UNKNOWN' },
  { number: '1225', code: 'VAL_IBAN_BIC_MISMATCH' },
  { number: '1226', code: 'VAL_IBAN_BIC_UNCONFIRMED' },
  { number: '1227', code: 'VAL_BIN_IIN_FORMAT' },
  { number: '1228', code: 'VAL_BIN_IIN_CHECKSUM' },
  { number: '1229', code: 'VAL_IIN_DATE' },
  { number: '1230', code: 'VAL_IIN_CENTURY' },
  { number: '1231', code: 'VAL_IIN_CENTURY_UNKNOWN' },
  { number: '1232', code: 'VAL_BIN_MONTH' },
  { number: '1233', code: 'VAL_BIN_TYPE' },
  { number: '1234', code: 'VAL_IIN_EXPECTED' },
  { number: '1235', code: 'VAL_KOD_KBE_FORMAT' },
  { number: '1236', code: 'VAL_KOD_KBE_RESIDENCY' },
  { number: '1237', code: 'VAL_KOD_KBE_SECTOR' },
  { number: '1238', code: 'VAL_KNP_FORMAT' },
  { number: '1239', code: 'VAL_KNP_UNKNOWN' },
  { number: '1240', code: 'VAL_KNP_KIND' },
  { number: '1241', code: 'VAL_KBK_FORMAT' },
  { number: '1242', code: 'VAL_BUDGET_BANK', also: ['VAL_BUDGET_ACCOUNT'], why: 'a non-Treasury bank is also a non-Treasury account (the Treasury account at another BIC would raise VAL_IBAN_BIC_MISMATCH instead)' },
  { number: '1243', code: 'VAL_BUDGET_ACCOUNT' },
  { number: '1244', code: 'VAL_RECIPIENT' },
  { number: '1245', code: 'VAL_RECIPIENT_UNCONFIRMED' },
  { number: '1246', code: 'VAL_RECIPIENT_OBSOLETE' },
  { number: '1247', code: 'VAL_LIST_SUM' },
  { number: '1248', code: 'VAL_LIST_PERIOD' },
  { number: '1249', code: 'VAL_LIST_PERIOD_MISSING' },
  { number: '1250', code: 'VAL_LIST_DUPLICATE' },
  { number: '1251', code: 'VAL_LIST_BIRTH_DATE' },
];

/** VAL_ codes no 1C KZ file can raise (reasons and the unit tests that cover them: tests/validate/golden-coverage.test.ts). */
export const NOT_FROM_1C: readonly ValidationCode[] = ['VAL_AMOUNT', 'VAL_DATE', 'VAL_KBK_REQUIRED', 'VAL_LIST_MISSING', 'VAL_LIST_EMPTY', 'VAL_LIST_ROW_AMOUNT'];

/** The sole proprietor (КБе 19) with another IIN. */
const ipWith = (bin: string): PartyReq => ({ ...IP, bin });
const pensionRows = (over: Partial<Employee>[] = [{}, {}]) => employees([with$(AHMETOV, '35000.00', over[0]), with$(SAGINTAEVA, '42000.00', over[1])]);
const goods = (number: string, to: PartyReq, over: Partial<Order> = {}): string[] =>
  order({ number, amount: '250000.00', to, knp: '710', purpose: `Оплата за товар по счету № ${number} от 18.11.2026, в т.ч. НДС`, ...over });
const tax = (number: string, to: PartyReq, over: Partial<Order> = {}): string[] =>
  order({ number, amount: '58400.00', to, knp: '911', kbk: '101201', purpose: 'Индивидуальный подоходный налог за октябрь 2026 г.', ...over });
const opv = (number: string, to: PartyReq, rows: string[], amount = '77000.00'): string[] =>
  order({ number, amount, to, knp: '010', purpose: 'Обязательные пенсионные взносы за октябрь 2026 г.', rows });

const validationRules: string[] = [
  ...exportHeader('Windows'),
  // 1201–1206: every kind, every rule passed.
  ...goods('1201', ALFA),
  ...tax('1202', TAX_SHORT),
  ...opv('1203', PENSION, pensionRows()),
  ...order({ number: '1204', amount: '26950.00', to: SOCIAL, knp: '012', purpose: 'Социальные отчисления за октябрь 2026 г.', rows: employees([with$(AHMETOV, '12250.00'), with$(SAGINTAEVA, '14700.00')]) }),
  ...order({ number: '1205', amount: '23100.00', to: MEDICAL, knp: '121', purpose: 'Отчисления на ОСМС за октябрь 2026 г.', rows: employees([with$(AHMETOV, '10500.00'), with$(SAGINTAEVA, '12600.00')]) }),
  ...order({ number: '1206', amount: '693000.00', to: SALARY_BANK, knp: '332', purpose: 'Заработная плата за октябрь 2026 г.', rows: employees([with$(AHMETOV, '315000.00'), with$(SAGINTAEVA, '378000.00')]) }),
  // 1211–1216: required fields, lengths, dates, currency.
  ...goods('1211', ALFA, { knp: undefined }), // no КодНазначенияПлатежа
  ...goods('1212', ALFA, { purpose: PURPOSE_LONG }), // purpose over 410 characters
  ...goods('1213', { ...ALFA, name: 'ТОО "Альфа Снаб - Торгово-промышленная компания Центрального Казахстана"' }), // name over 60
  ...goods('1214', ALFA, { date: '24.11.2026' }), // value date the day before today
  ...goods('1215', ALFA, { date: '28.12.2026', valueDate: null }), // document date 33 days ahead, no value date
  ...tax('1216', TAX_SHORT, { currency: 'USD' }), // a budget payment in USD
  // 1217–1226: accounts and banks of the beneficiary.
  ...goods('1217', { ...ALFA, iik: 'KZ25856220310001234' }), // 19 characters
  ...goods('1218', { ...ALFA, iik: 'RU258562203100012345' }),
  ...goods('1219', { ...ALFA, iik: 'KZ25 8562 2031 0001 2345' }), // spaces
  ...goods('1220', { ...ALFA, iik: 'KZ268562203100012345' }), // check digits off by one
  ...goods('1221', { ...ALFA, bic: 'KCJBKZK' }), // 7 characters
  ...goods('1222', { ...ALFA, bic: 'KCJBRUKX' }), // a Russian BIC
  ...goods('1223', { ...ALFA, bic: 'ABCDKZKA' }), // a BIC the bank directory does not know
  ...goods('1224', { ...ALFA, iik: ibanFor('7772203100012345') }), // bank code 777 is not in the directory
  ...goods('1225', { ...ALFA, bic: 'HSBKKZKX' }), // account at Bank CenterCredit (856), BIC of Halyk (601)
  ...goods('1226', { ...ALFA, bic: 'KSNVKZKA' }), // Freedom Bank: its directory entry is unconfirmed
  // 1227–1234: BIN / IIN.
  ...goods('1227', { ...ALFA, bin: '18054000777' }), // 11 digits
  ...goods('1228', { ...ALFA, bin: '180540007774' }), // check digit off by one
  ...goods('1229', ipWith(withCheck('85131530012'))), // IIN born in month 13
  ...goods('1230', ipWith(withCheck('85031570012'))), // IIN 7th digit 7
  ...goods('1231', ipWith(withCheck('85031500012'))), // IIN 7th digit 0: century unknown (warning)
  ...goods('1232', { ...ALFA, bin: withCheck('18134000777') }), // BIN registered in month 13
  ...goods('1233', { ...ALFA, bin: withCheck('18057000777') }), // 5th digit 7: neither IIN nor BIN
  ...opv('1234', PENSION, pensionRows([{}, { iin: ALFA.bin }])), // a BIN in an employee row
  // 1235–1237: КБе.
  ...goods('1235', { ...ALFA, kbe: '7' }),
  ...goods('1236', { ...ALFA, kbe: '37' }),
  ...goods('1237', { ...ALFA, kbe: '10' }),
  // 1238–1243: KNP, KBK, budget.
  ...goods('1238', ALFA, { knp: '71' }),
  ...goods('1239', ALFA, { knp: '859' }), // not in the KNP dictionary (warning)
  ...tax('1240', TAX_SHORT, { knp: '710', purpose: 'Налог на имущество за 2026 г. (КНП товаров)' }), // budget by КодБК + Treasury, goods KNP
  ...tax('1241', TAX_SHORT, { kbk: '10120' }), // KBK of 5 digits
  ...tax('1242', ALFA), // budget KNP + KBK paid to a commercial bank
  ...tax('1243', { ...TAX_SHORT, iik: ibanFor('070105KSN0000001') }), // another account at the Treasury (warning)
  // 1244–1246: statutory and obsolete recipients.
  ...opv('1244', { ...PENSION, kbe: '17' }, pensionRows()), // pension recipient with the wrong KBe
  ...order({ number: '1245', amount: '23100.00', to: { ...MEDICAL, kbe: '17' }, knp: '121', purpose: 'Отчисления на ОСМС за октябрь 2026 г.', rows: employees([with$(AHMETOV, '10500.00'), with$(SAGINTAEVA, '12600.00')]) }),
  ...goods('1246', { ...ALFA, name: 'ГЦВП', bin: '970740001013' }), // BIN of the former ГЦВП
  // 1247–1251: employee lists.
  ...opv('1247', PENSION, pensionRows(), '77000.01'), // rows add up to one tiyn less
  ...opv('1248', PENSION, pensionRows([{}, { period: '121997' }])), // a period before 1998-01
  ...order({ number: '1249', amount: '26950.00', to: SOCIAL, knp: '012', purpose: 'Социальные отчисления за октябрь 2026 г.', rows: employees([with$(AHMETOV, '12250.00'), with$(SAGINTAEVA, '14700.00', { period: null })]) }),
  ...opv('1250', PENSION, employees([with$(AHMETOV, '35000.00'), with$(AHMETOV, '42000.00')])), // the same IIN twice for 10.2026
  ...opv('1251', PENSION, pensionRows([{ birth: '16.03.1985' }, {}])), // birth date differs from the IIN's
  'КонецФайла',
];

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: '01-kz-export-8.2-cp1251', description: 'kz-formats.md 8.2 exactly: KZ ERP export 2.00, cp1251 + CRLF; payment, pension with 3 employee sub-sections, tax with КБК', files: [{ name: 'input.txt', charset: 'windows-1251', eol: '\r\n', lines: SAMPLE_8_2 }] },
  { name: '02-all-kinds-utf8-bom', description: 'every document kind and scheme (ОПВ, ОПВР, ОППВ, пеня, СО, ООСМС, ВОСМС, salary 332, tax 911/912 with КодБК, budget by Treasury + КБК without KNP); UTF-8 with BOM, Кодировка=UTF8', files: [{ name: 'input.txt', charset: 'utf-8', bom: true, eol: '\r\n', lines: allKinds }] },
  { name: '03-kazakh-lists-utf8-lf', description: 'UTF-8 without BOM, LF only; Kazakh purposes and employee names; periods MMYYYY, MM.YYYY and YYYY-MM; medical penalties 123/124', files: [{ name: 'input.txt', charset: 'utf-8', eol: '\n', lines: kazakhLists }] },
  { name: '04-kaspi-1.01-statement-cp866', description: 'Kaspi 1.01 statement dialect (lower-case "выписка", ВидДокумента, СуммаРасход/СуммаПриход, single-digit КБЕ, empty beneficiary BIC, unbalanced quotes) written in cp866 with Кодировка=DOS', files: [{ name: 'input.txt', charset: 'ibm866', eol: '\r\n', lines: kaspi }] },
  { name: '05-bcc-2.0-statement-utf8', description: 'Bank CenterCredit 2.0 statement: no Кодировка line, quoted СекцияДокумент="Выписка", Валюта, ДатаВалютирования, alphanumeric number, ATM KNP 341, trailing zeros dropped; UTF-8 without BOM', files: [{ name: 'input.txt', charset: 'utf-8', eol: '\r\n', lines: bcc }] },
  { name: '06-jusan-2.00-upper-rk1048', description: 'Jusan 2.00 statement: upper-case section keywords, Кодировка=windows-1251 but RK1048 bytes with Kazakh letters; a pension debit line (statements carry no list)', files: [{ name: 'input.txt', charset: 'rk1048', eol: '\r\n', lines: jusan }] },
  { name: '07-kz-export-rk1048-kazakh', description: 'payment export in RK1048 declared as Windows: Kazakh names in a payment and in pension employee rows', files: [{ name: 'input.txt', charset: 'rk1048', eol: '\r\n', lines: rk1048Payments }] },
  { name: '08-problems-cp1251', description: 'one document per problem: budget without КодБК, KNP/beneficiary conflicts, list missing, bad rows, unclosed sub-section, rows in a plain payment, bad amount', files: [{ name: 'input.txt', charset: 'windows-1251', eol: '\r\n', lines: errors }] },
  {
    name: '09-sidecar-csv-cp1251',
    description: 'pension and social orders without rows + side-car input.csv (cp1251, ";", decimal comma) with НомерДокумента and ПлательщикИИК columns: rows attached by number + account + total',
    files: [
      { name: 'input.txt', charset: 'windows-1251', eol: '\r\n', lines: sidecarOrders },
      { name: 'input.csv', charset: 'windows-1251', eol: '\r\n', lines: sidecarCsv },
    ],
  },
  {
    name: '10-sidecar-xml109-cp1251',
    description: 'salary order (KNP 332) + side-car input.xml in 1C standard 109 (windows-1251): rows with card accounts attached by payer account + total',
    files: [
      { name: 'input.txt', charset: 'windows-1251', eol: '\r\n', lines: salaryOrders },
      { name: 'input.xml', charset: 'windows-1251', eol: '\r\n', lines: salaryXml },
    ],
  },
  { name: '11-kz-statement-8.3-cp1251', description: 'kz-formats.md 8.3 exactly: statement 2.00 (2 credits, 2 debits incl. СО), balances reconcile; cp1251 + CRLF', files: [{ name: 'input.txt', charset: 'windows-1251', eol: '\r\n', lines: SAMPLE_8_3 }] },
  {
    name: '12-validation-rules-cp1251',
    description:
      'validation rules (today pinned to 2026-11-25): 1201–1206 pass every rule, one per kind (payment, budget, pension, social, medical, salary); ' +
      '1211–1251 each fail one rule, grouped by family (number → code: VALIDATION_RULE_DOCS in golden-cases.ts; 1242 VAL_BUDGET_BANK brings VAL_BUDGET_ACCOUNT along). ' +
      `Not producible from a 1C file, covered in tests/validate/ instead: ${NOT_FROM_1C.join(', ')} — the reader refuses a zero amount, ` +
      'a bad date, a zero row amount and a budget payment without КодБК itself, makes every 9xx KNP a budget payment, ' +
      'and reports a list-kind payment without rows as FMT_LIST_MISSING (a side-car list without rows is never attached); cp1251 + CRLF',
    files: [{ name: 'input.txt', charset: 'windows-1251', eol: '\r\n', lines: validationRules }],
  },
];
