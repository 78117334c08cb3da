// Calendar dates 'YYYY-MM-DD', months 'YYYY-MM' and "today" in the configured zone (kz-formats.md 3.8; Asia/Almaty is UTC+5 since 2024-03-01).
import { dmy, ruPlural, t, type Text } from '../core/i18n.ts';
import { fail, finding, shown, type CheckResult, type Finding } from './findings.ts';

const ISO_MONTH = /^(\d{4})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Value of the ASCII digit at `i`, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 0x30;
  return c >= 0 && c <= 9 ? c : -1;
}

/** 'YYYY-MM-DD' of an existing calendar day (year 0001–9999) as the number YYYYMMDD, else -1. */
function calendarDateNumber(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return -1;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = digitAt(value, i);
    if (d < 0) return -1;
    y = y * 10 + d;
  }
  const m1 = digitAt(value, 5);
  const m2 = digitAt(value, 6);
  const d1 = digitAt(value, 8);
  const d2 = digitAt(value, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return -1;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  return y >= 1 && isRealDate(y, m, d) ? y * 10000 + m * 100 + d : -1;
}

/** True for an existing calendar day written 'YYYY-MM-DD' (year 0001–9999). */
export function isCalendarDate(value: string): boolean {
  return calendarDateNumber(typeof value === 'string' ? value : String(value)) >= 0;
}

export function checkDate(value: string): CheckResult<{ date: string }> {
  if (!isCalendarDate(value)) {
    const q = shown(value);
    return fail(
      'VAL_DATE',
      t({ en: `${q} is not a calendar date`, ru: `${q} — несуществующая календарная дата`, kk: `${q} — күнтізбеде жоқ күн` }),
      t({ en: 'an existing date YYYY-MM-DD', ru: 'существующая дата ГГГГ-ММ-ДД', kk: 'күнтізбеде бар ЖЖЖЖ-АА-КК күні' }),
    );
  }
  return { ok: true, warnings: [], date: value };
}

/** Whole days from a to b (both valid 'YYYY-MM-DD'); positive when b is later. */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days));
  return d.toISOString().slice(0, 10);
}

/** Building an Intl.DateTimeFormat costs ~60 µs: one per zone, reused (todayIn runs per document). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The business date at instant `now` in an IANA time zone, as 'YYYY-MM-DD'. */
export function todayIn(timeZone: string, now: number | Date = Date.now()): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = f.formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Value date: a calendar date, not before today (banks reject it), at most `maxAheadDays` after today (warning beyond). */
export function checkValueDate(value: string, today: string, maxAheadDays: number): CheckResult<{ date: string }> {
  if (!isCalendarDate(value)) return checkDate(value);
  if (value < today) {
    return fail(
      'VAL_VALUE_DATE_PAST',
      t({ en: `value date ${value} is before today ${today}`, ru: `дата валютирования ${dmy(value)} раньше сегодняшней даты ${dmy(today)}`, kk: `валюталау күні ${dmy(value)} бүгінгі ${dmy(today)} күнінен бұрын` }),
      t({ en: `today (${today}) or later`, ru: `сегодня (${dmy(today)}) или позже`, kk: `бүгін (${dmy(today)}) немесе одан кейін` }),
    );
  }
  return { ok: true, warnings: futureWarning(VALUE_DATE, value, today, maxAheadDays), date: value };
}

const VALUE_DATE: Text = { en: 'value date', ru: 'дата валютирования', kk: 'валюталау күні' };
const DOCUMENT_DATE: Text = { en: 'document date', ru: 'дата документа', kk: 'құжат күні' };

/** Document date: a calendar date, at most `maxAheadDays` after today (warning beyond). */
export function checkDocumentDate(value: string, today: string, maxAheadDays: number): CheckResult<{ date: string }> {
  if (!isCalendarDate(value)) return checkDate(value);
  return { ok: true, warnings: futureWarning(DOCUMENT_DATE, value, today, maxAheadDays), date: value };
}

/** today + days as YYYYMMDD for the last few (today, days) pairs asked for (today changes once a day; two are in use). */
const LIMITS: { today: string; days: number; limit: number }[] = [];

/**
 * Is calendar date `value` certainly at most `maxAheadDays` after `today`? Compares YYYYMMDD numbers with today + days
 * (years 1000–9999, where daysBetween's Date.UTC is exact); false means "compute it".
 */
