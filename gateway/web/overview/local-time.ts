// Wall-clock times in the business time zone (Asia/Almaty by default) as instants: "today 00:00" and "today's cut-off".
import { todayIn } from '../../validate/dates.ts';

const parts = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, timeZone: string): number {
  let f = parts.get(timeZone);
  if (!f) parts.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
}

/** The instant at which the wall clock of `timeZone` shows `hhmm` on `day` ('YYYY-MM-DD'). */
export function instantAt(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at that moment (guessed from the wall time, then corrected once for a change in between).
  let at = wall - (wallClock(wall, timeZone) - wall);
  at = wall - (wallClock(at, timeZone) - at);
  return at;
}

/** Today's business date and its start (00:00) in the zone. */
export function todayStart(now: number, timeZone: string): { day: string; start: number } {
  const day = todayIn(timeZone, now);
  return { day, start: instantAt(day, '00:00', timeZone) };
}
