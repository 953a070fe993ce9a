import { fiscalYearElapsed } from "~/kernel/dates";

/**
 * KPI rules (pure). A KPI has a baseline in a fiscal year and targets for later fiscal years — often only the final
 * one, as in the plans. Targets between are interpolated linearly and marked as such.
 */
export type Direction = "increase" | "decrease" | "keep";

export interface KpiDefinition {
  direction: Direction;
  baseline: { value: number; fiscalYear: number };
  /** Targets by fiscal year, as written in the plan. */
  targets: Record<number, number>;
  /** "yearly": counted within each fiscal year (開催回数（年間あたり）), pro-rated during the year; "level": a running
   *  figure (累計, 率) compared as it stands. */
  accumulation: "yearly" | "level";
}

export interface Target {
  value: number;
  interpolated: boolean;
}

/** The target for a fiscal year: as written, interpolated between known points, or the last one after the plan ends. */
export function targetFor(kpi: KpiDefinition, fiscalYear: number): Target | null {
  const points = [[kpi.baseline.fiscalYear, kpi.baseline.value] as const, ...Object.entries(kpi.targets).map(([y, v]) => [Number(y), v] as const)].sort(
    (a, b) => a[0] - b[0],
  );
  if (fiscalYear <= kpi.baseline.fiscalYear) return null;
  const exact = kpi.targets[fiscalYear];
  if (exact !== undefined) return { value: exact, interpolated: false };
  const after = points.find(([y]) => y > fiscalYear);
  const before = [...points].reverse().find(([y]) => y < fiscalYear)!;
  if (!after) return { value: before[1], interpolated: true }; // beyond the plan: hold the last target
  const value = before[1] + ((after[1] - before[1]) * (fiscalYear - before[0])) / (after[0] - before[0]);
  return { value: Math.round(value * 10) / 10, interpolated: true };
}

/**
 * Achievement in percent of the way from the baseline to the target (increase / decrease), or 100 / 0 for "keep"
 * (e.g. インシデント 0件を維持). Null when there is nothing to measure against.
 */
export function achievementPercent(kpi: KpiDefinition, actual: number, target: number): number | null {
  if (kpi.direction === "keep") return actual === target ? 100 : 0;
  if (kpi.direction === "increase") {
    if (kpi.accumulation === "yearly") return target === 0 ? null : Math.round((actual / target) * 1000) / 10;
    const span = target - kpi.baseline.value;
    return span === 0 ? null : Math.round(((actual - kpi.baseline.value) / span) * 1000) / 10;
  }
  const span = kpi.baseline.value - target;
  if (span === 0) return actual <= target ? 100 : 0;
  return Math.round(((kpi.baseline.value - actual) / span) * 1000) / 10;
}

export type Status = "達成" | "順調" | "要注意";

/**
 * 達成 when the full-year target is met; 順調 when the actual keeps pace with the target pro-rated for the date
 * (yearly counts) or is on the right side of it; 要注意 otherwise. For "decrease" and "keep" KPIs, exceeding the target
 * at any time is 要注意.
 */
export function statusOf(kpi: KpiDefinition, actual: number, target: number, fiscalYear: number, at: Date): Status {
  if (kpi.direction === "keep") return actual === target ? (fiscalYearElapsed(fiscalYear, at) >= 1 ? "達成" : "順調") : "要注意";
  if (kpi.direction === "decrease") {
    if (actual > target && kpi.accumulation === "yearly") return "要注意";
    return actual <= target ? (fiscalYearElapsed(fiscalYear, at) >= 1 || kpi.accumulation === "level" ? "達成" : "順調") : "要注意";
  }
  if (actual >= target) return "達成";
  if (kpi.accumulation === "yearly") return actual >= target * fiscalYearElapsed(fiscalYear, at) ? "順調" : "要注意";
  // A level (累計・率) is on track when it has covered its share of the way from last year's target.
  const previous = targetFor(kpi, fiscalYear - 1)?.value ?? kpi.baseline.value;
  return actual >= previous + (target - previous) * fiscalYearElapsed(fiscalYear, at) ? "順調" : "要注意";
}
