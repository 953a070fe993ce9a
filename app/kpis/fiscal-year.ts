/**
 * Japanese fiscal years (年度): April to March, in Japan time. 2026年度 runs from 2026-04-01 00:00 JST to
 * 2027-03-31 24:00 JST. The 和暦 name comes from the runtime's Japanese calendar (ICU), not from a table of eras.
 */
const JST_OFFSET_MS = 9 * 3_600_000;

/** The fiscal year a moment falls in. */
export function fiscalYearOf(at: Date): number {
  const jst = new Date(at.getTime() + JST_OFFSET_MS);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? year : year - 1;
}

/** [start, end) of a fiscal year as instants. */
export function fiscalYearRange(fiscalYear: number): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(fiscalYear, 3, 1) - JST_OFFSET_MS), end: new Date(Date.UTC(fiscalYear + 1, 3, 1) - JST_OFFSET_MS) };
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
