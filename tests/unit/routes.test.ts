import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Remix flat routes nest `a.b.c.tsx` inside `a.b.tsx` when that file exists. A page that renders no <Outlet /> then
 * silently swallows its "children" (they never show). This test finds such pairs.
 */
describe("route files", () => {
  const dir = path.resolve("app/routes");
  const files = readdirSync(dir).filter((f) => f.endsWith(".tsx"));
  const id = (f: string) => f.replace(/\.tsx$/, "");

  it("every route nested under a page is nested under a layout that renders <Outlet />", () => {
    const problems: string[] = [];
    for (const parent of files) {
      const source = readFileSync(path.join(dir, parent), "utf8");
      if (!/export default function/.test(source) || source.includes("<Outlet")) continue;
      const prefix = `${id(parent)}.`;
      for (const child of files) {
        // "a.b_.c" opts out of nesting; "_index" and "$" segments belong to the same level.
        if (child !== parent && id(child).startsWith(prefix)) problems.push(`${child} is nested in ${parent}, which has no <Outlet />`);
      }
    }
    expect(problems).toEqual([]);
  });
});
