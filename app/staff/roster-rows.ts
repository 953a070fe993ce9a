/**
 * Staff roster import: the cells of each data row normalised and validated.
 *
 * Cell normalisation (decided here, relied on by the planner and by idempotence):
 * - Every cell is NFKC-normalised and trimmed, so 全角 digits/letters become ASCII and 半角カナ becomes 全角.
 *   In 氏名 only, CJK compatibility ideographs (e.g. 﨑 U+FA11, 神 U+FA19) are kept as written, because NFKC would
 *   silently replace them with a different code point and people care how their name is spelled.
 * - 氏名 and ふりがな: every run of whitespace (ASCII, 全角, tabs, newlines) becomes one 全角 space "　",
 *   the usual separator between family and given name ("阿見　太郎"). Names without a space are kept as they are.
 * - ふりがな: katakana becomes hiragana; only kana, "ー", "・" and the separating space are allowed.
 * - 所属, 職位: whitespace runs become one ASCII space. The planner matches them to registered names by this same
 *   normalisation and reports the registered spelling.
 * - 職員番号: dash variants (－ − ‐ – — ― ー) become "-"; case and leading zeros are kept (they are part of the number).
 * - メール: lower-cased; empty → null.
 */
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import { normalizeKana, normalizePersonName, normalizeRosterText } from "./names";
import type { RosterColumn, RosterHeader } from "./roster-header";

// ----------------------------------------------------------------------------------------------------- normalisation

const KANA_CHAR = /[\u3041-\u3096\u309D\u309E\u30F7-\u30FA\u30FB\u30FC\u3000]/;

/** 職員番号: NFKC, trim, dash look-alikes → "-". */
export function normalizeStaffNumber(value: string): string {
  return normalizeRosterText(value).replace(/[\u2010-\u2015\u2212\u30FC\uFF70]/g, "-");
}

export const STAFF_NUMBER_PATTERN = /^[A-Za-z0-9-]{1,20}$/;
const EMAIL_PATTERN = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** A simple, sane address check on an already lower-cased value (ASCII only, one @, a dotted domain, ≤ 254 chars). */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email) && (email.split("@")[0] ?? "").length <= 64;
}

// --------------------------------------------------------------------------------------------------- employment type

const EMPLOYMENT_TYPE_ALIASES: Record<string, EmploymentType> = {
  正職員: "regular",
  正規職員: "regular",
  常勤職員: "regular",
  再任用職員: "reappointed",
  会計年度任用職員: "fiscal_year",
  会計年度: "fiscal_year",
  会計年度職員: "fiscal_year",
  臨時職員: "temporary",
  臨時的任用: "temporary",
  臨時的任用職員: "temporary",
  嘱託職員: "commissioned",
};

const employmentTypeKey = (value: string) => value.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

const EMPLOYMENT_TYPE_LOOKUP = new Map<string, EmploymentType>();
for (const [code, label] of Object.entries(EMPLOYMENT_TYPES) as [EmploymentType, string][]) {
  EMPLOYMENT_TYPE_LOOKUP.set(employmentTypeKey(label), code);
  EMPLOYMENT_TYPE_LOOKUP.set(employmentTypeKey(code), code);
}
for (const [alias, code] of Object.entries(EMPLOYMENT_TYPE_ALIASES)) EMPLOYMENT_TYPE_LOOKUP.set(employmentTypeKey(alias), code);

/** 雇用形態 label, code or common variant → code; null when not recognised. */
export function parseEmploymentType(value: string): EmploymentType | null {
  return EMPLOYMENT_TYPE_LOOKUP.get(employmentTypeKey(value)) ?? null;
}

const EMPLOYMENT_TYPE_CHOICES = Object.values(EMPLOYMENT_TYPES)
  .map((label) => `「${label}」`)
  .join("");

// -------------------------------------------------------------------------------------------------------------- rows

