// Rate arithmetic without floats: rates are scaled by 10^4, amounts are bigint minor units, rounding half up.
import { currencyExponent } from '../../gateway/core/model/money.ts';

const RATE_SCALE = 10_000n;

export function scaledRate(rate: string): bigint {
  const [i, f = ''] = rate.split('.');
  return BigInt(i!) * RATE_SCALE + BigInt(f.padEnd(4, '0').slice(0, 4));
}

/** n / d rounded half up (n, d ≥ 0). */
export function divRound(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (2n * d);
}

/** Tenge (or other counter currency) minor units for `amount` minor units of `currency` at `rate` per unit. */
export function counterAmount(amount: bigint, currency: string, rate: string, counterCurrency = 'KZT'): bigint {
  const num = amount * scaledRate(rate) * 10n ** BigInt(currencyExponent(counterCurrency));
  const den = RATE_SCALE * 10n ** BigInt(currencyExponent(currency));
  return divRound(num, den);
}

/** A percent with up to 4 decimals of an amount: '0.15' of 100000 = 150. */
export function percentOf(amount: bigint, percent: string): bigint {
  return divRound(amount * scaledRate(percent), 100n * RATE_SCALE);
}
