// Amounts: bigint minor units > 0 and an ISO 4217-shaped currency (kz-formats.md 3.8; decimals are fixed by the model's minor units).
import type { Money } from '../core/model/money.ts';
import { fail, shown, type CheckResult } from './findings.ts';

/** Three capital Latin letters (ISO 4217 alphabetic shape; whether the code is assigned is not checked). */
export function isCurrencyCode(value: string): boolean {
  if (typeof value !== 'string') return /^[A-Z]{3}$/.test(value);
  return value.length === 3 && isUpper(value.charCodeAt(0)) && isUpper(value.charCodeAt(1)) && isUpper(value.charCodeAt(2));
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

export function checkCurrency(value: string, required?: string): CheckResult<{ currency: string }> {
  if (!isCurrencyCode(value)) return fail('VAL_CURRENCY', `currency ${shown(value)} is not an ISO 4217 letter code`, '3 capital letters, e.g. KZT');
  if (required && value !== required) return fail('VAL_CURRENCY', `currency is ${value}; this kind of payment is made in ${required} only`, required);
  return { ok: true, warnings: [], currency: value };
}

export function checkAmount(m: Money): CheckResult<{ minor: bigint }> {
  if (typeof m.minor !== 'bigint') return fail('VAL_AMOUNT', 'amount is not a whole number of minor units', 'an amount > 0');
  if (m.minor <= 0n) return fail('VAL_AMOUNT', `amount ${m.minor < 0n ? 'is negative' : 'is zero'} (${m.minor} minor units)`, 'an amount > 0');
  return { ok: true, warnings: [], minor: m.minor };
}
