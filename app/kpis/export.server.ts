import { toCsv } from "~/http/csv.server";
import { fiscalYearLabel } from "~/kernel/dates";
import type { KpiView } from "./kpis.server";

/** KPI values of a fiscal year as CSV, UTF-8 with a BOM so that Excel opens the Japanese correctly. */
export function kpiCsv(views: KpiView[]): string {
  const rows: (string | number | null)[][] = [
    ["コード", "KPI", "基本方針", "単位", "年度", "実績", "目標", "目標の種類", "達成率(%)", "状況", "基準値", "基準年度", "実績の出どころ"],
  ];
  for (const k of views) {
    rows.push([
      k.code,
      k.name,
      k.policyArea,
      k.unit,
      fiscalYearLabel(k.fiscalYear),
      k.actual,
      k.target?.value ?? null,
      k.target ? (k.target.interpolated ? "計画から按分" : "計画の目標値") : "",
      k.achievement,
      k.status ?? "",
      k.baseline.value,
      k.baseline.fiscalYear,
      k.manual ? "手入力" : "記録から集計",
    ]);
  }
  return toCsv(rows);
}
