import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_HEAP_MB, SERVER_SEMI_SPACE_MB, serverNodeFlags } from "../../bench/harness";

describe("the server's heap flags", () => {
  it("are the same in npm start, npm run serve and the benchmark", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    const flags = `--max-old-space-size=\${SERVER_HEAP_MB:-${DEFAULT_SERVER_HEAP_MB}} --max-semi-space-size=${SERVER_SEMI_SPACE_MB}`;
    expect(scripts.start).toContain(`node ${flags} build/server.mjs`);
    expect(scripts.serve).toBe(`node ${flags} build/server.mjs`);
    expect(serverNodeFlags({})).toEqual([`--max-old-space-size=${DEFAULT_SERVER_HEAP_MB}`, `--max-semi-space-size=${SERVER_SEMI_SPACE_MB}`]);
  });

  it("follow SERVER_HEAP_MB and refuse nonsense", () => {
    expect(serverNodeFlags({ SERVER_HEAP_MB: "512" })).toEqual(["--max-old-space-size=512", `--max-semi-space-size=${SERVER_SEMI_SPACE_MB}`]);
    expect(() => serverNodeFlags({ SERVER_HEAP_MB: "lots" })).toThrow(/SERVER_HEAP_MB/);
    expect(() => serverNodeFlags({ SERVER_HEAP_MB: "16" })).toThrow(/at least 64/);
  });
});
