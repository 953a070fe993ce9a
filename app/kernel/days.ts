/**
 * Day numbers: a calendar day in Japan as the whole number of days since 1970-01-01, for code that walks a calendar
 * day by day and does arithmetic on it (the demo seeder's class calendar, the benchmark dataset). `day + 7` is a week
 * later, `day % 7` steps with the weekday. Japan time has no daylight saving, so every day is 24 hours and the rules
 * of app/kernel/dates.ts (Japan time, fiscal years from April) carry over unchanged.
 */
import { DAY_MS, fiscalYearOfDate, JST_OFFSET_MS } from "./dates";

const MINUTE_MS = 60_000;

/** The day number of an instant's calendar date in Japan. */
export function jstDay(at: Date): number {
  return Math.floor((at.getTime() + JST_OFFSET_MS) / DAY_MS);
}

/** The instant `minutes` after 00:00 JST on a day (10:30 is 630). */
export function dayInstant(day: number, minutes = 0): Date {
  return new Date(day * DAY_MS + minutes * MINUTE_MS - JST_OFFSET_MS);
}

/** The day number of a calendar date given as year, month (1–12) and day of the month. */
export function dayNumber(year: number, month: number, date: number): number {
  return Math.floor(Date.UTC(year, month - 1, date) / DAY_MS);
}

/** Year, month (1–12), day of the month and weekday (0 = Sunday … 6 = Saturday) of a day. */
export function dayParts(day: number): { y: number; m: number; d: number; dow: number } {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), dow: t.getUTCDay() };
}

/** The calendar date of a day, "YYYY-MM-DD". */
export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The fiscal year a day falls in (April to March). */
export function fiscalYearOfDay(day: number): number {
  return fiscalYearOfDate(dayDate(day));
}
