/**
 * HR and the DX office read these pages, not engineers (issue #20): no command lines, and the word the rest of the UI
 * uses for mandatory training, 必修研修, instead of 「キャンペーン」. Comments may say what they like.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(entry.name) ? [file] : [];
  });
}

/** The lines of a file that are not comments. */
function codeLines(file: string): { line: number; text: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ line: i + 1, text }))
    .filter(({ text }) => !/^\s*(\/\/|\*|\/\*|\{\/\*)/.test(text));
}

describe("plain words on the pages", () => {
  const files = sourceFiles("app");

  it("finds the app's modules", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  for (const [what, pattern] of [
    ["a command line", /npm run|npx /],
    ["「キャンペーン」 for 必修研修", /キャンペーン/],
  ] as const) {
    it(`no page, message or export says ${what}`, () => {
      const found = files.flatMap((file) => codeLines(file).flatMap(({ line, text }) => (pattern.test(text) ? [`${file}:${line}: ${text.trim()}`] : [])));
      expect(found).toEqual([]);
    });
  }
});
