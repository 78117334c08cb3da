// 1C exchange keys as data: section keywords, header keys, and document keys (Kazakhstan key first, then Russian-style fallbacks).

import { detach } from './flat.ts';

/**
 * Normalised keys by the key as written (a file repeats the same 30 keys for every document). Bounded in entries
 * and key length, so that files of garbage lines cannot grow it: when full it starts over.
 */
const KEY_IDS = new Map<string, string>();
const MAX_KEY_IDS = 2048;
const MAX_CACHED_KEY = 64;

/** Keys are compared case-insensitively (Jusan writes `СЕКЦИЯДОКУМЕНТ`) and with Ё read as Е. */
export function keyId(key: string): string {
  let id = KEY_IDS.get(key);
  if (id === undefined) {
    id = key.trim().toLowerCase().replace(/ё/g, 'е');
    if (key.length <= MAX_CACHED_KEY) {
      if (KEY_IDS.size >= MAX_KEY_IDS) KEY_IDS.clear();
      id = detach(id);
      KEY_IDS.set(detach(key), id);
    }
  }
  return id;
}

/**
 * Small numbers for keyIds, so that a document's fields can be found by index (grammar.ts DocumentBlock). The
 * table only grows (a slot never changes) and is bounded: the keys of this module get theirs first; keys beyond
 * the bound, or longer than MAX_CACHED_KEY, have none (-1) and are found by a search instead.
 */
const SLOTS = new Map<string, number>();
export const MAX_KEY_SLOTS = 512;

export function keySlot(k: string): number {
  let s = SLOTS.get(k);
  if (s === undefined) {
    if (SLOTS.size >= MAX_KEY_SLOTS || k.length > MAX_CACHED_KEY) return -1;
    s = SLOTS.size;
    SLOTS.set(detach(k), s);
  }
  return s;
}

/** Section and file keywords (kz-formats.md 1.1). */
export const KEYWORDS = {
  marker: '1CClientBankExchange',
  accountStart: 'СекцияРасчСчет',
  accountEnd: 'КонецРасчСчет',
  documentStart: 'СекцияДокумент',
  documentEnd: 'КонецДокумента',
  /** Placeholder employee-list sub-section inside a document (kz-formats.md 1.4, 8.2) — skipped, rows not read yet. */
  employeeStart: 'СекцияСотрудник',
  employeeEnd: 'КонецСотрудник',
  fileEnd: 'КонецФайла',
} as const;

/** Header keys the parser looks at; all others are accepted and ignored. */
export const HEADER_KEYS = {
  /** `Кодировка`: Windows / DOS / windows-1251 / UTF8 — reported, never trusted. */
  encoding: 'Кодировка',
  /** `Документ`: document kinds in the file (may repeat); used when `СекцияДокумент` has no value. */
  documentKind: 'Документ',
} as const;

/**
 * Document keys, first match wins (kz-formats.md 1.2 for the KZ keys, 1.3 for the fallbacks).
 * An empty value counts as absent.
 */
export const DOC_KEYS = {
  number: ['НомерДокумента', 'Номер'],
  date: ['ДатаДокумента', 'Дата'],
  valueDate: ['ДатаВалютирования'],
  /** `ВидДокумента`: the kind when the section value is `Выписка` (statements) or missing. */
  kind: ['ВидДокумента'],
  /** `Сумма` on orders; statements carry `СуммаРасход` (debit) or `СуммаПриход` (credit) instead. */
  amount: ['Сумма', 'СуммаРасход', 'СуммаПриход'],
  currency: ['Валюта'],
  /** `НазначениеПлатежа` is the full text; the numbered keys below are its split lines, used only when it is empty. */
  purpose: ['НазначениеПлатежа'],
  purposeLines: ['НазначениеПлатежа1', 'НазначениеПлатежа2', 'НазначениеПлатежа3', 'НазначениеПлатежа4', 'НазначениеПлатежа5', 'НазначениеПлатежа6'],
  knp: ['КодНазначенияПлатежа', 'КНП'],
  /** KBK key name is unconfirmed for KZ files (kz-formats.md 9.2.3): accept all candidates. */
  kbk: ['КодБК', 'КБК', 'КодБюджетнойКлассификации', 'ПоказательКБК'],
  priority: ['ОчередностьПлатежа', 'Очередность'],
} as const;

/**
 * Keys only a bank writes, when it has booked an operation (kz-formats.md 1.1, 1.2): `ДатаСписано` / `ДатаПоступило`
 * (debited / credited on), `СуммаРасход` / `СуммаПриход` (debit / credit on the statement account). A document that
 * carries one with a value is a statement line, never an order to pay (statement-guard.ts).
 */
export const BOOKING_KEYS = ['ДатаСписано', 'ДатаПоступило', 'СуммаРасход', 'СуммаПриход'] as const;

export interface PartyKeys {
  name: readonly string[];
  binIin: readonly string[];
  iban: readonly string[];
  bic: readonly string[];
  bankName: readonly string[];
  /** KOd for the payer (carried under `ПлательщикКБЕ` in KZ files), KBe for the beneficiary. */
  code: readonly string[];
}

export const PAYER_KEYS: PartyKeys = {
  name: ['ПлательщикНаименование', 'Плательщик1', 'Плательщик'],
  binIin: ['ПлательщикБИН_ИИН', 'ПлательщикБИН', 'ПлательщикИИН', 'ПлательщикИНН', 'ПлательщикРНН'],
  iban: ['ПлательщикИИК', 'ПлательщикСчет', 'ПлательщикРасчСчет'],
  bic: ['ПлательщикБанкБИК', 'ПлательщикБИК'],
  bankName: ['ПлательщикБанкНаименование', 'ПлательщикБанк1'],
  code: ['ПлательщикКБЕ', 'ПлательщикКОд'],
};

export const BENEFICIARY_KEYS: PartyKeys = {
  name: ['ПолучательНаименование', 'Получатель1', 'Получатель'],
  binIin: ['ПолучательБИН_ИИН', 'ПолучательБИН', 'ПолучательИИН', 'ПолучательИНН', 'ПолучательРНН'],
  iban: ['ПолучательИИК', 'ПолучательСчет', 'ПолучательРасчСчет'],
  bic: ['ПолучательБанкБИК', 'ПолучательБИК'],
  bankName: ['ПолучательБанкНаименование', 'ПолучательБанк1'],
  code: ['ПолучательКБЕ'],
};

// The known keys get the first slots.
for (const group of [Object.values(DOC_KEYS), Object.values(PAYER_KEYS), Object.values(BENEFICIARY_KEYS), [BOOKING_KEYS]]) for (const keys of group) for (const k of keys) keySlot(keyId(k));
