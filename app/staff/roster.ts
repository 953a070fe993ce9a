/**
 * HR's staff roster import, pure part: decode the uploaded file, parse and validate the CSV, and plan the changes
 * against the organization's current staff. No I/O and no database here; the importer applies a RosterPlan.
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
import { parse as parseCsv } from "csv-parse/sync";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import { FULLWIDTH_SPACE, katakanaToHiragana, normalizeKana, normalizePersonName, normalizeRosterText } from "./names";

export { katakanaToHiragana, normalizeKana, normalizePersonName, normalizeRosterText };

// ---------------------------------------------------------------------------------------------------------- decoding

export type RosterEncoding = "utf-8" | "utf-8-bom" | "shift_jis";

/** Detects encoding: UTF-8 BOM → "utf-8-bom"; strict UTF-8 → "utf-8"; otherwise Shift_JIS (CP932). Strips the BOM. */
export function decodeRosterFile(bytes: Uint8Array): { text: string; encoding: RosterEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // Not fatal: a file that announces UTF-8 is UTF-8; a stray bad byte becomes U+FFFD and fails validation visibly.
    return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // WHATWG "shift_jis" is CP932 (Windows-31J): NEC/IBM extensions such as ① and 髙 decode correctly.
    return { text: new TextDecoder("shift_jis").decode(bytes), encoding: "shift_jis" };
  }
}

// ----------------------------------------------------------------------------------------------------- normalisation

const KANA_CHAR = /[\u3041-\u3096\u309D\u309E\u30F7-\u30FA\u30FB\u30FC\u3000]/;

/** 職員番号: NFKC, trim, dash look-alikes → "-". */
export function normalizeStaffNumber(value: string): string {
  return normalizeRosterText(value).replace(/[\u2010-\u2015\u2212\u30FC\uFF70]/g, "-");
}

export const STAFF_NUMBER_PATTERN = /^[A-Za-z0-9-]{1,20}$/;
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

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

// ------------------------------------------------------------------------------------------------------------ header

export type RosterColumn = "staffNumber" | "name" | "nameKana" | "departmentName" | "rankName" | "employmentType" | "email";

/** Column → the name used in messages and the accepted header spellings (compared by rosterHeaderKey). */
export const ROSTER_COLUMNS: Record<RosterColumn, { label: string; required: boolean; headers: string[] }> = {
  staffNumber: { label: "職員番号", required: true, headers: ["職員番号", "職員NO", "職員No.", "職員コード", "職員ID"] },
  name: { label: "氏名", required: true, headers: ["氏名", "名前", "職員名", "氏名漢字"] },
  nameKana: {
    label: "ふりがな",
    required: true,
    headers: ["ふりがな", "フリガナ", "氏名カナ", "氏名かな", "氏名ふりがな", "氏名フリガナ", "カナ氏名", "よみがな", "ヨミガナ", "カナ", "かな"],
  },
  departmentName: { label: "所属", required: true, headers: ["所属", "所属課", "課", "所属名", "課名", "部署", "所属部署"] },
  rankName: { label: "職位", required: true, headers: ["職位", "職名", "役職", "職位名"] },
  employmentType: { label: "雇用形態", required: true, headers: ["雇用形態", "任用形態", "雇用区分", "任用区分"] },
  email: { label: "メール", required: false, headers: ["メール", "メールアドレス", "E-mail", "Email", "Mail", "電子メール"] },
};
const COLUMN_ORDER = Object.keys(ROSTER_COLUMNS) as RosterColumn[];

/** NFKC, lower-case, no spaces, no "必須/任意" markers, no punctuation: "職員No．" → "職員no", "氏名（カナ）" → "氏名カナ". */
export function rosterHeaderKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/[*※]/g, "")
    .replace(/[(\[【]?(必須|任意)[)\]】]?$/, "")
    .replace(/[()[\]【】.・_-]/g, "");
}

const HEADER_LOOKUP = new Map<string, RosterColumn>();
for (const column of COLUMN_ORDER) for (const h of ROSTER_COLUMNS[column].headers) HEADER_LOOKUP.set(rosterHeaderKey(h), column);

// ------------------------------------------------------------------------------------------------------------ parsing

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

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function countNewlines(value: string): number {
  let n = 0;
  for (let i = value.indexOf("\n"); i !== -1; i = value.indexOf("\n", i + 1)) n++;
  return n;
}

function csvErrorProblem(error: unknown, lastRecordLine: number): RosterProblem {
  const code = error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : "";
  const line = lastRecordLine + 1;
  if (code === "CSV_QUOTE_NOT_CLOSED") {
    return {
      line,
      message: `${line}行目以降で「"」（ダブルクォーテーション）が閉じられていないため、ファイルを読み取れませんでした。セルの「"」を確認してください。`,
    };
  }
  if (code === "CSV_INVALID_CLOSING_QUOTE" || code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE") {
    return { line, message: `${line}行目付近で「"」（ダブルクォーテーション）の後に余分な文字があるため、ファイルを読み取れませんでした。` };
  }
  return { line, message: `${line}行目付近をCSVとして読み取れませんでした。ファイルの形式を確認してください。` };
}

