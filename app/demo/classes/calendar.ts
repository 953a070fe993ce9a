/**
 * The demo classes' calendar: which days a town hall or 公民館 is open, and the days and times classes fall on. Days are
 * day numbers in Japan time (app/kernel/days.ts).
 */
import { dayInstant, dayNumber, dayParts } from "~/kernel/days";
import type { Rng } from "~/kernel/random";

const MINUTE_MS = 60_000;

/** 令和 year of a fiscal year (2026 → 8). */
export const reiwa = (fy: number): number => fy - 2018;
export const addMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * MINUTE_MS);
export const minDate = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);
export const maxDate = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

const FIXED_HOLIDAYS = new Set([101, 102, 103, 211, 223, 320, 429, 503, 504, 505, 811, 923, 1103, 1123]);

/** Weekends, national holidays (approximately: fixed dates, Happy Mondays, substitute Mondays), お盆 and 年末年始. */
export function isClosed(day: number): boolean {
  const { m, d, dow } = dayParts(day);
  if (dow === 0 || dow === 6) return true;
  const md = m * 100 + d;
  if (FIXED_HOLIDAYS.has(md) || md >= 1228 || md <= 104 || (md >= 813 && md <= 816)) return true;
  if (dow === 1) {
    const nth = Math.ceil(d / 7);
    if ((m === 1 && nth === 2) || (m === 7 && nth === 3) || (m === 9 && nth === 3) || (m === 10 && nth === 2)) return true;
    const prev = dayParts(day - 1);
    if (FIXED_HOLIDAYS.has(prev.m * 100 + prev.d)) return true; // 振替休日
  }
  return false;
}

/** The first open day on or after `from` whose weekday is one of `weekdays`. */
export function nextOpenDay(from: number, weekdays: readonly number[]): number {
  let day = from;
  while (isClosed(day) || !weekdays.includes(dayParts(day).dow)) day++;
  return day;
}

/** The nth given weekday of a month, moved a week on while it is a holiday. */
export function nthWeekday(y: number, m: number, dow: number, nth: number): number {
  const first = dayNumber(y, m, 1);
  let day = first + ((dow - dayParts(first).dow + 7) % 7) + (nth - 1) * 7;
  while (isClosed(day)) day += 7;
  return day;
}

/** The first open weekday after `day`, at a random office hour: when paper forms get typed in. */
export const nextOfficeTime = (rng: Rng, day: number): Date => dayInstant(nextOpenDay(day + 1, [1, 2, 3, 4, 5]), rng.int(9 * 60, 16 * 60 + 30));

export const season = (m: number): string => (m >= 3 && m <= 5 ? "春" : m >= 6 && m <= 8 ? "夏" : m >= 9 && m <= 11 ? "秋" : "冬");
