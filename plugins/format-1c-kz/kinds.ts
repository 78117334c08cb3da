// Which 1C documents are payment orders, and the canonical kind of a payment order (KBK → budget, KNP → pension/social/medical).

/** Normal form of a 1C document kind name: lower case, Ё→Е, no spaces/quotes (`Платежное поручение` = `ПлатежноеПоручение`). */
export function kindId(name: string): string {
  return name.toLowerCase().replace(/ё/g, 'е').replace(/[\s"'«»]/g, '');
}

/** `СекцияДокумент` / `ВидДокумента` values that mean a payment order. */
export const PAYMENT_ORDER_NAMES: readonly string[] = ['Платежное поручение', 'ПлатежноеПоручение', 'Платёжное поручение'];

/** Section values that only say "statement line" (kz-formats.md 1.2: Kaspi `выписка`, BCC `"Выписка"`); the kind is in `ВидДокумента`. */
export const STATEMENT_SECTION_NAMES: readonly string[] = ['Выписка'];

const PAYMENT_ORDER = new Set(PAYMENT_ORDER_NAMES.map(kindId));
const STATEMENT_SECTION = new Set(STATEMENT_SECTION_NAMES.map(kindId));

export function isPaymentOrder(name: string): boolean {
  return PAYMENT_ORDER.has(kindId(name));
}

export function isStatementSection(name: string): boolean {
  return STATEMENT_SECTION.has(kindId(name));
}

export type ListKind =
  | { kind: 'pension'; scheme: 'OPV' | 'OPVR' | 'OPPV' }
  | { kind: 'social' }
  | { kind: 'medical'; scheme: 'OOSMS' | 'VOSMS' };

/**
 * KNP codes of payments that carry an employee list (kz-formats.md 3.5, 9.3.3); penalties go with the same list.
 * Voluntary pension contributions (013) and everything else stay plain payments.
 */
export const LIST_KNP: Readonly<Record<string, ListKind>> = {
  '010': { kind: 'pension', scheme: 'OPV' }, // ОПВ
  '019': { kind: 'pension', scheme: 'OPV' }, // пеня по ОПВ
  '089': { kind: 'pension', scheme: 'OPVR' }, // ОПВР
  '098': { kind: 'pension', scheme: 'OPVR' }, // пеня по ОПВР
  '015': { kind: 'pension', scheme: 'OPPV' }, // ОППВ
  '012': { kind: 'social' }, // СО
  '017': { kind: 'social' }, // пеня по СО
  '121': { kind: 'medical', scheme: 'OOSMS' }, // ООСМС (employer)
  '123': { kind: 'medical', scheme: 'OOSMS' }, // пеня по ООСМС
  '122': { kind: 'medical', scheme: 'VOSMS' }, // ВОСМС (employee)
  '124': { kind: 'medical', scheme: 'VOSMS' }, // пеня по ВОСМС
};

export function listKindByKnp(knp: string | undefined): ListKind | null {
  return knp ? (LIST_KNP[knp.trim()] ?? null) : null;
}
