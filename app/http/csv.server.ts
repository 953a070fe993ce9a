import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

/**
 * Characters that make Excel or LibreOffice read a cell as a formula (`=`, `+`, `-`, `@`, and their full-width forms,
 * which Excel's Japanese input accepts too), or a tab/CR a spreadsheet may treat as a cell break. Leading white space
 * does not hide them: Excel skips it.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212]|^[\t\r]/;

/**
 * What csv-stringify's `escape_formulas` does not see: a formula character behind leading white space (Excel skips it)
 * and the minus sign U+2212. Its own check covers a first character of = + - @ (also full-width), tab and CR.
 */
const HIDDEN_FORMULA = /^[\s\u3000]+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212]|^\u2212/;

/**
 * A text cell before csv-stringify: a formula hidden from its `escape_formulas` check gets the same leading apostrophe
 * (OWASP's advice; Excel shows the text as typed). Numbers stay numbers.
 */
export function neutralizeCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return HIDDEN_FORMULA.test(value) ? `'${value}` : value;
}

/** Whether a spreadsheet would read this text as a formula. */
export function startsFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/**
 * Every CSV the app sends: UTF-8 with a BOM (so Excel opens the Japanese correctly), CRLF line ends, a cell with a line
 * break always quoted (csv-stringify quotes only the record delimiter, so a lone CR would split a row), and no cell that a
 * spreadsheet would run as a formula (a resident's name or a note can be anything).
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${stringify(
    rows.map((row) => row.map(neutralizeCell)),
    { record_delimiter: "windows", escape_formulas: true, quoted_match: /[\r\n]/ },
  )}`;
}

/**
 * The download of a CSV: `fileName` is ASCII (the plain `filename`); `utf8Name`, when given, is the name browsers that
 * read `filename*` show (Japanese). Never cached: exports hold personal data.
 */
export function csvResponse(csv: string, fileName: string, utf8Name?: string): Response {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"${utf8Name ? `; filename*=UTF-8''${encodeURIComponent(utf8Name)}` : ""}`,
      "Cache-Control": "private, no-store",
    },
  });
}
