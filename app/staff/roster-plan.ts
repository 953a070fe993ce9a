/** Staff roster import, last step: the parsed file compared with the organization's current staff. */
import type { EmploymentType } from "~/staff/constants";
import { normalizeKana, normalizePersonName, normalizeRosterText } from "./names";
import type { RosterProblem, RosterRow } from "./roster-rows";

export interface ExistingStaff {
  staffNumber: string;
  name: string;
  nameKana: string;
  email: string | null;
  departmentName: string | null;
  rankName: string | null;
  employmentType: EmploymentType;
  active: boolean;
}
export interface RosterOptions {
  deactivateMissing: boolean;
  createDepartments: boolean;
}
export type RosterField = "name" | "nameKana" | "email" | "departmentName" | "rankName" | "employmentType" | "active";
export interface RosterChange {
  field: RosterField;
  before: string | boolean | null;
  after: string | boolean | null;
}
export interface RosterPlan {
  add: RosterRow[];
  update: { row: RosterRow; changes: RosterChange[] }[];
  reactivate?: never; // reactivation of an inactive staff member present in the file is an update with field "active"
  deactivate: ExistingStaff[]; // active staff missing from the file, only when options.deactivateMissing
  unchanged: number;
  invalid: RosterProblem[]; // parse problems + plan problems, sorted by line
  newDepartments: string[]; // 所属 names not in known departments, first-seen order (only when options.createDepartments)
}

const COMPARED_FIELDS = ["name", "nameKana", "email", "departmentName", "rankName", "employmentType"] as const;
const numericKey = (staffNumber: string) => (/^\d+$/.test(staffNumber) ? staffNumber.replace(/^0+(?=\d)/, "") : null);
const staffNumberOrder = new Intl.Collator("en", { numeric: true });

/**
 * Compares the parsed file with the organization's current staff. Rows in add/update carry 所属 and 職位 spelled as
 * registered (matching ignores NFKC/whitespace differences). Deactivation never touches staff whose row is in the
 * file but invalid. Output follows file order; deactivate is sorted by 職員番号.
 */
