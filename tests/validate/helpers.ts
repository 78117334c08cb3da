// Test helpers: identifiers computed here independently of the library (BigInt mod 97, mod 11), and documents from kz-formats.md 8.2.
import type { BudgetDocument, ListRow, PaymentDocument, PensionDocument } from '../../gateway/core/model/document.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import { createValidationContext, type ValidationConfigInput } from '../../gateway/validate/index.ts';

/** Business date of the 8.2 sample file. */
export const TODAY = '2026-11-25';

export function ctx(config: ValidationConfigInput = {}, today = TODAY) {
  return createValidationContext({ today, config });
}

/** ISO 13616 check digits with BigInt arithmetic (a second, independent implementation). */
export function ibanFor(bban: string, country = 'KZ'): string {
  const numeric = [...`${bban}${country}00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  const check = 98n - (BigInt(numeric) % 97n);
  return `${country}${check.toString().padStart(2, '0')}${bban}`;
}

/** Check digit for 11 digits per kz-formats.md 3.3, or null when both passes give 10. */
export function checkDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  const s1 = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
  if (s1 !== 10) return s1;
  const w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
  const s2 = d.reduce((s, x, i) => s + x * w2[i]!, 0) % 11;
  return s2 === 10 ? null : s2;
}

/** First-pass remainder (10 means the second pass decides). */
export function firstPass(first11: string): number {
  return [...first11].reduce((s, x, i) => s + Number(x) * (i + 1), 0) % 11;
}

/** Completes 11 digits to a valid 12-digit BIN/IIN by varying the serial (digits 8–11) until a check digit exists. */
export function withCheck(first11: string): string {
  for (let k = 0; k < 10_000; k++) {
    const base = k === 0 ? first11 : first11.slice(0, 7) + String((Number(first11.slice(7, 11)) + k) % 10_000).padStart(4, '0');
    const c = checkDigit(base);
    if (c !== null) return base + c;
  }
  throw new Error(`no check digit for ${first11}`);
}

export const codes = (issues: readonly Issue[]) => issues.map((i) => i.code);
export const errors = (issues: readonly Issue[]) => issues.filter((i) => i.severity === 'error');
export const byCode = (issues: readonly Issue[], code: string) => issues.filter((i) => i.code === code);

const PAYER = { name: 'ТОО "Пример Логистик"', binIin: '150140001239', code: '17', iban: 'KZ90601A861000012345', bic: 'HSBKKZKX', bankName: 'АО "Народный Банк Казахстана"' };

/** Document 118 of kz-formats.md 8.2: a supplier payment. */
export function payment(over: Partial<PaymentDocument> = {}): PaymentDocument {
  return {
    kind: 'payment',
    number: '118',
    date: TODAY,
    valueDate: TODAY,
    amount: { minor: 118_000_000n, currency: 'KZT' },
    payer: { ...PAYER },
    beneficiary: { name: 'ТОО "Альфа Снаб"', binIin: '180540007773', code: '17', iban: 'KZ258562203100012345', bic: 'KCJBKZKX' },
    knp: '710',
    purpose: 'Оплата за товар по счету на оплату № 2041 от 18.11.2026, в т.ч. НДС',
    ...over,
  };
}

export function row(over: Partial<ListRow> = {}): ListRow {
  return { iin: '850315300128', lastName: 'Ахметов', firstName: 'Нурлан', middleName: 'Серикович', birthDate: '1985-03-15', amount: { minor: 3_500_000n, currency: 'KZT' }, period: '2026-10', ...over };
}

export const ROWS_119: ListRow[] = [
  row(),
  row({ iin: '920712450678', lastName: 'Сагинтаева', firstName: 'Айгерим', middleName: 'Болатовна', birthDate: '1992-07-12', amount: { minor: 4_200_000n, currency: 'KZT' } }),
  row({ iin: '881120300552', lastName: 'Ким', firstName: 'Денис', middleName: 'Викторович', birthDate: '1988-11-20', amount: { minor: 2_850_050n, currency: 'KZT' } }),
];

/** Document 119 of kz-formats.md 8.2: ОПВ for October 2026, three employees. */
export function pension(over: Partial<PensionDocument> = {}): PensionDocument {
  return {
    kind: 'pension',
    scheme: 'OPV',
    number: '119',
    date: TODAY,
    valueDate: TODAY,
    amount: { minor: 10_550_050n, currency: 'KZT' },
    payer: { ...PAYER },
    beneficiary: { name: 'НАО "Государственная корпорация "Правительство для граждан"', binIin: '160440007161', code: '11', iban: 'KZ12009NPS0413609816', bic: 'GCVPKZ2A' },
    knp: '010',
    purpose: 'Обязательные пенсионные взносы за октябрь 2026 г.',
    rows: ROWS_119.map((r) => ({ ...r })),
    ...over,
  };
}

/** Document 120 of kz-formats.md 8.2: ИПН to the Treasury. */
export function budget(over: Partial<BudgetDocument> = {}): BudgetDocument {
  return {
    kind: 'budget',
    kbk: '101201',
    number: '120',
    date: TODAY,
    valueDate: TODAY,
    amount: { minor: 5_840_000n, currency: 'KZT' },
    payer: { ...PAYER },
    beneficiary: { name: 'РГУ "Управление государственных доходов по Алмалинскому району"', binIin: '080340004562', code: '11', iban: 'KZ24070105KSN0000000', bic: 'KKMFKZ2A' },
    knp: '911',
    purpose: 'Индивидуальный подоходный налог с доходов, облагаемых у источника выплаты, за октябрь 2026 г.',
    ...over,
  };
}
