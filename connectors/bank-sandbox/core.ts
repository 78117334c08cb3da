// What every sandbox operation works with: the database, the sandbox clock, the calendar, rates, faults, config, logger.
import type { Logger } from '../../gateway/core/logger.ts';
import type { BankCalendar } from './calendar.ts';
import type { SandboxClock } from './clock.ts';
import type { SandboxConfig } from './config.ts';
import type { SandboxDb } from './db.ts';
import type { Counterparty } from './entries-repo.ts';
import type { FaultBox } from './fault-knobs.ts';
import type { RateBook } from './rates.ts';

export interface SandboxCore {
  db: SandboxDb;
  config: SandboxConfig;
  clock: SandboxClock;
  calendar: BankCalendar;
  rates: RateBook;
  faults: FaultBox;
  logger: Logger;
}

/** The bank itself as a statement counterparty (FX legs, commissions); KBe 14 = resident bank (kz-formats.md 3.4). */
export function bankParty(core: SandboxCore): Counterparty {
  const b = core.config.bank;
  return { name: b.name, bin: b.bin, iban: null, bic: b.bic, code: '14' };
}
