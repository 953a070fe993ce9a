import { toCsv } from "~/http/csv.server";
import { EMPLOYMENT_TYPES } from "~/staff/constants";
import type { AssignmentRow, CampaignRow } from "./campaigns.server";
import { ASSIGNMENT_STATUS_LABELS } from "./rules";
import { jstDate } from "~/kernel/dates";

/** Everyone in a campaign with their status, as CSV (UTF-8 with BOM, CRLF) for Excel. */
export function assignmentsCsv(campaign: CampaignRow, rows: AssignmentRow[]): string {
  const table: (string | number)[][] = [["必修研修", "年度", "受講期限", "職員番号", "氏名", "ふりがな", "課", "職位", "雇用形態", "状況", "修了日"]];
  for (const r of rows) {
    table.push([
      campaign.title,
      campaign.fiscalYear,
      campaign.dueOn,
      r.staffNumber,
      r.name,
      r.nameKana,
      r.departmentName ?? "",
      r.jobRankName ?? "",
      EMPLOYMENT_TYPES[r.employmentType],
      ASSIGNMENT_STATUS_LABELS[r.status],
      r.status === "complete" || r.status === "late" ? (r.lastDone ? jstDate(r.lastDone) : "") : "",
    ]);
  }
  return toCsv(table);
}
