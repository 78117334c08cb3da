// The FX desk's rate book: configured rates, replaced or extended by the admin and kept in the database across restarts.
import { fxRatesSchema, type FxRate } from './config.ts';
import { getMeta, setMeta, type SandboxDb } from './db.ts';

export interface RateBook {
  all(): Record<string, FxRate>;
  get(pair: string): FxRate | null;
  /** Adds or replaces the given pairs (input as in config: buy/sell or mid/spread). */
  set(rates: Record<string, unknown>): Record<string, FxRate>;
}

const KEY = 'fx_rates';

export function createRateBook(db: SandboxDb, configured: Record<string, FxRate>): RateBook {
  const stored = getMeta(db, KEY);
  let rates: Record<string, FxRate> = { ...configured, ...(stored ? (JSON.parse(stored) as Record<string, FxRate>) : {}) };
  return {
    all: () => ({ ...rates }),
    get: (pair) => rates[pair] ?? null,
    set(input) {
      const parsed = fxRatesSchema.parse(input);
      const overrides = { ...(JSON.parse(getMeta(db, KEY) ?? '{}') as Record<string, FxRate>), ...parsed };
      setMeta(db, KEY, JSON.stringify(overrides));
      rates = { ...rates, ...parsed };
      return { ...rates };
    },
  };
}