function surelyWithin(value: string, today: string, maxAheadDays: number): boolean {
  if (!Number.isInteger(maxAheadDays)) return false;
  const v = calendarDateNumber(value);
  if (v < 1000_00_00) return false;
  let limit = -1;
  for (let i = 0; i < LIMITS.length; i++) {
    const l = LIMITS[i]!;
    if (l.today === today && l.days === maxAheadDays) {
      limit = l.limit;
      break;
    }
  }
  if (limit < 0) {
    const t = calendarDateNumber(today);
    if (t < 1000_00_00) return false;
    const end = addDays(today, maxAheadDays);
    limit = calendarDateNumber(end);
    if (limit < 1000_00_00) return false;
    if (LIMITS.length >= 8) LIMITS.shift();
    LIMITS.push({ today, days: maxAheadDays, limit });
  }
  return v <= limit;
}

function futureWarning(what: Text, value: string, today: string, maxAheadDays: number): Finding[] {
  if (surelyWithin(value, today, maxAheadDays)) return [];
  const ahead = daysBetween(today, value);
  if (ahead <= maxAheadDays) return [];
  const last = addDays(today, maxAheadDays);
  return [
    finding(
      'VAL_DATE_FUTURE',
      t({
        en: `${what.en} ${value} is ${ahead} days after today ${today}`,
        ru: `${what.ru} ${dmy(value)} — через ${ahead} ${ruPlural(ahead, 'день', 'дня', 'дней')} после сегодняшней даты ${dmy(today)}`,
        kk: `${what.kk} ${dmy(value)} бүгінгі ${dmy(today)} күнінен ${ahead} күн кейін`,
      }),
      {
        expected: t({
          en: `at most ${maxAheadDays} days ahead (${last})`,
          ru: `не более чем на ${maxAheadDays} ${ruPlural(maxAheadDays, 'день', 'дня', 'дней')} вперёд (по ${dmy(last)})`,
          kk: `алдағы ${maxAheadDays} күннен аспайтын күн (${dmy(last)} қоса алғанда)`,
        }),
      },
    ),
  ];
}

/** Months since year 0 of a 'YYYY-MM' (or 'YYYY-MM-DD') string; for comparisons. */
export function monthIndex(value: string): number {
  return Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1;
}

/** Contribution period 'YYYY-MM': a real month, not before `min`, at most `maxAheadMonths` after today's month. */
export function checkPeriod(value: string, today: string, limits: { min: string; maxAheadMonths: number }): CheckResult<{ period: string }> {
  const m = ISO_MONTH.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    const q = shown(value);
    return fail(
      'VAL_LIST_PERIOD',
      t({ en: `period ${q} is not a month`, ru: `период ${q} — не месяц`, kk: `${q} кезеңі ай емес` }),
      t({ en: 'YYYY-MM, e.g. 2026-10', ru: 'месяц ГГГГ-ММ, например 2026-10', kk: 'ЖЖЖЖ-АА түріндегі ай, мысалы 2026-10' }),
    );
  }
  if (value < limits.min) {
    return fail(
      'VAL_LIST_PERIOD',
      t({ en: `period ${value} is before ${limits.min}`, ru: `период ${dmy(value)} раньше ${dmy(limits.min)}`, kk: `${dmy(value)} кезеңі ${dmy(limits.min)} кезеңінен ерте` }),
      t({ en: `a month from ${limits.min}`, ru: `месяц не ранее ${dmy(limits.min)}`, kk: `${dmy(limits.min)} кезеңінен ерте емес ай` }),
    );
  }
  const ahead = monthIndex(value) - monthIndex(today);
  if (ahead > limits.maxAheadMonths) {
    const max = limits.maxAheadMonths;
    return fail(
      'VAL_LIST_PERIOD',
      t({
        en: `period ${value} is ${ahead} months after the current month`,
        ru: `период ${dmy(value)} — на ${ahead} ${ruPlural(ahead, 'месяц', 'месяца', 'месяцев')} позже текущего месяца`,
        kk: `${dmy(value)} кезеңі ағымдағы айдан ${ahead} ай кейін`,
      }),
      t({ en: `at most ${max} months ahead`, ru: `не более чем на ${max} ${ruPlural(max, 'месяц', 'месяца', 'месяцев')} вперёд`, kk: `алдағы ${max} айдан аспайтын кезең` }),
    );
  }
  return { ok: true, warnings: [], period: value };
}
