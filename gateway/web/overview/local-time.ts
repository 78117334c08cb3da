// Wall-clock times in the business time zone (Asia/Almaty by default) as instants: "today 00:00" and "today's cut-off".
import { todayIn } from '../../validate/dates.ts';

const parts = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, timeZone: string): number {
  let f = parts.get(timeZone);
  if (!f) parts.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
}

const instants = new Map<string, number>();
/** The instant at which the wall clock of `timeZone` shows `hhmm` on `day` ('YYYY-MM-DD'); remembered (a few a day). */
export function instantAt(day: string, hhmm: string, timeZone: string): number {
  const key = `${timeZone}|${day}|${hhmm}`;
  let at = instants.get(key);
  if (at === undefined) {
    if (instants.size > 1000) instants.clear();
    instants.set(key, (at = computeInstant(day, hhmm, timeZone)));
  }
  return at;
}

function computeInstant(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at that moment (guessed from the wall time, then corrected once for a change in between).
  let at = wall - (wallClock(wall, timeZone) - wall);
  at = wall - (wallClock(at, timeZone) - at);
  return at;
}

const days = new Map<string, { day: string; start: number; end: number }>();
/** Today's business date and its start (00:00) in the zone; remembered until the next day starts (Intl is slow). */
export function todayStart(now: number, timeZone: string): { day: string; start: number } {
  const known = days.get(timeZone);
  if (known && now >= known.start && now < known.end) return known;
  const day = todayIn(timeZone, now);
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const today = { day, start: instantAt(day, '00:00', timeZone), end: instantAt(next, '00:00', timeZone) };
  days.set(timeZone, today);
  return today;
}
