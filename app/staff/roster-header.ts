/** Staff roster import: the header row, mapped to the columns the import knows under any of their usual names. */
import { normalizeRosterText } from "./names";

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
    .replace(/[([【]?(必須|任意)[)\]】]?$/, "")
    .replace(/[()[\]【】.・_-]/g, "");
}

const HEADER_LOOKUP = new Map<string, RosterColumn>();
for (const column of COLUMN_ORDER) for (const h of ROSTER_COLUMNS[column].headers) HEADER_LOOKUP.set(rosterHeaderKey(h), column);

/** Where each column is in the file, and its header as written there (for messages). */
export interface RosterHeader {
  columnIndex: Map<RosterColumn, number>;
  labels: Record<RosterColumn, string>;
}

/**
 * Finds the columns in the header row. Fails, with one message for the whole row, when a required column is missing
 * or two headers name the same column.
 */
export function mapRosterHeader(cells: string[]): { ok: true; header: RosterHeader } | { ok: false; message: string } {
  const columnIndex = new Map<RosterColumn, number>();
  const labels = {} as Record<RosterColumn, string>;
  const duplicates: string[] = [];
  cells.forEach((cell, index) => {
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
    return { ok: false, message: messages.join("") };
  }
  return { ok: true, header: { columnIndex, labels } };
}
