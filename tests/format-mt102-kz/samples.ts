// Canonical documents of kz-formats.md 8.1/8.2/8.4 (synthetic identifiers) for the MT100/MT102 tests, and helpers.
import type { BudgetDocument, CanonicalDocument, ListRow, MedicalDocument, PaymentDocument, PensionDocument, SalaryDocument, SocialDocument } from '../../gateway/core/model/document.ts';
import { money } from '../../gateway/core/model/money.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import type { ParsedDocument, ParseItem } from '../../gateway/core/plugin.ts';
import type { Issue } from '../../gateway/core/issue.ts';

export const TODAY = '2026-11-25';
/** createdAt whose Almaty date is TODAY. */
export const CREATED_AT = '2026-11-25T10:15:00+05:00';

export const PAYER: Party = { name: 'ТОО "Пример Логистик"', binIin: '150140001239', iban: 'KZ90601A861000012345', bic: 'HSBKKZKX', code: '17' };
export const GOV_CORP = 'НАО "Государственная корпорация "Правительство для граждан"';

export function row(lastName: string, firstName: string, middleName: string | undefined, iin: string, birthDate: string, amount: string, period = '2026-10'): ListRow {
  const r: ListRow = { iin, lastName, firstName, birthDate, amount: money(amount), period };
  if (middleName !== undefined) r.middleName = middleName;
  return r;
}

export const ROWS_84 = (): ListRow[] => [
  row('АХМЕТОВ', 'НУРЛАН', 'СЕРИКОВИЧ', '850315300128', '1985-03-15', '35000.00'),
  row('САГИНТАЕВА', 'АЙГЕРИМ', 'БОЛАТОВНА', '920712450678', '1992-07-12', '42000.00'),
  row('КИМ', 'ДЕНИС', 'ВИКТОРОВИЧ', '881120300552', '1988-11-20', '28500.50'),
];

/** Document 119 of 8.2 as 8.4 writes it (names in capitals, as the MT sample). */
export function pension119(): PensionDocument {
  return {
    kind: 'pension',
    scheme: 'OPV',
    number: '119',
    date: TODAY,
    valueDate: TODAY,
    amount: money('105500.50'),
    payer: { ...PAYER },
    beneficiary: { name: GOV_CORP, binIin: '160440007161', iban: 'KZ12009NPS0413609816', bic: 'GCVPKZ2A', code: '11' },
    knp: '010',
    purpose: 'ОБЯЗАТЕЛЬНЫЕ ПЕНСИОННЫЕ ВЗНОСЫ ЗА ОКТЯБРЬ 2026 Г.',
    rows: ROWS_84(),
  };
}

export function social(): SocialDocument {
  return {
    kind: 'social',
    number: '121',
    date: TODAY,
    valueDate: TODAY,
    amount: money('14200.00'),
    payer: { ...PAYER },
    beneficiary: { name: GOV_CORP, binIin: '160440007161', iban: 'KZ67009SS00368609110', bic: 'GCVPKZ2A', code: '11' },
    knp: '012',
    purpose: 'Социальные отчисления за октябрь 2026 г.',
    rows: [row('Ахметов', 'Нурлан', 'Серикович', '850315300128', '1985-03-15', '7000.00'), row('Ким', 'Денис', undefined, '881120300552', '1988-11-20', '7200.00')],
  };
}

export function medical(): MedicalDocument {
  return {
    kind: 'medical',
    scheme: 'OOSMS',
    number: '122',
    date: TODAY,
    valueDate: TODAY,
    amount: money('6000.00'),
    payer: { ...PAYER },
    beneficiary: { name: GOV_CORP, binIin: '160440007161', iban: 'KZ92009MEDS368609103', bic: 'GCVPKZ2A', code: '11' },
    knp: '121',
    purpose: 'Отчисления на ОСМС за октябрь 2026 г.',
    rows: [row('Сагинтаева', 'Айгерим', 'Болатовна', '920712450678', '1992-07-12', '6000.00')],
  };
}

