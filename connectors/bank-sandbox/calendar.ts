// Kazakhstan business days and the cut-off in the bank's zone (Asia/Almaty, UTC+5 since 2024-03-01): which date an
// accepted document executes on and from which instant (architecture.md 7, reliability-security.md 10 row 22).
import { addDays, todayIn } from '../../gateway/validate/dates.ts';

export interface CalendarOptions {
  timeZone: string;
  cutoff: string;
  opening: string;
  publicHolidays: 'kz' | 'none';
  holidays: readonly string[];
  workingDays: readonly string[];
  /** Days of the week that are days off (0 = Sunday … 6 = Saturday); Saturday and Sunday in Kazakhstan. */
  weekend: readonly number[];
}

/**
 * Fixed-date public holidays (Labour Code art. 84 as amended 2022: Republic Day 25 October back, 17 December dropped).
 * Kurban ait follows the lunar calendar and government transfers change by decree: configure those as `holidays`
 * / `working_days` [U: check each year's decree].
 */
const KZ_FIXED = ['01-01', '01-02', '01-07', '03-08', '03-21', '03-22', '03-23', '05-01', '05-07', '05-09', '07-06', '08-30', '10-25', '12-16'];
/** Religious holidays are not moved when they fall on a weekend (Labour Code art. 85). */
const NOT_CARRIED = new Set(['01-07']);

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Saturday or Sunday: the Labour Code's carry-over rule is about these, whatever the bank's own weekend. */
const isKzWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

export interface BankCalendar {
  isBusinessDay(date: string): boolean;
  nextBusinessDay(date: string): string;
  /** 'YYYY-MM-DD' and 'HH:MM' at an instant, in the bank's zone. */
  localDate(ms: number): string;
  localTime(ms: number): string;
  /** Epoch ms of a local date and time in the bank's zone. */
  instant(date: string, time: string): number;
  /** The execution date of a document received at `ms`, and whether the cut-off or a day off deferred it. */
  executionDate(ms: number): { date: string; deferred: boolean };
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function createCalendar(o: CalendarOptions): BankCalendar {
  const extra = new Set(o.holidays);
  const working = new Set(o.workingDays);
  const weekend = new Set(o.weekend);
  const carried = new Map<number, Set<string>>();

  /** Fixed holidays of a year plus, for those on a weekend, the next working day (art. 85). */
  function publicHolidays(year: number): Set<string> {
    let set = carried.get(year);
    if (set) return set;
    set = new Set();
    if (o.publicHolidays === 'kz') {
      const fixed = KZ_FIXED.map((md) => `${year}-${md}`);
      for (const d of fixed) set.add(d);
      for (const d of fixed) {
        if (!isKzWeekend(d) || NOT_CARRIED.has(d.slice(5))) continue;
        let next = addDays(d, 1);
        while (isKzWeekend(next) || set.has(next)) next = addDays(next, 1);
        set.add(next);
      }
    }
    carried.set(year, set);
    return set;
  }

  function isBusinessDay(date: string): boolean {
    if (working.has(date)) return true;
    if (extra.has(date) || weekend.has(weekday(date))) return false;
    return !publicHolidays(Number(date.slice(0, 4))).has(date);
  }

  function nextBusinessDay(date: string): string {
    let d = addDays(date, 1);
    for (let i = 0; i < 400 && !isBusinessDay(d); i++) d = addDays(d, 1);
    return d;
  }

  function localTime(ms: number): string {
    let f = timeFormats.get(o.timeZone);
    if (!f) timeFormats.set(o.timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone: o.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
    return f.format(ms);
  }

  function instant(date: string, time: string): number {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const wall = Date.UTC(y, m - 1, d, hh, mm);
    // The zone's offset at that moment: local wall time read back as UTC minus the instant (no DST in Kazakhstan).
    const local = (ms: number) => {
      const t = localTime(ms).split(':').map(Number) as [number, number];
      const ld = todayIn(o.timeZone, ms);
      return Date.UTC(Number(ld.slice(0, 4)), Number(ld.slice(5, 7)) - 1, Number(ld.slice(8, 10)), t[0], t[1]);
    };
    const offset = local(wall) - wall;
    return wall - offset;
  }

  return {
    isBusinessDay,
    nextBusinessDay,
    localDate: (ms) => todayIn(o.timeZone, ms),
    localTime,
    instant,
    executionDate(ms) {
      const today = todayIn(o.timeZone, ms);
      if (isBusinessDay(today) && localTime(ms) < o.cutoff) return { date: today, deferred: false };
      return { date: nextBusinessDay(today), deferred: true };
    },
  };
}