export function planRosterImport(
  parsed: { rows: RosterRow[]; problems: RosterProblem[] },
  existing: ExistingStaff[],
  known: { departments: string[]; ranks: string[] },
  options: RosterOptions,
): RosterPlan {
  const existingByNumber = new Map<string, ExistingStaff>();
  const existingByNumericKey = new Map<string, ExistingStaff>();
  const existingByEmail = new Map<string, ExistingStaff>();
  for (const staff of existing) {
    existingByNumber.set(staff.staffNumber, staff);
    const key = numericKey(staff.staffNumber);
    if (key !== null && !existingByNumericKey.has(key)) existingByNumericKey.set(key, staff);
    if (staff.email !== null) existingByEmail.set(staff.email.toLowerCase(), staff);
  }
  const departments = new Map(known.departments.map((d) => [normalizeRosterText(d), d]));
  const ranks = new Map(known.ranks.map((r) => [normalizeRosterText(r), r]));

  const inFile = new Set<string>(); // staff numbers with a row in the file, valid or not: never "missing"
  for (const p of parsed.problems) if (p.staffNumber !== undefined) inFile.add(p.staffNumber);
  for (const row of parsed.rows) inFile.add(row.staffNumber);

  const problems: RosterProblem[] = [];
  const newDepartments = new Map<string, string>();
  const candidates: RosterRow[] = [];

  for (const row of parsed.rows) {
    const rowProblems: string[] = [];
    const rankName = ranks.get(normalizeRosterText(row.rankName));
    if (rankName === undefined) rowProblems.push(`職位「${row.rankName}」は登録されていません。`);

    const departmentKey = normalizeRosterText(row.departmentName);
    let departmentName = departments.get(departmentKey);
    if (departmentName === undefined) {
      if (options.createDepartments) {
        departmentName = row.departmentName; // listed in newDepartments only if the row turns out valid (below)
      } else {
        rowProblems.push(`所属「${row.departmentName}」は登録されていません。所属名に誤りがないか確認するか、新しい所属を作成する設定で取り込んでください。`);
      }
    }

    if (!existingByNumber.has(row.staffNumber)) {
      const key = numericKey(row.staffNumber);
      const similar = key === null ? undefined : existingByNumericKey.get(key);
      if (similar && !inFile.has(similar.staffNumber)) {
        rowProblems.push(
          `職員番号「${row.staffNumber}」は登録されていませんが、「${similar.staffNumber}」が登録されています。` +
            `Excelで保存したときに先頭の0が消えていないか確認してください。`,
        );
        inFile.add(similar.staffNumber); // do not deactivate the person this row most likely is
      }
    }

    if (rowProblems.length > 0) {
      for (const message of rowProblems) problems.push({ line: row.line, message, staffNumber: row.staffNumber });
      continue;
    }
    candidates.push({ ...row, departmentName: departmentName!, rankName: rankName! });
  }

  // E-mail conflicts with other existing staff. The other person keeps their address unless a valid row of theirs
  // changes it (so swapping addresses within one file is fine). A row rejected here keeps its own old address,
  // which may in turn block another row: a worklist keeps this linear.
  const valid = new Map(candidates.map((row) => [row.staffNumber, row]));
  const candidateByEmail = new Map<string, RosterRow>();
  for (const row of candidates) if (row.email !== null) candidateByEmail.set(row.email, row);
  const rejectedForEmail = new Map<string, string>();
  const keptEmails: ExistingStaff[] = existing.filter((s) => s.email !== null && !valid.has(s.staffNumber));
  while (keptEmails.length > 0) {
    const owner = keptEmails.pop()!;
    const email = owner.email!.toLowerCase();
    const row = candidateByEmail.get(email);
    if (!row || row.staffNumber === owner.staffNumber || !valid.has(row.staffNumber)) continue;
    valid.delete(row.staffNumber);
    rejectedForEmail.set(row.staffNumber, `メールアドレス「${email}」は、すでに職員番号「${owner.staffNumber}」の${owner.name}さんが使っています。`);
    const previous = existingByNumber.get(row.staffNumber);
    if (previous?.email != null) keptEmails.push(previous);
  }

  const plan: RosterPlan = { add: [], update: [], deactivate: [], unchanged: 0, invalid: [], newDepartments: [] };
  for (const row of candidates) {
    const emailProblem = rejectedForEmail.get(row.staffNumber);
    if (emailProblem !== undefined) {
      problems.push({ line: row.line, message: emailProblem, staffNumber: row.staffNumber });
      continue;
    }
    const departmentKey = normalizeRosterText(row.departmentName);
    if (!departments.has(departmentKey) && !newDepartments.has(departmentKey)) {
      newDepartments.set(departmentKey, row.departmentName);
    }
    const current = existingByNumber.get(row.staffNumber);
    if (!current) {
      plan.add.push(row);
      continue;
    }
    const changes: RosterChange[] = [];
    for (const field of COMPARED_FIELDS) {
      // Names entered elsewhere (admin form, older data) may differ only in spacing or width: compare canonical forms.
      const before = field === "name" ? normalizePersonName(current.name) : field === "nameKana" ? normalizeKana(current.nameKana) : current[field];
      if (before !== row[field]) changes.push({ field, before: current[field], after: row[field] });
    }
    if (!current.active) changes.push({ field: "active", before: false, after: true });
    if (changes.length > 0) plan.update.push({ row, changes });
    else plan.unchanged++;
  }

  if (options.deactivateMissing) {
    plan.deactivate = existing.filter((s) => s.active && !inFile.has(s.staffNumber)).sort((a, b) => staffNumberOrder.compare(a.staffNumber, b.staffNumber));
  }
  plan.newDepartments = [...newDepartments.values()];
  plan.invalid = [...parsed.problems, ...problems].sort((a, b) => a.line - b.line);
  return plan;
}