export function salary(): SalaryDocument {
  const r1 = row('Ахметов', 'Нурлан', 'Серикович', '850315300128', '1985-03-15', '250000.00');
  const r2 = row('Ким', 'Денис', 'Викторович', '881120300552', '1988-11-20', '180000.50');
  r1.account = 'KZ18722S000009876543';
  delete r2.period;
  return {
    kind: 'salary',
    number: '123',
    date: TODAY,
    valueDate: TODAY,
    amount: money('430000.50'),
    payer: { ...PAYER },
    beneficiary: { name: 'АО "Kaspi Bank"', binIin: '971240001315', iban: 'KZ18722S000009876543', bic: 'CASPKZKA', code: '14' },
    knp: '332',
    purpose: 'Заработная плата за октябрь 2026 г. по ведомости № 15',
    rows: [r1, r2],
  };
}

export function payment118(): PaymentDocument {
  return {
    kind: 'payment',
    number: '118',
    date: TODAY,
    valueDate: TODAY,
    amount: money('1180000.00'),
    payer: { ...PAYER },
    beneficiary: { name: 'ТОО "Альфа Снаб"', binIin: '180540007773', iban: 'KZ258562203100012345', bic: 'KCJBKZKX', code: '17' },
    knp: '710',
    purpose: 'Оплата за товар по счету на оплату № 2041 от 18.11.2026, в т.ч. НДС',
  };
}

export function budget120(): BudgetDocument {
  return {
    kind: 'budget',
    number: '120',
    date: TODAY,
    valueDate: TODAY,
    amount: money('58400.00'),
    payer: { ...PAYER },
    beneficiary: { name: 'РГУ "УГД по Алмалинскому району"', binIin: '080340004562', iban: 'KZ24070105KSN0000000', bic: 'KKMFKZ2A', code: '11' },
    knp: '911',
    kbk: '101201',
    purpose: 'Индивидуальный подоходный налог с доходов, облагаемых у источника выплаты, за октябрь 2026 г.',
  };
}

/** The illustrative MT102 of kz-formats.md 8.4, verbatim. */
export const MT102_84 = `{1:F01HSBKKZKXAXXX0000000000}
{2:I102SGROSS000000U3003}
{4:
:20:PL119-20261125
:50:/D/KZ90601A861000012345
/NAME/ТОО "Пример Логистик"
/IDN/150140001239
/CHIEF/Директор
/MAINBK/Не предусмотрен
/IRS/1
/SECO/7
:52B:HSBKKZKX
:57B:GCVPKZ2A
:59:KZ12009NPS0413609816
/NAME/НАО "Государственная корпорация "Правительство для граждан"
/IDN/160440007161
/IRS/1
/SECO/1
:70:/NUM/119
/DATE/261125
/SEND/07
/VO/01
/KNP/010
/PSO/01
/PRT/05
/ASSIGN/ОБЯЗАТЕЛЬНЫЕ ПЕНСИОННЫЕ ВЗНОСЫ ЗА ОКТЯБРЬ 2026 Г.
:21:1
:32B:KZT35000,00
:70:/OPV/C
/FM/АХМЕТОВ
/NM/НУРЛАН
/FT/СЕРИКОВИЧ
/DT/19850315
/IDN/850315300128
/PERIOD/102026
:21:2
:32B:KZT42000,00
:70:/OPV/C
/FM/САГИНТАЕВА
/NM/АЙГЕРИМ
/FT/БОЛАТОВНА
/DT/19920712
/IDN/920712450678
/PERIOD/102026
:21:3
:32B:KZT28500,50
:70:/OPV/C
/FM/КИМ
/NM/ДЕНИС
/FT/ВИКТОРОВИЧ
/DT/19881120
/IDN/881120300552
/PERIOD/102026
:32A:261125KZT105500,50
-}
`;

export async function bytesOf(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

export interface Read {
  docs: ParsedDocument[];
  issues: Issue[];
  errors: Issue[];
  encoding?: string;
}

export function split(items: ParseItem[]): Read {
  const docs = items.filter((i): i is ParsedDocument => i.type === 'document');
  const issues = items.filter((i) => i.type === 'issue') as Issue[];
  const meta = items.find((i) => i.type === 'meta');
  const r: Read = { docs, issues, errors: issues.filter((i) => i.severity === 'error') };
  if (meta && meta.type === 'meta' && meta.encoding) r.encoding = meta.encoding;
  return r;
}

export const docOf = (r: Read): CanonicalDocument => r.docs[0]!.document;