export interface RosterRow {
  line: number; // 1-based line number in the file (header is line 1), as HR sees it in Excel
  staffNumber: string; // 職員番号
  name: string; // 氏名
  nameKana: string; // ふりがな (hiragana)
  departmentName: string; // 所属
  rankName: string; // 職位
  employmentType: EmploymentType; // 雇用形態 (label → code)
  email: string | null; // メール (lower-cased), empty → null
}
/** staffNumber is set when the problem belongs to a row whose 職員番号 could be read (that person is not "missing"). */
export interface RosterProblem {
  line: number;
  message: string;
  staffNumber?: string;
}

/** A CSV record and the 1-based line it starts on (the header is line 1), as HR sees it in Excel. */
export interface RosterRecord {
  cells: string[];
  line: number;
}

/** Validates the data records against the header. Invalid rows are skipped and their problems reported. */
export function validateRosterRows(records: RosterRecord[], { columnIndex, labels }: RosterHeader): { rows: RosterRow[]; problems: RosterProblem[] } {
  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  const firstLineByStaffNumber = new Map<string, number>();
  const firstLineByEmail = new Map<string, number>();
  const cellOf = (cells: string[], column: RosterColumn) => {
    const index = columnIndex.get(column);
    return index === undefined ? "" : (cells[index] ?? "");
  };

  for (const { cells, line } of records) {
    const rowProblems: string[] = [];
    const required = (column: RosterColumn, value: string) => {
      if (value === "") rowProblems.push(`「${labels[column]}」が空欄です。`);
      return value;
    };

    const staffNumber = required("staffNumber", normalizeStaffNumber(cellOf(cells, "staffNumber")));
    let problemStaffNumber: string | undefined;
    if (staffNumber !== "") {
      if (!STAFF_NUMBER_PATTERN.test(staffNumber)) {
        rowProblems.push(`${labels.staffNumber}「${staffNumber}」の形式が正しくありません。英数字とハイフン（-）の20文字以内で入力してください。`);
      } else {
        problemStaffNumber = staffNumber;
        const first = firstLineByStaffNumber.get(staffNumber);
        if (first === undefined) firstLineByStaffNumber.set(staffNumber, line);
        else rowProblems.push(`${labels.staffNumber}「${staffNumber}」が${first}行目と重複しています。`);
      }
    }

    const name = required("name", normalizePersonName(cellOf(cells, "name")));

    const nameKana = required("nameKana", normalizeKana(cellOf(cells, "nameKana")));
    if (nameKana !== "") {
      const invalid = [...new Set([...nameKana].filter((ch) => !KANA_CHAR.test(ch)))];
      if (invalid.length > 0) {
        rowProblems.push(`${labels.nameKana}「${nameKana}」にひらがな・カタカナ以外の文字（${invalid.slice(0, 5).join("")}）が含まれています。`);
      }
    }

    const departmentName = required("departmentName", normalizeRosterText(cellOf(cells, "departmentName")));
    const rankName = required("rankName", normalizeRosterText(cellOf(cells, "rankName")));

    const employmentTypeText = required("employmentType", normalizeRosterText(cellOf(cells, "employmentType")));
    const employmentType = employmentTypeText === "" ? null : parseEmploymentType(employmentTypeText);
    if (employmentTypeText !== "" && employmentType === null) {
      rowProblems.push(`${labels.employmentType}「${employmentTypeText}」は使えません。${EMPLOYMENT_TYPE_CHOICES}のいずれかを入力してください。`);
    }

    const emailText = normalizeRosterText(cellOf(cells, "email")).toLowerCase();
    const email = emailText === "" ? null : emailText;
    if (email !== null) {
      if (!isPlausibleEmail(email)) {
        rowProblems.push(`${labels.email}「${email}」はメールアドレスの形式になっていません。`);
      } else {
        const first = firstLineByEmail.get(email);
        if (first === undefined) firstLineByEmail.set(email, line);
        else rowProblems.push(`${labels.email}「${email}」が${first}行目と重複しています。`);
      }
    }

    if (rowProblems.length > 0 || employmentType === null) {
      for (const message of rowProblems) {
        problems.push(problemStaffNumber === undefined ? { line, message } : { line, message, staffNumber: problemStaffNumber });
      }
      continue;
    }
    rows.push({ line, staffNumber, name, nameKana, departmentName, rankName, employmentType, email });
  }
  return { rows, problems };
}
