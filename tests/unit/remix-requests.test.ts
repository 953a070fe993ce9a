import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";

/**
 * The server-runtime patch (decision 016): every loader of a request gets the request itself unless there is a
 * parameter to strip. The signed-in user is remembered per Request, so the layout's and the page's loaders then share
 * one session lookup instead of two, and no loader pays for two new Request objects.
 */
function buildWith(seen: { route: string; request: Request }[]): ServerBuild {
  const record = (route: string) => ({ request }: { request: Request }) => {
    seen.push({ route, request });
    return { route };
  };
  const route = (id: string, parentId: string | undefined, path: string | undefined, index = false) => ({
    id,
    parentId,
    path,
    index,
    caseSensitive: undefined,
    module: { loader: record(id), default: () => null },
  });
  return {
    mode: "production",
    entry: { module: { default: async () => new Response("<!doctype html>", { headers: { "Content-Type": "text/html" } }) } },
    routes: {
      root: route("root", undefined, ""),
      "routes/courses": route("routes/courses", "root", "courses"),
      "routes/courses._index": route("routes/courses._index", "routes/courses", undefined, true),
    },
    assets: { entry: { module: "/entry.js", imports: [] }, routes: {}, url: "/manifest.js", version: "1" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_routeConfig: false, v3_singleFetch: true, v3_lazyRouteDiscovery: true, unstable_optimizeDeps: false },
    isSpaMode: false,
    basename: undefined,
  } as unknown as ServerBuild;
}

describe("the requests Remix hands to loaders", () => {
  it("gives every loader of a page the request itself", async () => {
    const seen: { route: string; request: Request }[] = [];
    const handler = createRequestHandler(buildWith(seen), "production");
    const request = new Request("http://localhost/courses?page=2");
    const response = await handler(request);
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.route)).toEqual(["root", "routes/courses", "routes/courses._index"]);
    expect(new Set(seen.map((s) => s.request)).size).toBe(1);
    expect(seen[0]!.request.url).toBe("http://localhost/courses?page=2");
  });

  it("still takes Remix's own parameters off the URL a loader sees", async () => {
    const seen: { route: string; request: Request }[] = [];
    const handler = createRequestHandler(buildWith(seen), "production");
    await handler(new Request("http://localhost/courses.data?_routes=routes%2Fcourses&page=2"));
    expect(seen.map((s) => s.route)).toEqual(["routes/courses"]);
    expect(seen[0]!.request.url).toBe("http://localhost/courses?page=2");
  });
});
