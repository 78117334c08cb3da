// Made-up payers for incoming payments with valid Kazakhstan requisites: IBAN check digits (ISO 13616, kz-formats.md 3.1)
// on a real bank's code and BIC (3.2), a BIN with its mod-11 check digit (3.3).
import { randomInt } from 'node:crypto';
import { SEED_BANKS } from '../../gateway/validate/kz/banks.ts';
import { binIinCheckDigit } from '../../gateway/validate/kz/bin-iin.ts';
import { ibanCheckDigits } from '../../gateway/validate/kz/iban.ts';
import type { Counterparty } from './entries-repo.ts';

const NAMES = ['ТОО "Альфа Снаб"', 'ТОО "Астана Трейд"', 'АО "Казахтелеком"', 'ТОО "Жетісу Логистик"', 'ИП Сейткали', 'ТОО "Каспий Сервис"', 'ТОО "Алатау Строй"'];
const BANKS = SEED_BANKS.filter((b) => b.bic && ['601', '856', '722', '965', '998'].includes(b.code));

const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** KZ IBAN: 'KZ' + check digits + 3-digit bank code + 13 account characters. */
export function makeIban(bankCode: string, account13 = digits(13)): string {
  const bban = `${bankCode}${account13}`;
  return `KZ${ibanCheckDigits(bban)}${bban}`;
}

/** A resident legal entity's BIN: registration YYMM, type 4, head office 0, serial, check digit. */
export function makeBin(): string {
  for (;;) {
    const first11 = `${String(randomInt(5, 24)).padStart(2, '0')}${String(randomInt(1, 13)).padStart(2, '0')}40${digits(5)}`;
    const check = binIinCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}

export function randomCounterparty(): Counterparty {
  const bank = BANKS[randomInt(BANKS.length)]!;
  return { name: NAMES[randomInt(NAMES.length)]!, bin: makeBin(), iban: makeIban(bank.code), bic: bank.bic!, code: '17' };
}