/** Parses and validates the roster CSV (comma- or tab-separated). Invalid rows are skipped and reported. */
export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  // csv-parse's auto-detected record delimiter miscounts lines for CRLF files: normalise line ends first.
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const firstLine = /^.*\S.*$/m.exec(normalized)?.[0] ?? "";
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";

  let lastRecordLine = 0;
  let records: CsvRecord[];
  try {
    records = parseCsv(normalized, {
      delimiter,
      bom: true,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record, context) => {
        lastRecordLine = context.lines;
        return record;
      },
    }) as unknown as CsvRecord[];
  } catch (error) {
    return { rows: [], problems: [csvErrorProblem(error, lastRecordLine)] };
  }

  // Line where each record starts: csv-parse reports the line it ends on; quoted newlines account for the rest.
  const withLines = records
    .map(({ record, info }) => ({ cells: record, line: info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0) }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ""));

  const header = withLines[0];
  if (!header) return { rows: [], problems: [{ line: 1, message: "ファイルにデータがありません。1行目に見出し（職員番号、氏名など）を入れてください。" }] };

  const columnIndex = new Map<RosterColumn, number>();
  const labels = {} as Record<RosterColumn, string>;
  const duplicates: string[] = [];
  header.cells.forEach((cell, index) => {
    const column = HEADER_LOOKUP.get(rosterHeaderKey(cell));
    if (!column) return;
    const label = normalizeRosterText(cell);
    if (columnIndex.has(column)) {
      duplicates.push(`「${labels[column]}」と「${label}」が同じ「${ROSTER_COLUMNS[column].label}」の列とみなされます。どちらか一方にしてください。`);
      return;
    }
    columnIndex.set(column, index);
    labels[column] = label;
  });
  const missing = COLUMN_ORDER.filter((c) => ROSTER_COLUMNS[c].required && !columnIndex.has(c));
  if (missing.length > 0 || duplicates.length > 0) {
    const messages = [...duplicates];
    if (missing.length > 0) {
      messages.unshift(
        `見出し行に必須の列${missing.map((c) => `「${ROSTER_COLUMNS[c].label}」`).join("")}がありません。` +
          `1行目に見出しがあるか、列の名前が正しいかを確認してください。`,
      );
    }
    return { rows: [], problems: [{ line: header.line, message: messages.join("") }] };
  }

  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  const firstLineByStaffNumber = new Map<string, number>();
  const firstLineByEmail = new Map<string, number>();
  const cellOf = (cells: string[], column: RosterColumn) => {
    const index = columnIndex.get(column);
    return index === undefined ? "" : (cells[index] ?? "");
  };

  for (const { cells, line } of withLines.slice(1)) {
    const rowProblems: string[] = [];
    const required = (column: RosterColumn, value: string) => {
      if (value === "") rowProblems.push(`「${labels[column]}」が空欄です。`);
      return value;
    };

    const staffNumber = required("staffNumber", normalizeStaffNumber(cellOf(cells, "staffNumber")));
    let problemStaffNumber: string | undefined;
    if (staffNumber !== "") {
      if (!STAFF_NUMBER_PATTERN.test(staffNumber)) {
        rowProblems.push(
          `${labels.staffNumber}「${staffNumber}」の形式が正しくありません。英数字とハイフン（-）の20文字以内で入力してください。`,
        );
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
        rowProblems.push(
          `${labels.nameKana}「${nameKana}」にひらがな・カタカナ以外の文字（${invalid.slice(0, 5).join("")}）が含まれています。`,
        );
      }
    }

    const departmentName = required("departmentName", normalizeRosterText(cellOf(cells, "departmentName")));
    const rankName = required("rankName", normalizeRosterText(cellOf(cells, "rankName")));

    const employmentTypeText = required("employmentType", normalizeRosterText(cellOf(cells, "employmentType")));
    const employmentType = employmentTypeText === "" ? null : parseEmploymentType(employmentTypeText);
    if (employmentTypeText !== "" && employmentType === null) {
      rowProblems.push(
        `${labels.employmentType}「${employmentTypeText}」は使えません。${EMPLOYMENT_TYPE_CHOICES}のいずれかを入力してください。`,
      );
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

// ----------------------------------------------------------------------------------------------------------- planning

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
        rowProblems.push(
          `所属「${row.departmentName}」は登録されていません。所属名に誤りがないか確認するか、新しい所属を作成する設定で取り込んでください。`,
        );
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
    rejectedForEmail.set(
      row.staffNumber,
      `メールアドレス「${email}」は、すでに職員番号「${owner.staffNumber}」の${owner.name}さんが使っています。`,
    );
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
    plan.deactivate = existing
      .filter((s) => s.active && !inFile.has(s.staffNumber))
      .sort((a, b) => staffNumberOrder.compare(a.staffNumber, b.staffNumber));
  }
  plan.newDepartments = [...newDepartments.values()];
  plan.invalid = [...parsed.problems, ...problems].sort((a, b) => a.line - b.line);
  return plan;
}
