import { toCsv } from "~/http/csv.server";
import { fiscalYearLabel, jstDate } from "~/kernel/dates";
import type { listActivities } from "./programs.server";

type ActivityRow = Awaited<ReturnType<typeof listActivities>>[number];

/**
 * Confirmed improvement activities for the personnel evaluation (人事評価個別目標), one row per activity, ordered by
 * promoter and date. UTF-8 with a BOM so that Excel opens the Japanese correctly.
 */
export function activitiesCsv(rows: ActivityRow[], fiscalYear: number): string {
  // listActivities gives newest first; reversed, the stable sort keeps entries of the same day in the order recorded.
  const sorted = [...rows].reverse().sort((a, b) => a.staffNumber.localeCompare(b.staffNumber, "ja", { numeric: true }) || a.doneOn.localeCompare(b.doneOn));
  const out: (string | number | null)[][] = [
    ["年度", "職員番号", "氏名", "活動日", "活動", "対象の課", "削減時間（年間・時間）", "内容・効果", "確認した課長", "確認日"],
  ];
  for (const r of sorted) {
    out.push([
      fiscalYearLabel(fiscalYear),
      r.staffNumber,
      r.promoterName,
      r.doneOn,
      r.title,
      r.departmentName,
      r.hoursSavedPerYear,
      r.note ?? "",
      r.confirmedByName ?? "",
      r.confirmedAt ? jstDate(r.confirmedAt) : "",
    ]);
  }
  return toCsv(out);
}
