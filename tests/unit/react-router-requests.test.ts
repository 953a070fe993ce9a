import { createRequestHandler, type ServerBuild } from "react-router";
import { describe, expect, it } from "vitest";
import config from "../../react-router.config";
import { pageUrl } from "~/http/page-url";

/**
 * `future.v8_passThroughRequests` (decision 017): every loader of a request gets the HTTP request itself, so the
 * signed-in user, remembered per Request, is looked up once per page and no loader pays for new Request objects.
 * Data requests then keep React Router's `.data` suffix and `_routes` parameter; pageUrl() takes them off exactly as the
 * framework does for the `url` argument.
 */
interface Seen {
  route: string;
  request: Request;
  url: URL;
}

function buildWith(seen: Seen[]): ServerBuild {
  const record =
    (route: string) =>
    ({ request, url }: { request: Request; url: URL }) => {
      seen.push({ route, request, url });
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
      "routes/_index": route("routes/_index", "root", undefined, true),
      "routes/courses": route("routes/courses", "root", "courses"),
      "routes/courses._index": route("routes/courses._index", "routes/courses", undefined, true),
    },
    assets: { entry: { module: "/entry.js", imports: [] }, routes: {}, url: "/manifest.js", version: "1" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: config.future,
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" },
    basename: undefined,
  } as unknown as ServerBuild;
}

describe("the requests React Router hands to loaders", () => {
  it("is configured to pass the HTTP request through, with React Router 8's data URLs", () => {
    expect(config.future?.v8_passThroughRequests).toBe(true);
    expect(config.future?.v8_trailingSlashAwareDataRequests).toBe(true);
  });

  it("gives every loader of a page the request itself", async () => {
    const seen: Seen[] = [];
    const handler = createRequestHandler(buildWith(seen), "production");
    const request = new Request("http://localhost/courses?page=2");
    const response = await handler(request);
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.route)).toEqual(["root", "routes/courses", "routes/courses._index"]);
    expect(new Set(seen.map((s) => s.request)).size).toBe(1);
    expect(seen[0]!.request.url).toBe("http://localhost/courses?page=2");
  });

  it.each([
    ["http://localhost/courses.data?_routes=routes%2Fcourses&page=2", "routes/courses", "http://localhost/courses?page=2"],
    ["http://localhost/courses.data?page=3&_routes=routes%2Fcourses._index", "routes/courses._index", "http://localhost/courses?page=3"],
    ["http://localhost/_.data?_routes=routes%2F_index", "routes/_index", "http://localhost/"],
    ["http://localhost/courses/_.data?_routes=routes%2Fcourses", "routes/courses", "http://localhost/courses/"],
  ])("takes the data request %s back to the page's URL, as the framework's url argument does", async (raw, routeId, page) => {
    const seen: Seen[] = [];
    const handler = createRequestHandler(buildWith(seen), "production");
    await handler(new Request(raw));
    const mine = seen.find((s) => s.route === routeId);
    expect(mine, `${routeId} was loaded`).toBeDefined();
    expect(mine!.request.url).toBe(raw);
    expect(pageUrl(mine!.request).href).toBe(page);
    expect(pageUrl(mine!.request).href).toBe(mine!.url.href);
  });

  it("leaves a page URL as it is", () => {
    for (const href of ["http://localhost/", "http://localhost/courses/intro/lesson-1?x=1", "http://localhost/open-data/ami/kpis.json"]) {
      expect(pageUrl(new Request(href)).href).toBe(href);
    }
  });
});
