// When an accepted document executes: today if received before the cut-off on a business day, else the next business
// day (weekends, holidays, Asia/Almaty), never before its own value date; from the opening time on a later day.
import type { SandboxCore } from './core.ts';

export interface Schedule {
  date: string;
  /** Epoch ms from which the tick executes it. */
  executeAt: number;
  /** The cut-off or a day off moved it (the AFTER_CUTOFF reason on an accepted document). */
  afterCutoff: boolean;
}

export function schedule(core: SandboxCore, receivedMs: number, valueDate?: string): Schedule {
  const cal = core.calendar;
  const plan = cal.executionDate(receivedMs);
  let date = plan.date;
  if (valueDate && valueDate > date) date = cal.isBusinessDay(valueDate) ? valueDate : cal.nextBusinessDay(valueDate);
  const delay = core.config.execution_delay_ms;
  const executeAt = date === cal.localDate(receivedMs) ? receivedMs + delay : Math.max(receivedMs, cal.instant(date, core.config.opening)) + delay;
  return { date, executeAt, afterCutoff: plan.deferred };
}
