/**
 * Dates in Japan and Japanese fiscal years (年度), for the whole app: one definition of each rule.
 *
 * Japan time is UTC+9 all year (no daylight saving since 1951), so an instant's calendar date in Japan is a fixed
 * offset away and no time-zone library is needed (decision 023). Calendar dates travel as "YYYY-MM-DD" strings; day
 * arithmetic on them is done in UTC, where every day has 24 hours.
 *
 * A fiscal year runs April to March in Japan time: 2026年度 is 2026-04-01 00:00 JST to 2027-03-31 24:00 JST. The 和暦
 * name comes from the runtime's Japanese calendar (ICU), not from a table of eras.
 *
 * Code that walks a calendar day by day (the demo and benchmark seeders) counts days as numbers: app/kernel/days.ts.
 */

/** One calendar day (24 hours: UTC and Japan time have no daylight saving). */
export const DAY_MS = 86_400_000;
/** Japan time minus UTC. */
export const JST_OFFSET_MS = 9 * 3_600_000;

/** The calendar date in Japan of an instant, "YYYY-MM-DD". */
export function jstDate(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time in Japan ("HH:MM", default 00:00) on a calendar date. */
export function jstInstant(date: string, time = "00:00"): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - JST_OFFSET_MS);
}

/** 00:00 JST of a calendar date, as an instant. */
export function jstMidnight(date: string): Date {
  return jstInstant(date);
}

/** The calendar date `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (calendar dates): 2026-04-01 → 2026-04-03 is 2. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** 「2026年5月10日」 from a calendar date or an instant (in Japan time). */
export function formatJapaneseDate(value: string | Date): string {
  const date = typeof value === "string" ? value : jstDate(value);
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Fiscal years

/** The fiscal year of a calendar date ("2027-03-31" → 2026). */
export function fiscalYearOfDate(date: string): number {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** The fiscal year an instant falls in (in Japan time). */
export function fiscalYearOf(at: Date): number {
  return fiscalYearOfDate(jstDate(at));
}

/** The first and last calendar day of a fiscal year: 2026 → "2026-04-01", "2027-03-31". */
export function fiscalYearFirstDay(fiscalYear: number): string {
  return `${fiscalYear}-04-01`;
}
export function fiscalYearLastDay(fiscalYear: number): string {
  return `${fiscalYear + 1}-03-31`;
}

/** [start, end) of a fiscal year as instants. */
export function fiscalYearRange(fiscalYear: number): { start: Date; end: Date } {
  return { start: jstMidnight(fiscalYearFirstDay(fiscalYear)), end: jstMidnight(fiscalYearFirstDay(fiscalYear + 1)) };
}

const eraFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", { era: "long", year: "numeric", timeZone: "Asia/Tokyo" });

/**
 * 「令和8年度」. Named after the era in force on 1 April of the fiscal year (so 2019年度 is 平成31年度, as municipalities
 * write it, even though 令和 began on 1 May 2019).
 */
export function warekiFiscalYear(fiscalYear: number): string {
  const parts = eraFormat.formatToParts(fiscalYearRange(fiscalYear).start);
  const era = parts.find((p) => p.type === "era")?.value ?? "";
  const year = parts.find((p) => p.type === "year")?.value ?? String(fiscalYear);
  return `${era}${year}年度`;
}

/** 「2026年度（令和8年度）」 */
export function fiscalYearLabel(fiscalYear: number): string {
  return `${fiscalYear}年度（${warekiFiscalYear(fiscalYear)}）`;
}

/** How far through its fiscal year a moment is, 0–1 (by time elapsed), for pro-rating a yearly target. */
export function fiscalYearElapsed(fiscalYear: number, at: Date): number {
  const { start, end } = fiscalYearRange(fiscalYear);
  return Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / (end.getTime() - start.getTime())));
}
