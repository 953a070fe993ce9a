import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/** `npm run build` has run before the e2e suite. */
const CLIENT = path.resolve("build/client");
const ASSETS = path.join(CLIENT, "assets");

/** Every JavaScript file the browser may download. */
function clientFiles(dir = ASSETS): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? clientFiles(full) : name.endsWith(".js") ? [full] : [];
  });
}

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

/** React Router's browser manifest (`window.__reactRouterManifest = {…}` in assets/manifest-*.js). */
function manifest(): Manifest {
  const file = readdirSync(ASSETS).find((name) => /^manifest-.*\.js$/.test(name));
  if (!file) throw new Error("build/client/assets に manifest-*.js がありません");
  const source = readFileSync(path.join(ASSETS, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;
}

/** The JavaScript files a first visit to a page of `routeId` downloads: the entry, the route and its parents, and their imports. */
function pageScripts(m: Manifest, routeId: string): string[] {
  const files = new Set([m.entry.module, ...m.entry.imports]);
  for (let route: ManifestRoute | undefined = m.routes[routeId]; route; route = route.parentId ? m.routes[route.parentId] : undefined) {
    files.add(route.module);
    for (const file of route.imports ?? []) files.add(file);
  }
  return [...files];
}

/**
 * Pages residents open without signing in. The budget is React 19's react-dom and React Router (about 340 KB of the
 * ~430 KB every page shares, decision 017) plus the app's own code: a server library or a schema validator slipping into
 * the browser (zod alone was 95 KB) breaks it.
 */
const PUBLIC_ROUTES = [
  "routes/_index",
  "routes/courses._index",
  "routes/courses.$courseSlug._index",
  "routes/courses.$courseSlug.$lessonSlug",
  "routes/classes._index",
  "routes/classes.$sessionId",
  "routes/classes.$sessionId_.receipt.$receipt",
  "routes/classes.$sessionId_.checkin",
  "routes/classes.$sessionId_.survey",
  "routes/classes.lookup",
  "routes/classes.series.$seriesId",
  "routes/verify._index",
  "routes/login",
  "routes/preferences",
];
const BUDGET_BYTES = 460 * 1024;
const BUDGET_GZIP_BYTES = 150 * 1024;

describe("the browser bundle", () => {
  it("contains no server-only code (database, markdown renderer, CSV parser, validator, Node APIs)", () => {
    const files = clientFiles();
    expect(files.length).toBeGreaterThan(5);
    const leaks: string[] = [];
    const markers: [string, RegExp][] = [
      ["drizzle-orm", /drizzle/],
      ["markdown-it", /linkify|markdown-it/],
      ["csv-parse", /CsvError|CSV_QUOTE_NOT_CLOSED/],
      ["zod", /ZodError|\$ZodType|zod\.dev/],
      ["Node's Buffer", /(?<![A-Za-z_$])Buffer\.(from|alloc|isBuffer)/],
      ["password hashing", /scrypt/],
    ];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const [what, pattern] of markers) if (pattern.test(text)) leaks.push(`${path.basename(file)}: ${what}`);
    }
    expect(leaks).toEqual([]);
  });

  it(`keeps every public page within ${BUDGET_BYTES / 1024} KB of JavaScript (${BUDGET_GZIP_BYTES / 1024} KB compressed)`, () => {
    const m = manifest();
    const over: string[] = [];
    for (const routeId of PUBLIC_ROUTES) {
      expect(m.routes[routeId], `${routeId} is a route of the build`).toBeDefined();
      const bytes = pageScripts(m, routeId).map((file) => readFileSync(path.join(CLIENT, file)));
      const raw = bytes.reduce((sum, b) => sum + b.byteLength, 0);
      const gzip = bytes.reduce((sum, b) => sum + gzipSync(b).byteLength, 0);
      if (raw > BUDGET_BYTES || gzip > BUDGET_GZIP_BYTES) over.push(`${routeId}: ${Math.round(raw / 1024)} KB (${Math.round(gzip / 1024)} KB gzip)`);
    }
    expect(over).toEqual([]);
  });
});
