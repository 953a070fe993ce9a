/** Staff roster import, first step: the uploaded bytes decoded to text, and the text read as CSV records. */
import { parse as parseCsv } from "csv-parse/sync";
import type { RosterProblem, RosterRecord } from "./roster-rows";

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

// --------------------------------------------------------------------------------------------------------------- CSV

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

/**
 * Reads the roster CSV, comma- or tab-separated (as its first non-blank line suggests), into records with the line
 * each starts on; blank records are dropped. A file that cannot be read as CSV gives one problem instead.
 */
export function readRosterCsv(text: string): { ok: true; records: RosterRecord[] } | { ok: false; problem: RosterProblem } {
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
    return { ok: false, problem: csvErrorProblem(error, lastRecordLine) };
  }

  // Line where each record starts: csv-parse reports the line it ends on; quoted newlines account for the rest.
  const withLines = records
    .map(({ record, info }) => ({ cells: record, line: info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0) }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ""));
  return { ok: true, records: withLines };
}
