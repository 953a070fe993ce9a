import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvResponse, neutralizeCell, startsFormula, toCsv } from "~/http/csv.server";

const FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", '  =HYPERLINK("http://evil.example")', "\t=1", "\r=1", "\u3000=1", "＝1+1", "＋1", "－1", "＠A1", "−1"];

describe("CSV cells", () => {
  it.each(FORMULAS)("neutralises %j so no spreadsheet runs it", (value) => {
    const [cell] = (parse(toCsv([[value]]).slice(1)) as string[][])[0]!;
    expect(cell).toBe(`'${value}`);
    expect(startsFormula(cell!)).toBe(false);
  });

  it("leaves ordinary text and numbers as they are", () => {
    for (const value of ["阿見　花子", "029-888-1234", "本郷", "a=b", "メール@例", "1-2-3"]) expect(neutralizeCell(value)).toBe(value);
    expect(neutralizeCell(-3)).toBe(-3);
    expect(neutralizeCell(null)).toBe("");
  });

  it("writes UTF-8 with a BOM, CRLF, quoted where needed, every cell safe", () => {
    const csv = toCsv([["氏名", "メモ"], ...FORMULAS.map((f) => [f, `a,"b"\n${f}`])]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("\r\n");
    const rows = parse(csv.slice(1), { relax_column_count: true }) as string[][];
    expect(rows).toHaveLength(FORMULAS.length + 1);
    for (const cell of rows.flat()) expect(startsFormula(cell), JSON.stringify(cell)).toBe(false);
  });

  it("is sent as a download that is never cached", () => {
    const res = csvResponse("x", "kpi 2026.csv", "KPI_2026年度.csv");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="kpi_2026.csv"; filename*=UTF-8''${encodeURIComponent("KPI_2026年度.csv")}`);
  });
});

describe("every CSV export", () => {
  const routes = readdirSync(path.resolve("app/routes")).filter((f) => /csv/.test(f));
  it("goes through csvResponse, and only app/http/csv.server.ts writes CSV", () => {
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const file of routes) expect(readFileSync(path.join("app/routes", file), "utf8"), file).toMatch(/csvResponse\(/);
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && /csv-stringify/.test(readFileSync(full, "utf8"))) writers.push(full);
      }
    };
    walk(path.resolve("app"));
    expect(writers.map((f) => path.relative(process.cwd(), f))).toEqual([path.join("app", "http", "csv.server.ts")]);
  });
});
