/**
 * HR's staff roster import, pure part: decode the uploaded file, parse and validate the CSV, and plan the changes
 * against the organization's current staff. No I/O and no database here; the importer applies a RosterPlan.
 *
 * The parts: roster-decode (bytes → text → CSV records), roster-header (which column is which), roster-rows (cell
 * normalisation and row validation) and roster-plan (the diff against the current staff).
 */
import { decodeRosterFile, readRosterCsv, type RosterEncoding } from "./roster-decode";
import { mapRosterHeader, ROSTER_COLUMNS, rosterHeaderKey, type RosterColumn } from "./roster-header";
import {
  isPlausibleEmail,
  normalizeStaffNumber,
  parseEmploymentType,
  STAFF_NUMBER_PATTERN,
  validateRosterRows,
  type RosterProblem,
  type RosterRow,
} from "./roster-rows";

export { katakanaToHiragana, normalizeKana, normalizePersonName, normalizeRosterText } from "./names";
export { planRosterImport, type ExistingStaff, type RosterChange, type RosterField, type RosterOptions, type RosterPlan } from "./roster-plan";
export { decodeRosterFile, isPlausibleEmail, normalizeStaffNumber, parseEmploymentType, ROSTER_COLUMNS, rosterHeaderKey, STAFF_NUMBER_PATTERN };
export type { RosterColumn, RosterEncoding, RosterProblem, RosterRow };

/** Parses and validates the roster CSV (comma- or tab-separated). Invalid rows are skipped and reported. */
export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  const csv = readRosterCsv(text);
  if (!csv.ok) return { rows: [], problems: [csv.problem] };
  const [header, ...records] = csv.records;
  if (!header) return { rows: [], problems: [{ line: 1, message: "ファイルにデータがありません。1行目に見出し（職員番号、氏名など）を入れてください。" }] };
  const columns = mapRosterHeader(header.cells);
  if (!columns.ok) return { rows: [], problems: [{ line: header.line, message: columns.message }] };
  return validateRosterRows(records, columns.header);
}
