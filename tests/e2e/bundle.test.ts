import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Every JavaScript file the browser may download (`npm run build` has run before the e2e suite). */
function clientFiles(dir = path.resolve("public/build")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? clientFiles(full) : name.endsWith(".js") ? [full] : [];
  });
}

describe("the browser bundle", () => {
  it("contains no server-only code (database, markdown renderer, CSV parser, Node APIs)", () => {
    const files = clientFiles();
    expect(files.length).toBeGreaterThan(5);
    const leaks: string[] = [];
    const markers: [string, RegExp][] = [
      ["drizzle-orm", /drizzle/],
      ["markdown-it", /linkify|markdown-it/],
      ["csv-parse", /CsvError|CSV_QUOTE_NOT_CLOSED/],
      ["Node's Buffer", /(?<![A-Za-z_$])Buffer\.(from|alloc|isBuffer)/],
      ["password hashing", /scrypt/],
    ];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const [what, pattern] of markers) if (pattern.test(text)) leaks.push(`${path.basename(file)}: ${what}`);
    }
    expect(leaks).toEqual([]);
  });
});
